"""Structure: the format-neutral stage that turns blocks into an outline.

Knows no file format: it reads paragraph text and the readers' ``heading_level`` hints, and
writes ``Document.sections``, ``Document.title``, table captions/units and paragraph ``points``.
"""

from __future__ import annotations

from ..models import Document, DocumentT, Paragraph
from ..patterns import Patterns, load_patterns
from .captions import attach
from .grammar import grammar
from .inline import Enumerator
from .outline import build_tree, find_headings

__all__ = ["structure"]

def _title(report: Document, first_heading: int | None, p: Patterns) -> str | None:
    if report.title:
        return report.title
    if report.meta.title:  # a reader found it by its layout (a PDF cover's largest text)
        return report.meta.title
    cfg = p["captions"].get("title", {})
    words, max_chars = tuple(cfg.get("words", ())), int(cfg.get("max_chars", 60))
    end = first_heading if first_heading is not None else len(report.blocks)
    lines = _front_lines([b.text.strip() for b in report.blocks[:end]
                          if isinstance(b, Paragraph) and b.role == "body"])
    for k, t in enumerate(lines[:6]):
        if len(t) <= max_chars and any(w in t for w in words) and not t.endswith("。"):
            prev = lines[k - 1] if k else ""
            if len(t) <= 6 and prev and len(prev) + len(t) <= max_chars and \
                    not prev.endswith(("。", "：", ":")):
                return prev + t  # the kind of report set apart under its subject
            return t
    return None


def _front_lines(lines: list[str]) -> list[str]:
    """Cover lines with a run of one-character lines (a title spaced out one character a
    line: 审 / 核 / 报 / 告) joined into one."""
    out: list[str] = []
    run = False
    for t in lines:
        single = len(t) == 1
        if single and run:
            out[-1] += t
        else:
            out.append(t)
        run = single
    return out


def structure(report: DocumentT, patterns: Patterns | str | None = None) -> DocumentT:
    """Fill sections, title, captions and inline points of a cleaned document (in place:
    the outline is part of building the :class:`Document`); returns it."""
    p = load_patterns(patterns)
    g = grammar(p)
    heads = find_headings(report, g)
    heading_blocks = {h.block for h in heads}
    attach(report.blocks, heading_blocks, p, [f.rx for f in g.families])
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
