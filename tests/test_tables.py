"""Table kinds from hand-built tables (and generated variants) — no reader involved."""

from __future__ import annotations

from decimal import Decimal

from extract_helpers import SEED_SCORE_ROWS, UP, make_report, make_table
from hypothesis import given, settings
from hypothesis import strategies as st

import reportparse
from reportparse.extract.tables import main_score, read_table, read_tables
from reportparse.models import AmountTable, ItemList, ScoreSummary, SelfEvalTable
from reportparse.patterns import load_patterns

D = Decimal
P = load_patterns()


def test_seed_score_summary() -> None:
    r = make_report("绩效评估得分总体情况表", make_table(SEED_SCORE_ROWS))
    s = main_score(read_tables(r, P))
    assert s is not None and s.kind == "score_summary" and s.table == 1
    assert [(x.name, x.max_score, x.score, x.rate) for x in s.rows] == [
        ("决策", D(15), D("12.30"), D("82.00")), ("过程", D(20), D("18.50"), D("92.50")),
        ("产出", D(30), D("25.60"), D("85.33")), ("效益", D(35), D("30.07"), D("85.91"))]
    assert str(s.rows[0].score) == "12.30"  # the precision shown is kept
    assert s.total == D("86.47") and s.total_rounded == D(86) and s.grade == "良"
    assert s.grade_ref is not None and (s.grade_ref.row, s.grade_ref.col) == (7, 1)
    assert s.total_row is not None and s.total_row.rate == D("86.47")
    ref = s.rows[2].cells["score"]  # the cell, by block and grid address
    assert (ref.block, ref.row) == (1, 3) and r.blocks[1].rows[3][ref.col] == "25.60"
    assert s.caption == "绩效评估得分总体情况表"


_POINTS = ["分值", "权重", "标准分", "满分"]
_SCORES = ["得分", "评价得分", "自评得分", "实际得分", "专家评分"]
_RATES = ["得分率", "得分比例"]
_GRADES = ["评价等级", "综合评估等级", "评价级别", "等次"]
_TOTALS = ["总分", "合计"]


@st.composite
def score_tables(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(2, 6))
    places = draw(st.integers(0, 2))
    q = D(1).scaleb(-places)
    weights = [D(draw(st.integers(5, 40))) for _ in range(n)]
    scores = [(w * D(draw(st.integers(0, 100))) / 100).quantize(q) for w in weights]
    names = draw(st.lists(st.sampled_from(["决策", "过程", "产出", "效益", "投入", "管理", "满意度"]),
                          min_size=n, max_size=n, unique=True))
    spaced = draw(st.booleans())
    header = [draw(st.sampled_from(["一级指标", "指标", "评价指标"])), draw(st.sampled_from(_POINTS)),
              draw(st.sampled_from(_SCORES)), draw(st.sampled_from(_RATES))]
    rows = [header]
    for name, w, s in zip(names, weights, scores):
        label = " ".join(name) if spaced else name
        rows.append([label, str(w), f"{s:.{places}f}", f"{(s / w * 100).quantize(q)}%"])
    total = sum(scores, D(0))
    rows.append([draw(st.sampled_from(_TOTALS)), str(sum(weights)), f"{total:.{places}f}", ""])
    grade = draw(st.sampled_from(["优", "良", "中", "差"]))
    rows.append([draw(st.sampled_from(_GRADES)), grade])
    return rows, names, weights, scores, total, grade


@settings(max_examples=40, deadline=None)
@given(score_tables())
def test_score_summary_variants(case) -> None:  # type: ignore[no-untyped-def]
    rows, names, weights, scores, total, grade = case
    s = read_table(make_table(rows), 0, P)
    assert isinstance(s, ScoreSummary)
    assert [r.name for r in s.rows] == names
    assert [r.max_score for r in s.rows] == weights
    assert [r.score for r in s.rows] == scores
    assert s.total == total and s.grade == grade


def test_three_level_tree_with_merged_cells_and_label_weights() -> None:
    rows = [
        ["一级指标", "二级指标", "三级指标", "评分标准", "分值", "得分", "扣分原因"],
        ["投 入 (15分)", "项目立项(5分)", "立项依据充分性", "…", "3", "3", ""],
        [UP, UP, "立项程序规范性", "…", "2", "1.5", "程序不全"],
        [UP, "资金落实(10分)", "资金到位率", "…", "10", "9", ""],
        ["产出指标(50分)", "数量(50分)", "改造小区数", "…", "50", "45.5", "未完成"],
        ["合计", "", "", "", "80", "69", ""],
    ]
    s = read_table(make_table(rows), 3, P)
    assert isinstance(s, ScoreSummary) and s.kind == "score_tree" and s.levels == 3
    assert [r.name for r in s.rows] == ["投入", "产出指标"]
    top = s.rows[0]
    assert top.max_score == D(15) and top.weight_in_label and top.score is None
    assert [c.name for c in top.children] == ["项目立项", "资金落实"]
    leaves = top.children[0].children
    assert [(x.name, x.max_score, x.score, x.level) for x in leaves] == [
        ("立项依据充分性", D(3), D(3), 3), ("立项程序规范性", D(2), D("1.5"), 3)]
    assert leaves[1].reason == "程序不全" and leaves[1].cells["score"].row == 2
    assert s.total == D(69)
    assert sum(1 for _ in s.walk()) == 9


def test_self_eval_table() -> None:
    rows = [
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [UP, "年度资金总额", "0", "0", "0", "10", "0", "0"],
        [UP, "其中：本年财政拨款", "90", "89.974", "89.974", "—", "100%", "—"],
        [UP, "上年结转资金", "0", "0", "0", "—", "—", "—"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标(50分)", "数量指标", "改造小区数", "≥50个", "48个", "20", "19.2", "疫情"],
        [UP, "成本指标", "改造成本", "≤90万元", "89.974万元", "10", "10", ""],
        ["效益指标(30分)", "社会效益", "居民生活改善", "达成预期指标", "达成", "30", "30", ""],
        ["总分", "", "", "", "", "100", "89.2", ""],
    ]
    t = read_table(make_table(rows), 5, P)
    assert isinstance(t, SelfEvalTable)
    names = [(b.name, b.part_of) for b in t.budget]
    assert names == [("年度资金总额", None), ("本年财政拨款", 0), ("上年结转资金", 0)]
    fin = t.budget[1]
    assert fin.budget is not None and fin.budget.number is not None
    assert fin.budget.number.value == D("899740") and fin.budget.number.written_unit == "万元"
    assert fin.budget.number.precision == 3
    assert t.budget[0].max_score is not None and t.budget[0].max_score.value == D(10)
    ind = t.indicators
    assert [i.name for i in ind] == ["改造小区数", "改造成本", "居民生活改善"]
    assert ind[0].target is not None and ind[0].target.number is not None
    assert ind[0].target.number.bound == "ge" and ind[0].target.number.value == D(50)
    assert ind[1].target.number.bound == "le" and ind[1].target.number.value == D(900000)  # type: ignore[union-attr]
    assert ind[2].target.number is None and ind[2].target.text == "达成预期指标"  # type: ignore[union-attr]
    assert ind[0].group_weight == D(50) and ind[0].path[0] == "产出指标"
    assert t.total is not None and t.total.value == D("89.2")


def test_item_list_with_group_rows() -> None:
    rows = [["序号", "小区名称", "主要改造内容"], ["一、地下管道改造"]]
    rows += [[str(i), f"小区{i}", "管网"] for i in range(1, 5)]
    rows += [["二、消火栓改造"]] + [[str(i), f"花园{i}", "消火栓"] for i in range(1, 4)]
    t = read_table(make_table(rows), 0, P)
    assert isinstance(t, ItemList)
    assert [(g.title, len(g.items)) for g in t.groups] == [("一、地下管道改造", 4), ("二、消火栓改造", 3)]
    assert t.n_items == 7 and t.groups[1].items[0].seq == "1" and t.groups[1].items[0].name == "花园1"


def test_amounts_with_units_precedence() -> None:
    rows = [["资金来源", "预算数（万元）", "执行数", "备注"],
            ["合计", "6600", "6500", ""],
            ["其中：中央配套资金", "6000", "5900", ""],
            ["旗级资金", "600", "600元", ""]]
    t = read_table(make_table(rows, unit="单位：元"), 2, P)
    assert isinstance(t, AmountTable)
    assert t.columns["预算数（万元）"] == "万元" and t.columns["执行数"] == "元"
    total, central, local = t.rows
    assert total.total and central.part_of == 0 and local.part_of == 0
    assert total.values["预算数（万元）"].value == D(66_000_000)  # header unit
    assert total.values["执行数"].value == D(6500)  # table unit line
    assert local.values["执行数"].number.written_unit == "元"  # type: ignore[union-attr]


def test_unit_line_before_table_applies() -> None:
    r = make_report("资金情况表", "单位：万元", make_table([["项目", "预算数", "执行数"], ["总额", "10", "9.5"]]))
    t = read_tables(r, P)[0]
    assert isinstance(t, AmountTable) and t.unit == "万元" and t.caption == "资金情况表"
    assert t.rows[0].values["执行数"].value == D(95000)


def test_unknown_table_stays_generic() -> None:
    assert read_table(make_table([["甲", "乙"], ["丙", "丁"]]), 0, P) is None


_words = st.sampled_from(["一级指标", "二级指标", "分值", "得分", "得分率", "总分", "合计", "总分（取整）",
                          "评价等级", "良", "序号", "名称", "年初预算数", "全年预算数", "全年执行数",
                          "年度指标值", "实际完成值", "其中：拨款", "单位：万元", "≥50个", "12.30",
                          "82.00%", "一、组", "", "(50分)", "x", "^", "<", "6,600.00", "十四个"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_words, min_size=1, max_size=6), min_size=1, max_size=8))
def test_read_table_never_raises(rows: list[list[str]]) -> None:
    rows = [[("x" if (c == "^" and r == 0) or (c == "<" and k == 0) else c)
             for k, c in enumerate(row)] for r, row in enumerate(rows)]
    try:
        table = make_table(rows)
    except (KeyError, IndexError):  # an impossible merge in the generated grid
        return
    read_table(table, 0, P)


def test_collapsed_three_level_rows_are_reseated() -> None:
    """A text export drops merged 一级/二级 cells: short rows sit on the right."""
    from reportparse.models import Cell, Table

    rows = [
        ["一级指标", "二级指标", "三级指标", "分值", "得分"],
        ["决策(15分)", "立项(5分)", "依据充分性", "3", "3"],
        ["程序规范性", "2", "1.5"],
        ["资金(10分)", "到位率", "10", "9"],
        ["合计", "15", "13.5"],
    ]
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            span = 5 - len(row) + 1 if c == len(row) - 1 else 1  # the reader's merged-tail guess
            cells.append(Cell(row=r, col=c, text=text, col_span=span))
    t = Table(n_rows=5, n_cols=5, cells=cells, spans_inferred=True)
    s = read_table(t, 7, P)
    assert isinstance(s, ScoreSummary) and s.kind == "score_tree"
    (top,) = s.rows
    assert (top.name, top.max_score) == ("决策", D(15))
    assert [(c.name, c.max_score) for c in top.children] == [("立项", D(5)), ("资金", D(10))]
    assert [(x.name, x.score) for x in top.children[0].children] == [
        ("依据充分性", D(3)), ("程序规范性", D("1.5"))]
    leaf = top.children[0].children[1]
    ref = leaf.cells["score"]
    assert (ref.block, ref.row, ref.col) == (7, 2, 2) and t.rows[2][2] == "1.5"
    assert s.total == D("13.5")


def test_indicators_that_look_like_total_or_grade_rows() -> None:
    rows = [["指标", "分值", "得分"], ["总计划完成率", "10", "9"], ["质量等级达标率", "10", "8"],
            ["合计（分）", "20", "17"], ["评价等级", "良"]]
    s = read_table(make_table(rows), 0, P)
    assert isinstance(s, ScoreSummary)
    assert [r.name for r in s.rows] == ["总计划完成率", "质量等级达标率"]
    assert s.total == D(17) and s.grade == "良"


def test_numbered_labels_in_one_column_nest() -> None:
    rows = [["评价指标", "分值", "得分"], ["一、决策", "15", "12"], ["1.立项", "5", "4"], ["2.目标", "10", "8"],
            ["二、过程", "20", "18"], ["1.资金管理", "20", "18"], ["合计", "35", "30"]]
    s = read_table(make_table(rows), 0, P)
    assert isinstance(s, ScoreSummary) and s.kind == "score_tree" and s.levels == 2
    assert [(r.name, r.score, [c.name for c in r.children]) for r in s.rows] == [
        ("决策", D(12), ["立项", "目标"]), ("过程", D(18), ["资金管理"])]
    assert s.total == D(30)


def test_a_self_eval_table_cut_between_budget_and_indicators_is_one_table():
    """A page break between the 自评表's budget block and its indicator block: the pieces have
    different columns, so no reader stitches them; extraction joins them (the budget row's 10
    points belong to the 总分)."""
    budget = ("<table><tr><td>项目资金（万元）</td><td>年初预算数</td><td>全年预算数</td>"
              "<td>全年执行数</td><td>分值</td><td>执行率</td><td>得分</td></tr>"
              "<tr><td>年度资金总额</td><td>100</td><td>100</td><td>95</td><td>10</td>"
              "<td>95.00%</td><td>9.50</td></tr></table>")
    indicators = ("<table><tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>年度指标值</td>"
                  "<td>实际完成值</td><td>分值</td><td>得分</td></tr>"
                  "<tr><td>产出指标</td><td>数量指标</td><td>完成人数</td><td>≥100人</td>"
                  "<td>100人</td><td>90</td><td>90</td></tr>"
                  "<tr><td>总分</td><td></td><td></td><td></td><td></td><td>100</td>"
                  "<td>99.50</td></tr></table>")
    text = f"# 一、自评结论\n\n自评得分99.50分。\n\n# 附件：项目支出绩效自评表\n\n{budget}\n\n{indicators}\n"
    r = reportparse.parse(text.encode("utf-8"), name="split.md")
    se = [t for t in r.typed_tables if t.kind == "self_eval"]
    assert len(se) == 1 and se[0].budget and se[0].indicators
    assert r.score is not None and str(r.score.total) == "99.50"
    assert reportparse.check(r) == []
