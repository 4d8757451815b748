"""Parts of a stated total add up: 其中 rows, funding sources, 合计 rows, narrative breakdowns.

Sources: 自评表 budget blocks (:class:`~reportparse.models.SelfEvalTable`, rows with
``part_of``), funding tables (:class:`~reportparse.models.AmountTable`: 其中 rows and 合计/小计
rows), and narrative ``money_total`` facts with their parts (``总投资为6600万元，资金来源为…
6000万元、…600万元``). Money is compared in 元 at the resolution each figure was written with;
hedged figures (约/余/多) only bound the sum.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..models import (AmountTable, Figure, Finding, Location, MoneyTotalFact, Number, Ref,
                      SelfEvalTable)
from .engine import Context, rule
from .tolerance import HALF, fmt, number_interval
from .values import as_number, fact_number, show

_BUDGET_COLS = (("planned", "年初预算数"), ("budget", "全年预算数"), ("executed", "全年执行数"))


def _check_parts(ctx: Context, what: str, total: Number, parts: list[Number],
                 locs: list[Location], complete: bool = True) -> Finding | None:
    """One comparison of a total with its parts (intervals: precision and hedges). Parts that
    may be incomplete (``complete=False``: one 其中 item, a list with 等/含) can only
    contradict the total by exceeding it, and that binding is less sure: a warning."""
    computed = sum((p.value for p in parts), Decimal(0))
    diff = total.value - computed
    if diff == 0 or (not complete and diff > 0):
        return None
    acc = number_interval(parts[0], ctx.approx)
    for p in parts[1:]:
        acc = acc + number_interval(p, ctx.approx)
    tot = number_interval(total, ctx.approx)
    all_exact = total.exact and all(p.exact for p in parts)
    tol = (sum((p.quantum for p in parts), Decimal(0)) + total.quantum) * HALF if all_exact \
        else None
    if acc.overlaps(tot):
        if not all_exact or not complete:
            return None  # a hedged figure only bounds: consistent
        return ctx.finding(
            f"{what}{show(total.value, total)}，与各组成部分合计{show(computed, total)}相差"
            f"{show(abs(diff), total)}，在四舍五入尾差允许范围内",
            severity=ctx.severity("residue"), expected=show(computed, total),
            actual=show(total.value, total), difference=show(diff, total),
            tolerance=show(tol, total) if tol is not None else None, locations=locs)
    hint = ""
    for factor in (Decimal(10) ** 4, Decimal(10) ** 3, Decimal(10) ** 8):
        if computed and total.value in (computed * factor, computed / factor):
            hint = f"，疑似单位错误（相差{fmt(factor)}倍）"
    if not complete:
        return ctx.finding(
            f"{what}{show(total.value, total)}，小于其中所列部分之和{show(computed, total)}"
            f"（相差{show(abs(diff), total)}）{hint}", severity="warning",
            expected=f"≥{show(computed, total)}", actual=show(total.value, total),
            difference=show(diff, total), locations=locs)
    return ctx.finding(
        f"{what}{show(total.value, total)}，与各组成部分合计{show(computed, total)}不一致"
        f"（相差{show(abs(diff), total)}）{hint}",
        expected=show(computed, total), actual=show(total.value, total),
        difference=show(diff, total), tolerance=show(tol, total) if tol is not None else None,
        locations=locs)


def _num(fig: Figure | None) -> Number | None:
    if fig is None or fig.number is None or fig.number.unit == "%":
        return None
    return fig.number


def _self_eval(ctx: Context, t: SelfEvalTable) -> Iterator[Finding | None]:
    for i, parent in enumerate(t.budget):
        kids = [r for r in t.budget if r.part_of == i]
        if not kids:
            continue
        for key, word in _BUDGET_COLS:
            total = _num(getattr(parent, key))
            parts = [_num(getattr(k, key)) for k in kids]
            if total is None or any(p is None for p in parts):
                continue
            locs = [ctx.at_cell(getattr(parent, key).ref, f"{parent.name} {word}")] + [
                ctx.at_cell(getattr(k, key).ref, f"{k.name} {word}") for k in kids]
            yield _check_parts(ctx, f"“{parent.name}”{word}", total, parts, locs)  # type: ignore[arg-type]


def _amounts(ctx: Context, t: AmountTable) -> Iterator[Finding | None]:
    groups: list[tuple[int, list[int]]] = []
    for i, _row in enumerate(t.rows):
        kids = [j for j, r in enumerate(t.rows) if r.part_of == i]
        if kids:
            groups.append((i, kids))
    start = 0
    for i, row in enumerate(t.rows):
        if row.total and row.part_of is None:
            members = [j for j in range(start, i)
                       if t.rows[j].part_of is None and not t.rows[j].total]
            if members:
                groups.append((i, members))
            start = i + 1
    for parent_i, kids in groups:
        parent = t.rows[parent_i]
        for col, fig in parent.values.items():
            total = _num(fig)
            figs = [t.rows[j].values.get(col) for j in kids]
            parts = [_num(f) for f in figs]
            if total is None or any(p is None for p in parts):
                continue
            locs = [ctx.at_cell(fig.ref, f"{parent.name} {col}")] + [
                ctx.at_cell(f.ref, f"{t.rows[j].name} {col}") for j, f in zip(kids, figs) if f]
            yield _check_parts(ctx, f"“{parent.name}”{col}", total, parts,  # type: ignore[arg-type]
                               locs + _left_out(ctx, t, fig, figs))


def _left_out(ctx: Context, t: AmountTable, total: Figure, figs: list[Figure | None]) -> list[Location]:
    """The stray cells the table reader left out of this column's rows (``table.stray_value``
    notes between its first part and its total), so a reviewer sees what was not added."""
    rows = [f.ref.row for f in (total, *figs)
            if f is not None and f.ref is not None and f.ref.row is not None]
    if total.ref is None or not rows:
        return []
    out = []
    for n in t.notes:
        p = n.provenance
        if n.code == "table.stray_value" and p is not None and p.col == total.ref.col \
                and p.row is not None and min(rows) < p.row < max(rows):
            out.append(ctx.at_cell(Ref(block=t.table, row=p.row, col=p.col), "版面残留，未计入"))
    return out


def _fact_groups(facts: list[MoneyTotalFact]
                 ) -> list[tuple[MoneyTotalFact, list[tuple[Number | None, str,
                                                            tuple[int, int] | None]]]]:
    """Each ``money_total`` with its parts (``data.parts``: label, value, number, text and
    span each)."""
    out = []
    for f in facts:
        parts = [(as_number(p.number) or as_number(p.value, "元"), p.text, p.span)
                 for p in f.data.parts]
        if parts:
            out.append((f, parts))
    return out


@rule("money.parts", "money_sum", "error",
      binding="其中/合计 rows of one table, or a total and its 其中 parts in one sentence: certain; "
              "error; parts that may be incomplete only contradict by exceeding it: warning")
def money_parts(ctx: Context) -> Iterator[Finding | None]:
    """The parts of a stated money total add up to it (其中 rows, 合计 rows, funding sources).

    Compared in 元 at each figure's written resolution; a hedged part or total only bounds.
    """
    for t in ctx.report.typed_tables:
        if isinstance(t, SelfEvalTable):
            yield from _self_eval(ctx, t)
        elif isinstance(t, AmountTable):
            yield from _amounts(ctx, t)
    for total_fact, parts in _fact_groups(ctx.facts(MoneyTotalFact)):
        total = fact_number(total_fact, "元")
        numbers = [n for n, _, _ in parts]
        if total is None or any(n is None for n in numbers):
            continue
        what = total_fact.data.label or total_fact.data.entity or "总额"
        locs = [ctx.at_fact(total_fact, what)]
        for _, text, span in parts:
            locs.append(ctx.at_fact(total_fact, "组成部分", span=span, text=text))
        yield _check_parts(ctx, f"正文{what}", total, numbers, locs,  # type: ignore[arg-type]
                           complete=not total_fact.data.open)
