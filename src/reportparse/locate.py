"""From a :class:`~reportparse.models.Ref` to where a reader finds it: one resolver.

A ``Ref`` says *which* content (a block, a cell of a table block, a span of ``Report.text``);
page, bbox, source line and section path are what the readers recorded on blocks and cells
(``provenance``) and what the structure stage made of them (the outline). They are derived
here, over the document, and never stored twice: the checker writes them into a finding's
:class:`~reportparse.models.Location` for reviewers; the HTML page, the Markdown export and
the annotators use :meth:`Resolver.block_span` and the ``Ref`` itself.

Reads the model only, so every stage from ``extract`` on and every exporter may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Cell, Provenance, Ref, Report, Section, Table


@dataclass(frozen=True)
class Where:
    """Where a ``Ref`` stands for a reader: 1-based ``page`` and ``bbox`` (x0, top, x1,
    bottom in PDF points) of a paginated source, the 1-based source ``line`` of a text
    export, the ``section`` path (``一、基本情况 > （二）主要内容``) and, for a value read by
    OCR, the recogniser's ``ocr_confidence`` (0–1; ``None`` for a text layer)."""

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    line: int | None = None
    section: str | None = None
    ocr_confidence: float | None = None


class Resolver:
    """Resolves refs over one report (the section paths are indexed once)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self._paths: dict[int, str] | None = None

    def section_path(self, block: int | None) -> str | None:
        """The headings from the outermost section down to the one holding ``block``."""
        if block is None:
            return None
        if self._paths is None:
            self._paths = paths = {}

            def visit(nodes: list[Section], prefix: list[str]) -> None:
                for s in nodes:
                    path = prefix + [s.heading]
                    joined = " > ".join(path)
                    if s.heading_block is not None:
                        paths[s.heading_block] = joined
                    for b in s.blocks:
                        paths[b] = joined
                    visit(s.children, path)

            visit(self.report.sections, [])
        return self._paths.get(block)

    def cell(self, ref: Ref) -> Cell | None:
        """The real cell a ref names (following merged cells), when it names one."""
        blocks = self.report.blocks
        if ref.row is None or ref.col is None or not 0 <= ref.block < len(blocks):
            return None
        table = blocks[ref.block]
        return table.cell_at(ref.row, ref.col) if isinstance(table, Table) else None

    def where(self, ref: Ref) -> Where:
        """Page, bbox, line and section of ``ref``: the cell's own record, else its block's."""
        blocks = self.report.blocks
        if not 0 <= ref.block < len(blocks):
            return Where()
        block: Provenance = blocks[ref.block].provenance
        cell = self.cell(ref)
        own = cell.provenance if cell is not None else block
        return Where(page=own.page if own.page is not None else block.page,
                     bbox=own.bbox if own.bbox is not None else block.bbox,
                     line=own.line if own.line is not None else block.line,
                     section=self.section_path(ref.block),
                     ocr_confidence=own.ocr_confidence if own.ocr_confidence is not None
                     else block.ocr_confidence)

    def block_span(self, ref: Ref) -> tuple[int, int] | None:
        """``ref.span`` as offsets in its paragraph's own text (the HTML page and the
        annotators mark block text); ``None`` when the ref has no span, is a cell, or the
        paragraph's text is not where the span says."""
        blocks = self.report.blocks
        if ref.span is None or ref.row is not None or not 0 <= ref.block < len(blocks):
            return None
        blk = blocks[ref.block]
        at = blk.provenance.span
        if isinstance(blk, Table) or at is None:
            return None
        s, e = ref.span
        if not (at[0] <= s <= e <= at[1]) or self.report.text[at[0]:at[1]] != blk.text:
            return None
        return s - at[0], e - at[0]


def resolve(report: Report, ref: Ref) -> Where:
    """Where ``ref`` stands in ``report`` (see :class:`Where`)."""
    return Resolver(report).where(ref)
