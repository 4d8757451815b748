"""Property tests: consistent score tables of any depth and precision (parents stating their
sums or, like a merged cell, nothing) give no findings; one value perturbed beyond tolerance
gives exactly the expected finding."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import reportparse
from reportparse.check.score import effective
from reportparse.check.tolerance import compare_sum
from reportparse.models import Ref, Report, ScoreRow, ScoreSummary, Source

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def q(x: Decimal, places: int) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@st.composite
def trees(draw, depth: int, places: int, rate_places: int, counter: list[int]):
    """A consistent indicator tree: leaves carry weight and score at ``places`` decimals, each
    parent states the exact sums; every node states its rate at ``rate_places``."""
    n = draw(st.integers(1, 4))
    nodes = []
    for _ in range(n):
        counter[0] += 1
        name = f"指标{counter[0]}"
        if depth > 1 and draw(st.booleans()):
            kids = draw(trees(depth - 1, places, rate_places, counter))
            weight = sum((effective(k, "max_score") for k in kids), Decimal(0))
            score = sum((effective(k, "score") for k in kids), Decimal(0))
        else:
            kids = []
            units = draw(st.integers(1, 30 * 10**places))
            weight = Decimal(units).scaleb(-places)
            score = Decimal(draw(st.integers(0, units))).scaleb(-places)
        rate = q(score / weight * 100, rate_places)
        if kids and draw(st.booleans()):  # a merged 一级/二级 cell stating nothing of its own
            weight = score = rate = None
        row = ScoreRow(name=name, max_score=weight, score=score, rate=rate, children=kids,
                       cells={k: Ref(block=0, row=counter[0], col=c)
                              for c, k in enumerate(["name", "max_score", "score", "rate"])})
        nodes.append(row)
    return nodes


def set_levels(rows, level=1):
    for r in rows:
        r.level = level
        set_levels(r.children, level + 1)


@st.composite
def score_tables(draw):
    places = draw(st.integers(0, 3))
    rate_places = draw(st.integers(0, 2))
    rows = draw(trees(draw(st.integers(1, 3)), places, rate_places, [0]))
    set_levels(rows)
    total = sum((effective(r, "score") for r in rows), Decimal(0))
    weight = sum((effective(r, "max_score") for r in rows), Decimal(0))
    total_row = ScoreRow(name="总分", level=0, max_score=weight, score=total,
                         cells={"score": Ref(block=0, row=99, col=2),
                                "max_score": Ref(block=0, row=99, col=1)})
    return ScoreSummary(rows=rows, total=total, total_row=total_row, table=0,
                        levels=max(r.level for s in rows for r in s.walk()))


def report_with(table: ScoreSummary) -> Report:
    r = Report(source=Source(path="<hypothesis>", format="text", sha256="0"))
    r.score = table
    r.typed_tables = [table]
    return r


@SETTINGS
@given(score_tables())
def test_a_consistent_score_table_has_no_findings(table):
    assert reportparse.check(report_with(table)) == []


@SETTINGS
@given(score_tables(), st.integers(1, 5), st.booleans())
def test_a_total_off_beyond_the_accumulated_rounding_is_exactly_one_sum_error(table, k, up):
    addends = [effective(r, "score") for r in table.rows]
    res = compare_sum(addends, table.total)
    places = res.places
    step = Decimal(1).scaleb(-places)
    delta = (res.tolerance // step + k) * step  # the smallest printable miss beyond tolerance
    new = table.total + delta if up else table.total - delta
    assume(Decimal(0) <= new <= table.total_row.max_score)
    table.total = table.total_row.score = new
    (f,) = reportparse.check(report_with(table), rules="score")
    assert (f.rule, f.category, f.severity) == ("score.sum", "sum", "error")
    assert Decimal(f.difference) == new - sum(addends, Decimal(0))
    assert (f.locations[-1].row, f.locations[-1].col) == (99, 2)


@SETTINGS
@given(score_tables(), st.data())
def test_a_rate_two_or_more_units_off_is_exactly_one_rate_error(table, data):
    nodes = [n for n in table.walk() if n.rate is not None]
    node = data.draw(st.sampled_from(nodes))
    places = -node.rate.as_tuple().exponent if node.rate.as_tuple().exponent < 0 else 0
    k = data.draw(st.integers(2, 9))
    step = Decimal(1).scaleb(-places)
    new = node.rate + k * step if node.rate + k * step <= 100 else node.rate - k * step
    assume(new >= 0)
    node.rate = new
    (f,) = reportparse.check(report_with(table), rules="score")
    assert (f.rule, f.category, f.severity) == ("score.rate", "rate", "error")
    assert f.locations[0].row == node.cells["rate"].row


@SETTINGS
@given(score_tables(), st.integers(1, 9))
def test_a_total_weight_off_is_exactly_one_max_sum_error(table, k):
    table.total_row.max_score += k
    (f,) = reportparse.check(report_with(table), rules="score")
    assert (f.rule, f.category) == ("score.max_sum", "max_sum")


FRAGMENTS = ["一、综合评价情况", "（一）存在问题", "1.预算编制不细。", "1.预算编制不细。",
             "项目绩效评价得分为86分，等级为良。", "总投资为6600万元，资金来源为中央资金6000万元、地方约600万元。",
             "直属事业单位10个，即甲、乙、丙。", "2022年6月9日申请，2022年6月8日批复。",
             "预算执行率为101%，结转资金15万元，到位资金90万元，实际支出80万元。",
             "\t一级指标", "\t分值", "\t得分", "\t得分率", "\t总分", "\t总分（取整）", "\t等级",
             "\t100", "\t86.47", "\t0", "\t—", "\t89.5", "\t优", "\t-3", "\t1e5", "\t８６．４７", "",
             "\t年初预算数", "\t全年执行数", "\t其中：本年财政拨款", "\t≥90%", "\t约3万元"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40))
def test_checking_any_arrangement_of_report_fragments_never_fails(lines):
    try:
        r = reportparse.parse(("\n".join(lines) + "\n").encode(), name="fragments.txt")
    except reportparse.ReportParseError:
        return
    findings = reportparse.check(r)
    assert not [w.message for w in r.warnings if w.code == "check_failed"]
    assert all(f.message and f.category for f in findings)


def budget_table(budget: Decimal, executed: Decimal, rate: Decimal, cap: int, score: Decimal):
    from extract_helpers import make_report, make_table

    return make_report(make_table([
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", str(budget), str(budget), str(executed), str(cap), f"{rate}%", str(score)],
    ]))


@st.composite
def budgets(draw):
    places = draw(st.integers(0, 3))
    budget = Decimal(draw(st.integers(1, 10**6))).scaleb(-places)
    executed = Decimal(draw(st.integers(0, int(budget * 10**places * 12 // 10)))).scaleb(-places)
    rate_places, score_places = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    cap = draw(st.sampled_from([5, 10, 15, 20]))
    exact = executed / budget
    rate = q(exact * 100, rate_places)
    score = q(min(exact, Decimal(1)) * cap, score_places)
    return budget, executed, rate, cap, score, score_places


@SETTINGS
@given(budgets())
def test_consistent_budget_execution_has_no_findings(b):
    budget, executed, rate, cap, score, _ = b
    r = budget_table(budget, executed, rate, cap, score)
    findings = reportparse.check(r, rules="budget_rate,over_max")
    assert [f.rule for f in findings] == (["percent.range"] if rate > 100 else [])


@SETTINGS
@given(budgets(), st.integers(2, 9))
def test_a_budget_score_two_units_off_is_exactly_one_budget_rate_error(b, k):
    budget, executed, rate, cap, score, places = b
    step = Decimal(1).scaleb(-places)
    wrong = score - k * step if score - k * step >= 0 else score + k * step
    # the score may legitimately be computed from the *printed* rate (33% × 5 = 1.65 where the
    # exact 1/3 × 5 gives 1.67): a "wrong" value that equals that reading is not wrong
    from_printed = q(min(rate / 100, Decimal(1)) * cap, places)
    assume(abs(wrong - from_printed) > step)
    r = budget_table(budget, executed, rate, cap, wrong)
    (f,) = reportparse.check(r, rules="budget_rate")
    assert (f.rule, f.category, f.severity) == ("budget.rate", "budget_rate", "error")
    assert Decimal(f.actual) == wrong
