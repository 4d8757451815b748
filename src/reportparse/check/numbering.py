"""Heading numbering: siblings of one heading family run 1, 2, 3 … without gaps or repeats
(``domain.md`` §3: gaps and duplicates are findings, never parse failures)."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import Finding, Section
from .engine import Context, rule


def _siblings(nodes: list[Section]) -> Iterator[list[Section]]:
    yield nodes
    for n in nodes:
        yield from _siblings(n.children)


@rule("numbering.sequence", "numbering", "warning")
def numbering_sequence(ctx: Context) -> Iterator[Finding | None]:
    """Sibling headings of the same family are numbered 1, 2, 3 … : a repeated number, a
    skipped number or a list not starting at 1 is a warning (岳阳 2018: 1.…4.…4.…5.)."""
    skip = set(ctx.params.get("skip_families", []))
    for sibs in _siblings(ctx.report.sections):
        by_family: dict[str, list[Section]] = {}
        for s in sibs:
            if s.value is not None and s.family not in skip:
                by_family.setdefault(s.family, []).append(s)
        for secs in by_family.values():
            prev: Section | None = None
            for i, s in enumerate(secs):
                want = 1 if prev is None else prev.value + 1  # type: ignore[operator]
                # after a repeat, the number the position calls for is right too (1 2 2 4)
                if s.value == want or (prev is not None and s.value == i + 1 > prev.value):
                    prev = s
                    continue
                if prev is not None and s.value == prev.value:
                    msg = f"标题编号“{s.number.strip()}”重复（“{prev.heading}”与“{s.heading}”）"
                elif prev is not None and s.value < want:  # type: ignore[operator]
                    msg = (f"标题编号“{s.number.strip()}”倒序（前一标题为"
                           f"“{prev.number.strip()}”）")
                elif prev is None:
                    msg = f"标题编号从“{s.number.strip()}”开始，缺少前面的编号"
                else:
                    missing = s.value - want  # type: ignore[operator]
                    msg = (f"标题编号“{prev.number.strip()}”之后为“{s.number.strip()}”，"
                           f"缺少{missing}个编号")
                locs = ([ctx.at_section(prev)] if prev is not None else []) + [ctx.at_section(s)]
                yield ctx.finding(msg, expected=str(want), actual=str(s.value), locations=locs)
                prev = s
