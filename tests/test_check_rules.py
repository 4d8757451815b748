"""The consistency rules on small hand-made reports: the seed, the edge cases of issue 6, the
narrative facts, and the engine's selection and parameters."""

from __future__ import annotations

from decimal import Decimal

import pytest

import reportparse
from extract_helpers import SEED_SCORE_ROWS, make_report, make_table
from reportparse.check import all_rules, select_rules
from reportparse.check.engine import CATEGORIES
from reportparse.models import CountFact, GradeBandData, GradeBandFact, make_fact


def checked(*blocks, **kw):
    r = make_report(*blocks)
    return r, reportparse.check(r, **kw)


def score_table(rows):
    return make_table([list(r) for r in rows])


def rules_of(findings, severity=None):
    return [f.rule for f in findings if severity is None or f.severity == severity]


# ------------------------------------------------------------------ the seed
def test_seed_has_no_error_or_warning(seed_report):
    findings = reportparse.check(seed_report)
    assert [f for f in findings if f.severity in ("error", "warning")] == []
    assert seed_report.findings == findings
    assert seed_report.score.total == Decimal("86.47")


def test_seed_table_alone_is_consistent():
    _, findings = checked("绩效评估得分总体情况表", score_table(SEED_SCORE_ROWS))
    assert findings == []


# ------------------------------------------------------------------ issue 6 edge cases
def with_total(total: str, rounded: str, grade: str = "良"):
    rows = [list(r) for r in SEED_SCORE_ROWS]
    rows[4][2] = str(Decimal(total) - Decimal("56.40"))  # 效益 makes the sum come out right
    rows[4][3] = "—"
    rows[5][2:4] = [total, "—"]
    rows[6][2:4] = [rounded, "—"]
    rows[7][1] = grade
    return score_table(rows)


def test_86_47_rounds_to_86_without_finding():
    _, findings = checked(with_total("86.47", "86"))
    assert findings == []


def test_89_5_printed_as_89_is_a_truncation_warning():
    _, findings = checked(with_total("89.50", "89"))
    (f,) = findings
    assert (f.rule, f.category, f.severity) == ("score.rounding", "rounding", "warning")
    assert f.message == "总分89.50分四舍五入应为90分，表中取整为89分（截尾取整）"
    assert (f.expected, f.actual) == ("90", "89")
    assert [(loc.row, loc.col, loc.text) for loc in f.locations] == [(5, 2, "89.50"), (6, 2, "89")]


def test_89_5_printed_as_90_is_fine_but_straddles_two_grade_bands():
    _, findings = checked(with_total("89.50", "90", grade="优"))
    assert rules_of(findings, "error") == []
    (f,) = findings
    assert (f.rule, f.severity) == ("score.grade", "warning")
    assert "不同等级区间" in f.message


def test_rounded_total_two_points_off_is_an_error():
    _, findings = checked(with_total("86.47", "88"))
    assert [(f.rule, f.severity) for f in findings] == [("score.rounding", "error")]


def test_a_cent_off_in_a_sum_of_three_two_decimal_addends_is_within_tolerance():
    rows = [["一级指标", "分值", "得分"], ["决策", "30", "25.33"], ["过程", "30", "25.33"],
            ["管理", "40", "35.33"], ["总分", "100", "86.00"]]  # 85.99 printed as 86.00
    _, findings = checked(score_table(rows))
    assert rules_of(findings, "error") == []
    (f,) = findings
    assert (f.rule, f.category, f.severity) == ("score.sum", "sum", "info")
    assert (f.difference, f.tolerance) == ("0.01", "0.02")


def test_a_sum_beyond_accumulated_rounding_is_an_error_reviewers_can_read():
    rows = [list(r) for r in SEED_SCORE_ROWS]
    rows[1][2:4] = ["12.00", "80.00%"]
    _, findings = checked(score_table(rows))
    (f,) = findings
    assert f.message == "一级指标得分合计86.17分，与总分86.47分不一致（相差0.30分）"
    assert (f.severity, f.category, f.expected, f.actual) == ("error", "sum", "86.17", "86.47")
    assert len(f.locations) == 5  # four addends and the total


TREE = [["一级指标", "二级指标", "三级指标", "分值", "得分", "扣分原因"],
        ["决策(20分)", "项目立项", "立项依据充分性", "10", "9", "—"],
        ["^", "^", "立项程序规范性", "5", "5", "—"],
        ["^", "绩效目标", "目标合理性", "5", "4", "—"],
        ["产出(80分)", "数量", "完成数量", "40", "38", "—"],
        ["^", "质量", "质量达标率", "40", "36", "—"],
        ["合计", "<", "<", "100", "92", "<"]]


def test_three_level_table_adds_up_through_merged_cells_that_state_nothing():
    assert checked(score_table(TREE))[1] == []
    rows = [list(r) for r in TREE]
    rows[6][4] = "93"
    (f,) = checked(score_table(rows))[1]
    assert f.message == "一级指标得分合计92分，与总分93分不一致（相差1分）"
    rows = [list(r) for r in TREE]
    rows[1][0] = "决策(25分)"  # a weight in the label that its indicators do not reach
    messages = [f.message for f in checked(score_table(rows))[1]]
    assert "“决策”下级指标分值合计20分，与“决策”分值25分不一致（相差5分）" in messages


def budget_block(rate: str, score: str, executed: str = "89.974"):
    return make_table([
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "90", "90", executed, "10", rate, score],
        ["其中：本年财政拨款", "90", "90", executed, "—", "—", "—"],
    ])


@pytest.mark.parametrize("score", ["10.00", "10", "10.0"])
def test_score_is_rate_times_ten_with_a_99_97_percent_execution_rate(score):
    _, findings = checked(budget_block("99.97%", score))
    assert findings == []


def test_a_budget_score_one_cent_off_is_info_and_a_point_off_an_error():
    _, near = checked(budget_block("99.97%", "9.99"))
    assert [(f.rule, f.severity) for f in near] == [("budget.rate", "info")]
    _, far = checked(budget_block("99.97%", "9.00"))
    (f,) = far
    assert (f.rule, f.category, f.severity) == ("budget.rate", "budget_rate", "error")
    assert f.message == "“年度资金总额”得分应为10.00分（执行率99.97%×分值10分），表中为9.00分（相差1.00分）"


def test_execution_rate_is_recomputed_from_executed_over_budget():
    _, findings = checked(budget_block("98.97%", "9.90"))
    assert ("budget.rate", "error") in [(f.rule, f.severity) for f in findings]
    f = next(f for f in findings if "执行率应为" in f.message)
    assert f.expected == "99.97%" and f.locations[0].col == 5


def test_chizhou_total_of_zero_with_ninety_in_its_parts():
    t = make_table([
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "0", "0", "0", "10", "0", "0"],
        ["其中：本年财政拨款", "90", "89.974", "89.974", "—", "—", "—"],
    ])
    _, findings = checked(t)
    money = [f for f in findings if f.category == "money_sum"]
    assert len(money) == 3
    assert money[0].message == "“年度资金总额”年初预算数0万元，与各组成部分合计90万元不一致（相差90万元）"


# ------------------------------------------------------------------ grade bands
def test_grade_outside_its_band_is_an_error_with_the_band_quoted():
    rows = [list(r) for r in SEED_SCORE_ROWS]
    rows[7][1] = "优"
    _, findings = checked(score_table(rows))
    (f,) = findings
    assert f.category == "grade"
    assert f.message == "总分86.47分对应等级为“良”（80≤得分<90，财预〔2020〕10号），表中等级为“优”"


def test_a_band_printed_in_the_report_wins_over_the_default():
    rows = [list(r) for r in SEED_SCORE_ROWS]
    rows[7][1] = "优"
    r = make_report(score_table(rows))
    r.facts = [GradeBandFact(value="优", data=GradeBandData(grade="优", min=Decimal(85))),
               make_fact("grade_band", value="良", data={"grade": "良", "min": 75, "max": 85})]
    assert reportparse.check(r) == []


def test_grade_bands_are_configuration(tmp_path):
    (tmp_path / "grades.toml").write_text('default = "local_85_75_60"\n', encoding="utf-8")
    rows = [list(r) for r in SEED_SCORE_ROWS]
    rows[7][1] = "优秀"  # 86.47 ≥ 85
    r = make_report(score_table(rows))
    assert reportparse.check(r, patterns=tmp_path) == []


# ------------------------------------------------------------------ narrative facts
SEED_TABLE_LINES = ["绩效评估得分总体情况表"] + [
    line for row in SEED_SCORE_ROWS for line in ["\t" + c for c in row] + [""]] + [""]


def narrative(*paragraphs: str):
    """A small text export: a conclusion chapter with ``paragraphs`` and the seed's score
    table, parsed (facts extracted from the text) and checked."""
    text = "\n".join(["一、综合评估情况及评估结论", *paragraphs, *SEED_TABLE_LINES,
                      "二、存在问题", "问题如下。"]) + "\n"
    r = reportparse.parse(text.encode(), name="narrative.txt")
    return r, reportparse.check(r)


def test_text_score_and_grade_agree_with_the_table():
    r, findings = narrative("项目绩效评估得分为86分，评估级别为“良”。")
    assert {f.kind for f in r.facts} >= {"total_score", "grade"}
    assert findings == []


def test_text_score_different_from_the_table_is_a_text_table_error():
    _, findings = narrative("项目绩效评估得分为85分，评估级别为“良”。")
    (f,) = findings
    assert (f.rule, f.category) == ("text.score", "text_table")
    assert f.message == "正文总分85分与评分表总分86.47分不一致（相差1.47分）"
    assert f.locations[0].text == "项目绩效评估得分为85分"
    assert f.locations[0].section == "一、综合评估情况及评估结论" and f.locations[0].line == 2
    assert (f.locations[1].row, f.locations[1].col, f.locations[1].text) == (5, 2, "86.47")


def test_text_grade_outside_the_band_is_a_grade_error():
    _, findings = narrative("项目绩效评估得分为86分，评估级别为“优”。")
    (f,) = findings
    assert (f.rule, f.category) == ("score.grade", "grade")
    assert f.message == "正文等级“优”与总分86.47分对应的等级“良”（80≤得分<90）不一致"


def test_bands_printed_in_the_text_win_over_the_default():
    _, findings = narrative("评价结果分为四个等级：85分（含）以上为优，75分（含）至85分为良，"
                            "60分（含）至75分为中，60分以下为差。")
    (f,) = findings  # the table's 良 was right under 财预〔2020〕10号, not under these bands
    assert f.message == "总分86.47分对应等级为“优”（得分≥85，报告所列等级标准），表中等级为“良”"


def test_repeated_total_scores_must_agree():
    _, findings = narrative("项目绩效评估得分为86分。", "综合评价得分86.47分，等级为良。")
    assert findings == []
    _, findings = narrative("项目绩效评估得分为86分。", "综合评价得分87.47分，等级为良。")
    assert "text.repeated" in rules_of(findings)


def test_investment_parts_add_up_and_hedged_parts_only_bound():
    ok = "项目总投资为6600万元，资金来源为争取中央配套资金6000万元、旗人民政府投资{}。"
    assert narrative(ok.format("600万元"))[1] == []
    assert narrative(ok.format("600余万元"))[1] == []
    (f,) = narrative(ok.format("500万元"))[1]
    assert (f.rule, f.category) == ("money.parts", "money_sum")
    assert f.message == "正文项目总投资6600万元，与各组成部分合计6500万元不一致（相差100万元）"
    assert [loc.text for loc in f.locations][1:] == ["6000万元", "500万元"]


def test_count_with_an_exact_list_must_name_n_items():
    names = "、".join(["第一中学", "第二中学", "第三中学", "第四中学", "第五中学", "第六中学",
                      "第七中学", "第八中学", "实验小学"])
    (f,) = narrative(f"局属直属事业单位10个，即{names}。")[1]
    assert (f.rule, f.category, f.severity) == ("count.items", "count", "error")
    assert f.message.startswith("正文称局属直属事业单位10个，但其后列举9个")
    assert narrative(f"局属直属事业单位10个，包括{names}等。")[1] == []


def test_count_against_the_table_group_that_holds_the_names(seed_report):
    r = seed_report.model_copy(deep=True)
    assert reportparse.check(r) == []
    f14 = next(f for f in r.facts if isinstance(f, CountFact) and f.data.list == "partial")
    f14.value = Decimal(15)
    f14.data.number = None
    findings = reportparse.check(r, rules="count")
    (f,) = findings
    assert (f.rule, f.severity) == ("count.items", "warning")
    assert f.locations[0].section == "一、基本情况 > （二）主要内容及实施情况"
    assert f.locations[1].text == "一、地下管道、屋顶、围墙改造"


def test_dates_in_order_and_out_of_order():
    text = "项目单位于2022年6月{}日向旗人民政府申请一般债券资金8000万元，旗财政局于2022年6月8日同意批复该资金。"
    assert narrative(text.format(7))[1] == []
    (f,) = narrative(text.format(9))[1]
    assert (f.rule, f.category, f.severity) == ("dates.order", "dates", "warning")
    assert f.message == "申请日期2022年6月9日晚于批复日期2022年6月8日，时间顺序不合理"


def test_derived_money_and_rates_in_the_narrative():
    ok = "项目年初预算资金100万元，到位资金90万元，实际支出80万元，结转资金10万元，预算执行率为80.00%。"
    assert narrative(ok)[1] == []
    (f,) = narrative(ok.replace("结转资金10万元", "结转资金15万元"))[1]
    assert (f.rule, f.category) == ("derived.text", "derived")
    assert f.message == "正文“结转资金15万元”，按到位资金90万元−实际支出80万元应为10万元（相差5万元）"
    (f,) = narrative(ok.replace("80.00%", "85.00%"))[1]
    assert (f.rule, f.category) == ("budget.text_rate", "budget_rate")


def test_indicator_scores_in_the_text_match_the_table():
    assert narrative("决策指标得分12.30分，过程指标得分18.50分。")[1] == []
    (f,) = narrative("决策指标得分12.50分。")[1]
    assert (f.rule, f.category) == ("text.indicator", "text_table")
    assert f.message == "正文“决策”得分12.50分与评分表12.30分不一致（相差0.20分）"


def test_capped_rates_over_100_percent_but_completion_rates_may_exceed():
    (f,) = narrative("预算执行率为101.00%，项目完成率为105%。")[1]
    assert (f.rule, f.category) == ("percent.range", "over_max")
    assert f.message == "正文预算执行率101.00%，超出0%–100%的范围"


def self_eval_table(indicator_score: str, total: str):
    return make_table([
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "90", "90", "89.974", "10", "99.97%", "10.00"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标(50分)", "数量指标", "改造小区数", "≥14个", "14个", "25", indicator_score],
        ["^", "质量指标", "验收合格率", "100%", "100%", "25", "24"],
        ["效益指标(40分)", "社会效益", "居住条件改善", "有效改善", "有效改善", "40", "36"],
        ["总分", "<", "<", "<", "<", "100", total],
    ])


def test_self_evaluation_scores_add_up_and_stay_under_their_weights():
    assert checked(self_eval_table("25", "95.00"))[1] == []
    findings = checked(self_eval_table("26", "96.00"))[1]
    assert [(f.rule, f.category) for f in findings] == [("selfeval.over_max", "over_max")]
    assert findings[0].message == "“改造小区数”得分26分超过分值25分"
    (f,) = checked(self_eval_table("25", "96.00"))[1]
    assert (f.rule, f.message) == ("selfeval.sum", "自评表各项得分合计95.00分，与总分96.00分不一致（相差1.00分）")


# ------------------------------------------------------------------ numbering
def test_yueyang_numbering_gap_and_duplicate():
    text = "\n".join(["一、存在问题", "1.预算编制不细。", "正文。", "4.资产管理弱。", "正文。",
                      "4.档案不全。", "正文。", "5.验收滞后。", "正文。"]) + "\n"
    r = reportparse.parse(text.encode(), name="yueyang.txt")
    findings = reportparse.check(r, rules="numbering")
    assert [f.message for f in findings] == [
        "标题编号“1.”之后为“4.”，缺少2个编号",
        "标题编号“4.”重复（“4.资产管理弱。”与“4.档案不全。”）",
    ]
    assert all(f.category == "numbering" and f.severity == "warning" for f in findings)
    assert findings[0].locations[1].line == 4


# ------------------------------------------------------------------ engine
def test_every_public_category_has_a_rule():
    assert {r.category for r in all_rules()} == set(CATEGORIES)
    assert all(r.summary and r.id.count(".") == 1 for r in all_rules())


def test_rules_are_selected_by_id_category_or_family_and_skipped_the_same_way():
    assert [r.id for r in select_rules("score.sum")] == ["score.sum"]
    assert [r.id for r in select_rules(["rate"])] == ["score.rate"]
    assert {r.id for r in select_rules("score")} >= {"score.sum", "score.grade"}
    assert "score.sum" not in {r.id for r in select_rules(skip="sum,grade")}
    with pytest.raises(ValueError, match="unknown rule"):
        select_rules("nope")


def test_severity_and_parameters_come_from_the_patterns_folder(tmp_path):
    (tmp_path / "checks.toml").write_text(
        '[rules."weight_policy.output_outcome"]\nmin = 70\n'
        '[rules."score.rounding"]\nseverity = "warning"\n', encoding="utf-8")
    rows = [list(r) for r in SEED_SCORE_ROWS]
    rows[6][2:4] = ["88", "88%"]
    r = make_report(score_table(rows))
    findings = reportparse.check(r, patterns=tmp_path)
    assert [(f.rule, f.severity) for f in findings] == [
        ("score.rounding", "warning"), ("weight_policy.output_outcome", "info")]
    assert findings[1].message == "产出、效益指标权重合计65分，低于70分的要求"


def test_findings_read_back_from_json():
    from reportparse.models import Finding

    rows = [list(r) for r in SEED_SCORE_ROWS]
    rows[1][2:4] = ["12.00", "80.00%"]
    r, findings = checked(score_table(rows))
    assert [Finding.model_validate_json(f.model_dump_json()) for f in findings] == findings


def test_the_same_group_counted_twice_must_agree(seed_report):
    r = seed_report.model_copy(deep=True)
    batch1 = [f for f in r.facts if isinstance(f, CountFact) and f.data.groups
              and len(f.data.groups) == 1 and f.data.groups[0].group == 0
              and f.data.list == "partial"]
    assert len(batch1) >= 2  # "蒙维小区、民生A区等14个" in two chapters, "蒙维小区、西苑小区等14个"
    batch1[-1].value, batch1[-1].text = Decimal(13), "13个老旧小区"
    batch1[-1].data.number = None
    findings = reportparse.check(r, rules="text,count")
    assert [(f.rule, f.severity) for f in findings] == [("text.repeated", "error"),
                                                        ("count.items", "warning")]
    assert findings[0].message == "“老旧小区”前后表述不一致：先为“14个老旧小区”，后为“13个老旧小区”"


def test_parts_that_add_up_only_after_a_unit_change_hint_at_the_unit():
    (f,) = narrative("项目总投资为6600万元，资金来源为中央资金6000元、地方资金600元。")[1]
    assert f.message.endswith("，疑似单位错误（相差10000倍）")


def test_a_rule_disabled_in_the_patterns_runs_only_when_named(tmp_path):
    (tmp_path / "checks.toml").write_text(
        '[rules."weight_policy.output_outcome"]\nmin = 70\nenabled = false\n', encoding="utf-8")
    r = make_report(score_table(SEED_SCORE_ROWS))
    assert reportparse.check(r, patterns=tmp_path) == []
    named = reportparse.check(r, patterns=tmp_path, rules="weight_policy")
    assert [f.rule for f in named] == ["weight_policy.output_outcome"]
