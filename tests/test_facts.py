"""Narrative facts from hand-built paragraphs and generated wordings."""

from __future__ import annotations

from decimal import Decimal

from extract_helpers import make_report, make_table
from hypothesis import given, settings
from hypothesis import strategies as st

from reportparse.extract.facts import bind_counts, extract_facts
from reportparse.extract.tables import read_tables
from reportparse.patterns import load_patterns

D = Decimal
P = load_patterns()


def facts_of(*paras: str):  # type: ignore[no-untyped-def]
    return extract_facts(make_report(*paras), P)


def kinds(facts, kind):  # type: ignore[no-untyped-def]
    return [f for f in facts if f.kind == kind]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["项目绩效评估得分为", "综合评价得分", "项目最终得分", "绩效评价总分为", "自评得分为"]),
       st.decimals(min_value=0, max_value=100, places=2, allow_nan=False),
       st.sampled_from(["，评价级别为“{g}”", "，等级为{g}", "，评价结果为{g}", "，评定为“{g}”等级"]),
       st.sampled_from(["优", "良", "中", "差", "优秀", "良好"]))
def test_total_score_and_grade_statements(lead: str, score: Decimal, tail: str, grade: str) -> None:
    text = f"经综合评价，{lead}{score}分{tail.format(g=grade)}。"
    f = facts_of(text)
    ts = kinds(f, "total_score")
    assert [x.value for x in ts] == [score]
    assert ts[0].data.number.precision == (2 if "." in str(score) else 0)
    assert [x.value for x in kinds(f, "grade")] == [grade]


def test_indicator_score_is_not_the_total() -> None:
    f = facts_of("决策指标得分12.30分，过程得分18.50分，项目综合得分86.47分。")
    assert [(x.kind, x.value) for x in f if "score" in x.kind] == [
        ("indicator_score", D("12.30")), ("indicator_score", D("18.50")), ("total_score", D("86.47"))]
    assert f[0].data.name == "决策"


def test_provenance_quotes_the_text() -> None:
    r = make_report("项目绩效评估得分为86分，评估级别为“良”。")
    r.text = r.blocks[0].text  # type: ignore[union-attr]
    r.blocks[0].provenance.span = (0, len(r.text))
    for f in extract_facts(r, P):
        assert f.ref is not None and f.ref.block == 0 and f.ref.span is not None
        assert r.text[slice(*f.ref.span)] == f.text


def test_investment_total_and_parts() -> None:
    f = facts_of("项目总投资为6600万元，资金来源为争取中央配套资金6000万元、旗人民政府投资600万元。"
                 "而中心于2022年6月7日申请一般债券资金8000万元。")
    (tot,) = kinds(f, "money_total")
    assert tot.value == D(66_000_000) and tot.data.label == "项目总投资"
    assert [(p.label, p.value) for p in tot.data.parts] == [
        ("争取中央配套资金", D(60_000_000)), ("旗人民政府投资", D(6_000_000))]
    (bond,) = kinds(f, "money")
    assert bond.value == D(80_000_000) and bond.data.role == "applied"
    assert bond.data.entity != tot.data.entity  # a different fact, never compared
    assert [d.value for d in kinds(f, "date")] == ["2022-06-07"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 5000), min_size=2, max_size=4),
       st.sampled_from(["万元", "元", "亿元"]),
       st.sampled_from(["资金总额为{t}，其中：{p}。", "预算总额{t}，包括{p}。", "总投资{t}，资金来源为{p}。"]))
def test_money_parts_variants(parts: list[int], unit: str, template: str) -> None:
    names = ["中央资金", "省级资金", "市级资金", "自筹资金"]
    text = template.format(t=f"{sum(parts)}{unit}",
                           p="、".join(f"{n}{v}{unit}" for n, v in zip(names, parts)))
    (tot,) = kinds(facts_of(text), "money_total")
    assert [p.value for p in tot.data.parts] == [
        D(v) * {"万元": 10**4, "元": 1, "亿元": 10**8}[unit] for v in parts]
    assert [p.label for p in tot.data.parts] == names[:len(parts)]


def test_counts_with_lists() -> None:
    f = kinds(facts_of(
        "一是对蒙维小区、民生A区等14个老旧小区进行改造。二是对百合花园小区、金鹭小区等14个老旧小区改造。"
        "第一批对蒙维小区、明珠花园A区、西苑小区、文明小区四个小区改造。",
        "局属直属事业单位10个，即甲中心、乙中心、丙站。",
        "下设科室5个，包括办公室、财务科等。"), "count")
    assert [(x.value, x.data.noun, x.data.list) for x in f] == [
        (D(14), "老旧小区", "partial"), (D(14), "老旧小区", "partial"), (D(4), "小区", "exact"),
        (D(10), "局属直属事业单位", "exact"), (D(5), "科室", "partial")]
    assert f[0].data.items == ["蒙维小区", "民生A区"] and f[0].data.entity == "蒙维小区"
    assert f[1].data.entity == "百合花园小区"
    assert f[2].data.items == ["蒙维小区", "明珠花园A区", "西苑小区", "文明小区"]
    assert f[3].data.items == ["甲中心", "乙中心", "丙站"] and f[3].data.marker == "即"
    assert f[4].data.items == ["办公室", "财务科"]


def test_a_count_is_a_whole_number() -> None:
    """An outline number glued to 项目 (OCR drops the space: "1.1项目背景") is no count."""
    f = kinds(facts_of("1.1项目背景", "2.3项目内容", "完成改造项目3项。"), "count")
    assert [x.value for x in f] == [D(3)]


def test_counts_bind_to_item_groups() -> None:
    rows = [["序号", "小区名称", "内容"], ["一、管网改造"], ["1", "蒙维小区", "x"], ["2", "民生A区", "x"],
            ["二、消火栓改造"], ["1", "民生A区", "y"], ["2", "金鹭小区", "y"]]
    r = make_report("对蒙维小区、民生A区等2个小区改造，对民生A区、金鹭小区等2个小区改造。", make_table(rows))
    f = bind_counts(extract_facts(r, P), read_tables(r, P))
    assert [[g.group for g in x.data.groups] for x in kinds(f, "count")] == [[0], [1]]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["{a}分（含）以上为优", "{a}分以上的为优", "得分在{a}分（含）以上为优"]),
       st.integers(60, 95))
def test_grade_bands(template: str, a: int) -> None:
    (b,) = kinds(facts_of("评价等级标准：" + template.format(a=a) + "。"), "grade_band")
    assert b.value == "优" and b.data.min == a and b.data.min_inclusive is True
    assert b.data.max is None


def test_grade_band_ranges_and_below() -> None:
    f = kinds(facts_of("80分（含）-90分（不含）为良，60分以下为差，低于60分为差。"), "grade_band")
    assert [(x.value, x.data.min, x.data.max, x.data.max_inclusive) for x in f] == [
        ("良", D(80), D(90), False), ("差", None, D(60), False), ("差", None, D(60), False)]
    assert not kinds(facts_of("80分（含）-90分（不含）为良。"), "grade")  # a band is not a grade


def test_rates_dates_and_named_dates() -> None:
    f = facts_of("截至评估日，预算执行率为99.97%，资金到位率100%。2022年6月8日批复。")
    assert [(x.value, x.data.label) for x in kinds(f, "rate")] == [
        (D("99.97"), "预算执行率"), (D(100), "资金到位率")]
    dates = kinds(f, "date")
    assert [d.value for d in dates] == [None, "2022-06-08"] and dates[0].data.named == "评估日"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    facts_of(text)


def test_parts_before_their_sum() -> None:
    f = facts_of("中央资金600万元、省级资金400万元，合计1000万元。")
    (tot,) = kinds(f, "money_total")
    assert tot.value == D(10_000_000) and tot.data.parts_before is True
    assert [(p.label, p.value) for p in tot.data.parts] == [
        ("中央资金", D(6_000_000)), ("省级资金", D(4_000_000))]
    assert not kinds(f, "money")


def test_budget_execution_statements() -> None:
    f = facts_of("年度预算资金1000万元，其中：中央资金600万元，省级资金400万元，实际支出950万元，"
                 "预算执行率为95.00%。")
    (tot,) = kinds(f, "money_total")
    assert [p.value for p in tot.data.parts] == [D(6_000_000), D(4_000_000)]
    (spent,) = kinds(f, "money")
    assert spent.value == D(9_500_000) and spent.data.role == "executed"
    (rate,) = kinds(f, "rate")
    assert rate.value == D("95.00") and rate.data.number.precision == 2


def test_band_figures_are_not_scores_and_grade_wordings() -> None:
    f = facts_of("得分在90分（含）以上为优，60分以下为差。经评价，该项目得分85.60分，属于“良”等级。"
                 "申报人员具有中级职称。")
    assert [x.value for x in kinds(f, "total_score")] == [D("85.60")]
    assert [x.value for x in kinds(f, "grade")] == ["良"]
    assert len(kinds(f, "grade_band")) == 2


def test_hedged_count_keeps_its_bound() -> None:
    (c,) = kinds(facts_of("共涉及受益群众近3000户。"), "count")
    assert c.value == D(3000) and c.data.bound == "le" and c.data.noun == "群众"


def test_exact_list_after_the_count_ends_at_its_comma() -> None:
    (c,) = kinds(facts_of("直属事业单位10个，即甲中心、乙站、丙所和和平小区管理处，其中甲中心为参公单位。"),
                 "count")
    assert c.data.items == ["甲中心", "乙站", "丙所", "和平小区管理处"]
    assert c.data.list == "exact" and len(c.data.items) != c.value  # the count rule's case
