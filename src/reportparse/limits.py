"""Resource limits applied to every input (configurable; defaults documented in docs/limits.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * 1024 * 1024  # 200 MiB on disk
    max_text_chars: int = 4_000_000  # decoded text (~40× the longest real report)
    max_block_chars: int = 1_000_000  # one paragraph or cell
    max_zip_members: int = 10_000
    max_zip_uncompressed: int = 500 * 1024 * 1024
    max_zip_ratio: int = 200  # uncompressed / compressed per member
    max_xml_depth: int = 256
    max_pdf_pages: int = 2_000
    max_xml_bytes: int = 64 * 1024 * 1024  # one XML part of a .docx (parsed in memory)
    max_cells: int = 100_000  # table cells in one document (~20× the largest real report)
    max_blocks: int = 100_000  # paragraphs and tables in one document (~30× the longest)
    max_archive_items: int = 100_000  # inputs one batch argument expands to (nested zips too)
    max_worker_memory_mb: int = 2048  # address space of a batch worker (RLIMIT_AS); 0 = none


DEFAULT_LIMITS = Limits()
