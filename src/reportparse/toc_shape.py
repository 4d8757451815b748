"""The shape of a table of contents, shared by the paginated reader and the clean stage.

Why a module of its own: a TOC is recognised by its *shape*, whatever the format — a ``目录``
title followed by a run of title lines (short, no sentence inside) that name headings found
later in the document, with or without page numbers. The PDF reader applies this to visual
lines, the clean stage to paragraphs of text/Markdown/docx; neither may import the other.

Guards keep a body from being swallowed: the run stops at a line repeating its first entry
(the body opening with the same heading), at the first line without a page number when the
entries have them, and at least half the entries must recur
further on (a ``目录`` title with an empty TOC field followed by the body has no echo).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from .patterns import Patterns

_SPACE = regex.compile(r"\s+")
_TAIL = regex.compile(r"[\s.．·…。\-_—]*+(?:[0-9]{1,4}+|[ivxlcIVXLC]{1,6}+)\s*+$")
_MARKER = regex.compile(r"^(?:第[一二三四五六七八九十百零〇两]+(?:部分|章|篇|节)|[（(]?[0-9０-９一二三四五六七八九十]{1,3}[）)]?"
                        r"(?:[.．][0-9]{1,2})*[、.．]?)\s*")


@dataclass(frozen=True)
class TocShape:
    max_chars: int
    stops: str
    min_entries: int
    min_echo: float


def toc_shape(p: Patterns) -> TocShape:
    cfg = p["noise"].get("toc", {})
    return p.cached("toc_shape", lambda q: TocShape(  # type: ignore[no-any-return]
        int(cfg.get("entry_max_chars", 60)), str(cfg.get("entry_stops", "。；;！？!?")),
        int(cfg.get("min_entries", 2)), float(cfg.get("min_echo", 0.5))))


def compact(text: str) -> str:
    return _SPACE.sub("", text)


def entry_key(text: str) -> str:
    """An entry's words: spaces, a trailing page number and a leading list marker removed
    (the TOC says 一、收支预算总表 where the body says 收支预算总表)."""
    t = _TAIL.sub("", compact(text)) if len(text) > 3 else compact(text)
    return _MARKER.sub("", t, count=1) or t


_SPLIT = regex.compile(r"^(?P<text>.*?\S)[\s.．·…。\-_—]*+(?P<page>[0-9]{1,4}+)\s*+$")


def split_entry(text: str) -> tuple[str, str | None]:
    """(title, page number or None) of a TOC line whatever its leaders."""
    m = _SPLIT.match(text.strip())
    return (m.group("text"), m.group("page")) if m else (text.strip(), None)


def title_shaped(text: str, shape: TocShape) -> bool:
    """Short, no sentence stop inside, not ending like a lead-in (：)."""
    t = text.strip()
    return (0 < len(t) <= shape.max_chars and not any(c in shape.stops for c in t)
            and not t.endswith(("：", ":", "，", ",")))


def _entry_shaped(text: str, shape: TocShape, later: str) -> bool:
    """Title-shaped, or so but for one sentence stop at its very end when the line recurs
    further on: a numbered heading may end in "。" ("3.部分工程未完成验收。"), and a TOC
    whose page numbers went unread (OCR) lists it so; a body sentence ending the same way
    is not repeated later in the document."""
    t = text.strip()
    if title_shaped(t, shape):
        return True
    return (len(t) > 1 and t[-1] in shape.stops and title_shaped(t[:-1], shape)
            and len(key := entry_key(t)) >= 2 and key in later)


def titled_run(texts: Sequence[str], later: str, shape: TocShape, *,
               whole_page: bool = False) -> int:
    """How many of ``texts`` (the lines after a ``目录`` title, in order) are TOC entries.

    ``later`` is the compacted text of the document after ``texts`` (where the listed
    headings must recur). Returns 0 when the run does not look like a TOC. With
    ``whole_page`` (``texts`` are the rest of a page), a run filling the page is a TOC page
    without the echo test (its entries may name tables a text-only file leaves out)."""
    n = 0
    first = ""
    numbered = False  # entries with page numbers: a line without one ends the TOC
    for t in texts:
        key = entry_key(t)
        bare = _TAIL.sub("", compact(t))
        if (not _entry_shaped(t, shape, later) or not key or (first and bare == first)
                or (numbered and bare == compact(t))):
            break
        if not first:
            first, numbered = bare, bare != compact(t)
        n += 1
    if n < shape.min_entries:
        return 0
    if whole_page and n == len(texts):
        return n
    tail = "".join(compact(t) for t in texts[n:]) + later
    echoed = sum(1 for t in texts[:n] if (k := entry_key(t)) and len(k) >= 2 and k in tail)
    return n if echoed >= shape.min_echo * n else 0
