"""Stated counts against what is listed (``domain.md`` §7 ``count``).

Reads narrative facts of kind ``count``: ``value`` the stated N (a Number, int or Decimal),
``data["items"]`` the names enumerated with it, ``data["marker"]`` the word introducing or
closing the list (即/分别为/包括 → the list must be complete; 等 → it may be partial), and
``data["noun"]``. Named items are also looked up in item-list tables
(:class:`~reportparse.models.ItemList`): when some group holds all the names, one such group
should hold N items ("蒙维小区、民生A区等14个" = the 14 rows of group 一).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import Fact, Finding, ItemList
from .engine import Context, rule
from .values import fact_number


def _marker(ctx: Context, f: Fact, kind: str) -> bool:
    words = ctx.param(f"{kind}_markers", [])
    m = f.data.get("marker")
    if m is not None:
        return str(m) in words
    if kind == "partial":
        return bool(f.data.get("partial"))
    return bool(f.data.get("complete"))


@rule("count.items", "count", "error")
def count_items(ctx: Context) -> Iterator[Finding | None]:
    """"N个" matches the items listed: an exact list (即/分别为/包括) names exactly N, a
    partial one (等) at most N; named items found in a table group should give a group of N
    (warning, since the binding is inferred)."""
    lists = [t for t in ctx.report.typed_tables if isinstance(t, ItemList)]
    for f in ctx.facts("count"):
        n = fact_number(f)
        if n is None or not n.exact:
            continue
        stated = int(n.value)
        items = [str(x) for x in f.data.get("items") or []]
        noun = str(f.data.get("noun") or "")
        loc = ctx.at_fact(f, f"{stated}个{noun}")
        if items and _marker(ctx, f, "complete") and len(items) != stated:
            yield ctx.finding(
                f"正文称{noun or '数量'}{stated}个，但其后列举{len(items)}个"
                f"（{'、'.join(items)}）",
                expected=str(stated), actual=str(len(items)),
                difference=str(len(items) - stated), locations=[loc])
            continue
        if items and len(items) > stated:
            yield ctx.finding(
                f"正文称{noun or '数量'}{stated}个，但列举了{len(items)}个（{'、'.join(items)}）",
                expected=f"≤{stated}", actual=str(len(items)),
                difference=str(len(items) - stated), locations=[loc])
            continue
        if not items:
            continue
        holding = [(t, g) for t in lists for g in t.groups
                   if all(any(it == x.name or it in x.name for x in g.items) for it in items)]
        if holding and not any(len(g.items) == stated for _, g in holding):
            t, g = holding[0]
            title = g.title or t.caption or "明细表"
            yield ctx.finding(
                f"正文“{'、'.join(items)}等{stated}个{noun}”与表中“{title}”所列{len(g.items)}项不一致",
                severity="warning", expected=str(stated), actual=str(len(g.items)),
                difference=str(len(g.items) - stated),
                locations=[loc, ctx.at_cell(g.ref, title)])
