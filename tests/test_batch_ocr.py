"""Batch and OCR (issue 17): a scanned page costs seconds, so the batch counts OCR'd pages as
the workers finish them (the progress bar's ``OCR pages N``) and in the summary. One scanned
page only: benchmarks/ocr.py measures OCR itself."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from rich.console import Console

from ocr_helpers import ROOT, png, rasterise
from reportparse.batch import batch
from reportparse.batch.pipeline import FileResult
from reportparse.batch.summary import BatchSummary, Progress
from reportparse.ingest import ocr

needs_ocr = pytest.mark.skipif(not ocr.available(),
                               reason="the OCR extra is not installed: pip install '.[ocr]'")
SEED = ROOT / "samples" / "seed" / "000_b9924377f959d391.txt"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scanned first page of a sample (.png) beside a text export."""
    d = tmp_path_factory.mktemp("scans")
    page = rasterise(ROOT / "samples" / "pdf" / "docx" / "scores.auto.pdf", pages=[0])[0]
    (d / "scan.png").write_bytes(png(page))
    (d / "seed.txt").write_bytes(SEED.read_bytes())
    return d


@needs_ocr
def test_a_batch_counts_each_ocr_page_live_and_in_its_summary(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    live = Progress.ocr_page

    def counted(self: Progress) -> None:
        seen.append(1)
        live(self)

    monkeypatch.setattr(Progress, "ocr_page", counted)
    summary = batch([folder], tmp_path / "out.jsonl", jobs=1, progress=False)
    assert (summary.ok, summary.failed) == (2, 0)
    assert len(seen) == 1                    # from the worker, while the file was read
    assert summary.ocr_pages == 1            # and with the file's result (the text: none)
    assert summary.to_dict()["ocr_pages"] == 1


def test_the_progress_label_shows_ocr_pages_only_once_there_are_some() -> None:
    bar = Progress(3, enabled=False)
    s = BatchSummary()
    bar.update(s)
    assert bar.ocr_label(s) == ""
    bar.ocr_page()
    bar.ocr_page()
    assert bar.ocr_label(s) == " · OCR pages 2"          # live count from the workers
    s.add(FileResult(input="a.pdf", status="ok", ocr_pages=5))
    assert bar.ocr_label(s) == " · OCR pages 5"          # an engine reporting per file only


def test_the_summary_table_names_the_ocr_pages() -> None:
    s = BatchSummary(output="out.sqlite")
    s.add(FileResult(input="scan.pdf", status="ok", ocr_pages=3))
    s.add(FileResult(input="bad.pdf", status="error", reason="corrupt", ocr_pages=0))
    buf = io.StringIO()
    s.render(Console(file=buf, width=100))
    rows = Counter(line.split("│")[1].strip() for line in buf.getvalue().splitlines()
                   if line.count("│") >= 3)
    assert rows["pages read by OCR"] == 1
    assert "pages read by OCR" in buf.getvalue() and " 3 " in buf.getvalue()
