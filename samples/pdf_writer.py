"""A small PDF writer for generated reports: A4 pages, CJK text, ruled tables with merged cells.

Why: the other PDF samples need LibreOffice (``gen_pdf.py``), which CI and most machines lack, so
the generated reports had no PDF rendering there. This writes the PDF itself, deterministically,
with no font file: the text uses the standard non-embedded CJK fonts every PDF viewer knows
(``STSong-Light`` for body text, ``STHeiti-Regular`` for headings, as many government PDFs do),
Unicode through the predefined ``UniGB-UCS2-H`` CMap plus a ``ToUnicode`` map so text
extraction is exact. Tables are drawn as ruling lines cell by cell; a row never splits, a table
continues on the next page without repeating its header (as exports often do), and a merged cell
is one box over the rows and columns it spans. Each page has a ``- N -`` footer.

    render(items) -> bytes       # items as in docx_items.py (title, heading, para, table)
"""

from __future__ import annotations

import re
import zlib
from typing import Any

W, H = 595.0, 842.0  # A4 in points
LEFT, RIGHT, TOP, BOTTOM = 72.0, 72.0, 72.0, 72.0
BODY, LEADING = 12.0, 1.5
SIZES = {0: 16.0, 1: 14.0, 2: 13.0, 3: 12.0}  # title, heading levels
PAD = 3.0  # inside a table cell

_TOUNICODE = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo "
              b"<< /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName "
              b"/Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> "
              b"endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap "
              b"CMapName currentdict /CMap defineresource pop end end")


def char_width(ch: str, size: float) -> float:
    """ASCII is half width in the Adobe-GB1 fonts (CIDs 1–95), everything else full width."""
    return size * (0.5 if " " <= ch <= "~" else 1.0)


def text_width(s: str, size: float) -> float:
    return sum(char_width(c, size) for c in s)


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Lines of at most ``width`` points (the first ``indent`` narrower), broken as Word breaks
    Chinese text: between any two Han characters, never inside a Latin word or number
    (``25.50``, ``2023``), never before closing punctuation (it hangs in the margin); ``\n``
    forces a break, as a manual line break does."""
    lines: list[str] = []
    for part in text.split("\n"):
        line, used, room = "", 0.0, width - indent
        for unit in _UNITS.findall(part):
            w = text_width(unit, size)
            if line and used + w > room and unit not in _NO_LINE_START:
                lines.append(line)
                line, used, room = "", 0.0, width
            line += unit
            used += w
        if len(line) == 1 and lines and len(lines[-1]) > 1 and not line.isascii():
            # never one CJK glyph alone on a line: pdfium drops a text object holding a single
            # code of a non-embedded UCS-2 CJK font (a quirk of these synthetic fonts, which
            # would read 全年执行数 as 全年执行); Word PDFs embed their fonts
            line, lines[-1] = lines[-1][-1] + line, lines[-1][:-1]
        lines.append(line)
    return lines


_UNITS = re.compile(r"[0-9A-Za-z.%+\-]+|.", re.DOTALL)
_NO_LINE_START = set("，。；：、）》”’！？%")


class _Pages:
    """Content streams, one per page, with a cursor running down the page."""

    def __init__(self) -> None:
        self.pages: list[list[bytes]] = []
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        self.pages.append([])
        self.y = H - TOP
        n = len(self.pages)
        label = f"- {n} -"
        self.text(label, (W - text_width(label, 10.5)) / 2, BOTTOM / 2, 10.5)

    def need(self, height: float) -> bool:
        """Start a new page unless ``height`` fits; True when a page was started."""
        if self.y - height < BOTTOM:
            self.new_page()
            return True
        return False

    def text(self, s: str, x: float, y: float, size: float, font: str = "F1") -> None:
        hexed = s.encode("utf-16-be").hex().encode()
        self.pages[-1].append(b"BT /%s %.1f Tf %.2f %.2f Td <%s> Tj ET\n"
                              % (font.encode(), size, x, y, hexed))

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.pages[-1].append(b"%.2f %.2f m %.2f %.2f l S\n" % (x0, y0, x1, y1))


def _paragraph(pg: _Pages, text: str, size: float, font: str, indent: float,
               center: bool = False) -> None:
    lead = size * LEADING
    for k, line in enumerate(wrap(text, W - LEFT - RIGHT, size, indent)):
        pg.need(lead)
        x = (W - text_width(line, size)) / 2 if center else LEFT + (indent if k == 0 else 0)
        pg.y -= lead
        pg.text(line, x, pg.y + (lead - size) / 2, size, font)
    pg.y -= size * 0.4  # paragraph spacing


def _col_widths(t: dict[str, Any]) -> list[float]:
    """Column widths proportional to their longest single-column text, each at least 2.5 em
    and, as in Word, never narrower than its longest unbreakable piece (a number is never
    drawn across a cell border)."""
    n = t["n_cols"]
    longest = [2.5 * BODY] * n
    least = [0.0] * n
    for _r, c, _rs, cs, text in t["cells"]:
        if cs == 1:
            longest[c] = max(longest[c], min(text_width(text, BODY) + 2 * PAD, 14 * BODY))
            pieces = [text_width(u, BODY) for u in _UNITS.findall(text)] or [0.0]
            least[c] = max(least[c], max(pieces) + 2 * PAD)
    longest = [max(w, m) for w, m in zip(longest, least)]
    room = W - LEFT - RIGHT
    if sum(longest) <= room:
        return [w * room / sum(longest) for w in longest]
    # too wide: shrink only what exceeds each column's least width
    extra = sum(w - m for w, m in zip(longest, least))
    k = max(0.0, (room - sum(least)) / extra) if extra else 0.0
    return [m + (w - m) * k for w, m in zip(longest, least)]


def _table(pg: _Pages, t: dict[str, Any]) -> None:
    widths = _col_widths(t)
    xs = [LEFT + sum(widths[:c]) for c in range(t["n_cols"] + 1)]
    size, lead = 10.5, 10.5 * 1.3
    starts: dict[int, list[list[Any]]] = {}
    for cell in t["cells"]:
        starts.setdefault(cell[0], []).append(cell)
    lines = {id(c): wrap(c[4], xs[c[1] + c[3]] - xs[c[1]] - 2 * PAD, size) for c in t["cells"]}
    heights = []
    for r in range(t["n_rows"]):
        own = [len(lines[id(c)]) for c in starts.get(r, []) if c[2] == 1]
        heights.append(max(own + [1]) * lead + 2 * PAD)
    pg.need(heights[0] + lead)
    live: list[list[Any]] = []  # cells spanning the current row
    for r in range(t["n_rows"]):
        fresh = pg.need(heights[r])
        live = [c for c in live if c[0] + c[2] > r] + starts.get(r, [])
        top, bottom = pg.y, pg.y - heights[r]
        for c in live:
            x0, x1 = xs[c[1]], xs[c[1] + c[3]]
            pg.line(x0, top, x0, bottom)
            pg.line(x1, top, x1, bottom)
            if c[0] == r or fresh:
                pg.line(x0, top, x1, top)
            if c[0] + c[2] - 1 == r:
                pg.line(x0, bottom, x1, bottom)
            if c[0] == r:
                for k, text in enumerate(lines[id(c)]):
                    pg.text(text, x0 + PAD, top - PAD - (k + 1) * lead + (lead - size) / 2, size)
        pg.y = bottom
    pg.y -= BODY * 0.8


def render(items: list[dict[str, Any]]) -> bytes:
    pg = _Pages()
    for it in items:
        if it["kind"] == "title":
            _paragraph(pg, it["text"], SIZES[0], "F2", 0.0, center=True)
        elif it["kind"] == "heading":
            sep = " " if it["family"] in ("part", "dotted") else ""
            size = SIZES.get(it["level"], BODY)
            _paragraph(pg, it["number"] + sep + it["title"], size, "F2", 0.0)
        elif it["kind"] == "para":
            _paragraph(pg, it["text"], BODY, "F1", 2 * BODY)
        elif it["kind"] == "table":
            _table(pg, it)
    return _assemble([b"0.6 w\n" + b"".join(p) for p in pg.pages])


def _assemble(streams: list[bytes]) -> bytes:
    """The PDF file: fonts, pages, catalog, xref — byte-stable (no dates, no ids)."""
    objs: list[bytes] = []

    def add(b: bytes) -> int:
        objs.append(b)
        return len(objs)

    def stream(data: bytes) -> bytes:
        packed = zlib.compress(data, 9)
        return (b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed
                + b"\nendstream")

    tu = add(stream(_TOUNICODE))
    fonts = []
    for name in (b"STSong-Light", b"STHeiti-Regular"):
        desc = add(b"<< /Type /FontDescriptor /FontName /%s /Flags 6 /FontBBox [-25 -254 1000 880]"
                   b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>" % name)
        cid = add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /%s /CIDSystemInfo << "
                  b"/Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor %d 0 R "
                  b"/DW 1000 /W [1 95 500] >>" % (name, desc))
        fonts.append(add(b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /UniGB-UCS2-H "
                         b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (name, cid, tu)))
    pages_id = len(objs) + 2 * len(streams) + 1
    kids = []
    for s in streams:
        content = add(stream(s))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << "
                        b"/Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, fonts[0], fonts[1], content)))
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return pdf_file(objs, root=catalog)


def pdf_file(objs: list[bytes], *, root: int = 1, version: bytes = b"1.4",
             binary_comment: bool = True, trailer: bytes = b"") -> bytes:
    """A PDF of ``objs`` numbered 1… in order, with a correct xref table: the one assembler of
    the byte-written samples (this writer, ``gen_wps_like.py``) and the bad-input corpus."""
    out = bytearray(b"%PDF-" + version + b"\n")
    if binary_comment:
        out += b"%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, root, trailer, xref))
    return bytes(out)

