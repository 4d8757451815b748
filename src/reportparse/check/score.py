"""Score-table rules: sums, weights, rates, bounds, rounding and grade (``domain.md`` §7, §8).

They read :class:`~reportparse.models.ScoreSummary` (``report.score`` and every scoring table in
``report.typed_tables``): level-1 ``rows`` with their ``children``, the 总分 ``total_row`` and
the 总分（取整） ``rounded_row``, the stated ``grade``; each value keeps the cell it came from
(``ScoreRow.cells``).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..extract.numbers import decimals, truncate
from ..models import Finding, GradeFact, Location, ScoreRow, ScoreSummary
from .binding import own_period
from .engine import Context, rule
from .grades import band_for, bands, canonical
from .tolerance import SumResult, compare_sum, fmt

HUNDRED = Decimal(100)
_WORDS = {"score": "得分", "max_score": "分值", "rate": "得分率"}
_LEVEL = {1: "一级指标", 2: "二级指标", 3: "三级指标", 4: "四级指标"}


def _loc(ctx: Context, row: ScoreRow, key: str) -> Location:
    label = f"{row.name} {_WORDS.get(key, key)}"
    return ctx.at_cell(row.cells.get(key) or row.cells.get("name"), label)


def _groups(t: ScoreSummary) -> Iterator[tuple[ScoreRow | None, list[ScoreRow]]]:
    """(parent, children) pairs: (None, level-1 rows) then every node with children."""
    yield None, t.rows
    for node in t.walk():
        if node.children:
            yield node, node.children


def effective(node: ScoreRow, key: str) -> Decimal | None:
    """A node's stated value, else the sum of its children's (a merged 二级指标 that states no
    分值/得分 of its own still adds up to its parent)."""
    v = getattr(node, key)
    if v is not None or not node.children:
        return v
    kids = [effective(k, key) for k in node.children]
    if any(k is None for k in kids):
        return None
    return sum((k for k in kids if k is not None), Decimal(0))


def _sum_findings(ctx: Context, t: ScoreSummary, key: str, word: str) -> Iterator[Finding | None]:
    """Shared by score.sum (得分) and score.max_sum (分值)."""
    for parent, kids in _groups(t):
        values = [effective(k, key) for k in kids]
        if not kids or any(v is None for v in values):
            continue
        if parent is None:
            total_row = t.total_row
            stated = getattr(total_row, key) if total_row is not None else None
            if stated is None and key == "max_score" and (t is ctx.report.score
                                                           or t.total_row is not None):
                stated = Decimal(str(ctx.param("top_total", 100)))  # 分值 sum to 100
                total_row = None
            if stated is None:
                continue
            whole = f"{'总分' if key == 'score' else '总分值'}"
            part = f"{_LEVEL.get(kids[0].level, '指标')}{word}合计"
        else:
            stated, total_row = getattr(parent, key), parent
            if stated is None:
                continue
            whole = f"“{parent.name}”{word}"
            part = f"“{parent.name}”下级指标{word}合计"
        res = compare_sum(values, stated)  # type: ignore[arg-type]
        if res.exact:
            continue
        locs = [_loc(ctx, k, key) for k in kids]
        if total_row is not None:
            locs.append(_loc(ctx, total_row, key))
        yield sum_finding(ctx, part, whole, res, locs)


def sum_finding(ctx: Context, part: str, whole: str, res: SumResult,
                locs: list[Location]) -> Finding | None:
    """The finding for a score sum that is not exact: a residue within the accumulated
    rounding (``residue_severity``, info) or a contradiction (the rule's severity)."""
    if res.exact:
        return None
    head = f"{part}{fmt(res.computed)}分，与{whole}{fmt(res.stated)}分"
    if res.within:
        msg = (f"{head}相差{fmt(abs(res.difference))}分，在四舍五入尾差允许范围"
               f"（±{fmt(res.tolerance)}分）内")
    else:
        msg = f"{head}不一致（相差{fmt(abs(res.difference))}分）"
    return ctx.finding(msg, severity=ctx.severity("residue") if res.within else None,
                       expected=res.computed, actual=res.stated, difference=res.difference,
                       tolerance=res.tolerance, locations=locs)


@rule("score.sum", "sum", "error",
      binding="children and parent rows of one table (its own structure): certain; error beyond the accumulated rounding of the addends, info within")
def score_sum(ctx: Context) -> Iterator[Finding | None]:
    """Children's 得分 add up to their parent's, and level-1 得分 to the 总分.

    Compared at the printed decimals: a sum of n printed addends may miss its printed total by
    their accumulated rounding (reported as info, "尾数差异"); beyond that it is an error.
    """
    for t in ctx.score_tables():
        yield from _sum_findings(ctx, t, "score", "得分")


@rule("score.max_sum", "max_sum", "error",
      binding="children and parent rows of one table, or level 1 against 100 in the main table: certain; error")
def score_max_sum(ctx: Context) -> Iterator[Finding | None]:
    """Children's 分值 add up to their parent's weight, level-1 分值 to the stated total (or 100).

    Parameter ``top_total`` (default 100) applies to the main score table when it states no
    total weight.
    """
    for t in ctx.score_tables():
        yield from _sum_findings(ctx, t, "max_score", "分值")


def _all_rows(t: ScoreSummary) -> list[ScoreRow]:
    return list(t.walk()) + [r for r in (t.total_row, t.rounded_row) if r is not None]


@rule("score.rate", "rate", "error",
      binding="得分, 分值 and 得分率 of one row: certain; error, one unit in the last printed place info")
def score_rate(ctx: Context) -> Iterator[Finding | None]:
    """得分率 = 得分 ÷ 分值, recomputed from the printed operands at the printed decimals.

    A rate that misses by one unit in its last place is info (operands rounded before
    printing); more is an error.
    """
    for t in ctx.score_tables():
        for r in _all_rows(t):
            if r.rate is None or r.score is None or not r.max_score:
                continue
            places = decimals(r.rate)
            exact = r.score / r.max_score * HUNDRED
            expected = ctx.round(exact, places)
            off, sev = ctx.misprint(r.rate, expected, places)
            if off == 0:
                continue
            yield ctx.finding(
                f"“{r.name}”得分率应为{fmt(expected)}%（{fmt(r.score)}÷{fmt(r.max_score)}），"
                f"表中为{fmt(r.rate)}%（相差{fmt(abs(r.rate - expected))}个百分点）",
                severity=sev, expected=f"{fmt(expected)}%", actual=f"{fmt(r.rate)}%",
                difference=r.rate - expected, tolerance="0",
                locations=[_loc(ctx, r, "rate"), _loc(ctx, r, "score"),
                           _loc(ctx, r, "max_score")])


@rule("score.over_max", "over_max", "error",
      binding="得分 and 分值 of one row: certain; error")
def score_over_max(ctx: Context) -> Iterator[Finding | None]:
    """0 ≤ 得分 ≤ 分值 and 0 ≤ 得分率 ≤ 100% for every indicator and total."""
    for t in ctx.score_tables():
        for r in _all_rows(t):
            if r.score is not None and r.max_score is not None and r.score > r.max_score:
                yield ctx.finding(
                    f"“{r.name}”得分{fmt(r.score)}分超过分值{fmt(r.max_score)}分"
                    f"（超出{fmt(r.score - r.max_score)}分）",
                    expected=f"≤{fmt(r.max_score)}", actual=r.score,
                    difference=r.score - r.max_score,
                    locations=[_loc(ctx, r, "score"), _loc(ctx, r, "max_score")])
            if r.score is not None and r.score < 0:
                yield ctx.finding(f"“{r.name}”得分{fmt(r.score)}分为负数", expected="≥0",
                                  actual=r.score, locations=[_loc(ctx, r, "score")])
            if r.rate is not None and (r.rate > HUNDRED or r.rate < 0):
                yield ctx.finding(
                    f"“{r.name}”得分率{fmt(r.rate)}%超出0%–100%的范围",
                    expected="0%–100%", actual=f"{fmt(r.rate)}%",
                    locations=[_loc(ctx, r, "rate")])


@rule("score.rounding", "rounding", "error",
      binding="the 总分 and 总分（取整） rows of one table: certain; error, a truncation warning")
def score_rounding(ctx: Context) -> Iterator[Finding | None]:
    """总分（取整） = the 总分 rounded half-up to the decimals it shows (86.47 → 86).

    A truncated total (89.5 → 89) is accepted with a warning (``truncation_severity``);
    anything else is an error.
    """
    for t in ctx.score_tables():
        if t.total is None or t.total_rounded is None:
            continue
        places = decimals(t.total_rounded)
        expected = ctx.round(t.total, places)
        if expected == t.total_rounded:
            continue
        locs = [_loc(ctx, t.total_row, "score") if t.total_row else ctx.at_cell(None),
                _loc(ctx, t.rounded_row, "score") if t.rounded_row else ctx.at_cell(None)]
        if truncate(t.total, places) == t.total_rounded:
            yield ctx.finding(
                f"总分{fmt(t.total)}分四舍五入应为{fmt(expected)}分，表中取整为"
                f"{fmt(t.total_rounded)}分（截尾取整）",
                severity=ctx.severity("truncation"), expected=expected, actual=t.total_rounded,
                difference=t.total_rounded - expected, locations=locs)
        else:
            yield ctx.finding(
                f"总分{fmt(t.total)}分四舍五入应为{fmt(expected)}分，表中取整为"
                f"{fmt(t.total_rounded)}分（相差{fmt(abs(t.total_rounded - expected))}分）",
                expected=expected, actual=t.total_rounded,
                difference=t.total_rounded - expected, locations=locs)


@rule("score.grade", "grade", "error",
      binding="the table's total and grade; the text's grade of this report (another period's or rater's is skipped): error; raw and rounded totals in different bands: warning")
def score_grade(ctx: Context) -> Iterator[Finding | None]:
    """The grade matches the band of the total, in the table and in the text.

    Bands printed in the report itself (facts of kind ``grade_band``) win over grades.toml's
    default set (财预〔2020〕10号: 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60). Raw and rounded
    totals falling in different bands is a warning.
    """
    t = ctx.report.score
    if t is None:
        return
    band_set = bands(ctx)
    total = t.total if t.total is not None else t.total_rounded
    texts = ctx.facts(GradeFact)
    if total is None:
        return
    graded = ctx.round(total, 0) if band_set.round_first else total
    band = band_for(band_set, graded)
    if band is None:
        graded = ctx.round(total, 0)
        band = band_for(band_set, graded)
    if band is None:
        return
    score_loc = (_loc(ctx, t.total_row, "score") if t.total_row and t.total is not None
                 else _loc(ctx, t.rounded_row, "score") if t.rounded_row
                 else ctx.at_cell(None))
    accepted = {canonical(ctx, band.grade)}
    if t.total is not None and t.total_rounded is not None:
        # raw and rounded totals in different bands: either grade is defensible (warned below)
        for v in (t.total, t.total_rounded):
            b = band_for(band_set, v)
            if b is not None:
                accepted.add(canonical(ctx, b.grade))
    if t.grade and t.grade_ref is not None and canonical(ctx, t.grade) not in accepted:
        yield ctx.finding(
            f"总分{fmt(total)}分对应等级为“{band.grade}”（{band.describe()}，{band_set.source}），"
            f"表中等级为“{t.grade}”",
            expected=band.grade, actual=t.grade,
            locations=[score_loc, ctx.at_cell(t.grade_ref, "等级")])
    for f in texts:
        if not own_period(ctx, f):
            continue  # 上年度评价等级为“优”, a unit's 自评等级 in a third-party report
        g = str(f.value) if f.value is not None else ""
        if g and canonical(ctx, g) not in accepted:
            yield ctx.finding(
                f"正文等级“{g}”与总分{fmt(total)}分对应的等级“{band.grade}”"
                f"（{band.describe()}）不一致",
                expected=band.grade, actual=g, locations=[ctx.at_fact(f, "正文等级"), score_loc])
    if t.total is not None and t.total_rounded is not None:
        raw, rounded = band_for(band_set, t.total), band_for(band_set, t.total_rounded)
        if raw is not None and rounded is not None and raw.grade != rounded.grade:
            yield ctx.finding(
                f"总分{fmt(t.total)}分（“{raw.grade}”）取整为{fmt(t.total_rounded)}分后为"
                f"“{rounded.grade}”，原始分与取整分处于不同等级区间",
                severity="warning", expected=raw.grade, actual=rounded.grade,
                locations=[_loc(ctx, t.total_row, "score") if t.total_row else score_loc,
                           _loc(ctx, t.rounded_row, "score") if t.rounded_row else score_loc])
