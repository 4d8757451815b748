"""Weight policy: 产出 + 效益 weights of the score table (财预〔2020〕10号 guidance)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..models import Finding
from .engine import Context, rule
from .tolerance import fmt


@rule("weight_policy.output_outcome", "weight_policy", "info",
      binding="the main table's level-1 weights: certain, but a policy, not an error: info")
def weight_output_outcome(ctx: Context) -> Iterator[Finding | None]:
    """产出 + 效益 indicators weigh at least ``min`` (60) points in the main score table."""
    t = ctx.report.score
    if t is None:
        return
    words = list(ctx.params["output"]) + list(ctx.params["outcome"])
    rows = [r for r in t.rows if r.max_score is not None and any(w in r.name for w in words)]
    if not rows:
        return
    total = sum((r.max_score for r in rows if r.max_score is not None), Decimal(0))
    floor = Decimal(str(ctx.params.get("min", 60)))
    if total < floor:
        names = "、".join(r.name for r in rows)
        yield ctx.finding(
            f"{names}指标权重合计{fmt(total)}分，低于{fmt(floor)}分的要求",
            expected=f"≥{fmt(floor)}", actual=total, difference=total - floor,
            locations=[ctx.at_cell(r.cells.get("max_score"), f"{r.name} 分值") for r in rows])
