"""Issue 13/15: the report's score chosen by evidence, and score tables checked against each
other (``table_table``). Reports are written here as text exports (one tab line per cell)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import reportparse


def tika(rows: list[list[str]]) -> str:
    return "\n\n".join("\n".join("\t" + c for c in row) for row in rows) + "\n\n\n"


SUMMARY = [["一级指标", "分值", "得分", "得分率"],
           ["决策", "15", "12.00", "80.00%"], ["过程", "25", "11.47", "45.88%"],
           ["产出", "30", "21.53", "71.77%"], ["效益", "30", "20.00", "66.67%"],
           ["合计", "100", "65.00", "65.00%"]]


def detail(process_score: str = "11.47") -> list[list[str]]:
    """The appendix: 三级指标 with a 小计 row per dimension and a 合计."""
    a, b = D(process_score) - D("5.47"), D("5.47")
    return [["一级指标", "二级指标", "三级指标", "分值", "得分"],
            ["决策", "项目立项", "立项依据", "8", "7.00"], ["", "绩效目标", "目标明确", "7", "5.00"],
            ["过程", "资金管理", "资金到位", "15", str(a)], ["", "组织实施", "制度执行", "10", str(b)],
            ["产出", "产出数量", "完成率", "30", "21.53"],
            ["效益", "社会效益", "群众受益", "30", "20.00"],
            ["合计", "", "", "100", str(D("58.53") + D(process_score))]]


SUB = [["二级指标", "三级指标", "分值", "得分"], ["资金管理", "资金到位", "15", "6.00"],
       ["组织实施", "制度执行", "10", "5.47"], ["合计", "", "25", "11.47"]]


def report(*parts: str) -> reportparse.Report:
    return reportparse.parse("".join(parts).encode(), name="r.txt")


def test_summary_wins_over_appendix_and_per_dimension_sub_table() -> None:
    r = report("目  录\n附件1：绩效评价指标体系评分表\t25\n",
               "一、综合评价情况及评价结论\n经综合评价，该项目总得分65.00分，评价等级为“中”。\n",
               "表3 过程指标得分情况表\n", tika(SUB),
               "表1 绩效评价得分汇总表\n", tika(SUMMARY),
               "附件1：绩效评价指标体系评分表\n", tika(detail()))
    assert r.score is not None and r.score.total == D("65.00")
    assert [row.name for row in r.score.rows] == ["决策", "过程", "产出", "效益"]
    assert r.score.caption == "表1 绩效评价得分汇总表"
    assert not [w for w in r.warnings if w.code == "score_ambiguous"]
    sub = next(t for t in r.typed_tables if getattr(t, "caption", "") == "表3 过程指标得分情况表")
    assert sub.dimension == "过程"  # type: ignore[union-attr]
    found = reportparse.check(r)
    assert [f.message for f in found if f.category == "table_table"] == []


def test_without_a_stated_total_full_marks_decide() -> None:
    r = report("表3 过程指标得分情况表\n", tika(SUB), "表1 得分汇总表\n", tika(SUMMARY))
    assert r.score is not None and r.score.total == D("65.00")


def test_detail_subtotal_differing_from_summary_is_a_table_table_error() -> None:
    r = report("该项目总得分65.00分。\n", "表1 得分汇总表\n", tika(SUMMARY),
               "附件1：评分表\n", tika(detail("12.47")))
    assert r.score is not None and r.score.caption == "表1 得分汇总表"
    found = [f for f in reportparse.check(r) if f.category == "table_table"]
    assert [(f.severity, f.expected, f.actual) for f in found] == [("error", "11.47", "12.47")]
    assert [loc.label for loc in found[0].locations] == ["过程 得分（汇总表）", "过程 得分"]


def test_sub_table_bound_by_caption_only_warns() -> None:
    sub = [row[:] for row in SUB]
    sub[-1][-1] = "12.47"
    r = report("该项目总得分65.00分。\n", "表1 得分汇总表\n", tika(SUMMARY),
               "表3 过程指标得分情况表\n", tika(sub))
    found = [f for f in reportparse.check(r) if f.category == "table_table"]
    assert [(f.severity, f.expected, f.actual) for f in found] == [("warning", "11.47", "12.47")]


def test_disagreeing_candidates_warn_instead_of_guessing() -> None:
    other = [row[:] for row in SUMMARY]
    other[1][2], other[-1][2] = "13.00", "66.00"
    r = report("表1 得分汇总表\n", tika(SUMMARY), "表2 得分汇总表\n", tika(other))
    assert r.score is None
    assert [w.code for w in r.warnings if w.code == "score_ambiguous"] == ["score_ambiguous"]
    found = [f for f in reportparse.check(r) if f.category == "table_table"]
    assert [(f.rule, f.severity) for f in found] == [("table.ambiguous", "warning")]
    assert [loc.text for loc in found[0].locations] == ["65.00", "66.00"]


@pytest.mark.parametrize("caption", ["项目绩效目标表", "绩效目标申报表"])
def test_target_tables_never_give_the_score(caption: str) -> None:
    target = [["一级指标", "二级指标", "三级指标", "年度指标值", "分值", "得分"],
              ["产出指标", "数量指标", "改造小区数", "≥50个", "50", "50"],
              ["效益指标", "社会效益", "居民受益", "显著", "50", "50"]]
    r = report(f"{caption}\n", tika(target), "经自评，该项目自评得分90分，等级为“优”。\n")
    assert r.score is not None and r.score.origin == "narrative"
    assert r.score.total == D(90) and r.score.grade == "优"


def test_narrative_only_score_has_provenance() -> None:
    r = report("一、自评结论\n", "经自评，该项目自评得分90分，等级为“优”。\n")
    s = r.score
    assert s is not None and s.origin == "narrative" and s.total == D(90) and s.grade == "优"
    assert s.provenance.block is not None and s.provenance.span is not None
    assert "90分" in r.text[s.provenance.span[0]:s.provenance.span[1]]
    assert [f for f in reportparse.check(r) if f.severity != "info"] == []


def test_per_dimension_totals_inside_a_detailed_table_are_subtotals() -> None:
    rows = [["一级指标", "二级指标", "分值", "得分"],
            ["决策", "项目立项", "10", "8.00"], ["", "绩效目标", "10", "9.00"],
            ["合计", "", "20", "17.00"],
            ["产出", "产出数量", "80", "70.00"], ["合计", "", "80", "70.00"],
            ["总计", "", "100", "87.00"]]
    r = report("该项目总得分87.00分。\n表1 评分表\n", tika(rows))
    s = r.score
    assert s is not None and s.total == D("87.00") and s.total_row is not None
    assert [(n.name, n.max_score, n.score) for n in s.rows] == [
        ("决策", D(20), D("17.00")), ("产出", D(80), D("70.00"))]
    assert [f.message for f in reportparse.check(r) if f.severity != "info"] == []


def test_weights_only_in_labels_at_every_level_make_a_score_table() -> None:
    rows = [["一级指标", "二级指标", "三级指标", "得分"],
            ["部门决策(25分)", "目标任务(15分)", "相关性(5分)", "5"], ["", "", "明确性(5分)", "4"],
            ["", "", "合理性(5分)", "5"], ["", "预算编制(10分)", "测算依据(5分)", "3"],
            ["", "", "目标管理(5分)", "4"],
            ["部门绩效(75分)", "履职成效(75分)", "重点工作完成(75分)", "70"], ["总分", "", "", "91"]]
    r = report("部门整体支出绩效评价得分表\n", tika(rows))
    s = r.score
    assert s is not None and s.total == D(91)
    assert [(n.name, n.level, n.max_score) for n in s.walk()][:3] == [
        ("部门决策", 1, D(25)), ("目标任务", 2, D(15)), ("相关性", 3, D(5))]
    assert [n.score for n in s.walk() if not n.children] == [D(5), D(4), D(5), D(3), D(4), D(70)]
    assert [f.message for f in reportparse.check(r) if f.severity != "info"] == []


def test_selfeval_with_a_second_indicator_header_row() -> None:
    """The 云南/四川 layout: 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 …, then a row
    一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 under it."""
    rows = [["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "7.29", "7.29", "7.29", "10.00", "100%", "10.00"],
            ["绩效指标", "", "", "年度指标值", "", "", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "", "", "", ""],
            ["产出指标", "数量指标", "补助经费", "=", "72890", "元", "72890", "40.00", "38.00", ""],
            ["", "质量指标", "验收合格率", "=", "100", "%", "100", "20", "19", ""],
            ["效益指标", "社会效益指标", "责停率", "≥", "95", "%", "95", "30.00", "27.00", ""],
            ["总分", "", "", "", "", "", "", "100", "94.00", ""]]
    r = report("经自评，该项目自评得分94.00分。\n项目支出绩效自评表\n", tika(rows))
    s = r.score
    assert s is not None and s.origin == "self_eval" and s.total == D("94.00")
    assert [(n.name, n.level) for n in s.walk()] == [
        ("年度资金总额", 1), ("产出指标", 1), ("数量指标", 2), ("补助经费", 3), ("质量指标", 2),
        ("验收合格率", 3), ("效益指标", 1), ("社会效益指标", 2), ("责停率", 3)]
    se = r.typed_tables[0]
    first = se.indicators[0]  # type: ignore[union-attr]
    assert (first.comparator, first.measure_unit, first.target.text) == ("=", "元", "72890")
    assert [f.message for f in reportparse.check(r) if f.severity != "info"] == []
