"""Amounts tables in a PDF→Markdown converter's shape (issue 13): a two-row header, the totals
row without its label and ``合计`` alone in a full-width row next to it, stray ``1`` cells in
empty rows. Hand-written Markdown with HTML tables, read by the real reader; the real
document (hn-likou) when ../shared/real is present."""

from __future__ import annotations

from pathlib import Path

import pytest

import reportparse
from reportparse.models import AmountTable, Finding

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
HN = REAL / "hn-likou-budget-review-2024.mineru.md"
W = 6  # columns: 序号 | 名称 | 金额(元) | 其中: 暂估价 | 安全文明施工费 | 规费

HEAD = ('<tr><td colspan="6">工程名称：某镇道路工程 第1页共1页</td></tr>'
        '<tr><td rowspan="2">序号</td><td rowspan="2">单项工程名称</td><td rowspan="2">金额(元)</td>'
        '<td colspan="3">其中:(元)</td></tr>'
        '<tr><td>暂估价</td><td>安全文明施工费</td><td>规费</td></tr>')
ITEMS = [("1", "东村", "1000.25", "", "30.10", "40.20"),
         ("2", "西村", "2000.50", "", "60.20", "80.40"),
         ("3", "南村", "300.00", "", "9.00", "12.00")]
TOTAL = ("", "", "3300.75", "", "99.30", "132.60")  # the columns add up
EMPTY = ("",) * W
LABEL = '<tr><td colspan="6">合计</td></tr>'


def _tr(cells: tuple[str, ...]) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _stray(col: int) -> tuple[str, ...]:
    return tuple("1" if i == col else "" for i in range(W))


def _doc(rows: list[str], sentence: str = "") -> bytes:
    body = "".join(rows)
    return (f"# 某镇道路工程预算审核报告\n\n## 一、审查结果\n\n{sentence or '审查结果见下表。'}\n\n"
            f"# 建设项目预算审定价汇总表\n\n<table>{HEAD}{body}</table>\n").encode()


def _converter_rows(items: list[tuple[str, ...]] = ITEMS, total: tuple[str, ...] = TOTAL,
                    label_above: bool = False) -> list[str]:
    """Items, empty rows with two stray 1s, the label-less totals row and 合计 next to it."""
    rows = [_tr(i) for i in items] + [_tr(EMPTY), _tr(EMPTY), _tr(_stray(4)), _tr(EMPTY),
                                      _tr(_stray(3)), _tr(EMPTY)]
    return rows + ([LABEL, _tr(total)] if label_above else [_tr(total), LABEL])


def _read(data: bytes) -> tuple[AmountTable, list[Finding]]:
    report = reportparse.parse(data, format="markdown", name="t.md")
    tables = [t for t in report.typed_tables if isinstance(t, AmountTable)]
    assert len(tables) == 1
    return tables[0], reportparse.check(report)


def _sums(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == "money.parts"]


@pytest.mark.parametrize("label_above", [False, True])
def test_unlabelled_total_row_next_to_a_full_width_label(label_above: bool) -> None:
    t, findings = _read(_doc(_converter_rows(label_above=label_above)))
    assert [r.name for r in t.rows] == ["东村", "西村", "南村", "合计"]
    total = t.rows[-1]
    assert total.total and str(total.values["金额(元)"].number.value) == "3300.75"  # type: ignore[union-attr]
    assert list(t.columns) == ["金额(元)", "暂估价", "安全文明施工费", "规费"]
    assert set(t.columns.values()) == {"元"}  # the unit of 其中:(元) reaches its sub-columns
    codes = sorted(n.code for n in t.notes)
    assert codes == ["table.stray_value", "table.stray_value", "table.unlabelled_total"]
    assert not _sums(findings)  # clean: the stray 1s are no addends


def test_a_column_that_does_not_add_up_is_an_error_at_its_cells() -> None:
    items = ITEMS[:2] + [("3", "南村", "500.00", "", "9.00", "12.00")]
    t, findings = _read(_doc(_converter_rows(items=items)))
    (f,) = _sums(findings)
    assert f.severity == "error" and f.category == "money_sum"
    assert (f.expected, f.actual, f.difference) == ("3500.75元", "3300.75元", "-200.00元")
    assert [(loc.row, loc.col, loc.text) for loc in f.locations] == [
        (12, 2, "3300.75"), (3, 2, "1000.25"), (4, 2, "2000.50"), (5, 2, "500.00")]


def test_a_stray_value_in_a_failing_column_is_shown_not_added() -> None:
    total = ("", "", "3300.75", "", "99.36", "132.60")  # 安全文明施工费 0.06 off
    _, findings = _read(_doc(_converter_rows(total=total)))
    (f,) = _sums(findings)
    assert f.expected == "99.3元" and f.actual == "99.36元"  # 99.30, never 100.30
    assert [loc.label for loc in f.locations][-1] == "版面残留，未计入"
    assert f.locations[-1].text == "1" and f.locations[-1].col == 4


def test_a_small_value_on_a_labelled_row_is_an_item() -> None:
    items = ITEMS + [("4", "北村", "1", "", "", "")]
    total = ("", "", "3301.75", "", "99.30", "132.60")
    t, findings = _read(_doc(_converter_rows(items=items, total=total)))
    assert [r.name for r in t.rows] == ["东村", "西村", "南村", "北村", "合计"]
    assert not _sums(findings)


def test_a_small_value_next_to_a_row_is_kept() -> None:
    rows = [_tr(i) for i in ITEMS] + [_tr(_stray(2)), _tr(TOTAL), LABEL]
    t, _ = _read(_doc(rows))
    assert "table.stray_value" not in [n.code for n in t.notes]
    assert len(t.rows) == 5  # the label-less 1 is a row (an unexplained one, added as before)


def test_a_label_between_two_value_rows_binds_to_neither() -> None:
    rows = [_tr(i) for i in ITEMS] + [_tr(TOTAL), LABEL, _tr(TOTAL)]
    t, findings = _read(_doc(rows))
    assert not any(r.total for r in t.rows)
    assert "table.unlabelled_total" not in [n.code for n in t.notes]
    assert not _sums(findings)


def test_a_label_less_row_smaller_than_an_item_is_no_total() -> None:
    """合计 alone beside a row that cannot be the items' total (an item wrapped from above)."""
    rows = [_tr(i) for i in ITEMS] + [_tr(("", "", "250.00", "", "8.00", "9.00")), LABEL]
    t, findings = _read(_doc(rows))
    assert not any(r.total for r in t.rows) and not _sums(findings)


@pytest.mark.parametrize("total", [
    _tr(("合计", "", "3300.75", "", "99.30", "132.60")),
    _tr(("", "合计", "3300.75", "", "99.30", "132.60")),
    '<tr><td colspan="2">合计</td><td>3300.75</td><td></td><td>99.30</td><td>132.60</td></tr>'])
def test_a_labelled_total_row_is_read_as_before(total: str) -> None:
    rows = [_tr(i) for i in ITEMS] + [total]
    t, findings = _read(_doc(rows))
    assert t.rows[-1].total and t.rows[-1].name == "合计" and not t.notes
    assert not _sums(findings)


@pytest.mark.skipif(not HN.is_file(), reason="../shared/real not present")
def test_real_hn_likou_column_error() -> None:
    """The one real error of the real documents: the 单项工程汇总表's 金额 column."""
    report = reportparse.parse(HN)
    findings = reportparse.check(report)
    sums = {f.message.split("元")[0]: f for f in _sums(findings)}
    f = next(f for f in _sums(findings) if f.locations[0].label == "合计 金额(元)")
    assert f.severity == "error" and f.category == "money_sum"
    assert (f.expected, f.actual, f.difference) == ("1927221.95元", "1927021.95元", "-200.00元")
    assert [loc.text for loc in f.locations] == [
        "1927021.95", "769842.35", "514868.48", "64940.76", "577570.36"]
    # the other two columns are printed inconsistencies too; the stray 1 is never an addend
    by_col = {f.locations[0].label: (f.expected, f.actual) for f in _sums(findings)}
    assert by_col == {"合计 金额(元)": ("1927221.95元", "1927021.95元"),
                      "合计 安全文明施工费": ("45403.9元", "45403.96元"),
                      "合计 规费": ("47232.19元", "47230.75元")}
    assert len(sums) == 3


# --------------------------------------------------------------------------- text.item_amount
def _items(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == "text.item_amount"]


@pytest.mark.parametrize("sentence", [
    "3、南村，送审金额320.00元，审定金额310.00元，审减金额10.00元。",
    "（3）南村：审定金额为310元。",
    "南村审定造价310.00元",
])
def test_a_named_row_amount_that_differs_is_a_warning(sentence: str) -> None:
    _, findings = _read(_doc(_converter_rows(), sentence))
    (f,) = _items(findings)
    assert f.severity == "warning" and f.category == "text_table"
    assert f.expected == "300.00元" and f.actual.startswith("310")  # type: ignore[union-attr]
    text, cell = f.locations
    assert "南村" in text.text and text.span is not None
    assert (cell.row, cell.col, cell.text) == (5, 2, "300.00")


@pytest.mark.parametrize("sentence", [
    "3、南村，送审金额320.00元，审定金额300.00元，审减金额20.00元。",  # agrees
    "南村审定金额0.03万元。",  # agrees at the precision written
    "东村、南村审定金额分别为1000.25元和310.00元。",  # two rows named
    "南村审定金额310.00元，复核后审定金额300.00元。",  # the role twice
    "南村路审定金额310.00元。",  # the label inside a longer name
    "南村送审金额320.00元。",  # no 送审 column, and the caption says 审定
    "南村审减率3.1%，审定金额占比10%。",  # no amount of the role
    "南村审定单价31.00元/m2。",  # not the row's amount
])
def test_named_row_amounts_without_a_sure_binding_or_agreeing(sentence: str) -> None:
    _, findings = _read(_doc(_converter_rows(), sentence))
    assert not _items(findings)


def test_a_generic_column_binds_only_through_its_caption() -> None:
    data = _doc(_converter_rows(), "南村审定金额310.00元。").replace(
        "建设项目预算审定价汇总表".encode(), "单项工程费用汇总表".encode())
    _, findings = _read(data)
    assert not _items(findings)


def test_a_header_with_the_role_word_binds_the_column() -> None:
    table = ("<table><tr><td>序号</td><td>项目名称</td><td>送审金额(元)</td><td>审定金额(元)</td></tr>"
             "<tr><td>1</td><td>东村</td><td>1100.00</td><td>1000.25</td></tr>"
             "<tr><td>2</td><td>西村</td><td>2100.00</td><td>2000.50</td></tr>"
             "<tr><td>合计</td><td></td><td>3200.00</td><td>3000.75</td></tr></table>")
    doc = ("# 审核报告\n\n西村，送审金额2100.00元，审定金额2000.05元。\n\n"
           f"# 费用汇总表\n\n{table}\n").encode()
    report = reportparse.parse(doc, format="markdown", name="t.md")
    (f,) = _items(reportparse.check(report))
    assert (f.expected, f.actual) == ("2000.5元", "2000.05元")  # shown as money.parts shows


def test_a_label_in_two_tables_binds_to_neither() -> None:
    doc = _doc(_converter_rows(), "南村审定金额310.00元。").decode()
    doc += f"\n# 建设项目预算审定价汇总表（复核）\n\n<table>{HEAD}{''.join(_converter_rows())}</table>\n"
    report = reportparse.parse(doc.encode(), format="markdown", name="t.md")
    assert not _items(reportparse.check(report))


@pytest.mark.skipif(not HN.is_file(), reason="../shared/real not present")
def test_real_hn_likou_text_against_the_table() -> None:
    report = reportparse.parse(HN)
    (f,) = _items(reportparse.check(report))
    assert f.severity == "warning" and f.category == "text_table"
    assert (f.expected, f.actual, f.difference) == ("577570.36元", "577370.36元", "-200.00元")
    assert "1.4小吴庄村" in f.locations[0].text and f.locations[1].text == "577570.36"
    assert report.text[slice(*f.locations[0].span)] == "577370.36元"  # type: ignore[misc]
