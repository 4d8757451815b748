"""``batch --html-dir``: one review page per report and an index listing every input."""

from __future__ import annotations

import re
import subprocess
import sys

import reportparse
from conftest import SAMPLES, SEED

BAD = SAMPLES.parent / "tests" / "bad" / "files"


def test_batch_writes_a_page_per_report_and_an_index(tmp_path):
    inputs = [str(SEED), str(SAMPLES / "docx" / "standard.auto.docx"), str(BAD / "zip_bomb.docx")]
    pages = tmp_path / "pages"
    summary = reportparse.batch(inputs, tmp_path / "out.sqlite", jobs=2, html_dir=pages,
                                progress=False)
    assert (summary.ok, summary.failed) == (2, 1)
    html_pages = sorted(p.name for p in pages.glob("*.html") if p.name != "index.html")
    assert len(html_pages) == 2 and all(re.match(r"[0-9a-f]{12}-", p) for p in html_pages)
    index = (pages / "index.html").read_text(encoding="utf-8")
    for page in html_pages:
        assert f'href="{page}"' in index
    assert "zip_bomb.docx" in index and "unsafe" in index  # the failed input, with its reason
    assert "86.47" in index and "良" in index  # the seed's total and grade
    seed_page = next(p for p in html_pages if "000_b9924377f959d391" in p)
    assert "三、存在问题和建议" in (pages / seed_page).read_text(encoding="utf-8")


def test_resume_keeps_the_links_of_pages_written_before(tmp_path):
    pages = tmp_path / "pages"
    args = [sys.executable, "-m", "reportparse.cli", "batch", str(SEED), "-o",
            str(tmp_path / "out.sqlite"), "--html-dir", str(pages), "-q", "--jobs", "1"]
    assert subprocess.run(args, capture_output=True).returncode == 0
    first = (pages / "index.html").read_text(encoding="utf-8")
    assert subprocess.run(args + ["--resume"], capture_output=True).returncode == 0
    again = (pages / "index.html").read_text(encoding="utf-8")
    page = next(p.name for p in pages.glob("*-000_b9924377f959d391.html"))
    assert f'href="{page}"' in first and f'href="{page}"' in again
