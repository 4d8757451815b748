"""Heading numbering: siblings of one heading family run 1, 2, 3 … without gaps or repeats
(``domain.md`` §3: gaps and duplicates are findings, never parse failures).

Only a gap the printed document really has is a finding. The outline is an inference, so a
number missing from the headings is first looked for in the text between them: a list item
the structure stage kept as a paragraph (``12、…`` between the headings ``11、`` and
``13、``), a heading glued to the line before it (``一、部门主要职能二、部门机构设置``) or a
note (``注：1.…``) means the document has the number and the outline missed it. Numbering
that continues across sub-sections (1–5 under （一）, 6–9 under （二）) and a list that starts
again at 1 are styles, not gaps; a repeated heading with the same title is a table-of-contents
line and its body heading.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import Finding, Paragraph, Section
from ..structure.grammar import Grammar, grammar
from .engine import Context, rule

_NUMERAL_CHARS = "0123456789０１２３４５６７８９一二三四五六七八九十（(①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩第"
_NUMERAL_BEFORE = "0123456789０１２３４５６７８９一二三四五六七八九十百零〇.．"


def _siblings(nodes: list[Section], parent: Section | None = None
              ) -> Iterator[tuple[Section | None, list[Section]]]:
    yield parent, nodes
    for n in nodes:
        yield from _siblings(n.children, n)


def _kind(g: Grammar, family: str) -> str:
    """The numeral kind of a family (arabic, cn, circled …): ``1．`` and ``3、`` are one list
    when a writer changes the punctuation halfway."""
    return next((f.numeral for f in g.families if f.name == family), family)


def _printed_values(g: Grammar, text: str, kind: str) -> set[int]:
    """Values of the markers of numeral ``kind`` printed anywhere in ``text`` (not inside a
    longer number: the 2 of 12、 or 2.5 is no marker)."""
    out: set[int] = set()
    for i, ch in enumerate(text):
        if ch not in _NUMERAL_CHARS or (i and text[i - 1] in _NUMERAL_BEFORE):
            continue
        m = g.match(text[i:i + 12])
        if m is not None and m.value is not None and m.family.numeral == kind:
            out.add(m.value)
    return out


class _Outline:
    """What the numbering rule needs to know about the document around a heading."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.g = grammar(ctx.patterns)
        self.order = sorted((s for top in ctx.report.sections for s in top.walk()
                             if s.heading_block is not None and s.value is not None),
                            key=lambda s: s.heading_block)  # type: ignore[arg-type,return-value]

    def between(self, first: Section | None, s: Section) -> str:
        """The heading text of ``first`` (the previous sibling or the parent) after its
        marker and every paragraph from it up to ``s``."""
        lo = first.heading_block if first is not None and first.heading_block is not None \
            else -1
        hi = s.heading_block if s.heading_block is not None else lo
        parts = [first.title] if first is not None else []
        blocks = self.ctx.report.blocks
        for i in range(lo + 1, min(hi, len(blocks))):
            b = blocks[i]
            if isinstance(b, Paragraph):
                parts.append(b.text)
        return "\n".join(parts)

    def printed(self, first: Section | None, s: Section, values: range) -> bool:
        """Are all ``values`` printed as markers of ``s``'s kind between ``first`` and ``s``?"""
        if not values:
            return True
        found = _printed_values(self.g, self.between(first, s), _kind(self.g, s.family))
        return all(v in found for v in values)

    def continues(self, s: Section) -> bool:
        """Does ``s`` continue the numbering of the nearest earlier heading of its kind (a list
        numbered across sub-sections, or one whose punctuation changed)?"""
        kind = _kind(self.g, s.family)
        earlier = [x for x in self.order if x.heading_block < s.heading_block  # type: ignore[operator]
                   and _kind(self.g, x.family) == kind]
        return bool(earlier) and earlier[-1].value == s.value - 1  # type: ignore[operator]

    def restarts(self, s: Section) -> bool:
        """Was ``s``'s kind of numbering used before, so that ``s`` opens a new run of it (the
        outline of a new part is the least certain: a gap there is only info)?"""
        kind = _kind(self.g, s.family)
        return any(x.heading_block < s.heading_block  # type: ignore[operator]
                   and _kind(self.g, x.family) == kind for x in self.order)


def _message(s: Section, prev: Section | None, want: int) -> str | None:
    if prev is not None and s.value == prev.value:
        if s.title.strip() == prev.title.strip():
            return None  # a table-of-contents line and the heading it points to
        return f"标题编号“{s.number.strip()}”重复（“{prev.heading}”与“{s.heading}”）"
    if prev is not None and s.value < want:  # type: ignore[operator]
        return f"标题编号“{s.number.strip()}”倒序（前一标题为“{prev.number.strip()}”）"
    if prev is None:
        return f"标题编号从“{s.number.strip()}”开始，缺少前面的编号"
    missing = s.value - want  # type: ignore[operator]
    return f"标题编号“{prev.number.strip()}”之后为“{s.number.strip()}”，缺少{missing}个编号"


def _explained(o: _Outline, parent: Section | None, prev: Section | None, s: Section,
               want: int) -> bool:
    """Is this break in the heading numbers a style or an outline miss, not a printed gap?"""
    v = s.value or 0
    if prev is None:
        return o.continues(s) or o.printed(parent, s, range(1, v))
    if v < want and v != prev.value:  # a list that starts again (1 … 13, then 1 …)
        return v == 1 or o.printed(prev, s, range(1, v))
    if v > want:
        return o.printed(prev, s, range(want, v))
    return False


@rule("numbering.sequence", "numbering", "warning",
      binding="sibling headings of one family in the outline: likely; warning; a family "
              "restarting past 1 in a new part: info")
def numbering_sequence(ctx: Context) -> Iterator[Finding | None]:
    """Sibling headings of the same family are numbered 1, 2, 3 … : a repeated number, a
    skipped number or a list not starting at 1 is a warning (岳阳 2018: 1.…4.…4.…5.).

    A number the outline lacks but the text prints (a list item kept as a paragraph, a
    heading glued to the previous line), numbering continued across sub-sections and a list
    restarting at 1 are not findings; a run of a numbering used before that starts past 1
    (a new part whose outline is less certain) is info."""
    skip = set(ctx.params.get("skip_families", []))
    outline = _Outline(ctx)
    for parent, sibs in _siblings(ctx.report.sections):
        by_family: dict[str, list[Section]] = {}
        for s in sibs:
            if s.value is not None and s.family not in skip:
                by_family.setdefault(s.family, []).append(s)
        for secs in by_family.values():
            prev: Section | None = None
            for i, s in enumerate(secs):
                want = 1 if prev is None else prev.value + 1  # type: ignore[operator]
                # after a repeat, the number the position calls for is right too (1 2 2 4)
                if s.value == want or (prev is not None and prev.value is not None
                                       and s.value == i + 1 > prev.value):
                    prev = s
                    continue
                msg = None if _explained(outline, parent, prev, s, want) else \
                    _message(s, prev, want)
                if msg is not None:
                    locs = ([ctx.at_section(prev)] if prev is not None else []) + [
                        ctx.at_section(s)]
                    sev = "info" if prev is None and outline.restarts(s) else None
                    yield ctx.finding(msg, severity=sev, expected=str(want),
                                      actual=str(s.value), locations=locs)
                prev = s
