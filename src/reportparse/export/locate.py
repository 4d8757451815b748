"""Where a finding's location stands in the model: one resolver for every exporter.

The HTML page highlights a place, the annotators (:mod:`.annotate_docx`, :mod:`.annotate_pdf`)
anchor a comment on it; both must agree on what a :class:`~reportparse.models.Location`
names. A location may carry a table cell, a whole row or column, a span in ``Report.text`` or
block-relative, a block, or only the quoted text and its section; :func:`locate` tries them
from the most to the least precise and says whether the place holds exactly the quoted value.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Location, Paragraph, Report, Section, Table


@dataclass(frozen=True)
class Place:
    """A resolved location: block ``block``; in a table, the real cells ``cells`` (top-left
    grid addresses); in a paragraph, ``span`` (block-relative, half-open); neither: the whole
    block. ``exact`` is True when the place holds exactly the value the location quotes."""

    block: int
    cells: tuple[tuple[int, int], ...] = ()
    span: tuple[int, int] | None = None
    exact: bool = False


def find_block_by_span(report: Report, s: int, e: int) -> int | None:
    for i, b in enumerate(report.blocks):
        sp = b.provenance.span
        if sp is not None and sp[0] <= s and e <= sp[1]:
            return i
    return None


def cell_by_span(t: Table, s: int, e: int) -> tuple[int, int] | None:
    for c in t.cells:
        sp = c.provenance.span
        if sp is not None and sp[0] <= s and e <= sp[1]:
            return c.row, c.col
    return None


def cell_by_text(t: Table, text: str) -> tuple[int, int] | None:
    text = text.strip()
    if not text:
        return None
    for exact in (True, False):
        for c in t.cells:
            if (c.text.strip() == text) if exact else (text in c.text):
                return c.row, c.col
    return None


def section_of(report: Report, path: str) -> Section | None:
    """The section a location's ``section`` path names (its last element, heading or title)."""
    for s in report.walk():
        if path in (s.heading, s.title) or path.endswith(s.heading) or path.endswith(s.title):
            return s
    return None


def section_blocks(report: Report, path: str) -> list[int]:
    s = section_of(report, path)
    if s is None:
        return []
    idx = [s.heading_block] if s.heading_block is not None else []
    for d in s.walk():
        if d is not s and d.heading_block is not None:
            idx.append(d.heading_block)
        idx.extend(d.blocks)
    return sorted(set(idx))


def _cell_place(t: Table, b: int, rc: tuple[int, int], text: str) -> Place:
    c = t.cell_at(*rc)
    exact = c is not None and bool(text.strip()) and text.strip() in c.text
    return Place(b, cells=(rc,), exact=exact)


def _span_place(blk: Paragraph, b: int, s: int, e: int, text: str) -> Place:
    return Place(b, span=(s, e), exact=e > s and (not text or blk.text[s:e] == text))


def _in_table(report: Report, loc: Location, t: Table) -> Place:
    b = loc.table
    assert b is not None
    if loc.row is not None and loc.col is not None:
        c = t.cell_at(loc.row, loc.col)
        if c is not None:
            return _cell_place(t, b, (c.row, c.col), loc.text)
    elif loc.row is not None or loc.col is not None:
        if loc.row is not None:
            cells = sorted((c for c in t.cells if c.row == loc.row), key=lambda c: c.col)
        else:
            cells = sorted((c for c in t.cells if c.col == loc.col), key=lambda c: c.row)
        if cells:
            return Place(b, cells=tuple((c.row, c.col) for c in cells))
    if loc.span is not None:
        rc = cell_by_span(t, *loc.span)
        if rc is not None:
            return _cell_place(t, b, rc, loc.text)
    if loc.text:
        rc = cell_by_text(t, loc.text)
        if rc is not None:
            return _cell_place(t, b, rc, loc.text)
    return Place(b)


def _by_span(report: Report, loc: Location, s: int, e: int) -> Place | None:
    blocks = report.blocks
    b = loc.block
    if b is not None and 0 <= b < len(blocks):
        sp = blocks[b].provenance.span
        if not (sp is not None and sp[0] <= s and e <= sp[1]):
            blk = blocks[b]
            if isinstance(blk, Paragraph) and 0 <= s < e <= len(blk.text):
                return _span_place(blk, b, s, e, loc.text)  # block-relative
            b = find_block_by_span(report, s, e)
    else:
        b = find_block_by_span(report, s, e)
    if b is None:
        return None
    blk = blocks[b]
    if isinstance(blk, Table):
        rc = cell_by_span(blk, s, e)
        return _cell_place(blk, b, rc, loc.text) if rc is not None else Place(b)
    sp = blk.provenance.span
    assert sp is not None
    if report.text[sp[0]:sp[1]] == blk.text and e > s:
        return _span_place(blk, b, s - sp[0], e - sp[0], loc.text)
    if loc.text and loc.text in blk.text:
        k = blk.text.index(loc.text)
        return Place(b, span=(k, k + len(loc.text)), exact=True)
    return Place(b)


def locate(report: Report, loc: Location) -> Place | None:
    """The place ``loc`` names, or ``None`` when nothing in the model matches it."""
    blocks = report.blocks
    n = len(blocks)
    # 1. a table cell (or a whole row / column / table)
    if loc.table is not None and 0 <= loc.table < n and isinstance(blocks[loc.table], Table):
        return _in_table(report, loc, blocks[loc.table])  # type: ignore[arg-type]
    # 2. a span: in Report.text (documented), or block-relative when it cannot be that
    if loc.span is not None:
        return _by_span(report, loc, *loc.span)
    # 3. a block, with the text to find in it
    if loc.block is not None and 0 <= loc.block < n:
        blk = blocks[loc.block]
        if isinstance(blk, Table):
            rc = cell_by_text(blk, loc.text) if loc.text else None
            if rc is not None:
                return _cell_place(blk, loc.block, rc, loc.text)
        elif loc.text and loc.text in blk.text:
            k = blk.text.index(loc.text)
            return Place(loc.block, span=(k, k + len(loc.text)), exact=True)
        return Place(loc.block)
    # 4. only text (within a section when named): the first paragraph that contains it
    if loc.text:
        candidates = section_blocks(report, loc.section) if loc.section else []
        for i in candidates or range(n):
            blk = blocks[i]
            if isinstance(blk, Paragraph) and loc.text in blk.text:
                k = blk.text.index(loc.text)
                return Place(i, span=(k, k + len(loc.text)), exact=True)
    return None


def heading_of(report: Report, block: int | None, section: str | None = None) -> int | None:
    """The heading block of the section a block stands in (else the section a path names,
    else the first heading of the report): where a value that cannot be placed is noted."""
    if block is not None:
        best: int | None = None
        for s in report.walk():
            h = s.heading_block
            if h is not None and h <= block and (best is None or h > best):
                best = h
        if best is not None:
            return best
    if section:
        named = section_of(report, section)
        if named is not None and named.heading_block is not None:
            return named.heading_block
    for s in report.walk():
        if s.heading_block is not None:
            return s.heading_block
    return None


def narrowed(report: Report, place: Place, loc: Location) -> Place:
    """A paragraph span narrowed to the quoted text when the span holds more than the quote
    (a heading's location spans the whole paragraph its lead sentence continues): the place an
    annotator anchors on. The HTML page keeps the wider span."""
    blk = report.blocks[place.block]
    quote = loc.text.strip()
    if place.exact or place.span is None or not quote or not isinstance(blk, Paragraph):
        return place
    s, e = place.span
    k = blk.text.find(quote, s, e)
    return Place(place.block, span=(k, k + len(quote)), exact=True) if k >= 0 else place
