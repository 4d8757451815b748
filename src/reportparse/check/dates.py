"""Dates in the order events happen: 立项 ≤ 申请 ≤ 批复 ≤ … ≤ 验收 ≤ 评价日 ≤ 报告日.

Reads facts of kind ``date``: ``value`` an ISO date (``2022-06-07``, ``2022-06`` or ``2022``, a
``datetime.date``, or ``data`` with ``year``/``month``/``day``); the event is ``data.event``,
else the first keyword of ``[rules."dates.order".events]`` in the fact's quoted text. Partial
dates compare at the precision both share. The report date (``meta.report_date``) closes the
sequence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import regex as re

from ..models import DateData, DateFact, Finding, Location
from .engine import Context, rule

_ISO = re.compile(r"(\d{4})(?:\D{1,2}(\d{1,2}))?(?:\D{1,2}(\d{1,2}))?")


def as_date(value: Any, data: DateData | None = None) -> tuple[int, ...] | None:
    """(year, month?, day?) from an ISO-like string, a date, or year/month/day data."""
    if isinstance(value, (dt.date, dt.datetime)):
        return (value.year, value.month, value.day)
    if data is not None and data.year:
        parts = [data.year, data.month, data.day]
        out = []
        for p in parts:
            if p is None:
                break
            out.append(int(p))
        return tuple(out)
    if isinstance(value, str):
        m = _ISO.search(value)
        if m:
            return tuple(int(g) for g in m.groups() if g)
    return None


def _show(d: tuple[int, ...]) -> str:
    return "".join(f"{v}{u}" for v, u in zip(d, "年月日"))


def _event(ctx: Context, f: DateFact) -> str | None:
    """The event a date belongs to: ``data.event``, else the configured keyword nearest to
    the date in its sentence (``data.context``, else the fact's text)."""
    if f.data.event:
        return f.data.event
    context = f.data.context or f.text
    at = max(context.find(f.text), 0) if f.text else 0
    events: dict[str, list[str]] = ctx.params.get("events", {})
    best: tuple[int, str] | None = None
    for name, words in events.items():
        for w in words:
            for m in re.finditer(re.escape(w), context):
                dist = m.start() - at - len(f.text) if m.start() >= at else at - m.end()
                if best is None or abs(dist) < best[0]:
                    best = (abs(dist), name)
    return best[1] if best else None


@rule("dates.order", "dates", "warning",
      binding="events recognised by keywords in their sentence: likely; warning")
def dates_order(ctx: Context) -> Iterator[Finding | None]:
    """Dated events happen in the configured order (立项 → 申请 → 批复 → … → 验收 → 评价
    → 报告); each inversion is reported once."""
    order: list[str] = list(ctx.params.get("order", []))
    rank = {e: i for i, e in enumerate(order)}
    dated: list[tuple[int, tuple[int, ...], str, Location]] = []
    for f in ctx.facts(DateFact):
        d = as_date(f.value, f.data)
        ev = _event(ctx, f)
        if d is None or ev not in rank:
            continue
        dated.append((rank[ev], d, ev, ctx.at_fact(f, ev)))  # type: ignore[index]
    rd = as_date(ctx.report.meta.report_date) if ctx.report.meta.report_date else None
    if rd is not None and "报告" in rank:
        dated.append((rank["报告"], rd, "报告", Location(file=ctx.report.source.path,
                                                        text=ctx.report.meta.report_date or "",
                                                        label="报告日期")))
    seen: set[tuple[str, str]] = set()
    for ra, da, ea, la in dated:
        for rb, db, eb, lb in dated:
            if ra >= rb:
                continue
            n = min(len(da), len(db))
            if da[:n] > db[:n] and (ea, eb) not in seen:
                seen.add((ea, eb))
                yield ctx.finding(
                    f"{ea}日期{_show(da)}晚于{eb}日期{_show(db)}，时间顺序不合理",
                    expected=f"{ea} ≤ {eb}", actual=f"{_show(da)} > {_show(db)}",
                    locations=[la, lb])
