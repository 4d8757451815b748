"""Page furniture and table-of-contents pages of a paginated document.

Why here and not in ``clean``: only a paginated reader knows *where* a line stands (top or
bottom margin) and *on how many pages* it recurs, which is what tells a running header
("XX项目绩效评价报告" on every page) from the same words used once as a title. The clean stage
still removes page-number paragraphs generically; this removes them with position evidence
first so they never glue to body text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import regex

from ..models import Note, Provenance, TocEntry
from .cjk import join_lines
from ..toc_shape import TocShape, compact, titled_run
from .pdf_text import Line, Seg

MARGIN = 0.11  # fraction of the page height that counts as header/footer zone
_DIGITS = regex.compile(r"[0-9０-９]+")
_LOOKS_PAGE_NO = regex.compile(r"^[\s\-－—–第页共/PpageofPAGE0-9]{1,20}$")
_LEADER_ONLY = regex.compile(r"^[\s.．·…。\-_—]{3,}+[0-9]{1,4}+$")


@dataclass
class Furniture:
    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    page_numbers: int = 0
    running: int = 0


def _key(text: str) -> str:
    return _DIGITS.sub("#", "".join(text.split()))


def strip_furniture(pages: list[list[Line]], heights: list[float], page_number_res: list,
                    repeat_min: int, repeat_max_chars: int,
                    heading_res: list[regex.Pattern[str]] | None = None,
                    table_tops: list[list[float]] | None = None) -> Furniture:
    """Remove page numbers and running headers/footers from ``pages`` (in place).

    A line that, wherever it repeats, mostly opens what stands below it is not furniture: a
    numbered heading followed by its text at normal spacing (一、项目概述 on every project
    page), or a line right above a table (its caption or unit line). A running header that
    happens to stand over a table continued from the page before opens nothing elsewhere."""
    fur = Furniture()
    n = len(pages)
    need = min(repeat_min, n) if n >= 2 else 10**9
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    slots: dict[tuple[str, int], set[int]] = defaultdict(set)  # (zone, top in 2 pt) -> pages
    zone_of: list[dict[int, str]] = []
    opens: dict[tuple[str, str], set[int]] = defaultdict(set)  # pages where the line opens
    for i, lines in enumerate(pages):
        zones: dict[int, str] = {}
        h = heights[i]
        body = sorted(range(len(lines)), key=lambda k: lines[k].top)
        for k in body[:3]:
            if lines[k].bottom <= MARGIN * h:
                zones[k] = "header"
        for k in body[-3:]:
            if lines[k].top >= (1 - MARGIN) * h:
                zones[k] = "footer"
        _keep_detached(lines, zones)
        zone_of.append(zones)
        tops = table_tops[i] if table_tops else []
        for k, z in zones.items():
            t = lines[k].text
            if len(t) <= repeat_max_chars:
                seen[(z, _key(t))].add(i)
                if _opens(lines, k, heading_res or [], tops):
                    opens[(z, _key(t))].add(i)
                slots[(z, round(lines[k].top / 2))].add(i)
    for i, lines in enumerate(pages):
        drop: set[int] = set()
        for k, z in zone_of[i].items():
            t = lines[k].text.replace("\t", " ")
            key = (z, _key(t))
            if any(r.match(t) for r in page_number_res):
                fur.page_numbers += 1
                drop.add(k)
            elif 2 * len(opens.get(key, ())) > len(seen.get(key, ())):
                continue
            elif len(seen.get((z, _key(t)), ())) >= need or _in_running_slot(
                    slots, z, lines[k].top, n, need):
                fur.running += 1
                drop.add(k)
                bucket = fur.headers if z == "header" else fur.footers
                if t not in bucket and _key(t) not in {_key(b) for b in bucket}:
                    bucket.append(t)
        if drop:
            pages[i] = [ln for k, ln in enumerate(lines) if k not in drop]
    return fur


def _in_running_slot(slots: dict[tuple[str, int], set[int]], zone: str, top: float, n: int,
                     need: int) -> bool:
    """A detached edge line standing where most pages have one (a running header that names
    the current chapter changes its text, not its place)."""
    b = round(top / 2)
    pages: set[int] = set()
    for k in (b - 1, b, b + 1):
        pages |= slots.get((zone, k), set())
    return n >= 4 and len(pages) >= max(need, 3, 0.6 * n)


def _opens(lines: list[Line], k: int, heading_res: list[regex.Pattern[str]],
           table_tops: list[float]) -> bool:
    """The line opens the block below it: a table right under it (its caption or unit line),
    or a numbered heading followed by text at normal line spacing."""
    ln = lines[k]
    h = max(ln.bottom - ln.top, 1.0)
    if any(0 <= t - ln.bottom <= 2.5 * h for t in table_tops):
        return True
    below = min((o.top - ln.bottom for o in lines if o.top > ln.bottom - 0.2 * h), default=1e9)
    return below <= 1.2 * h and any(r.match(ln.text) for r in heading_res)


def _keep_detached(lines: list[Line], zones: dict[int, str]) -> None:
    """Keep as furniture candidates only lines set apart from the body text: a body line that
    merely happens to stand near the page edge sits one line pitch from its neighbours."""
    others = [ln for k, ln in enumerate(lines) if k not in zones]
    for k in list(zones):
        ln = lines[k]
        h = max(ln.bottom - ln.top, 1.0)
        near = min((max(o.top - ln.bottom, ln.top - o.bottom) for o in others), default=1e9)
        if near < 0.8 * h and not _LOOKS_PAGE_NO.match(ln.text):
            del zones[k]


def extract_toc(pages: list[list[Line]], titles: set[str], line_re: regex.Pattern,
                body_left: float, shape: TocShape | None = None) -> tuple[list[TocEntry], int]:
    """Find TOC blocks (a 目录 title, or a page mostly made of dot-leader lines) and take their
    lines out of ``pages`` (in place). Returns the entries and the number of lines removed.

    Under a 目录 title, a run of title-shaped lines naming later headings is a TOC even
    without page numbers (:func:`~reportparse.toc_shape.titled_run`)."""
    entries: list[tuple[TocEntry, float]] = []
    removed = 0
    active = False  # a TOC running on from the previous page
    for lines in pages:
        lines.sort(key=lambda ln: ln.top)
    echo = Echo(pages)
    for i, lines in enumerate(pages):
        shaped = 0  # lines left of a title-shaped run under a 目录 title
        tocish = [bool(line_re.match(ln.text)) for ln in lines]
        dense = len(lines) >= 3 and sum(tocish) >= 0.6 * len(lines)
        keep: list[Line] = []
        pending: Line | None = None
        taken: list[float] = []  # tops of this page's entries, in order
        in_toc = active or dense
        for k, ln in enumerate(lines):
            norm = "".join(ln.text.split())
            if norm in titles:
                in_toc = True
                removed += 1
                if shape is not None:
                    shaped = titled_run([x.text for x in lines[k + 1:]],
                                        _later_text(pages, i), shape, whole_page=True)
                continue
            if shaped:
                shaped -= 1
                hit = None if tocish[k] or _tail_number(ln) else echo.match(ln, i, k)
                entries.append(_toc_entry(*hit, ln, body_left) if hit else
                               _entry(ln.text, ln, line_re, body_left))
                taken.append(ln.top)
                removed += 1
                continue
            if not in_toc:
                keep.append(ln)
                continue
            if _LEADER_ONLY.match(ln.text) and pending is not None:
                entries.append(_entry(pending.text + ln.text, pending, line_re, body_left))
                pending = None
                removed += 2
                continue
            hit = None if tocish[k] or _tail_number(ln) else echo.match(ln, i, k)
            if tocish[k] or _tail_number(ln) or hit:
                if pending is not None:  # an unfinished entry that never got its number
                    keep.append(pending)
                    pending = None
                entries.append(_toc_entry(*hit, ln, body_left) if hit else
                               _entry(ln.text, ln, line_re, body_left))
                taken.append(ln.top)
                removed += 1
                continue
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            if pending is None and nxt is not None and _LEADER_ONLY.match(nxt.text):
                pending = ln  # a long entry wrapped before its leader line
                continue
            if pending is None and echo.recurs(ln, i, k) and (
                    _toc_ahead(lines, k, i, echo, tocish) or _closes_toc(lines, k, taken)):
                entries.append(_entry(ln.text, ln, line_re, body_left))  # its number unread
                taken.append(ln.top)
                removed += 1
                continue
            in_toc = False
            if pending is not None:
                keep.append(pending)
                pending = None
            keep.append(ln)
        if pending is not None:
            keep.append(pending)
        active = in_toc and bool(entries) and (not keep or keep[-1].top < lines[-1].top)
        pages[i] = keep
    return _level_entries(entries), removed


def _toc_ahead(lines: list[Line], k: int, i: int, echo: Echo, tocish: list[bool],
               reach: int = 5) -> bool:
    """Whether a TOC line with its page number follows line ``k`` of page ``i``, past at most
    ``reach`` lines that, like it, lack the number but name a later heading, or such lines run
    to the end of the page: a TOC line whose lone page number the OCR detector missed is a TOC
    entry only so (a text layer has the number, and its TOC reads as before)."""
    for j in range(k + 1, len(lines)):
        ln = lines[j]
        if tocish[j] or _tail_number(ln) or echo.match(ln, i, j):
            return True
        if j > k + reach or not echo.recurs(ln, i, j):
            return False
    return True


def _closes_toc(lines: list[Line], k: int, taken: list[float]) -> bool:
    """Whether line ``k`` (naming a later heading, its page number unread) is the last line of
    the TOC block above it: it follows the page's last two entries at their line pitch, and
    the next line, if any, is set apart by more than that pitch (the body that starts below a
    short TOC). A text layer has the number, and its TOC reads as before."""
    if len(taken) < 2 or k == 0 or taken[-1] != lines[k - 1].top:
        return False
    pitch = taken[-1] - taken[-2]
    if pitch <= 0 or lines[k].top - taken[-1] > 1.25 * pitch:
        return False
    return k + 1 == len(lines) or lines[k + 1].top - lines[k].top > 1.5 * pitch


def _later_text(pages: list[list[Line]], i: int) -> str:
    """The compacted text of the pages after page ``i`` (where TOC entries recur)."""
    return "".join(compact(ln.text) for lines in pages[i + 1:] for ln in lines)


_TAIL_PAGE = regex.compile(r"^(?P<text>.*?\S)[\s.．·…]*+(?P<page>[0-9]{1,4}+)$")


class Echo:
    """Every line's text with its last position: a TOC line lists a heading that comes later,
    so "its text minus a trailing page number recurs further on" recognises TOC lines whose
    number is not set apart (no leaders, no gap)."""

    def __init__(self, pages: list[list[Line]]) -> None:
        self.seen: dict[str, tuple[int, int]] = {}
        for i, lines in enumerate(pages):
            for k, ln in enumerate(lines):
                self.seen["".join(ln.text.split())] = (i, k)

    def recurs(self, ln: Line, i: int, k: int) -> bool:
        """Whether the line's whole text comes again further on (the heading it lists)."""
        key = "".join(ln.text.split())
        return len(key) >= 2 and self.seen.get(key, (-1, -1)) > (i, k)

    def match(self, ln: Line, i: int, k: int) -> tuple[str, str] | None:
        m = _TAIL_PAGE.match(ln.text.replace("\t", " "))
        if not m:
            return None
        key = "".join(m.group("text").split())
        if len(key) >= 2 and self.seen.get(key, (-1, -1)) > (i, k):
            return m.group("text").strip(), m.group("page")
        return None


def _toc_entry(title: str, page: str, ln: Line, body_left: float) -> tuple[TocEntry, float]:
    return (TocEntry(text=title, page=page, provenance=Provenance(page=ln.page, bbox=ln.bbox,
                                                                  locator="toc")),
            ln.x0 - body_left)


def extract_echo_toc(pages: list[list[Line]], body_left: float,
                     scan_pages: int = 3) -> tuple[list[TocEntry], int]:
    """A TOC with neither a 目录 title nor dot leaders (a Word TOC field laid out with plain
    tabs): a run of at least three lines near the start, each ending in a page number, whose
    text without the number recurs later in the document (the headings it lists)."""
    echo = Echo(pages)
    entries: list[tuple[TocEntry, float]] = []
    removed = 0
    for i in range(min(scan_pages, len(pages))):
        lines = pages[i]
        run: list[tuple[int, tuple[str, str]]] = []
        drop: set[int] = set()
        for k in range(len(lines) + 1):
            hit = echo.match(lines[k], i, k) if k < len(lines) else None
            if hit is not None:
                run.append((k, hit))
                continue
            if len(run) >= 3:
                entries += [_toc_entry(t, pg, lines[j], body_left) for j, (t, pg) in run]
                drop.update(j for j, _ in run)
            run.clear()
        if drop:
            removed += len(drop)
            pages[i] = [ln for k, ln in enumerate(lines) if k not in drop]
    return _level_entries(entries), removed


def _tail_number(ln: Line) -> tuple[str, str] | None:
    """(title, page) when a line ends in a page number set off by a gap of ≥ 0.4 character
    (a TOC line without dot leaders, inside a TOC block only)."""
    if not ln.tail_digits or ln.tail_gap < 0.4:
        return None
    digits = ln.tail_digits
    return ln.text[: len(ln.text.rstrip()) - len(digits)].rstrip(), digits


def _entry(text: str, ln: Line, line_re: regex.Pattern,
           body_left: float) -> tuple[TocEntry, float]:
    m = line_re.match(text)
    tail = None if m else _tail_number(ln)
    if tail is not None:
        entry = TocEntry(text=tail[0].replace("\t", ""), page=tail[1],
                         provenance=Provenance(page=ln.page, bbox=ln.bbox, locator="toc"))
        return entry, ln.x0 - body_left
    # the title is everything before the leaders: a sentence-final "。" is kept (the pattern's
    # leader class includes "。", so its ``text`` group would lose it)
    title = text[: m.end("text")] if m else text
    rest = text[m.end("text"):m.start("page")] if m else ""
    if rest.lstrip().startswith("。") and not title.endswith("。"):
        title += "。"
    title = regex.sub(r"[\s.．·…]+$", "", title.strip())
    entry = TocEntry(text=title.replace("\t", ""), page=m.group("page") if m else None,
                     provenance=Provenance(page=ln.page, bbox=ln.bbox, locator="toc"))
    return entry, ln.x0 - body_left


def _level_entries(entries: list[tuple[TocEntry, float]]) -> list[TocEntry]:
    """Levels from indentation: distinct left edges (clustered within 3 pt), smallest first."""
    edges: list[float] = []
    for x in sorted(x for _, x in entries):
        if not edges or x - edges[-1] > 3.0:
            edges.append(x)
    out = []
    for e, x in entries:
        e.level = 1 + max(k for k, edge in enumerate(edges) if x >= edge - 3.0)
        out.append(e)
    return out


_NOTE_MARK = regex.compile(r"^\s*(\[\d{1,3}\]|[①-⑳⑴-⒇]|\d{1,3}(?![\d.．,，%年月日])|\*+)\s*")


def extract_footnotes(pages: list[list[Line]], rules: list[list[Seg]], heights: list[float],
                      body_size: float, body_left: float) -> list[Note]:
    """Word/WPS footnotes: the lines under a short rule that starts at the left margin in the
    lower half of a page, the first of them opening with a note mark, none larger than body
    text. They go to ``meta.notes`` (with their mark) instead of the body (in place)."""
    notes: list[Note] = []
    for i, lines in enumerate(pages):
        seps = [r for r in rules[i] if abs(r.x0 - body_left) <= 3 and r.top > 0.5 * heights[i]]
        if not seps or not lines:
            continue
        sep = max(seps, key=lambda r: r.top)
        foot = sorted((ln for ln in lines if ln.top > sep.top), key=lambda x: x.top)
        if (not foot or not _NOTE_MARK.match(foot[0].text)
                or any(ln.size > body_size + 0.1 for ln in foot)):
            continue
        for ln in foot:
            m = _NOTE_MARK.match(ln.text)
            if m or not notes or notes[-1].provenance.page != ln.page:
                notes.append(Note(kind="footnote", ref=m.group(1) if m else "",
                                  text=ln.text[m.end():] if m else ln.text,
                                  provenance=Provenance(page=ln.page, bbox=ln.bbox,
                                                        locator="footnote")))
            else:
                notes[-1].text = join_lines(notes[-1].text, ln.text)
        drop = {id(ln) for ln in foot}
        pages[i] = [ln for ln in lines if id(ln) not in drop]
    return notes
