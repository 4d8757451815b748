"""PDF reader: text-layer PDFs exported from Word/WPS into the shared document model.

Pipeline (each step in its own small module):

1. open with pypdfium2 (fast C parser), falling back to pdfplumber/pdfminer; encrypted files
   are tried with the empty password; no %PDF header, a missing end-of-file marker or an
   unreadable file become one-line :class:`ReportParseError`\\ s (``pdf_text``);
2. per page: ruled tables from the ruling lines, their glyphs removed from the text flow
   (``pdf_tables``), the rest grouped into visual lines;
3. page furniture (page numbers, running headers/footers) and TOC pages taken out
   (``pdf_furniture``) into ``meta`` and ``report.toc``;
4. lines to paragraphs: breaks from first-line indent, vertical gaps, short last lines, style
   changes and sentence-final punctuation before a numbered line; CJK-aware joining (``cjk``);
5. tables continued on the next page stitched into one table (repeated header rows dropped);
6. ``heading_level`` hints from the PDF outline (bookmarks), else from font size/weight rank.

The reader decides no section kinds and no heading tree: that is the structure stage's job.
"""

from __future__ import annotations

import io
import statistics
from collections import Counter
from dataclasses import dataclass, field

import regex

from ..errors import ReportParseError
from ..models import Cell, Message, Paragraph, Provenance, Report, Table
from ..patterns import load_patterns
from . import new_report
from .cjk import join_all, join_lines
from .pdf_furniture import extract_footnotes, extract_toc, strip_furniture
from .pdf_tables import GridCell, PageTable, find_tables, repeated_header, same_layout
from .pdf_text import Line, Page, Seg, build_lines, pdfium_pages, plumber_pages

_OCR_HINT = ("scanned or image-only; OCR it first, e.g. with MinerU, "
             "docling or markitdown, and pass the resulting .md or .html to reportparse")
_SENTENCE_END = ("。", "！", "？", "；", "：", "!", "?", ";", ":")
_UNIT_LINE = regex.compile(r"^[（(]?\s*(?:金额|资金|计量)?单位\s*[:：]")  # never a title wrap


# --------------------------------------------------------------------------- opening
@dataclass
class _PageData:
    """What the reader keeps of a page once its glyphs are gone."""

    number: int
    height: float
    tables: list[PageTable]
    rules: list[Seg]  # short horizontal rules outside tables (a footnote separator)
    lines: list[Line]
    ink: int  # non-space characters
    images: int


def _digest(p: Page) -> _PageData:
    """Tables and lines of one page (table glyphs taken out of the text flow)."""
    ts = find_tables(p.segs, p.chars, p.number)
    chars = [c for c in p.chars if not any(t.contains(c) for t in ts)] if ts else p.chars
    ink = sum(1 for c in p.chars if not c.text.isspace())
    rules = [s for s in p.segs if s.top == s.bottom and 20 < s.x1 - s.x0 < 0.45 * p.width
             and not any(t.xs[0] - 2 <= s.x0 <= t.xs[-1] + 2 and t.ys[0] - 2 <= s.top
                         <= t.ys[-1] + 2 for t in ts)]
    return _PageData(p.number, p.height, ts, rules, build_lines(chars, p.number), ink,
                     p.images)


@dataclass
class _Doc:
    pages: list[_PageData]
    n_pages: int
    failed: list[int] = field(default_factory=list)  # pages pdfium could not load
    outline: list[tuple[int, str, int | None]] = field(default_factory=list)  # level, title, page
    properties: dict[str, str] = field(default_factory=dict)
    engine: str = "pdfium"


def _check_bytes(data: bytes, path: str) -> None:
    head = data[:1024].lstrip()
    if not head.startswith(b"%PDF-"):
        kind = ("a Word/zip file" if data[:4] == b"PK\x03\x04" else
                "HTML" if head[:64].lower().startswith((b"<!doctype", b"<html")) else
                "text" if _looks_text(data[:2048]) else "binary data")
        raise ReportParseError(path, "unsupported_format",
                               f"not a PDF (no %PDF- header; the content looks like {kind})")
    if b"%%EOF" not in data[-4096:]:
        raise ReportParseError(path, "corrupt", "the PDF is truncated (no %%EOF end marker); "
                               "re-download or re-export the file")


def _looks_text(b: bytes) -> bool:
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return b"\x00" not in b


def _open(data: bytes, path: str, password: str | None, max_pages: int | None) -> _Doc:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as e:
        if e.err_code == 4:  # FPDF_ERR_PASSWORD: the empty password did not open it
            raise ReportParseError(path, "encrypted", "the PDF is password-protected "
                                   "(the empty password does not open it); pass password=…")
        return _open_plumber(data, path, password, max_pages, e)
    try:
        n = len(doc)
        if n == 0:
            raise ReportParseError(path, "corrupt", "the PDF has no pages (damaged page tree)")
        _check_size(path, n, max_pages)
        failed: list[int] = []
        pages = [_digest(p) for p in pdfium_pages(doc, failed=failed)]
        if not pages:
            raise ReportParseError(path, "corrupt", "the PDF is damaged: none of its "
                                   f"{n} pages could be loaded")
        outline: list[tuple[int, str, int | None]] = []
        try:
            for b in doc.get_toc(max_depth=8):
                dest = b.get_dest()
                idx = dest.get_index() if dest is not None else None
                outline.append((b.level, b.get_title(), None if idx is None else idx + 1))
        except (pdfium.PdfiumError, ValueError, TypeError, UnicodeError):
            outline = []  # a broken outline is only a lost hint
        try:
            props = dict(doc.get_metadata_dict(skip_empty=True))
        except (pdfium.PdfiumError, ValueError, TypeError, UnicodeError):
            props = {}
        return _Doc(pages, n, failed, outline, props)
    finally:
        doc.close()


def _check_size(path: str, n: int, max_pages: int | None) -> None:
    if max_pages is not None and n > max_pages:
        raise ReportParseError(path, "too_large", f"the PDF has {n} pages, over the limit "
                               f"of {max_pages} (max_pages)")


def _open_plumber(data: bytes, path: str, password: str | None, max_pages: int | None,
                  first: Exception) -> _Doc:
    import logging

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    log = logging.getLogger("pdfminer")
    level = log.level
    log.setLevel(logging.ERROR)  # its repair chatter is not for our callers' stderr
    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            n = len(pdf.pages)
            if n == 0:
                raise ReportParseError(path, "corrupt", "the PDF has no pages")
            _check_size(path, n, max_pages)
            return _Doc([_digest(p) for p in plumber_pages(pdf)], n, engine="pdfplumber")
    except ReportParseError:
        raise
    except PDFPasswordIncorrect:
        raise ReportParseError(path, "encrypted", "the PDF is password-protected "
                               "(the empty password does not open it); pass password=…")
    except Exception as e:
        raise ReportParseError(path, "corrupt", f"the PDF is damaged and could not be "
                               f"repaired ({first}; {type(e).__name__}: {e})") from e
    finally:
        log.setLevel(level)


# --------------------------------------------------------------------------- layout stats
@dataclass
class _Stats:
    body_style: tuple[float, bool, str]
    size: float
    left: float
    right: float
    pitch: float

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def _stats(pages: list[list[Line]]) -> _Stats:
    weight: Counter = Counter()
    for lines in pages:
        for ln in lines:
            weight[ln.style] += len(ln.text)
    if not weight:
        return _Stats((12.0, False, ""), 12.0, 72.0, 520.0, 18.0)
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
    right = rights[int(0.9 * (len(rights) - 1))]
    pitch = statistics.median(pitches) if pitches else 1.5 * size
    return _Stats(body, size, left, right, pitch)


# --------------------------------------------------------------------------- paragraphs
class _Builder:
    """Walks pages in order, turning lines into paragraphs and placing tables."""

    def __init__(self, report: Report, st: _Stats, heading_res: list[regex.Pattern]) -> None:
        self.report = report
        self.st = st
        self.heading_res = heading_res
        self.buf: list[Line] = []
        self.styles: list[tuple[float, bool, str]] = []  # first-line style per paragraph
        self.nlines: list[int] = []
        self.centred: list[bool] = []  # first line centred (titles, captions)
        self.last_table: tuple[Table, PageTable, bool] | None = None  # table, frag, at page end
        self.fragments: dict[int, list[PageTable]] = {}

    # -- break rules ----------------------------------------------------------------
    def _centered(self, ln: Line) -> bool:
        return abs((ln.x0 + ln.x1) / 2 - self.st.center) < ln.size

    def _breaks(self, p: Line, ln: Line) -> bool:
        st = self.st
        size = max(ln.size, 1.0)
        if p.style != ln.style:
            return True
        if p.page == ln.page and ln.top - p.top > 1.6 * max(st.pitch, p.bottom - p.top):
            return True
        full = p.x1 >= st.right - 1.5 * size
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
    def line(self, ln: Line) -> None:
        if self.buf and self._breaks(self.buf[-1], ln):
            self.flush()
        self.buf.append(ln)
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
        para = Paragraph(text=text, provenance=Provenance(
            block=len(self.report.blocks), page=first_page, bbox=bbox, locator=locator))
        self.report.blocks.append(para)
        self.styles.append(lines[0].style)
        self.nlines.append(len(lines))
        self.centred.append(self._centered(lines[0]) and lines[0].x0 > self.st.left + lines[0].size)

    def table(self, frag: PageTable, first_on_page: bool, last_on_page: bool) -> None:
        self.flush()
        prev = self.last_table
        if (prev is not None and first_on_page and prev[2] and prev[1].page == frag.page - 1):
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
                                col=gc.col, locator=f"page[{frag.page}]/table")))
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


# --------------------------------------------------------------------------- headings
def _norm(text: str) -> str:
    return "".join(text.split())


def _heading_hints(report: Report, b: _Builder, outline: list[tuple[int, str, int | None]],
                   st: _Stats) -> None:
    paras = [blk for blk in report.blocks if isinstance(blk, Paragraph)]
    if outline:
        levels: dict[str, int] = {}
        for level, title, _ in outline:
            levels.setdefault(_norm(title), level + 1)
        for p in paras:
            n = _norm(p.text)
            lvl = levels.get(n)
            if lvl is None and len(n) <= 80:
                lvl = next((v for k, v in levels.items() if len(k) >= 4 and n.startswith(k)
                            and len(n) - len(k) <= 2), None)
            if lvl is not None:  # role stays "body": the structure stage decides headings
                p.heading_level = lvl
        return
    # no bookmarks: rank the styles of short paragraphs that stand out from the body
    cands: list[tuple[Paragraph, tuple[float, bool, str]]] = []
    before_table = {id(report.blocks[i - 1]) for i, blk in enumerate(report.blocks)
                    if i and isinstance(blk, Table)}
    for p, style, nlines, centred in zip(paras, b.styles, b.nlines, b.centred):
        if p.role != "body" or nlines > 3 or len(p.text) > 80 or style == st.body_style:
            continue
        if centred and id(p) in before_table:
            continue  # a centred line naming the table below is its caption, not a heading
        if style[0] > st.size + 0.4 or (style[0] >= st.size - 0.4 and style[1]
                                         and not st.body_style[1]):
            cands.append((p, style))
    ranked = sorted({s for _, s in cands}, key=lambda s: (-s[0], not s[1], s[2]))
    # the document title: the top style, used once, by the very first block — not a chapter
    if len(ranked) > 1 and report.blocks and paras and report.blocks[0] is paras[0]:
        top = [p for p, s in cands if s == ranked[0]]
        if top == [paras[0]]:
            cands = [(p, s) for p, s in cands if s != ranked[0]]
            ranked = ranked[1:]
    for p, style in cands:
        p.heading_level = ranked.index(style) + 1


# --------------------------------------------------------------------------- continued tables
_CONTINUED = regex.compile(r"^\s*(?:续表\s*[0-9]*|续上表|接上表"
                           r"|.{0,40}?[（(]\s*续(?:表|上表)?\s*[）)])\s*$")


def is_continued_caption(text: str) -> bool:
    """``续表``, ``表2（续）``, ``（续上表）``: a label on a table's continuation page."""
    return bool(_CONTINUED.match(text))


def _drop_continued_captions(items: list[tuple[float, int, object]],
                             report: Report) -> list[tuple[float, int, object]]:
    """A 续表 label opening a page right above a table is furniture: without it the table
    fragment is first on its page and can be stitched to the one before."""
    out = list(items)
    while (len(out) >= 2 and out[0][1] == 1 and out[1][1] == 0
           and is_continued_caption(out[0][2].text)):  # type: ignore[attr-defined]
        out.pop(0)
        report.meta.noise_removed["continued_caption"] = \
            report.meta.noise_removed.get("continued_caption", 0) + 1
    return out


# --------------------------------------------------------------------------- entry point
def read(data: bytes, path: str, *, password: str | None = None,
         max_pages: int | None = None, patterns: object = None, limits: object = None,
         **_: object) -> Report:
    """Read a text-layer PDF into a Report (blocks, toc, meta headers/footers, warnings).

    ``max_pages`` (default ``limits.max_pdf_pages``) and ``limits.max_text_chars`` bound the
    work; ``password`` opens an encrypted file."""
    _check_bytes(data, path)
    if max_pages is None and limits is not None:
        max_pages = getattr(limits, "max_pdf_pages", None)
    doc = _open(data, path, password, max_pages)
    pats = load_patterns(patterns)  # type: ignore[arg-type]
    noise = pats["noise"]
    report = new_report(path, data, "pdf", pages=doc.n_pages)
    report.meta.properties.update({k: str(v) for k, v in doc.properties.items() if v})
    if doc.engine != "pdfium":
        report.warnings.append(Message(code="pdf_repaired", message="pdfium could not open the "
                                       "file; read with pdfminer's repair"))

    for n in doc.failed:
        report.warnings.append(Message(code="page_damaged", message=f"page {n} is damaged and "
                                       "could not be read; its content is missing",
                                       provenance=Provenance(page=n)))
    ink = [p.ink for p in doc.pages]
    max_chars = getattr(limits, "max_text_chars", None)
    if max_chars is not None and sum(ink) > max_chars:
        raise ReportParseError(path, "too_large", f"the PDF has {sum(ink)} characters of text, "
                               f"over the limit of {max_chars}")
    if sum(ink) == 0:
        raise ReportParseError(path, "no_text_layer", f"the PDF has no text layer: {_OCR_HINT}")
    for p, k in zip(doc.pages, ink):
        if k == 0 and p.images:
            report.warnings.append(Message(
                code="no_text_layer", message=f"page {p.number} is an image without text; "
                f"its content is missing ({_OCR_HINT})", provenance=Provenance(page=p.number)))

    tables = [p.tables for p in doc.pages]
    lines = [p.lines for p in doc.pages]

    fur = noise.get("furniture", {})
    page_res = [regex.compile(r) for r in fur.get("page_number", [])]
    f = strip_furniture(lines, [p.height for p in doc.pages], page_res,
                        int(fur.get("repeat_min_pages", 3)), int(fur.get("repeat_max_chars", 60)))
    report.meta.headers = f.headers
    report.meta.footers = f.footers
    st0 = _stats(lines)
    report.meta.notes = extract_footnotes(lines, [p.rules for p in doc.pages], st0.size)
    toc_cfg = noise.get("toc", {})
    titles = {_norm(t) for t in toc_cfg.get("titles", ["目录"])}
    toc, toc_lines = extract_toc(lines, titles, regex.compile(toc_cfg["line"]), st0.left)
    report.toc = toc
    for key, n in (("page_number", f.page_numbers), ("running_header", f.running),
                   ("toc_line", toc_lines)):
        if n:
            report.meta.noise_removed[key] = n
    st = _stats(lines)

    heading_res = [regex.compile(fam["pattern"]) for fam in pats["headings"].get("family", [])
                   if fam.get("name") not in ("inline",)]
    b = _Builder(report, st, heading_res)
    for p_lines, p_tables in zip(lines, tables):
        items: list[tuple[float, int, object]] = [(ln.top, 1, ln) for ln in p_lines]
        items += [(t.ys[0], 0, t) for t in p_tables]
        items.sort(key=lambda x: (x[0], x[1]))
        items = _drop_continued_captions(items, report)
        for k, (_top, kind, obj) in enumerate(items):
            if kind == 0:
                b.table(obj, first_on_page=k == 0, last_on_page=k == len(items) - 1)  # type: ignore[arg-type]
            else:
                b.line(obj)  # type: ignore[arg-type]
    b.flush()
    _heading_hints(report, b, doc.outline, st)
    return report
