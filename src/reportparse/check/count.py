"""Stated counts against what is listed (``domain.md`` §7 ``count``).

Reads narrative facts of kind ``count``: ``value`` the stated N (a Number, int or Decimal),
``data.items`` the names enumerated with it, ``data.list`` (``exact`` after 即/分别为/
包括 → the list must name N; ``partial`` with 等 → at most N; ``points`` — 一是/二是 points
of the paragraph, an inferred list: a mismatch is info; else ``data.marker`` against
the configured words), ``data.noun``. A partial list bound to item-list groups
(``data.groups`` from the extractor, else looked up in the
:class:`~reportparse.models.ItemList` tables) should have a group of N items ("蒙维小区、
民生A区等14个" = the 14 rows of group 一).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..models import CountFact, Finding, ItemList
from .engine import Context, rule
from .values import fact_number


def _marker(ctx: Context, f: CountFact, kind: str) -> bool:
    """Is the list after/before the count complete (``exact``) or ``partial``? From the
    extractor's ``data.list``, else from ``data.marker`` and the configured words."""
    listed = f.data.list
    if listed in ("exact", "partial"):
        return listed == ("exact" if kind == "complete" else "partial")
    m = f.data.marker
    return m is not None and m in ctx.param(f"{kind}_markers", [])


@rule("count.items", "count", "error",
      binding="a count and the list after 即/分别为/包括 in one sentence: certain; error; bound to a "
              "table group only by the names it lists: warning; 一是/二是 points as the list: info")
def count_items(ctx: Context) -> Iterator[Finding | None]:
    """"N个" matches the items listed: an exact list (即/分别为/包括) names exactly N, a
    partial one (等) at most N; named items found in a table group should give a group of N
    (warning, since the binding is inferred)."""
    lists = [t for t in ctx.report.typed_tables if isinstance(t, ItemList)]
    for f in ctx.facts(CountFact):
        n = fact_number(f)
        if n is None or not n.exact:
            continue
        stated = int(n.value)
        items = f.data.items
        noun = f.data.noun or ""
        loc = ctx.at_fact(f, f"{stated}个{noun}")
        if f.data.list == "points":  # 三个方面：一是…二是… may go on in the next paragraph
            if items and len(items) != stated:
                yield ctx.finding(
                    f"正文称{noun or '数量'}{stated}个，其后本段列出{len(items)}点"
                    f"（{'、'.join(items)}），其余可能在下文", severity="info",
                    expected=str(stated), actual=str(len(items)),
                    difference=str(len(items) - stated), locations=[loc])
            continue
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
        if not items or not _marker(ctx, f, "partial"):
            continue  # an exact list may name part of a table group ("四个小区")
        holding = _groups(f, lists, items)
        if holding and not any(n == stated for _, n, _ in holding):
            title, n_items, ref = holding[0]
            yield ctx.finding(
                f"正文“{'、'.join(items)}等{stated}个{noun}”与表中“{title}”所列{n_items}项不一致",
                severity="warning", expected=str(stated), actual=str(n_items),
                difference=str(n_items - stated),
                locations=[loc, ctx.at_cell(ref, title)])


def _groups(f: CountFact, lists: list[ItemList], items: list[str]
            ) -> list[tuple[str, int, Any]]:
    """(title, size, cell) of the item-list groups holding every named item: the extractor's
    binding ``data.groups`` when present, else a lookup in the item lists."""
    by_table = {t.table: t for t in lists}
    out = []
    bound = f.data.groups
    if bound is not None:
        for b in bound:
            t = by_table.get(b.table)
            g = t.groups[b.group] if t is not None and b.group < len(t.groups) else None
            out.append((b.title or (g.title if g else "") or "明细表", b.n_items,
                        g.ref if g else None))
        return out
    for t in lists:
        for g in t.groups:
            if all(any(it == x.name or it in x.name for x in g.items) for it in items):
                out.append((g.title or t.caption or "明细表", len(g.items), g.ref))
    return out
