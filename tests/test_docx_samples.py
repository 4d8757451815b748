"""The generated .docx samples (samples/gen_docx.py) read back as their expected JSON, and give
the same section tree and table grids as the same report exported to text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES, SEED, outline

import reportparse
from reportparse.ingest import read
from reportparse.models import Paragraph

DOCX = SAMPLES / "docx"
CASES = sorted(DOCX.glob("*.expected.json"))
SEED_CASES = [p for p in CASES if p.name.startswith(("seed.", "scores."))]
VARIANT_CASES = [p for p in CASES if p not in SEED_CASES]


def _id(p: Path) -> str:
    return p.name.split(".expected")[0]


def _load(expected_path: Path) -> tuple[dict, Path]:
    return (json.loads(expected_path.read_text(encoding="utf-8")),
            expected_path.with_name(expected_path.name.replace(".expected.json", ".docx")))


def test_every_style_of_every_variant_is_generated():
    styles = {p.name.split(".")[1] for p in CASES}
    assert styles == {"auto", "manual", "outline"}
    assert len(VARIANT_CASES) >= 15


# ------------------------------------------------------------------ reader level (no structure)
@pytest.mark.parametrize("expected_path", SEED_CASES, ids=_id)
def test_reader_blocks_match_expected_headings_and_grids(expected_path: Path):
    expected, path = _load(expected_path)
    report = read(path.read_bytes(), str(path))
    texts = [b.text for b in report.blocks if isinstance(b, Paragraph)]
    for s in expected["sections"]:
        assert s["number"] + s["title"] in texts
    styled = {b.text: b for b in report.blocks
              if isinstance(b, Paragraph) and b.heading_level is not None}
    if expected["style"] == "manual":
        assert not styled
    else:  # numbers come from numbering.xml: rendered into text and auto_number
        for s in expected["sections"]:
            para = styled[s["number"] + s["title"]]
            assert (para.auto_number, para.heading_level) == (s["number"], s["level"])
    assert [t.rows for t in report.tables] == [t["rows"] for t in expected["tables"]]
    assert [[[c.row, c.col, c.row_span, c.col_span, c.text] for c in t.cells]
            for t in report.tables] == [t["cells"] for t in expected["tables"]]


def test_auto_sample_keeps_toc_revisions_text_box_and_furniture_out_of_the_body():
    path = DOCX / "seed.auto.docx"
    report = read(path.read_bytes(), str(path))
    body = "\n".join(b.text for b in report.blocks if isinstance(b, Paragraph))
    assert "（此句为初稿，已删除）" not in body  # the tracked deletion
    assert any(w.code == "unaccepted_revisions" for w in report.warnings)
    assert body.count("绩效评估得分总体情况表") == 1  # text box: one branch only
    assert [e.text for e in report.toc][:2] == ["一、基本情况", "（一）项目背景"]
    assert all(e.page for e in report.toc)
    assert report.meta.headers == ["伊金霍洛旗老旧小区配套基础设施改造项目绩效评估报告"]
    assert report.meta.footers == ["第 1 页"]
    assert "目  录" not in body and "伊金霍洛旗老旧小区配套基础设施改造项目绩效评估报告" not in body


def test_scores_sample_keeps_merged_first_level_cells_once_and_the_footnote_apart():
    path = DOCX / "scores.auto.docx"
    report = reportparse.parse(path)
    money, score = report.tables
    assert (money.caption, money.unit) == ("表1 项目资金来源情况表", "万元")
    decision = score.cell_at(2, 0)
    assert (decision.text, decision.row_span) == ("决策", 2)
    assert score.filled_rows()[2][0] == "决策"  # the filled-down view, for display only
    total = score.cell_at(9, 1)
    assert (total.text, total.col_span) == ("合计", 2)
    (note,) = report.meta.notes
    assert note.text == "评分依据见附件评分表。"
    assert report.blocks[note.provenance.block].text.startswith("项目绩效评价得分")


# ------------------------------------------------------------------ cross-format equivalence
@pytest.mark.parametrize("expected_path", VARIANT_CASES, ids=_id)
def test_docx_variant_gives_the_text_variant_outline_and_tables(expected_path: Path):
    expected, path = _load(expected_path)
    report = reportparse.parse(path)
    assert outline(report.sections) == expected["sections"]
    assert [{"caption": t.caption, "rows": t.rows} for t in report.tables] == expected["tables"]
    assert report.title == expected["title"]
    if expected["toc"]:
        headings = {s.heading.replace(" ", "") for s in report.walk()}
        assert report.toc and {e.text.replace(" ", "") for e in report.toc} <= headings


@pytest.mark.parametrize("variant", sorted({_id(p).split(".")[0] for p in VARIANT_CASES}))
def test_docx_and_txt_renderings_of_a_variant_agree(variant: str):
    text = reportparse.parse(SAMPLES / "text" / f"{variant}.plain.txt")
    for style in ("auto", "manual", "outline"):
        doc = reportparse.parse(DOCX / f"{variant}.{style}.docx")
        assert outline(doc.sections) == outline(text.sections), style
        assert [t.rows for t in doc.tables] == [t.rows for t in text.tables], style


@pytest.mark.parametrize("style", ["auto", "manual", "outline"])
def test_seed_docx_gives_the_same_tree_and_grids_as_the_seed_text(style: str, seed_report):
    doc = reportparse.parse(DOCX / f"seed.{style}.docx")
    assert outline(doc.sections) == outline(seed_report.sections)
    assert [t.rows for t in doc.tables] == [t.rows for t in seed_report.tables]
    assert [t.caption for t in doc.tables] == [t.caption for t in seed_report.tables]


def test_regenerating_the_samples_gives_identical_files(tmp_path: Path):
    import subprocess
    import sys

    subprocess.run([sys.executable, str(SAMPLES / "gen_docx.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for f in DOCX.glob("*"):
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name
    assert SEED.exists()
