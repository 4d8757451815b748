"""Attach captions and unit lines to tables (format-neutral).

A caption is the short paragraph right before a table that names it (``绩效评估得分总体情况表``,
``老旧小区主要改造内容``) or a ``表N …`` line right after it. A ``单位：万元`` line next to a table
is its unit. Such paragraphs stay in the block list (reading order) with ``role`` set, so
renderers can skip them and nothing is lost. Patterns: ``patterns/captions.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..models import Block, Paragraph, Table
from ..patterns import Patterns


@dataclass(frozen=True)
class CaptionRules:
    max_chars: int
    endings: tuple[str, ...]
    numbered: regex.Pattern[str]
    unit: regex.Pattern[str]


def _rules(p: Patterns) -> CaptionRules:
    cfg = p["captions"]
    cap = cfg.get("caption", {})
    return CaptionRules(int(cap.get("max_chars", 40)), tuple(cap.get("sentence_endings", "。")),
                        regex.compile(cap.get("numbered", r"(?!)")),
                        regex.compile(cfg.get("unit", {}).get("line", r"(?!)")))


def _is_caption(p: Paragraph, before: bool, rules: CaptionRules) -> bool:
    t = p.text.strip()
    if p.role != "body" or not t or len(t) > rules.max_chars:
        return False
    if rules.numbered.match(t):
        return True
    return before and not t.endswith(rules.endings)


def _para(blocks: list[Block], j: int, is_heading: set[int]) -> Paragraph | None:
    if 0 <= j < len(blocks) and j not in is_heading:
        b = blocks[j]
        if isinstance(b, Paragraph):
            return b
    return None


def attach(blocks: list[Block], is_heading: set[int], p: Patterns) -> None:
    rules: CaptionRules = p.cached("structure.captions", _rules)
    for i, b in enumerate(blocks):
        if not isinstance(b, Table):
            continue
        for j in (i - 1, i + 1):
            para = _para(blocks, j, is_heading)
            if para is not None and b.unit is None and para.role == "body":
                m = rules.unit.match(para.text.strip())
                if m:
                    b.unit = m.group("unit")
                    para.role = "unit"
        unit_before = (para := _para(blocks, i - 1, is_heading)) is not None and para.role == "unit"
        for j in ((i - 2, i + 1) if unit_before else (i - 1, i + 1)):
            para = _para(blocks, j, is_heading)
            if b.caption or para is None:
                continue
            if _is_caption(para, before=j < i, rules=rules):
                b.caption = para.text.strip()
                para.role = "caption"
