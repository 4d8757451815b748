"""Clean: format-neutral removal of the noise converters and Word leave behind.

Runs on every reader's output, before the structure stage:

* inline markers (``[bookmark: …]``, ``[image: …]``, 窗体顶端/窗体底端, zero-width characters)
  removed wherever they stand — in paragraphs and in every table cell — and counted in
  ``meta.noise_removed``;
* stray leading/trailing spaces (ASCII, full-width and NBSP) stripped; paragraphs left empty
  dropped;
* table-of-contents lines (a 目录 block, or dot-leader lines with a page number) moved to
  ``report.toc`` — a hint to compare with the real headings, never part of the body;
* page furniture: page-number paragraphs, and on paginated sources short paragraphs repeated on
  several pages (running headers/footers, kept in ``meta.headers``);
* finally ``report.text`` is rebuilt from the blocks and every block and cell gets its
  character span in it, and block indices are renumbered.

Grammar lives in ``patterns/noise.toml``; this module holds only mechanisms.
"""

from __future__ import annotations

from collections import defaultdict

import regex

from .models import Block, Cell, Document, DocumentT, Paragraph, Table, TocEntry
from .patterns import Patterns, load_patterns
from .toc_shape import TocShape, compact, split_entry, titled_run, toc_shape

_STRIP = " \t\u3000\u00a0\r\n"


class _Noise:
    def __init__(self, p: Patterns) -> None:
        cfg = p["noise"]
        self.markers = {k: regex.compile(v) for k, v in cfg.get("markers", {}).items()}
        toc = cfg.get("toc", {})
        self.toc_titles = {t.replace(" ", "").lower() for t in toc.get("titles", [])}
        self.toc_line = regex.compile(toc.get("line", r"(?!)"))
        self.dot_leader = regex.compile(r"[.．·…。\-_—]{3,}+\s*+(?:[0-9]{1,4}|[ivxlcIVXLC]{1,6})\s*$")
        furn = cfg.get("furniture", {})
        self.page_number = [regex.compile(x) for x in furn.get("page_number", [])]
        self.repeat_min_pages = int(furn.get("repeat_min_pages", 3))
        self.repeat_max_chars = int(furn.get("repeat_max_chars", 60))
        self.repeat_share = float(furn.get("repeat_share", 0.5))
        self.headings = [regex.compile(f["pattern"]) for f in p["headings"].get("family", [])]


def _noise(p: Patterns) -> _Noise:
    return p.cached("clean.noise", _Noise)


def strip_markers(text: str, noise: _Noise, counts: dict[str, int]) -> str:
    for kind, rx in noise.markers.items():
        text, n = rx.subn("", text)
        if n:
            counts[kind] += n
    return text.strip(_STRIP)


def _clean_table(t: Table, noise: _Noise, counts: dict[str, int]) -> None:
    for c in t.cells:
        c.text = strip_markers(c.text, noise, counts)
        for nested in c.tables:
            _clean_table(nested, noise, counts)
    if t.caption:
        t.caption = strip_markers(t.caption, noise, counts)


def _is_page_number(text: str, noise: _Noise) -> bool:
    return any(rx.match(text) for rx in noise.page_number)


def _shaped_run(blocks: list[Block], k: int, shape: TocShape) -> int:
    """How many paragraphs after the TOC title at ``k`` form a TOC by shape alone."""
    texts: list[str] = []
    for b in blocks[k + 1:]:
        if not isinstance(b, Paragraph) or len(texts) > 200:
            break
        texts.append(b.text)
    rest = blocks[k + 1 + len(texts):]
    later = "".join(compact(b.text) if isinstance(b, Paragraph)
                    else "".join(compact(c.text) for c in b.cells) for b in rest)
    return titled_run(texts, later, shape)


def _take_toc(blocks: list[Block], noise: _Noise, report: Document,
              counts: dict[str, int], shape: TocShape) -> list[Block]:
    """Move TOC lines out of the body into ``report.toc``: dot-leader/page-number lines, and
    under a 目录 title a run of title lines naming later headings (its shape)."""
    out: list[Block] = []
    in_toc = False
    shaped = 0
    for k, b in enumerate(blocks):
        if not isinstance(b, Paragraph):
            in_toc = False
            out.append(b)
            continue
        if regex.sub(r"\s+", "", b.text).lower() in noise.toc_titles:
            in_toc = True
            counts["toc"] += 1
            shaped = _shaped_run(blocks, k, shape)
            continue
        m = noise.toc_line.match(b.text)
        if shaped:
            shaped -= 1
            title, page = (m.group("text"), m.group("page")) if m else split_entry(b.text)
            report.toc.append(TocEntry(text=title.strip(_STRIP), page=page,
                                       provenance=b.provenance.model_copy()))
            counts["toc"] += 1
            continue
        if m and (in_toc or noise.dot_leader.search(b.text) or b.style and
                  b.style.lower().startswith(("toc", "目录"))):
            report.toc.append(TocEntry(text=m.group("text").strip(_STRIP), page=m.group("page"),
                                       provenance=b.provenance.model_copy()))
            counts["toc"] += 1
            in_toc = True
            continue
        in_toc = False
        out.append(b)
    return out


def _page_edges(blocks: list[Block]) -> set[int]:
    """Indices of the first and last block of each page: where running headers stand."""
    edges: set[int] = set()
    for k, b in enumerate(blocks):
        page = b.provenance.page
        if page is None:
            continue
        if k == 0 or blocks[k - 1].provenance.page != page:
            edges.add(k)
        if k + 1 == len(blocks) or blocks[k + 1].provenance.page != page:
            edges.add(k)
    return edges


def _drop_furniture(blocks: list[Block], noise: _Noise, report: Document,
                    counts: dict[str, int]) -> list[Block]:
    """Page numbers, and short paragraphs repeated on most pages (``repeat_min_pages`` and
    ``repeat_share`` of them) *at a page edge* (first or last block of the page) that open nothing: not a numbered heading, not the caption or unit
    line right above a table. Repeated body text in mid-page (一、项目概述 on each project
    page, the same unit name under 实施主体) stays."""
    edges = _page_edges(blocks)

    def candidate(k: int, b: Block) -> bool:
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        return (isinstance(b, Paragraph) and b.provenance.page is not None and k in edges
                and len(b.text) <= noise.repeat_max_chars
                and not any(r.match(b.text) for r in noise.headings)
                and not (isinstance(nxt, Table) and nxt.provenance.page == b.provenance.page))

    pages_of: dict[str, set[int]] = defaultdict(set)
    for k, b in enumerate(blocks):
        if isinstance(b, Paragraph) and b.provenance.page is not None and candidate(k, b):
            pages_of[b.text].add(b.provenance.page)
    n_pages = len({b.provenance.page for b in blocks if b.provenance.page is not None})
    need = max(noise.repeat_min_pages, noise.repeat_share * n_pages)
    repeated = {t for t, pages in pages_of.items() if len(pages) >= need}
    out: list[Block] = []
    for k, b in enumerate(blocks):
        if isinstance(b, Paragraph):
            if _is_page_number(b.text, noise):
                counts["page_number"] += 1
                continue
            if b.text in repeated and candidate(k, b):
                counts["running_header"] += 1
                if b.text not in report.meta.headers:
                    report.meta.headers.append(b.text)
                continue
        out.append(b)
    return out


def _index(report: Document) -> None:
    """Rebuild ``report.text`` and every block's/cell's span and block index."""
    parts: list[str] = []
    pos = 0

    def add(s: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start, start + len(s)

    for i, b in enumerate(report.blocks):
        b.provenance.block = i
        if isinstance(b, Paragraph):
            b.provenance.span = add(b.text)
            add("\n")
            continue
        start = pos
        by_row: dict[int, list[Cell]] = defaultdict(list)
        for c in b.cells:
            by_row[c.row].append(c)
        for r in range(b.n_rows):
            for k, c in enumerate(sorted(by_row.get(r, []), key=lambda x: x.col)):
                if k:
                    add("\t")
                c.provenance.block = i
                c.provenance.row, c.provenance.col = c.row, c.col
                c.provenance.span = add(c.text)
            add("\n")
        b.provenance.span = (start, pos)
    report.text = "".join(parts)


def clean(report: DocumentT, patterns: Patterns | str | None = None) -> DocumentT:
    """Remove noise in place and return the report (see the module docstring)."""
    pats = load_patterns(patterns)
    noise = _noise(pats)
    counts: dict[str, int] = defaultdict(int)
    kept: list[Block] = []
    for b in report.blocks:
        if isinstance(b, Paragraph):
            b.text = strip_markers(b.text, noise, counts)
            if b.text:
                kept.append(b)
        else:
            _clean_table(b, noise, counts)
            if any(c.text for c in b.cells) or any(c.tables for c in b.cells):
                kept.append(b)
    kept = _take_toc(kept, noise, report, counts, toc_shape(pats))
    kept = _drop_furniture(kept, noise, report, counts)
    report.blocks = kept
    for k, v in counts.items():
        report.meta.noise_removed[k] = report.meta.noise_removed.get(k, 0) + v
    _index(report)
    return report
