"""Attach captions and unit lines to tables (format-neutral).

A caption is the short paragraph right before a table that names it (``绩效评估得分总体情况表``,
``老旧小区主要改造内容``) or a ``表N …`` line right after it. A ``单位：万元`` line next to a table
is its unit. Such paragraphs stay in the block list (reading order) with ``role`` set, so
renderers can skip them and nothing is lost.
"""

from __future__ import annotations

import regex

from ..models import Block, Paragraph, Table

_UNIT = regex.compile(r"^[（(]?\s*+(?:金额|货币|计量)?单位\s*+[:：]\s*+(?P<unit>[^\s)）]{1,12}+)\s*+[)）]?$")
_TABLE_NO = regex.compile(r"^(?:附表|表)\s*+[0-9０-９一二三四五六七八九十\-－.．]{1,8}+")
_ENDS_SENTENCE = tuple("。；;！？!?：:，,")
MAX_CAPTION = 40


def _is_caption(p: Paragraph, before: bool) -> bool:
    t = p.text.strip()
    if p.role != "body" or not t or len(t) > MAX_CAPTION:
        return False
    if _TABLE_NO.match(t):
        return True
    return before and not t.endswith(_ENDS_SENTENCE)


def attach(blocks: list[Block], is_heading: set[int]) -> None:
    for i, b in enumerate(blocks):
        if not isinstance(b, Table):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(blocks) and isinstance(blocks[j], Paragraph) and j not in is_heading:
                p = blocks[j]
                assert isinstance(p, Paragraph)
                m = _UNIT.match(p.text.strip())
                if m and b.unit is None:
                    b.unit = m.group("unit")
                    p.role = "unit"
        for j in (i - 1, i - 2, i + 1):
            if b.caption:
                break
            if not (0 <= j < len(blocks)) or j in is_heading:
                continue
            p = blocks[j]
            if not isinstance(p, Paragraph):
                continue
            if j == i - 2 and not (isinstance(blocks[i - 1], Paragraph)
                                   and blocks[i - 1].role == "unit"):  # type: ignore[union-attr]
                continue
            if _is_caption(p, before=j < i):
                b.caption = p.text.strip()
                p.role = "caption"
