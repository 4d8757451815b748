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
    unit_tail: regex.Pattern[str]
    names: regex.Pattern[str]


def _rules(p: Patterns) -> CaptionRules:
    cfg = p["captions"]
    cap = cfg.get("caption", {})
    unit = cfg.get("unit", {})
    words = "|".join(regex.escape(w) for w in cap["table_words"])
    return CaptionRules(int(cap.get("max_chars", 40)), tuple(cap.get("sentence_endings", "。")),
                        regex.compile(cap.get("numbered", r"(?!)")),
                        regex.compile(unit.get("line", r"(?!)")),
                        regex.compile(unit.get("tail", r"(?!)")),
                        regex.compile(rf"(?:{words})\s*+(?:[（(][^（()）]{{1,20}}[）)])?\s*+$"))


def _is_caption(p: Paragraph, before: bool, rules: CaptionRules) -> bool:
    t = p.text.strip()
    if p.role != "body" or not t or len(t) > rules.max_chars:
        return False
    if rules.numbered.match(t):
        return True
    return before and not t.endswith(rules.endings)


def names_table(text: str, rules: CaptionRules) -> bool:
    """A short line that names a table (…预算总表, …表（功能科目）, …明细表), no sentence."""
    t = text.strip()
    return (0 < len(t) <= rules.max_chars and not any(c in t for c in "。；;！？")
            and bool(rules.names.search(t)))


def _para(blocks: list[Block], j: int, is_heading: set[int]) -> Paragraph | None:
    if 0 <= j < len(blocks) and j not in is_heading:
        b = blocks[j]
        if isinstance(b, Paragraph):
            return b
    return None


def _unit(text: str, rules: CaptionRules) -> str | None:
    """``单位：万元`` on a line of its own, or closing a line (``部门：XX  单位：万元``)."""
    t = text.strip()
    m = rules.unit.match(t) or rules.unit_tail.search(t)
    return m.group("unit") if m else None


def _table_title(blocks: list[Block], i: int, rules: CaptionRules,
                 markers: list[regex.Pattern[str]]) -> Paragraph | None:
    """The line naming table ``i`` among the few short lines right above it (a unit line, a
    部门名称 line wrapped in two may stand between); not one with an outline number."""
    for j in range(i - 1, max(i - 4, -1), -1):
        para = blocks[j]
        if not isinstance(para, Paragraph) or para.role not in ("body", "unit"):
            return None
        t = para.text.strip()
        if para.role == "body" and names_table(t, rules):
            return None if any(r.match(t) for r in markers) else para
        if len(t) > rules.max_chars or t.endswith(rules.endings[:1]):
            return None
    return None


def attach(blocks: list[Block], is_heading: set[int], p: Patterns,
           markers: list[regex.Pattern[str]] | None = None) -> None:
    """Units, then captions, of every table. A line directly above a table (a unit line may
    stand between) that names a table is its caption even when it looked like a heading
    (a stand-alone 收支预算总表 set in a larger font) — unless it carries an outline number."""
    rules: CaptionRules = p.cached("structure.captions", _rules)
    for i, b in enumerate(blocks):
        if not isinstance(b, Table):
            continue
        for j in (i - 1, i + 1):
            para = _para(blocks, j, is_heading)
            if para is not None and b.unit is None and para.role == "body":
                unit = _unit(para.text, rules)
                if unit:
                    b.unit = unit
                    para.role = "unit"
        unit_before = (para := _para(blocks, i - 1, is_heading)) is not None and para.role == "unit"
        above = i - 2 if unit_before else i - 1
        title = _table_title(blocks, i, rules, markers or [])
        if b.caption is None and title is not None:
            b.caption = title.text.strip()
            title.role = "caption"
        for j in (above, i + 1):
            para = _para(blocks, j, is_heading)
            if b.caption or para is None:
                continue
            if _is_caption(para, before=j < i, rules=rules):
                b.caption = para.text.strip()
                para.role = "caption"
