"""自评表 scoring: the budget score and the indicator scores add up to the 总分, the weights to
100 and to each group's stated weight (``产出指标(50分)``), and no score exceeds its 分值.

Reads :class:`~reportparse.models.SelfEvalTable` (``report.typed_tables``): ``budget`` rows
(the top rows, not their 其中 parts, carry 分值/得分), ``indicators`` (``max_score``,
``score``, ``group_weight``, ``path``) and ``total``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..models import Figure, Finding, Location, SelfEvalTable
from .engine import Context, rule
from .score import sum_finding
from .tolerance import compare_sum, fmt
from .values import figure_value


def _scored(t: SelfEvalTable, key: str) -> list[tuple[str, Figure | None]]:
    """(name, figure) of every scored row: top budget rows, then indicators."""
    rows = [(b.name, getattr(b, key)) for b in t.budget if b.part_of is None
            and (b.max_score is not None or b.score is not None)]
    return rows + [(i.name, getattr(i, key)) for i in t.indicators]


def _sum(ctx: Context, what: str, whole: str, figs: list[tuple[str, Figure | None]],
         stated: Decimal, stated_loc: Location, word: str) -> Finding | None:
    values = [figure_value(f) for _, f in figs]
    if not figs or any(v is None for v in values):
        return None
    res = compare_sum(values, stated)  # type: ignore[arg-type]
    locs = [ctx.at_cell(f.ref if f else None, f"{n} {word}") for n, f in figs] + [stated_loc]
    return sum_finding(ctx, what, whole, res, locs)


def _tables(ctx: Context) -> list[SelfEvalTable]:
    return [t for t in ctx.report.typed_tables if isinstance(t, SelfEvalTable)]


@rule("selfeval.sum", "sum", "error",
      binding="rows of one 自评表: certain; error beyond the accumulated rounding, info within")
def selfeval_sum(ctx: Context) -> Iterator[Finding | None]:
    """自评表: the budget-execution score plus every indicator score add up to the 总分."""
    for t in _tables(ctx):
        total = figure_value(t.total)
        if total is None:
            continue
        yield _sum(ctx, "自评表各项得分合计", "总分", _scored(t, "score"), total,
                   ctx.at_cell(t.total.ref if t.total else None, "总分"), "得分")


@rule("selfeval.max_sum", "max_sum", "error",
      binding="a group's stated weight and its rows in one 自评表: certain; error")
def selfeval_max_sum(ctx: Context) -> Iterator[Finding | None]:
    """自评表: the 分值 of the indicators of a group add up to its stated weight
    (``产出指标(50分)``), and all 分值 (budget included) to 100 when a 总分 is stated."""
    for t in _tables(ctx):
        groups: dict[str, list[int]] = {}
        for i, ind in enumerate(t.indicators):
            if ind.group_weight is not None and ind.path:
                groups.setdefault(ind.path[0], []).append(i)
        for name, idx in groups.items():
            inds = [t.indicators[i] for i in idx]
            weight = inds[0].group_weight
            label_ref = inds[0].ref
            yield _sum(ctx, f"“{name}”下各指标分值合计", f"“{name}”权重", [
                (i.name, i.max_score) for i in inds], weight,  # type: ignore[arg-type]
                ctx.at_cell(label_ref, f"{name} 权重"), "分值")
        if t.total is not None:
            yield _sum(ctx, "自评表各项分值合计", "总分值", _scored(t, "max_score"),
                       Decimal(str(ctx.param("top_total", 100))),
                       ctx.at_cell(t.total.ref, "总分"), "分值")


@rule("selfeval.over_max", "over_max", "error",
      binding="得分 and 分值 of one 自评表 row: certain; error")
def selfeval_over_max(ctx: Context) -> Iterator[Finding | None]:
    """自评表: no 得分 exceeds its 分值 or falls below 0."""
    for t in _tables(ctx):
        for (name, mx), (_, sc) in zip(_scored(t, "max_score"), _scored(t, "score")):
            m, s = figure_value(mx), figure_value(sc)
            if s is None:
                continue
            if (m is not None and s > m) or s < 0:
                yield ctx.finding(
                    f"“{name}”得分{fmt(s)}分" + (f"超过分值{fmt(m)}分" if m is not None and s > m
                                                 else "为负数"),
                    expected=f"0–{fmt(m)}" if m is not None else "≥0", actual=s,
                    locations=[ctx.at_cell(sc.ref if sc else None, f"{name} 得分"),
                               ctx.at_cell(mx.ref if mx else None, f"{name} 分值")])
