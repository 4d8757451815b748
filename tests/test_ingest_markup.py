"""Markdown/HTML reader: converter output (MinerU/docling/markitdown style) into the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportparse.errors import ReportParseError
from reportparse.ingest import read
from reportparse.ingest.markup import delatex
from reportparse.models import Paragraph, Report

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "markup"
EXPECTED = json.loads((SAMPLES / "report.expected.json").read_text("utf-8"))


def _read(name: str) -> Report:
    path = SAMPLES / name
    return read(path.read_bytes(), str(path))


def _md(text: str, name: str = "x.md") -> Report:
    return read(text.encode("utf-8"), name)


@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_sample_equals_source(name: str) -> None:
    r = _read(name)
    paras = [b for b in r.blocks if isinstance(b, Paragraph)]
    # the lone "# title" opening the file is the title paragraph, not a chapter
    captions = {t["caption"] for t in EXPECTED["tables"]}  # attached by the structure stage
    assert [p.text for p in paras if p.heading_level is None and p.text not in captions] == \
        EXPECTED["paragraphs"]
    heads = [[p.heading_level - 1, p.text] for p in paras if p.heading_level]
    assert heads == EXPECTED["outline"]
    assert len(r.tables) == len(EXPECTED["tables"])
    for t, e in zip(r.tables, EXPECTED["tables"]):
        assert t.rows == e["rows"]
        assert sorted((c.row, c.col, c.row_span, c.col_span) for c in t.cells) == \
            sorted((c["row"], c["col"], c["row_span"], c["col_span"]) for c in e["cells"])
    assert r.source.format == ("html" if name.endswith("html") else "markdown")


def test_latex_bits() -> None:
    assert delatex(r"得分率为$69.33\%$，") == "得分率为69.33%，"
    assert delatex(r"$\geq 50$个，$$ 1.2 \times 10^{4} $$") == "≥50个，1.2×10^4"
    assert delatex(r"$\mathrm{万元}$") == "万元"
    assert delatex("costs $100 and $200 each") == "costs $100 and $200 each"


def test_html_rowspan_does_not_shift_cells() -> None:
    # markitdown #20: the row after a rowspan cell must keep its columns
    r = _md("<table><tr><th>一级指标</th><th>二级指标</th><th>分值</th></tr>"
            "<tr><td rowspan='2'>产出</td><td>数量</td><td>10</td></tr>"
            "<tr><td>质量</td><td>5</td></tr>"
            "<tr><td colspan=\"2\">合计</td><td>15</td></tr></table>")
    t = r.tables[0]
    assert t.rows == [["一级指标", "二级指标", "分值"], ["产出", "数量", "10"],
                      ["", "质量", "5"], ["合计", "", "15"]]
    assert t.cell_at(2, 0).text == "产出" and t.cell_at(2, 0).row_span == 2
    assert t.cell_at(3, 1).col_span == 2
    assert t.filled_rows()[2] == ["产出", "质量", "5"]


def test_pipe_table_and_headings() -> None:
    r = _md("# 报告\n\n## 一、基本情况\n\n项目总投资6600万元，\n资金来源为中央配套资金。\n\n"
            "| 一级指标 | 分值 | 得分率 |\n|---|:-:|--:|\n| 决策 | 15 | $82.00\\%$ |\n"
            "| 合计 \\| 总分 | 100 | 86% |\n")
    paras = [b for b in r.blocks if isinstance(b, Paragraph)]
    assert [(p.heading_level, p.text) for p in paras] == [
        (None, "报告"), (2, "一、基本情况"), (None, "项目总投资6600万元，资金来源为中央配套资金。")]
    assert r.tables[0].rows == [["一级指标", "分值", "得分率"], ["决策", "15", "82.00%"],
                                ["合计|总分", "100", "86%"]]


def test_soft_breaks_join_cjk_without_space_and_latin_with() -> None:
    r = _md("伊金霍洛旗\n2022 年度老旧小区\n改造 project\nreport **完成**。\n")
    assert r.blocks[0].text == "伊金霍洛旗2022年度老旧小区改造project report完成。"


def test_html_br_entities_and_nested() -> None:
    r = read("<html><body><h2>（一）存在问题</h2><p>一是&nbsp;合同<br>管理不规范；</p>"
             "<div>二是<b>资金</b>变更</div><script>x=1</script></body></html>".encode(),
             "r.html")
    assert [(b.heading_level, b.text) for b in r.blocks] == [
        (2, "（一）存在问题"), (None, "一是合同管理不规范；"), (None, "二是资金变更")]


def test_setext_and_list_markers() -> None:
    r = _md("基本情况\n====\n\n- 第一项\n- 第二项\n续行\n\n正文\n（一）存在问题\n1.问题一\n")
    assert [(b.heading_level, b.text) for b in r.blocks] == [
        (1, "基本情况"), (None, "第一项"), (None, "第二项续行"), (None, "正文"),
        (None, "（一）存在问题"), (None, "1.问题一")]


def test_gb18030_html() -> None:
    data = "<html><head><meta charset='gb2312'></head><body><p>评价结论</p></body></html>"
    r = read(data.encode("gb18030"), "r.html")
    assert r.blocks[0].text == "评价结论"


def test_empty_markup_is_an_error() -> None:
    with pytest.raises(ReportParseError) as ei:
        read(b"<html><body><script>1</script></body></html>", "r.html")
    assert ei.value.reason == "empty"


def test_hostile_spans_are_bounded() -> None:
    rows = "".join("<tr><td colspan='1000' rowspan='1000'>x</td></tr>" for _ in range(3000))
    with pytest.raises(ReportParseError) as ei:
        read(f"<table>{rows}</table>".encode(), "big.html")
    assert ei.value.reason == "too_large"
    r = _md("<table><tr><td colspan='99999' rowspan='-3'>a</td><td rowspan='x'>b</td></tr></table>")
    t = r.tables[0]
    assert (t.n_rows, t.n_cols) == (1, 1001)
    assert [(c.row_span, c.col_span) for c in t.cells] == [(1, 1000), (1, 1)]


MINERU = """# XX市2023年度XX专项资金绩效评价报告

# 一、基本情况

![](images/3f2a.jpg)

项目总投资为6600万元，得分率为 $85.33\\%$ ，评价等级为“良”。

<html><body><table><tr><td>一级指标</td><td>分值</td><td>得分</td><td>得分率</td></tr><tr><td>决策</td>\
<td>15</td><td>12.30</td><td>$82.00\\%$</td></tr><tr><td>综合评估等级</td><td colspan="3">良</td>\
</tr></table></body></html>

# 二、存在问题

1.项目缺少五年规划与统筹实施方案，绩效指标设置不准确。
"""


def test_mineru_style_markdown_through_the_pipeline() -> None:
    import reportparse

    r = reportparse.parse(MINERU.encode(), name="mineru.md")
    assert r.title == "XX市2023年度XX专项资金绩效评价报告"
    assert [(s.level, s.number + s.title) for s in r.walk()] == [
        (1, "一、基本情况"), (1, "二、存在问题"),
        (2, "1.项目缺少五年规划与统筹实施方案，绩效指标设置不准确。")]
    assert r.tables[0].rows == [["一级指标", "分值", "得分", "得分率"],
                                ["决策", "15", "12.30", "82.00%"], ["综合评估等级", "良", "", ""]]
    assert "得分率为85.33%，" in r.text


def test_nested_html_table_stays_inside_its_cell() -> None:
    r = read("<table><tr><td>外层<table><tr><td>内1</td><td>内2</td></tr></table></td>"
             "<td>右</td></tr></table>".encode(), "n.html")
    [t] = r.tables
    assert t.rows == [["外层", "右"]]
    assert t.cells[0].tables[0].rows == [["内1", "内2"]]


def test_doubly_nested_table_is_counted_once() -> None:
    html = ("<table><tr><td><table><tr><td><table><tr><td>深</td></tr></table></td></tr>"
            "</table></td></tr></table>")
    [t] = read(html.encode(), "n.html").tables
    assert len(t.cells[0].tables) == 1
    assert len(t.cells[0].tables[0].cells[0].tables) == 1
