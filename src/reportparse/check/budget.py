"""Budget execution (自评表 budget block): 执行率 = 执行数 ÷ 预算数, 得分 = min(执行率, 1) × 分值.

Reads :class:`~reportparse.models.SelfEvalTable` rows (``report.typed_tables``). The rate is
recomputed from the printed 全年执行数 ÷ 全年预算数 at the printed decimals (never ÷ 年初预算数:
a row without 全年预算数 is not checked);
the score is accepted when it matches the exact ratio *or* the printed rate times 分值, at the
decimals the score shows (执行率 99.97% × 10 = 9.997 → 10.00).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..extract.numbers import decimals
from ..models import Finding, SelfEvalTable
from .engine import Context, rule
from .tolerance import fmt
from .values import figure_value

HUNDRED = Decimal(100)
ONE = Decimal(1)


@rule("budget.rate", "budget_rate", "error",
      binding="one 自评表 budget row (全年执行数 ÷ 全年预算数, 得分 ÷ 分值): certain; error, one unit in the last place info")
def budget_rate(ctx: Context) -> Iterator[Finding | None]:
    """执行率 = 全年执行数 ÷ 全年预算数, and its 得分 = min(执行率, 100%) × 分值, capped.

    One unit off in the last printed place is info; more is an error.
    """
    for t in ctx.report.typed_tables:
        if not isinstance(t, SelfEvalTable):
            continue
        for row in t.budget:
            executed_fig, executed = row.executed, figure_value(row.executed)
            budget_fig = row.budget  # 全年预算数: never 年初预算数, a different quantity
            budget = figure_value(budget_fig)
            if executed is None or not budget or executed_fig is None or budget_fig is None:
                continue
            exact = executed / budget
            locs = [ctx.at_cell(row.executed.ref if row.executed else None, f"{row.name} 执行数"),
                    ctx.at_cell(budget_fig.ref if budget_fig else None, f"{row.name} 预算数")]
            stated_rate = None
            if row.rate is not None and row.rate.number is not None and row.rate.number.exact:
                stated_rate = row.rate.number.value
                yield ctx.ratio_finding(
                    f"“{row.name}”执行率", exact, stated_rate, f"{fmt(stated_rate)}%",
                    row.rate.number.precision,
                    f"{executed_fig.text.strip()}÷{budget_fig.text.strip()}",
                    [ctx.at_cell(row.rate.ref, f"{row.name} 执行率")] + locs)
            score, cap = figure_value(row.score), figure_value(row.max_score)
            if score is None or cap is None:
                continue
            places = decimals(row.score.number.value) if row.score and row.score.number else 0
            rates = [exact] + ([stated_rate / HUNDRED] if stated_rate is not None else [])
            candidates = [ctx.round(min(r, ONE) * cap, places) for r in rates]
            if score in candidates:
                continue
            expected = candidates[0]
            _, sev = ctx.misprint(score, expected, places)
            rate_txt = fmt(stated_rate) if stated_rate is not None else fmt(
                ctx.round(exact * HUNDRED, 2))
            yield ctx.finding(
                f"“{row.name}”得分应为{fmt(expected)}分（执行率{rate_txt}%×分值{fmt(cap)}分），"
                f"表中为{fmt(score)}分（相差{fmt(abs(score - expected))}分）",
                severity=sev,
                expected=expected, actual=score, difference=score - expected,
                locations=[ctx.at_cell(row.score.ref if row.score else None, f"{row.name} 得分"),
                           ctx.at_cell(row.max_score.ref if row.max_score else None,
                                       f"{row.name} 分值")] + locs)
