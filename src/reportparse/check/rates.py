"""Rates that cannot exceed 100%: 执行率, 得分率, 满意度, 到位率, 使用率 … (``checks.toml``
``[rates] capped``; 完成率 and 增长率 may exceed 100% and are not listed)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..models import AmountTable, Finding, RateFact, SelfEvalTable
from .engine import Context, rule
from .tolerance import fmt
from .values import fact_number

HUNDRED = Decimal(100)


@rule("percent.range", "over_max", "error",
      binding="a rate whose own header or label names a capped rate (执行率…): certain; error")
def rate_capped(ctx: Context) -> Iterator[Finding | None]:
    """A capped rate (执行率, 满意度, 到位率, 使用率 …) lies within 0%–100%, in the 自评表
    budget block, in funding-table columns and in the text."""
    words = list(ctx.config.get("rates", {}).get("capped", []))

    def capped(label: str) -> bool:
        return any(w in label for w in words)

    def bad(v: Decimal) -> bool:
        return v > HUNDRED or v < 0

    for t in ctx.report.typed_tables:
        cells = []
        if isinstance(t, SelfEvalTable):
            cells = [(f"{b.name} 执行率", b.rate) for b in t.budget]
        elif isinstance(t, AmountTable):
            cells = [(f"{r.name} {col}", fig) for r in t.rows for col, fig in r.values.items()
                     if capped(col)]
        for label, fig in cells:
            n = fig.number if fig is not None else None
            if n is not None and n.exact and n.unit in ("%", None) and bad(n.value):
                yield ctx.finding(f"“{label}”为{fmt(n.value)}%，超出0%–100%的范围",
                                  expected="0%–100%", actual=f"{fmt(n.value)}%",
                                  locations=[ctx.at_cell(fig.ref, label)])  # type: ignore[union-attr]
    for f in ctx.facts(RateFact):
        label = f.data.label or ""
        n = fact_number(f, "%")
        if capped(label) and n is not None and n.exact and bad(n.value):
            yield ctx.finding(f"正文{label}{fmt(n.value)}%，超出0%–100%的范围",
                              expected="0%–100%", actual=f"{fmt(n.value)}%",
                              locations=[ctx.at_fact(f, label)])
