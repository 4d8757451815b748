"""PDF reader: text-layer PDFs exported from Word/WPS into the shared document model.

Pipeline (each step in its own small module):

1. ``pdf_open``: byte checks, pypdfium2 (fast C parser) with a pdfplumber/pdfminer fallback,
   the empty password for encrypted files; every unusable file a one-line
   :class:`ReportParseError`. Each page is digested as it is read:
2. ``pdf_text`` (glyphs, rulings, visual lines, CJK-aware spacing) and ``pdf_tables`` (ruled
   tables with spans from the rulings; their glyphs leave the text flow);
3. ``pdf_furniture``: page numbers and running headers/footers (→ ``meta``), TOC blocks
   (→ ``report.toc``), footnotes (→ ``meta.notes``);
4. ``pdf_blocks``: lines to paragraphs, tables continued on the next page stitched;
5. here: ``heading_level`` hints from the PDF outline (bookmarks), else from the font
   size/weight rank.

The reader decides no section kinds and no heading tree: that is the structure stage's job.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import regex

from ..errors import ReportParseError
from ..models import Message, Paragraph, Provenance, Document, Table
from ..patterns import Patterns, load_patterns
from ..toc_shape import TocShape, toc_shape
from .base import new_report
from .cjk import join_all
from .hints import FRONT_BLOCKS, heading_markers, title_heading
from .pdf_blocks import Builder, Stats, drop_continued_captions, is_continued_caption, layout_stats
from .pdf_furniture import extract_echo_toc, extract_footnotes, extract_toc, strip_furniture
from .ocr_sizes import snap_sizes
from .pdf_open import OCR_HINT, UNMAPPED, Doc, check_bytes, check_streams, open_pdf
from .pdf_tables import PageTable
from .pdf_text import Line
from .protocol import ReadOptions, SourceInfo

__all__ = ["is_continued_caption", "read"]


# --------------------------------------------------------------------------- headings
def _norm(text: str) -> str:
    return "".join(text.split())


def _heading_hints(report: Document, b: Builder, outline: list[tuple[int, str, int | None]],
                   st: Stats) -> None:
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
            if lvl is None and len(n) <= 80:  # bookmarks often lack the list number ("一、")
                m = next((m for r in b.heading_res if (m := r.match(p.text))), None)
                if m is not None:
                    lvl = levels.get(_norm(p.text[m.end():]))
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
    # the document title: the top style, used once, by the first candidate near the top (then
    # the chapters rank from 1); title_heading() covers the other cases
    if len(ranked) > 1 and cands:
        top = [p for p, s in cands if s == ranked[0]]
        front = [b for b in report.blocks[:FRONT_BLOCKS] if isinstance(b, Paragraph)]
        if top == [cands[0][0]] and top[0] in front and all(
                not isinstance(b, Table) for b in report.blocks[:report.blocks.index(top[0])]):
            cands = [(p, s) for p, s in cands if s != ranked[0]]
            ranked = ranked[1:]
    for p, style in cands:
        p.heading_level = ranked.index(style) + 1


def _leads_page(before: list[tuple[float, int, object]], frag: PageTable) -> bool:
    """A table fragment opens its page when nothing stands above it but row-like lines inside
    its width (a row whose rulings were not drawn, split off by the page break): no caption
    or body paragraph, so a continued table can be stitched to the one before."""
    x0, x1 = frag.xs[0], frag.xs[-1]
    return all(kind == 1 and isinstance(ln, Line) and len(ln.segments) >= 2
               and ln.x0 >= x0 - 2 and ln.x1 <= x1 + 2 for _t, kind, ln in before)


def _cover_title(report: Document, b: Builder) -> None:
    """The title on the first page: its tallest text (well above the body's line height; box
    heights, since some producers misstate font sizes), the consecutive paragraphs set in it
    before a table, joined, unless it carries an outline number (a chapter heading); it goes to ``meta.title`` and loses any heading hint (a title is
    not a chapter)."""
    paras = list(zip([x for x in report.blocks if isinstance(x, Paragraph)], b.heights))
    if not paras or report.meta.title:
        return
    first = paras[0][0].provenance.page
    on_first = [(p, h) for p, h in paras if p.provenance.page == first]
    top = max(h for _, h in on_first)
    if top < 1.15 * statistics.median(h for _, h in paras):
        return
    picked: list[Paragraph] = []
    for p, h in on_first:
        if h >= 0.9 * top and len(p.text) <= 80:
            if any(r.match(p.text) for r in b.heading_res):
                return  # the first chapter heading set large, not a title
            picked.append(p)
        elif picked:
            break
    tables = [k for k, x in enumerate(report.blocks) if isinstance(x, Table)]
    if not picked or (tables and tables[0] < report.blocks.index(picked[0])):
        return
    for p in picked:
        p.heading_level = None
    report.meta.title = join_all([p.text for p in picked], normalize=False)


# --------------------------------------------------------------------------- entry point
@dataclass(frozen=True)
class _Rules:
    """The patterns this reader uses, compiled once per Patterns instance."""

    page_numbers: list[regex.Pattern[str]]
    repeat_min_pages: int
    repeat_max_chars: int
    toc_titles: set[str]
    toc_line: regex.Pattern[str]
    headings: list[regex.Pattern[str]]
    toc_shape: TocShape


def _rules(p: Patterns) -> _Rules:
    noise = p["noise"]
    fur, toc = noise.get("furniture", {}), noise.get("toc", {})
    return _Rules([regex.compile(r) for r in fur.get("page_number", [])],
                  int(fur.get("repeat_min_pages", 3)), int(fur.get("repeat_max_chars", 60)),
                  {_norm(t) for t in toc["titles"]},
                  regex.compile(toc.get("line", r"(?!)")),
                  heading_markers(p), toc_shape(p))


def _text_layer(report: Document, doc: Doc, path: str, limits: object) -> None:
    """No text at all is an error (scan: OCR first); an image-only page is a warning."""
    for n in doc.failed:
        report.warnings.append(Message(code="page_damaged", message=f"page {n} is damaged and "
                                       "could not be read; its content is missing",
                                       provenance=Provenance(page=n)))
    total = sum(p.ink for p in doc.pages)
    max_chars = getattr(limits, "max_text_chars", None)
    if max_chars is not None and total > max_chars:
        raise ReportParseError(path, "too_large", f"the PDF has {total} characters of text, "
                               f"over the limit of {max_chars}")
    if total == 0 and any(p.ocr is not None for p in doc.pages):
        raise ReportParseError(path, "no_text_layer", "OCR found no text on any page")
    if total == 0:
        raise ReportParseError(path, "no_text_layer", f"the PDF has no text layer (a scan or page images): {OCR_HINT}")
    for p in doc.pages:
        if p.struck:
            report.warnings.append(Message(
                code="struck_text", message=f"{p.struck} crossed-out character(s) on page "
                f"{p.number} left out (deleted text of shown tracked changes)",
                provenance=Provenance(page=p.number)))
        if p.ocr is not None:
            report.warnings.append(Message(
                code="ocr_page", message=f"page {p.number} was read by OCR (no usable text "
                f"layer; mean line confidence {p.ocr:.2f})", provenance=Provenance(page=p.number)))
        elif p.ink == 0 and p.images:
            report.warnings.append(Message(
                code="no_text_layer", message=f"page {p.number} is an image without text; "
                f"its content is missing; {OCR_HINT}", provenance=Provenance(page=p.number)))


def _warn_unmapped(report: Document) -> None:
    """Warn when much of the text is CID codes rather than characters (a font with neither a
    ToUnicode map nor a standard encoding): the words are gibberish, and a silent result
    would look like a report."""
    seen = bad = 0
    for block in report.blocks:
        text = block.text if isinstance(block, Paragraph) else " ".join(
            c.text for c in block.cells)
        seen += len(text) - text.count(" ")
        bad += len(UNMAPPED.findall(text))
    if seen and bad * 5 >= seen:
        report.warnings.append(Message(code="no_unicode_map", message=(
            f"{bad} of {seen} characters are font codes, not text (a font without a Unicode "
            f"map): the text is unreadable; {OCR_HINT}")))


def _opened_tables(doc: Doc) -> list[list[float]]:
    """Per page, the tops of the tables a line above may open (a caption, a unit line): not
    a table that carries on from the page before (the first one on a page whose predecessor
    ended with a table in its last fifth) — over that stands the running header only."""
    out: list[list[float]] = []
    prev_runs_on = False
    for p in doc.pages:
        tops = sorted(t.ys[0] for t in p.tables)
        if prev_runs_on and tops:
            tops = tops[1:]
        out.append(tops)
        prev_runs_on = bool(p.tables) and max(t.ys[-1] for t in p.tables) >= 0.8 * p.height
    return out


def _strip_noise(report: Document, doc: Doc, lines: list[list[Line]], rules: _Rules) -> None:
    """Page furniture, footnotes and the TOC out of the text flow (into meta / toc)."""
    f = strip_furniture(lines, [p.height for p in doc.pages], rules.page_numbers,
                        rules.repeat_min_pages, rules.repeat_max_chars, rules.headings,
                        _opened_tables(doc))
    report.meta.headers = f.headers
    report.meta.footers = f.footers
    st = layout_stats(lines)
    report.meta.notes = extract_footnotes(lines, [p.rules for p in doc.pages],
                                          [p.height for p in doc.pages], st.size, st.left)
    report.toc, toc_lines = extract_toc(lines, rules.toc_titles, rules.toc_line, st.left,
                                        rules.toc_shape)
    if not report.toc:
        report.toc, toc_lines = extract_echo_toc(lines, st.left)
    for key, n in (("page_number", f.page_numbers), ("running_header", f.running),
                   ("toc_line", toc_lines), ("footnote", len(report.meta.notes))):
        if n:
            report.meta.noise_removed[key] = n


def read(data: bytes, source: SourceInfo, options: ReadOptions) -> Document:
    """Read a PDF into a Document (blocks, toc, meta headers/footers/notes, warnings).

    ``limits.max_pdf_pages`` and ``limits.max_text_chars`` bound the work; ``password`` opens
    an encrypted file; ``ocr`` (``never``/``auto``/``always``): with ``auto`` a page without a
    usable text layer is rendered and recognised (the OCR extra)."""
    path, limits, patterns = source.path, options.limits, options.patterns
    check_bytes(data, path)
    check_streams(data, path)
    doc = open_pdf(data, path, options.password, limits.max_pdf_pages, limits.max_text_chars,
                   options.ocr, options.on_ocr_page)
    report = new_report(source, "pdf", pages=doc.n_pages)
    report.meta.properties.update({k: str(v) for k, v in doc.properties.items() if v})
    if doc.engine != "pdfium":
        report.warnings.append(Message(code="pdf_repaired", message="pdfium could not open the "
                                       "file; read with pdfminer's repair"))
    return assemble(report, doc, path, patterns, limits)


def assemble(report: Document, doc: Doc, path: str, patterns: object, limits: object) -> Document:
    """Digested pages (from a text layer or OCR) into the report's blocks: furniture, TOC and
    footnotes out, lines into paragraphs, tables placed and stitched, heading hints."""
    rules: _Rules = load_patterns(patterns).cached("ingest.pdf", _rules)  # type: ignore[arg-type]
    _text_layer(report, doc, path, limits)
    lines = [p.lines for p in doc.pages]
    snap_sizes([ln for p in doc.pages if p.ocr is not None for ln in p.lines])
    _strip_noise(report, doc, lines, rules)
    b = Builder(report, layout_stats(lines), rules.headings)
    height = {p.number: p.height for p in doc.pages}
    for p_lines, p in zip(lines, doc.pages):
        items: list[tuple[float, int, object]] = [(ln.top, 1, ln) for ln in p_lines]
        items += [(t.ys[0], 0, t) for t in p.tables]
        items.sort(key=lambda x: (x[0], x[1]))
        items = drop_continued_captions(items, report)
        first_table = next((k for k, it in enumerate(items) if it[1] == 0), None)
        leads = first_table is not None and _leads_page(items[:first_table],
                                                        items[first_table][2])  # type: ignore[arg-type]
        for k, (_top, kind, obj) in enumerate(items):
            if kind == 0:
                b.table(obj, first_on_page=k == first_table and leads,  # type: ignore[arg-type]
                        last_on_page=k == len(items) - 1, page_height=height.get(p.number - 1))
            else:
                b.line(obj, keep_table=leads and k < (first_table or 0))  # type: ignore[arg-type]
    b.flush()
    _warn_unmapped(report)
    _heading_hints(report, b, doc.outline, b.st)
    _cover_title(report, b)
    title_heading(report, patterns)
    return report
