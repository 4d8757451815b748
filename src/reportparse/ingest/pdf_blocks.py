"""PDF lines and table fragments to blocks: paragraphs and stitched tables.

Why: a PDF has visual lines, not paragraphs. Paragraph breaks come from first-line indent,
vertical gaps, short last lines, style changes and a numbered line after a finished sentence;
lines join CJK-aware. A table continued on the next page (same columns, nothing but furniture
between) is stitched into one table: a repeated header dropped, vertical spans continued, a row
split by the break joined; each fragment keeps its cells' page and bbox and adds a warning.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

import regex

from ..models import Cell, Message, Paragraph, Provenance, Document, Table
from .cjk import join_all, join_lines
from .pdf_tables import GridCell, PageTable, repeated_header, same_layout
from .pdf_text import Line

FILLED = 0.8  # a table continued on the next page reaches below this fraction of its page
_SENTENCE_END = ("。", "！", "？", "；", "：", "!", "?", ";", ":")
_UNIT_LINE = regex.compile(r"^[（(]?\s*(?:金额|资金|计量)?单位\s*[:：]")  # never a title wrap


# --------------------------------------------------------------------------- layout stats
@dataclass
class Stats:
    body_style: tuple[float, bool, str]
    size: float
    left: float
    right: float
    pitch: float

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def layout_stats(pages: list[list[Line]]) -> Stats:
    weight: Counter = Counter()
    for lines in pages:
        for ln in lines:
            weight[ln.style] += len(ln.text)
    if not weight:
        return Stats((12.0, False, ""), 12.0, 72.0, 520.0, 18.0)
    body = weight.most_common(1)[0][0]
    size = body[0] or 12.0
    lefts: Counter = Counter()
    rights: list[float] = []
    pitches: list[float] = []
    for lines in pages:
        prev: Line | None = None
        for ln in sorted(lines, key=lambda x: x.top):
            if ln.style == body:
                lefts[round(ln.x0)] += 1
                rights.append(ln.x1)
                if prev is not None and 0 < ln.top - prev.top < 3 * size:
                    pitches.append(ln.top - prev.top)
                prev = ln
            else:
                prev = None
    left = float(lefts.most_common(1)[0][0])
    rights.sort()
    # the right margin: full lines end there; a short report may have few of them, so take a
    # high percentile (robust to a stray overlong line), not the typical line end
    right = rights[len(rights) - 1 - len(rights) // 30]
    pitch = statistics.median(pitches) if pitches else 1.5 * size
    return Stats(body, size, left, right, pitch)


_ENCODING_SUFFIX = regex.compile(r"[_\-]?(?:GB2312|GBK|GB18030|UniGB-UCS2-H)$", regex.I)


def _family(style: tuple[float, bool, str]) -> tuple[float, bool, str]:
    """A style with the font's encoding suffix dropped: 仿宋 and 仿宋_GB2312 are one face
    (Word switches between them inside a paragraph)."""
    return (style[0], style[1], _ENCODING_SUFFIX.sub("", style[2]))


# --------------------------------------------------------------------------- paragraphs
class Builder:
    """Walks pages in order, turning lines into paragraphs and placing tables."""

    def __init__(self, report: Document, st: Stats, heading_res: list[regex.Pattern]) -> None:
        self.report = report
        self.st = st
        self.heading_res = heading_res
        self.buf: list[Line] = []
        self.styles: list[tuple[float, bool, str]] = []  # first-line style per paragraph
        self.nlines: list[int] = []
        self.centred: list[bool] = []  # first line centred (titles, captions)
        self.heights: list[float] = []  # first-line box height (a size no producer misstates)
        self.last_table: tuple[Table, PageTable, bool] | None = None  # table, frag, at page end
        self.fragments: dict[int, list[PageTable]] = {}

    # -- break rules ----------------------------------------------------------------
    def _centered(self, ln: Line) -> bool:
        return abs((ln.x0 + ln.x1) / 2 - self.st.center) < ln.size

    def _breaks(self, p: Line, ln: Line) -> bool:
        st = self.st
        size = max(ln.size, 1.0)
        if _family(p.style) != _family(ln.style):
            return True
        if p.page == ln.page and ln.top - p.top > 1.6 * max(st.pitch, p.bottom - p.top):
            return True
        # full: the line reaches the right margin, or the next line's first word (a number
        # like "2022" does not break) would not have fitted after it
        full = p.x1 >= st.right - 1.5 * size or p.x1 + ln.lead_width > st.right - 0.3 * size
        # a centred title (not body text) wrapped over several centred lines continues
        title_wrap = (p.style != st.body_style and self._centered(p) and self._centered(ln)
                      and not _UNIT_LINE.match(ln.text))
        if ln.x0 > p.x0 + 0.9 * size and not title_wrap:
            return True
        if not full and not title_wrap:
            return True
        # an unindented numbered line after a finished sentence opens a new paragraph
        return p.text.rstrip().endswith(_SENTENCE_END) and any(r.match(ln.text)
                                                                for r in self.heading_res)

    # -- emitting -------------------------------------------------------------------
    def line(self, ln: Line, keep_table: bool = False) -> None:
        """Add a line; ``keep_table``: a row-like line over a continued table's fragment does
        not end the table (it may still be stitched)."""
        if self.buf and self._breaks(self.buf[-1], ln):
            self.flush()
        self.buf.append(ln)
        if not keep_table:
            self.last_table = None

    def flush(self) -> None:
        if not self.buf:
            return
        lines = self.buf
        self.buf = []
        first_page = lines[0].page
        on_first = [ln for ln in lines if ln.page == first_page]
        bbox = (round(min(ln.x0 for ln in on_first), 2), round(min(ln.top for ln in on_first), 2),
                round(max(ln.x1 for ln in on_first), 2),
                round(max(ln.bottom for ln in on_first), 2))
        last_page = lines[-1].page
        locator = f"page[{first_page}]" if last_page == first_page else \
            f"page[{first_page}-{last_page}]"
        text = join_all([ln.text.replace("\t", " ") for ln in lines], normalize=False)
        if not text:
            return
        parts = split_two_headings(text, self.heading_res) if len(lines) == 1 else [text]
        confs = [ln.conf for ln in lines if ln.conf is not None]
        conf = round(min(confs), 3) if confs else None
        for part in parts:
            para = Paragraph(text=part, provenance=Provenance(
                block=len(self.report.blocks), page=first_page, bbox=bbox, locator=locator,
                ocr_confidence=conf))
            self.report.blocks.append(para)
            self.styles.append(lines[0].style)
            self.nlines.append(len(lines))
            self.heights.append(lines[0].bottom - lines[0].top)
            self.centred.append(self._centered(lines[0])
                                and lines[0].x0 > self.st.left + lines[0].size)

    def table(self, frag: PageTable, first_on_page: bool, last_on_page: bool,
              page_height: float | None = None) -> None:
        """Place a table fragment; stitch it to the table ending the previous page when nothing
        stands between them, that table ran down into the page's last fifth (a table that stops
        mid-page is finished: the next page's same-form table is another one) and the columns
        agree. ``page_height`` is the previous page's height, when known."""
        self.flush()
        prev = self.last_table
        filled = page_height is None or prev is None or prev[1].ys[-1] >= FILLED * page_height
        if (prev is not None and first_on_page and prev[2] and prev[1].page == frag.page - 1
                and filled):
            if same_layout(prev[1], frag):
                self._append(prev[0], prev[1], frag)
                self.last_table = (prev[0], frag, last_on_page)
                return
            self.report.warnings.append(Message(
                code="table_not_stitched",
                message=f"a table on page {frag.page} follows one on page {prev[1].page} but "
                        f"its columns differ; kept as a separate table",
                provenance=Provenance(page=frag.page, bbox=frag.bbox)))
        table = self._new_table(frag)
        self.last_table = (table, frag, last_on_page)

    def _cells(self, frag: PageTable, table_idx: int, row0: int, skip: int,
               drop: frozenset[int] = frozenset()) -> list[Cell]:
        """Model cells of a fragment: rows before ``skip`` (a repeated header) and cells in
        ``drop`` (merged into the previous fragment) left out; rows shifted to ``row0``."""
        out = []
        for gc in frag.cells:
            if gc.row < skip or id(gc) in drop:
                continue
            r = row0 + gc.row - skip
            out.append(Cell(row=r, col=gc.col, text=gc.text, row_span=gc.row_span,
                            col_span=gc.col_span, provenance=Provenance(
                                page=frag.page, bbox=gc.bbox, table=table_idx, row=r,
                                col=gc.col, locator=f"page[{frag.page}]/table",
                                ocr_confidence=None if gc.conf is None else round(gc.conf, 3))))
        return out

    def _new_table(self, frag: PageTable) -> Table:
        idx = len(self.report.blocks)
        table = Table(n_rows=frag.n_rows, n_cols=frag.n_cols,
                      cells=self._cells(frag, idx, 0, 0),
                      provenance=Provenance(block=idx, page=frag.page, bbox=frag.bbox,
                                            locator=f"page[{frag.page}]"))
        self.report.blocks.append(table)
        self.fragments[idx] = [frag]
        return table

    def _append(self, table: Table, prev: PageTable, frag: PageTable) -> None:
        """Stitch a continuation fragment: drop a repeated header, continue vertical spans
        that cross the break, and join a row that Word split across the break."""
        idx = table.provenance.block or 0
        first = self.fragments[idx][0]
        skip = repeated_header(first, frag)
        table.header_rows = max(table.header_rows, skip)
        last = table.n_rows - 1
        top = {gc.col: gc for gc in frag.cells if gc.row == skip}
        above = {c: table.cell_at(last, c) for c in top}
        # an empty top cell under a vertical span continues that span
        spans = {c for c, gc in top.items()
                 if (a := above[c]) is not None and not gc.text and a.row_span > 1
                 and a.col == c and a.col_span == gc.col_span}
        rest = {c: gc for c, gc in top.items() if c not in spans}
        split = _split_row(rest, {c: above[c] for c in rest})
        drop: set[int] = set()
        for c, gc in top.items():
            a = above[c]
            assert a is not None or not (split or c in spans)
            if c in spans:
                a.row_span += gc.row_span - (1 if split else 0)  # type: ignore[union-attr]
            elif split:
                a.text = join_lines(a.text, gc.text)  # type: ignore[union-attr]
                a.row_span += gc.row_span - 1  # type: ignore[union-attr]
            else:
                continue
            drop.add(id(gc))
        row0 = table.n_rows - (1 if split else 0)
        table.cells += self._cells(frag, idx, row0, skip, frozenset(drop))
        table.n_rows = row0 + frag.n_rows - skip
        self.fragments[idx].append(frag)
        pages = [f.page for f in self.fragments[idx]]
        table.provenance.locator = f"page[{pages[0]}-{pages[-1]}]"
        notes = []
        if skip:
            notes.append("its repeated header row dropped")
        if split:
            notes.append(f"row {row0 + 1} split by the page break joined")
        if spans:
            notes.append("merged cells continued across the break")
        self.report.warnings.append(Message(
            code="table_stitched",
            message=f"table continued on page {frag.page} (from row {row0 + 1}); stitched "
                    f"with the fragment from page {pages[0]}"
                    + ("; " + ", ".join(notes) if notes else ""),
            provenance=Provenance(block=idx, page=frag.page, bbox=frag.bbox)))


_TITLE_STOPS = "。；;，,：:！？!?"
_FIRST = {"一", "1", "１", "①", "⑴", "㈠"}


def split_two_headings(text: str, heading_res: list[regex.Pattern[str]],
                       max_title: int = 30) -> list[str]:
    """A visual line holding two headings (WPS sets ``五、…说明（一）…情况`` on one line):
    a numbered short title directly followed by a second outline number — the first of
    another family, or another number of its own — and a short title. Else the line."""
    first = _marker(text, heading_res)
    if first is None:
        return [text]
    rx, m1 = first
    for j in range(m1.end() + 2, min(len(text) - 2, m1.end() + max_title + 1)):
        if text[j - 1] in _TITLE_STOPS:
            break
        second = _marker(text[j:], heading_res)
        if second is None:
            continue
        rx2, m2 = second
        num1, num2 = m1.group("num"), m2.group("num")
        same = rx2 is rx and num2 != num1
        child = rx2 is not rx and num2 in _FIRST
        rest = text[j + m2.end():]
        if (same or child) and 2 <= len(rest) <= max_title and not any(c in rest for c in
                                                                          _TITLE_STOPS):
            return [text[:j].rstrip(), text[j:]]
    return [text]


def _marker(text: str, heading_res: list[regex.Pattern[str]]
            ) -> tuple[regex.Pattern[str], regex.Match[str]] | None:
    for rx in heading_res:
        m = rx.match(text)
        if m and "num" in rx.groupindex:
            return rx, m
    return None


def _split_row(top: dict[int, GridCell], above: dict[int, Cell | None]) -> bool:
    """Word lets a row break across pages: the continuation row then has the same cells, text
    only where the row above has text, and at least as many cells left empty under text
    (short keys and numbers like 序号/分值 do not wrap) as filled ones. A new data row fills
    most cells, so it does not qualify."""
    if not top or any(a is None for a in above.values()):
        return False
    filled = empty_under_text = 0
    for c, gc in top.items():
        a = above[c]
        assert a is not None
        if a.col != c or a.col_span != gc.col_span or a.row_span != 1:
            return False
        if gc.text:
            if not a.text:
                return False
            filled += 1
        elif a.text:
            empty_under_text += 1
    return filled > 0 and empty_under_text >= filled



# --------------------------------------------------------------------------- continued tables
_CONTINUED = regex.compile(r"^\s*(?:续表\s*[0-9]*|续上表|接上表"
                           r"|.{0,40}?[（(]\s*续(?:表|上表)?\s*[）)])\s*$")


def is_continued_caption(text: str) -> bool:
    """``续表``, ``表2（续）``, ``（续上表）``: a label on a table's continuation page."""
    return bool(_CONTINUED.match(text))


def drop_continued_captions(items: list[tuple[float, int, object]],
                             report: Document) -> list[tuple[float, int, object]]:
    """A 续表 label opening a page right above a table is furniture: without it the table
    fragment is first on its page and can be stitched to the one before."""
    out = list(items)
    while (len(out) >= 2 and out[0][1] == 1 and out[1][1] == 0
           and is_continued_caption(out[0][2].text)):  # type: ignore[attr-defined]
        out.pop(0)
        report.meta.noise_removed["continued_caption"] = \
            report.meta.noise_removed.get("continued_caption", 0) + 1
    return out


