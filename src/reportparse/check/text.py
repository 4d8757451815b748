"""Narrative figures against the tables, and repeated facts against each other
(``domain.md`` §7 ``text_table`` / ``repeated_fact``).

Reads facts of kind ``total_score`` (``得分为86分``, ``综合评价得分86.47分``) and compares them
with the main score table at the precision the text writes (``86分`` agrees with 86.47 and
with the 总分（取整） 86); ``indicator_score`` facts with the indicator's row. Repeated facts —
every ``total_score`` and ``grade``, counts bound to the same item group or list, money totals
of the same entity — must agree with each other.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..extract.numbers import agrees
from ..models import Fact, Finding, Number
from .engine import Context, rule
from .tolerance import fmt
from .values import fact_number


def _agree(ctx: Context, a: Number, b: Number) -> bool:
    """Two statements agree when the less precise one agrees with the more precise one."""
    lo, hi = sorted((a, b), key=lambda n: (n.exact, -n.quantum))
    if not hi.exact:
        return True  # two hedges: nothing to contradict reliably
    return agrees(lo, hi.value, approx=ctx.approx)


@rule("text.score", "text_table", "error")
def text_score(ctx: Context) -> Iterator[Finding | None]:
    """A total score stated in the text equals the score table's 总分 (or 总分（取整）) at
    the precision the text writes it."""
    t = ctx.report.score
    if t is None or (t.total is None and t.total_rounded is None):
        return
    for f in ctx.facts("total_score"):
        n = fact_number(f, "分")
        if n is None:
            continue
        ok = any(v is not None and agrees(n, v, approx=ctx.approx)
                 for v in (t.total, t.total_rounded))
        if ok:
            continue
        table_val = t.total if t.total is not None else t.total_rounded
        row = t.total_row if t.total is not None else t.rounded_row
        yield ctx.finding(
            f"正文总分{fmt(n.value)}分与评分表总分{fmt(table_val)}分不一致"
            f"（相差{fmt(abs(n.value - table_val))}分）",  # type: ignore[operator]
            expected=table_val, actual=n.value, difference=n.value - table_val,  # type: ignore[operator]
            locations=[ctx.at_fact(f, "正文总分"),
                       ctx.at_cell(row.cells.get("score") if row else None, "评分表总分")])


def _key(f: Fact) -> tuple[str, str] | None:
    """What a fact is *about*; two facts with one key must agree. Counts are bound to their
    item group (a partial list) or their exact item list, never to a bare noun; money totals
    to their entity (总投资)."""
    if f.kind in ("total_score", "grade"):
        return (f.kind, "")
    if f.kind == "count":
        groups = f.data.get("groups") or []
        if f.data.get("list") == "partial" and len(groups) == 1:
            g = groups[0]
            return ("count", f"{f.data.get('noun')}@{g.get('table')}:{g.get('group')}")
        items = f.data.get("items") or []
        if f.data.get("list") == "exact" and items:
            return ("count", "、".join(sorted(map(str, items))))
        return None
    ent = f.data.get("entity")
    if f.kind != "money_total" or not ent:
        return None  # other amounts (预算资金 of which year?) are too loosely bound to compare
    return (f.kind, str(ent))


@rule("text.repeated", "text_table", "error")
def text_repeated(ctx: Context) -> Iterator[Finding | None]:
    """The same fact stated twice (total score, grade, a count of the same item group, a money
    total of the same entity) has the same value each time."""
    groups: dict[tuple[str, str], list[Fact]] = {}
    for f in ctx.report.facts:
        k = _key(f)
        if k is not None:
            groups.setdefault(k, []).append(f)
    for (kind, ent), facts in groups.items():
        first = facts[0]
        a = fact_number(first)
        for other in facts[1:]:
            b = fact_number(other)
            if a is not None and b is not None:
                if _agree(ctx, a, b):
                    continue
                exp = first.text or a.text or fmt(a.value)
                act = other.text or b.text or fmt(b.value)
            else:
                va, vb = str(first.value), str(other.value)
                if va == vb:
                    continue
                exp, act = va, vb
            what = {"total_score": "总分", "grade": "等级"}.get(kind) or \
                str((first.data.get("noun") if kind == "count" else first.data.get("entity"))
                    or ent.split("/")[0])
            yield ctx.finding(
                f"“{what}”前后表述不一致：先为“{exp}”，后为“{act}”",
                expected=exp, actual=act,
                locations=[ctx.at_fact(first, what), ctx.at_fact(other, what)])




@rule("text.indicator", "text_table", "error")
def text_indicator(ctx: Context) -> Iterator[Finding | None]:
    """An indicator score stated in the text (``决策指标得分12.30分``) equals that indicator's
    得分 in the score table (matched by the longest indicator name in its label)."""
    t = ctx.report.score
    if t is None:
        return
    rows = [r for r in t.walk() if r.score is not None and r.name]
    for f in ctx.facts("indicator_score"):
        label = str(f.data.get("label") or f.text)
        cands = [r for r in rows if r.name in label]
        n = fact_number(f, "分")
        if not cands or n is None:
            continue
        row = max(cands, key=lambda r: len(r.name))
        if agrees(n, row.score, approx=ctx.approx):  # type: ignore[arg-type]
            continue
        yield ctx.finding(
            f"正文“{row.name}”得分{fmt(n.value)}分与评分表{fmt(row.score)}分不一致"
            f"（相差{fmt(abs(n.value - row.score))}分）",  # type: ignore[operator]
            expected=row.score, actual=n.value, difference=n.value - row.score,  # type: ignore[operator]
            locations=[ctx.at_fact(f, f"正文{row.name}得分"),
                       ctx.at_cell(row.cells.get("score"), f"{row.name} 得分")])
