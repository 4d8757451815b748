"""Where a finding's location stands in the model: one resolver for every exporter.

The HTML page highlights a place, the annotators (:mod:`.annotate_docx`, :mod:`.annotate_pdf`)
anchor a comment on it; both must agree on what a :class:`~reportparse.models.Location`
names. A location's :class:`~reportparse.models.Ref` is the place (a table cell, a whole row
or column, a span of ``Report.text``, a block); only a location without one (a date from the
metadata) is found by its quote. :func:`locate` also says whether the place holds exactly the
quoted value.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..locate import Resolver
from ..models import Location, Paragraph, Ref, Report, Section, Table


@dataclass(frozen=True)
class Place:
    """A resolved location: block ``block``; in a table, the real cells ``cells`` (top-left
    grid addresses); in a paragraph, ``span`` (block-relative, half-open); neither: the whole
    block. ``exact`` is True when the place holds exactly the value the location quotes."""

    block: int
    cells: tuple[tuple[int, int], ...] = ()
    span: tuple[int, int] | None = None
    exact: bool = False


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


def _in_table(ref: Ref, t: Table, text: str) -> Place:
    """A cell, a whole row or column, the cell holding the span or the quote, or the table."""
    b = ref.block
    if ref.row is not None and ref.col is not None:
        c = t.cell_at(ref.row, ref.col)
        if c is not None:
            return _cell_place(t, b, (c.row, c.col), text)
    elif ref.row is not None or ref.col is not None:
        if ref.row is not None:
            cells = sorted((c for c in t.cells if c.row == ref.row), key=lambda c: c.col)
        else:
            cells = sorted((c for c in t.cells if c.col == ref.col), key=lambda c: c.row)
        if cells:
            return Place(b, cells=tuple((c.row, c.col) for c in cells))
    rc = cell_by_span(t, *ref.span) if ref.span is not None else None
    if rc is None and text:
        rc = cell_by_text(t, text)
    return _cell_place(t, b, rc, text) if rc is not None else Place(b)


def _quoted(blk: Paragraph, b: int, text: str) -> Place | None:
    if text and text in blk.text:
        k = blk.text.index(text)
        return Place(b, span=(k, k + len(text)), exact=True)
    return None


def locate(report: Report, loc: Location) -> Place | None:
    """The place ``loc`` names (its ``Ref``), or ``None`` when nothing in the model matches.

    A ref's block, cell and span are taken as they are (:class:`reportparse.locate.Resolver`
    turns a span of ``Report.text`` into offsets in its paragraph); within the block the
    quote narrows a ref without a span. A location without a ref (a date from the metadata)
    is its quote's first paragraph, within its section when it names one."""
    blocks = report.blocks
    ref = loc.ref
    if ref is not None:
        if not 0 <= ref.block < len(blocks):
            return None
        blk = blocks[ref.block]
        if isinstance(blk, Table):
            return _in_table(ref, blk, loc.text)
        span = Resolver(report).block_span(ref)
        if span is not None:
            return _span_place(blk, ref.block, *span, loc.text)
        return _quoted(blk, ref.block, loc.text) or Place(ref.block)
    if loc.text:
        candidates = section_blocks(report, loc.section) if loc.section else []
        for i in candidates or range(len(blocks)):
            blk = blocks[i]
            if isinstance(blk, Paragraph):
                found = _quoted(blk, i, loc.text)
                if found is not None:
                    return found
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
