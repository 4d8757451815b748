"""Every generated text-export variant gives its expected outline and table grids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reportparse
from conftest import SAMPLES, outline

CASES = sorted((SAMPLES / "text").glob("*.expected.json"))


def test_there_are_variants_of_every_style():
    styles = {p.name.split(".")[1] for p in CASES}
    assert {"plain", "gbk_noisy", "utf16_toc", "arabic"} <= styles
    assert len(CASES) >= 15


@pytest.mark.parametrize("expected_path", CASES, ids=lambda p: p.name.split(".expected")[0])
def test_variant_outline_and_tables(expected_path: Path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    report = reportparse.parse(expected_path.with_name(
        expected_path.name.replace(".expected.json", ".txt")))
    assert outline(report.sections) == expected["sections"]
    assert [{"caption": t.caption, "rows": t.rows} for t in report.tables] == expected["tables"]
    assert report.title == expected["title"]
    if expected["toc"]:
        assert report.toc, "TOC lines must be kept apart"
        headings = {s.heading.replace(" ", "") for s in report.walk()}
        # every TOC line names a real heading, and none of them became a section itself
        assert {e.text.replace(" ", "") for e in report.toc} <= headings
        assert all(e.page and e.page.isdigit() for e in report.toc)
    dumped = json.dumps(report.model_dump(mode="json"), ensure_ascii=False)
    assert "[bookmark" not in dumped and "窗体" not in dumped and "\u200b" not in dumped
