"""PDF pages as characters, ruling segments and visual lines.

Why pypdfium2 and not pdfminer (pdfplumber's engine) for the characters: pdfium is a C library
and yields the same glyph boxes an order of magnitude faster, which is what lets the whole
reader beat a plain ``pdfplumber`` extract loop. pdfplumber stays as the fallback opener for
files pdfium refuses (its pdfminer parser repairs some damaged files differently).

Coordinates are PDF points with the origin at the page's top-left (pdfplumber's convention:
``x0, top, x1, bottom``), which is what :class:`~reportparse.models.Provenance` stores.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from .cjk import collapse_spaces, is_wide

_BOLD_HINTS = ("bold", "heavy", "black", "semibold", "demi", "hei")


@dataclass(slots=True)
class Char:
    """One glyph. ``size`` is the drawn em, measured from the glyph boxes (see
    :func:`calibrate_sizes`), never the producer's font-size field: WPS and Distiller write a
    size 18–20× the drawn one and scale it down with the text matrix, so every decision in
    points (spacing, overprint, superscripts, heading rank) must come from the boxes."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    font: str
    bold: bool = False
    struck: bool = False  # crossed out: takes its place on the line but yields no text
    conf: float | None = None  # OCR: the recogniser's confidence (None: a text-layer glyph)


def is_bold(font: str) -> bool:
    """Bold from the font name (pdfium's weight is 400 for most embedded CJK subsets)."""
    name = font.lower()
    return any(h in name for h in _BOLD_HINTS)


@dataclass(slots=True)
class Seg:
    """A ruling: horizontal (``y0 == y1``) or vertical (``x0 == x1``) line segment."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    segs: list[Seg]
    images: int = 0


@dataclass
class Line:
    """One visual line: characters on a common baseline, in x order."""

    page: int
    text: str = ""
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    font: str = ""
    bold: bool = False
    segments: list[str] = field(default_factory=list)  # text split at wide gaps (tabs)
    # trailing digits and the gap before them, in font sizes (a TOC page number without
    # leaders); the characters themselves are not kept, so a page's glyphs can be freed
    tail_digits: str = ""
    tail_gap: float = 0.0
    # width of the line's first unbreakable piece (a Latin word or number, else one glyph):
    # the previous line ended early if this did not fit after it
    lead_width: float = 0.0
    conf: float | None = None  # OCR: the least confident of its characters

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2))

    @property
    def style(self) -> tuple[float, bool, str]:
        return (round(self.size * 2) / 2, self.bold, self.font)


def _base_font(name: str) -> str:
    """``ABCDEF+NotoSerifCJKjp-Regular`` → ``NotoSerifCJKjp-Regular``."""
    if len(name) > 7 and name[6] == "+":
        return name[7:]
    return name


# --------------------------------------------------------------------------- glyph scale
def calibrate_sizes(chars: list[Char]) -> None:
    """Set each glyph's ``size`` to its drawn em, from the boxes alone.

    A CJK ideograph's advance is exactly one em in every font, so its box width is its drawn
    size; a font's box height per em (its ascent + descent, 0.9–1.2) is learnt from its
    ideographs and used to scale the height of its other glyphs. A font with no ideograph on
    the page (a Latin font for digits) takes the page's median."""
    ratios: dict[str, list[float]] = {}
    others: list[int] = []
    for i, c in enumerate(chars):
        t, w = c.text, c.x1 - c.x0
        if len(t) == 1 and "\u3400" <= t <= "\u9fff" and w > 0.5:
            c.size = w
            ratios.setdefault(c.font, []).append((c.bottom - c.top) / w)
        else:
            others.append(i)
    scale_others(chars, others, ratios)


def scale_others(chars: list[Char], others: list[int], ratios: dict[str, list[float]]) -> None:
    """The non-ideographs' sizes: box height ÷ their font's height per em (see
    :func:`calibrate_sizes`; the PDF reader learns the ratios while it reads the glyphs)."""
    median = {f: sorted(v)[len(v) // 2] for f, v in ratios.items()}
    pooled = sorted(r for v in ratios.values() for r in v)
    default = pooled[len(pooled) // 2] if pooled else 1.0
    for i in others:
        c = chars[i]
        c.size = (c.bottom - c.top) / (median.get(c.font) or default)


# --------------------------------------------------------------------------- pdfium loading
class _PdfiumText:
    """Per-document reusable ctypes buffers and caches for reading characters fast."""

    def __init__(self) -> None:
        from pypdfium2 import raw

        self.raw = raw
        self.buf = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.lb = raw.FS_RECTF()
        self.p_lb = ctypes.byref(self.lb)
        self.p_flags = ctypes.byref(self.flags)
        # the text object's address keys the font cache; a copy of the prototype returning a
        # plain integer avoids a ctypes.cast per character
        proto = raw.FPDFText_GetTextObject
        self.get_obj = type(proto)(ctypes.cast(proto, ctypes.c_void_p).value)
        self.get_obj.argtypes = proto.argtypes
        self.get_obj.restype = ctypes.c_void_p
        self.bold_of: dict[str, bool] = {}

    def page(self, page: object, number: int) -> Page:
        raw = self.raw
        # user space → top-left page coordinates: the media box need not start at (0, 0)
        mb_left, mb_bottom, mb_right, mb_top = page.get_mediabox()  # type: ignore[attr-defined]
        width, height = mb_right - mb_left, mb_top - mb_bottom
        if raw.FPDFPage_CountObjects(page.raw) > MAX_PAGE_OBJECTS:  # type: ignore[attr-defined]
            raise PageTooLarge(f"page {number} draws over {MAX_PAGE_OBJECTS:,} objects")
        tp = page.get_textpage()  # type: ignore[attr-defined]
        if tp.count_chars() > MAX_PAGE_CHARS:  # bound before the per-glyph work
            tp.close()
            raise PageTooLarge(f"page {number} has over {MAX_PAGE_CHARS:,} characters")
        traw = tp.raw
        chars: list[Char] = []
        font_cache: dict[int | None, str] = {}
        get_unicode = raw.FPDFText_GetUnicode
        is_generated = raw.FPDFText_IsGenerated
        get_loose = raw.FPDFText_GetLooseCharBox
        get_angle = raw.FPDFText_GetCharAngle
        get_obj, lb, p_lb, bold_of = self.get_obj, self.lb, self.p_lb, self.bold_of
        ratios: dict[str, list[float]] = {}  # font -> box height per em of its ideographs
        others: list[int] = []  # glyphs whose em comes from those ratios
        try:
            for i in range(tp.count_chars()):
                code = get_unicode(traw, i)
                if code in (0, 10, 13, 0xFFFE, 0xFFFF) or is_generated(traw, i) == 1:
                    continue
                angle = get_angle(traw, i)
                if 0.05 < angle < 6.23:  # rotated text: a watermark or a stamp, not the body
                    continue
                get_loose(traw, i, p_lb)
                key = get_obj(traw, i)
                font = font_cache.get(key)
                if font is None:
                    raw.FPDFText_GetFontInfo(traw, i, self.buf, 256, self.p_flags)
                    font = _base_font(self.buf.value.decode("latin-1", "replace"))
                    font_cache[key] = font
                    if font not in bold_of:
                        bold_of[font] = is_bold(font)
                left, top, right, bottom = lb.left, lb.top, lb.right, lb.bottom
                w, h = right - left, top - bottom
                if 0x3400 <= code <= 0x9FFF and w > 0.5:  # an ideograph is one em wide
                    size = w
                    ratios.setdefault(font, []).append(h / w)
                else:  # scaled by its font's height per em below (calibrate_sizes)
                    size = h
                    others.append(len(chars))
                chars.append(Char(chr(code), left - mb_left, mb_top - top, right - mb_left,
                                  mb_top - bottom, size, font, bold_of[font]))
        finally:
            tp.close()
        scale_others(chars, others, ratios)
        segs, images = _pdfium_segments(page, mb_left, mb_top)
        return Page(number, width, height, chars, segs, images)


#: glyphs one page may carry (a dense page has a few thousand; one content stream repeating
#: text can carry millions, each a Python object)
MAX_PAGE_CHARS = 200_000
#: page objects (paths, text runs, images) one page may draw: a detailed map has tens of
#: thousands; a stream of 1.4 million one-point lines did not finish in 5 minutes
MAX_PAGE_OBJECTS = 200_000


class PageTooLarge(ValueError):
    """A page over :data:`MAX_PAGE_CHARS` (the reader turns it into ``too_large``)."""


def pdfium_pages(doc: object, max_pages: int | None = None,
                 failed: list[int] | None = None) -> Iterator[Page]:
    """Characters, ruling segments and image counts of each page in turn (one page's glyphs
    in memory at a time); pages pdfium cannot load are skipped and their numbers appended to
    ``failed``.

    Character boxes are pdfium's *loose* boxes (advance width × font ascent/descent): ink
    boxes make the gap inside "11" or "il" look like a word space."""
    import pypdfium2 as pdfium

    reader = _PdfiumText()
    n = len(doc)  # type: ignore[arg-type]
    for idx in range(n if max_pages is None else min(n, max_pages)):
        try:
            page = doc[idx]  # type: ignore[index]
            try:
                data = reader.page(page, idx + 1)
            finally:
                page.close()
        except pdfium.PdfiumError:  # a damaged page: the others may still be fine
            if failed is not None:
                failed.append(idx + 1)
            continue
        yield data


def _pdfium_segments(page: object, x_off: float, y_top: float) -> tuple[list[Seg], int]:
    """Thin path objects are rulings (the common case: one object per border); other paths
    are taken apart by :func:`_path_rulings`."""
    from pypdfium2 import raw

    segs: list[Seg] = []
    images = 0
    for obj in page.get_objects(max_depth=2):  # type: ignore[attr-defined]
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        x0, x1, t, b = left - x_off, right - x_off, y_top - top, y_top - bottom
        w, h = x1 - x0, b - t
        if w <= 3 and h > 3:
            segs.append(Seg((x0 + x1) / 2, t, (x0 + x1) / 2, b))
        elif h <= 3 and w > 3:
            segs.append(Seg(x0, (t + b) / 2, x1, (t + b) / 2))
        elif w > 3 and h > 3:
            segs += _path_rulings(obj, x_off, y_top)
    return segs, images


def _path_rulings(obj: object, x_off: float, y_top: float) -> list[Seg]:
    """Rulings inside one path object that draws many borders at once (a whole grid as one
    path, thin filled rectangles, stroked cell boxes): each thin subpath is a ruling, and each
    axis-aligned edge of a stroked subpath is one. Filled wide shapes (cell shading) are not."""
    from pypdfium2 import raw

    handle = obj.raw  # type: ignore[attr-defined]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(handle, fill, stroke)
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(handle, m):
        return []
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(min(raw.FPDFPath_CountSegments(handle), 20000)):
        seg = raw.FPDFPath_GetPathSegment(handle, i)
        if not seg or not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px = m.a * x.value + m.c * y.value + m.e - x_off
        py = y_top - (m.b * x.value + m.d * y.value + m.f)
        if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([])
            closed.append(False)
        subpaths[-1].append((px, py))
        if raw.FPDFPathSegment_GetClose(seg):
            closed[-1] = True
    out: list[Seg] = []
    for pts, is_closed in zip(subpaths, closed):
        if len(pts) < 2:
            continue
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if w <= 3 and h > 3:
            out.append(Seg((min(xs) + max(xs)) / 2, min(ys), (min(xs) + max(xs)) / 2, max(ys)))
        elif h <= 3 and w > 3:
            out.append(Seg(min(xs), (min(ys) + max(ys)) / 2, max(xs), (min(ys) + max(ys)) / 2))
        elif stroke.value:
            edges = list(pairwise(pts)) + ([(pts[-1], pts[0])] if is_closed else [])
            for (ax, ay), (bx, by) in edges:
                if abs(ay - by) < 1 and abs(ax - bx) > 3:
                    out.append(Seg(min(ax, bx), (ay + by) / 2, max(ax, bx), (ay + by) / 2))
                elif abs(ax - bx) < 1 and abs(ay - by) > 3:
                    out.append(Seg((ax + bx) / 2, min(ay, by), (ax + bx) / 2, max(ay, by)))
    return out


# --------------------------------------------------------------------------- pdfplumber fallback
def plumber_pages(pdf: object, max_pages: int | None = None) -> Iterator[Page]:
    """The same page data from pdfplumber (used when pdfium cannot open the file)."""
    for p in pdf.pages[:max_pages]:  # type: ignore[attr-defined]
        chars = [Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"], c["bottom"] - c["top"],
                      _base_font(c.get("fontname", "")),
                      is_bold(c.get("fontname", ""))) for c in p.chars]
        calibrate_sizes(chars)
        segs: list[Seg] = []
        for e in p.edges:
            if e["orientation"] == "h":
                segs.append(Seg(e["x0"], e["top"], e["x1"], e["top"]))
            else:
                segs.append(Seg(e["x0"], e["top"], e["x0"], e["bottom"]))
        page = Page(p.page_number, float(p.width), float(p.height), chars, segs, len(p.images))
        p.close()
        yield page


# --------------------------------------------------------------------------- struck text
def strike_out(chars: list[Char], segs: list[Seg]) -> int:
    """Mark characters crossed out by a line through their middle (deleted text of a Word file
    exported with its tracked changes shown); they keep their place on the line (no gap is
    taken for a column break) but yield no text. Returns how many were marked.

    Only free horizontal lines count (touching no vertical ruling, so never a table border);
    an underline runs along the bottom and is not a strike."""
    vs = [v for v in segs if v.x0 == v.x1]
    free = [h for h in segs if h.top == h.bottom and h.x1 - h.x0 > 2
            and not any(h.x0 - 2 <= v.x0 <= h.x1 + 2 and v.top - 2 <= h.top <= v.bottom + 2
                        for v in vs)]
    n = 0
    for s in free:
        for c in chars:
            h = c.bottom - c.top
            if (s.x0 <= (c.x0 + c.x1) / 2 <= s.x1 and c.top + 0.3 * h <= s.top
                    <= c.bottom - 0.2 * h and not c.struck):
                c.struck = True
                n += 1
    return n


# --------------------------------------------------------------------------- lines
def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def build_lines(chars: list[Char], page: int) -> list[Line]:
    """Group characters into visual lines (by vertical overlap), left to right.

    Spaces: a real space glyph is kept; a gap wider than a quarter em between two Latin
    letters/digits becomes a space; a gap wider than two characters becomes a tab (the column
    gap of a TOC line or a right-aligned page number); spaces next to CJK are dropped.
    """
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (c.top + c.bottom) / 2)
    groups: list[list[Char]] = []
    cur: list[Char] = []
    cur_mid = 0.0
    cur_h = 0.0
    for c in ordered:
        mid = (c.top + c.bottom) / 2
        h = max(c.bottom - c.top, 1.0)
        if cur and abs(mid - cur_mid) <= 0.35 * max(h, cur_h):
            cur.append(c)
            continue
        if cur:
            groups.append(cur)
        cur, cur_mid, cur_h = [c], mid, h
    if cur:
        groups.append(cur)
    lines: list[Line] = []
    for g in _attach_small(groups):
        g.sort(key=lambda c: c.x0)
        lines.append(_make_line(g, page))
    return [ln for ln in lines if ln.text]


def _overprints(c: Char, p: Char) -> bool:
    """``c`` is ``p`` drawn again: same glyph, same font, offset by a small fraction of the
    glyph's own box in both directions (simulated bold). A repeated digit ("11", "655") sits a
    whole advance width further on, so it never qualifies, whatever size the producer states."""
    if p.font != c.font or c.text.isspace():
        return False
    width = min(c.x1 - c.x0, p.x1 - p.x0)
    height = min(c.bottom - c.top, p.bottom - p.top)
    return abs(c.x0 - p.x0) < 0.25 * width and abs(c.top - p.top) < 0.25 * height


def _dedupe(g: list[Char]) -> tuple[list[Char], int]:
    """Drop overprinted copies (WPS/Word "simulated bold" draws each glyph twice, a fraction
    of a point apart); returns the kept characters and how many were copies. The copy sorts
    next to its original, or one glyph further when two copies interleave."""
    out: list[Char] = []
    dupes = 0
    for c in g:
        t = c.text
        if out and ((out[-1].text == t and _overprints(c, out[-1]))
                    or (len(out) > 1 and out[-2].text == t and _overprints(c, out[-2]))):
            dupes += 1
            continue
        out.append(c)
    return out, dupes


def _tail(ink: list[Char]) -> tuple[str, float]:
    k = len(ink)
    while k > 0 and ink[k - 1].text.isdigit():
        k -= 1
    if k == 0 or k == len(ink) or len(ink) - k > 4:
        return "", 0.0
    gap = (ink[k].x0 - ink[k - 1].x1) / max(ink[k].size, 1.0)
    return "".join(c.text for c in ink[k:]), gap


def _attach_small(groups: list[list[Char]]) -> list[list[Char]]:
    """A group of small raised (or lowered) glyphs overlapping a neighbouring line vertically
    is part of that line (a superscript note mark), not a line of its own."""
    if len(groups) < 2:
        return groups
    spans = [(min(c.top for c in g), max(c.bottom for c in g), max(c.size for c in g),
              min(c.x0 for c in g), max(c.x1 for c in g)) for g in groups]
    into: dict[int, int] = {}  # small group -> the line it belongs to
    for i, (t, b, size, x0, x1) in enumerate(spans):
        for j in (i + 1, i - 1):
            if not 0 <= j < len(groups) or j in into or i in into.values():
                continue
            tj, bj, sj, xj0, xj1 = spans[j]
            if size <= 0.75 * sj and t < bj and tj < b and xj0 - sj <= x0 and x1 <= xj1 + sj:
                into[i] = j
                break
    if not into:
        return groups
    extra: dict[int, list[Char]] = {}
    for i, j in into.items():
        extra.setdefault(j, []).extend(groups[i])
    return [g + extra.get(i, []) for i, g in enumerate(groups) if i not in into]


def _drop_superscripts(g: list[Char]) -> list[Char]:
    """Footnote reference marks (small raised digits) are not text: glued into a number they
    would change it ("6000万元¹" must not read as "6000万元1")."""
    ink = [c for c in g if not c.text.isspace()]
    if len(ink) < 2:
        return g
    size = max(c.size for c in ink)
    normal = [c for c in ink if c.size > 0.75 * size]
    if not normal:
        return g
    base = sorted(c.bottom for c in normal)[len(normal) // 2]
    return [c for c in g if not (c.size <= 0.75 * size and c.bottom < base - 0.2 * size)]


def _lead_width(ink: list[Char]) -> float:
    k = 0
    while k < len(ink) and (ink[k].text.isascii() and not ink[k].text.isspace()):
        k += 1
    k = max(k, 1)
    return ink[k - 1].x1 - ink[0].x0


def _make_line(g: list[Char], page: int) -> Line:
    g, dupes = _dedupe(_drop_superscripts(g))
    segments: list[str] = []
    parts: list[str] = []
    prev: Char | None = None
    for c in g:
        if c.text.isspace() or c.struck:
            if not c.struck:
                parts.append(" ")
            prev = c
            continue
        if prev is not None and not prev.text.isspace():
            gap = c.x0 - prev.x1
            size = max(c.size, prev.size, 1.0)
            if gap > 2.0 * size:
                segments.append("".join(parts))
                parts = []
            elif gap > 0.25 * size and _is_latin(prev.text[-1]) and _is_latin(c.text[0]):
                parts.append(" ")
        parts.append(c.text)
        prev = c
    segments.append("".join(parts))
    segments = [collapse_spaces(s) for s in segments]
    segments = [s for s in segments if s]
    ink = [c for c in g if not c.text.isspace() and not c.struck] or g
    # half points; a recogniser's estimate (OCR characters carry a confidence) to a tenth:
    # :func:`~.ocr_sizes.snap_sizes` compares it with the body size before it rounds it
    per = 10 if ink[0].conf is not None else 2
    sizes = Counter(round(c.size * per) / per for c in ink)
    size = sizes.most_common(1)[0][0]
    wide = [c for c in ink if is_wide(c.text)] or ink
    font = Counter(c.font for c in wide).most_common(1)[0][0]
    bold = sum(1 for c in wide if c.bold) * 2 > len(wide) or dupes * 2 > len(ink)
    tail, gap = _tail(ink)
    box = [c for c in g if not c.text.isspace()] or g  # crossed-out text still takes room
    confs = [c.conf for c in ink if c.conf is not None]
    return Line(page=page, text="\t".join(segments), tail_digits=tail, tail_gap=gap,
                conf=min(confs) if confs else None,
                lead_width=_lead_width(ink),
                x0=box[0].x0, top=min(c.top for c in box), x1=max(c.x1 for c in box),
                bottom=max(c.bottom for c in box), size=size, font=font, bold=bold,
                segments=segments)
