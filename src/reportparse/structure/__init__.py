"""Structure: the format-neutral stage that turns blocks into an outline.

Knows no file format: it reads paragraph text and the readers' ``heading_level`` hints, and
writes ``Report.sections``, ``Report.title``, table captions/units and paragraph ``points``.
"""

from __future__ import annotations

from ..models import Paragraph, Report
from ..patterns import Patterns, load_patterns
from .captions import attach
from .grammar import grammar
from .inline import Enumerator
from .outline import build_tree, find_headings

__all__ = ["structure"]

def _title(report: Report, first_heading: int | None, p: Patterns) -> str | None:
    if report.title:
        return report.title
    cfg = p["captions"].get("title", {})
    words, max_chars = tuple(cfg.get("words", ())), int(cfg.get("max_chars", 60))
    end = first_heading if first_heading is not None else len(report.blocks)
    lines = [b.text.strip() for b in report.blocks[:end]
             if isinstance(b, Paragraph) and b.role == "body"]
    for t in lines[:6]:
        if len(t) <= max_chars and any(w in t for w in words) and not t.endswith("。"):
            return t
    return None


def structure(report: Report, patterns: Patterns | str | None = None) -> Report:
    """Fill sections, title, captions and inline points (in place); returns the report."""
    p = load_patterns(patterns)
    g = grammar(p)
    heads = find_headings(report, g)
    heading_blocks = {h.block for h in heads}
    attach(report.blocks, heading_blocks, p)
    # a caption/unit line is not a heading even if it looked like one
    heads = [h for h in heads
             if isinstance(report.blocks[h.block], Paragraph)
             and report.blocks[h.block].role == "body"]  # type: ignore[union-attr]
    heading_blocks = {h.block for h in heads}
    report.sections = build_tree(report, heads, p, g)
    report.title = _title(report, heads[0].block if heads else None, p)
    enum = Enumerator(p)
    for i, b in enumerate(report.blocks):
        if i in heading_blocks:
            enum.reset()
            continue
        if isinstance(b, Paragraph) and b.role == "body":
            b.points.clear()
            enum.split(b)
    return report
