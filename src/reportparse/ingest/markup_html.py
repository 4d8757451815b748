"""HTML for the markup reader: block walk in document order, ``<table>`` with spans, and the
LaTeX bits (``$69.33\\%$``) OCR converters leave in text and cells.

Why separate: Markdown from converters embeds HTML tables, so both readers share this; a table
becomes real cells placed on an occupancy grid (the rowspan-shift bug of markitdown #20 cannot
happen), with spans bounded against hostile input. lxml parses with no network access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..models import Cell, Message, Paragraph, Provenance, Document, Table
from .cjk import heading_spaces, join_all, normalize_spaces

if TYPE_CHECKING:  # lxml.html is imported where a page is parsed
    from lxml.html import HtmlElement

MAX_SPAN = 1000  # a rowspan/colspan beyond this is hostile or broken input
MAX_SLOTS = 2_000_000  # grid slots one table may cover (spans multiply)
MAX_TABLE_NESTING = 32  # tables inside cells inside tables (the docx reader's XML depth bound)

# --------------------------------------------------------------------------- LaTeX bits
_MATH = regex.compile(r"\$\$(.+?)\$\$|\$(?![\s$])([^$\n]{1,300}?)(?<!\s)\$", regex.DOTALL)
_TEX_WRAP = regex.compile(r"\\(?:mathrm|text|textrm|textbf|mathbf|operatorname|mbox|rm)\s*"
                          r"\{([^{}]*)\}")
_TEX_SYMBOLS = [
    (r"\%", "%"), (r"\times", "×"), (r"\cdot", "·"), (r"\div", "÷"), (r"\leqslant", "≤"),
    (r"\geqslant", "≥"), (r"\leq", "≤"), (r"\geq", "≥"), (r"\le", "≤"), (r"\ge", "≥"),
    (r"\pm", "±"), (r"\approx", "≈"), (r"\neq", "≠"), (r"\ne", "≠"), (r"\sim", "~"),
    (r"^{\circ}", "°"), (r"^\circ", "°"), (r"\circ", "°"), (r"\&", "&"), (r"\_", "_"),
    (r"\#", "#"), (r"\$", "$"), (r"\{", "{"), (r"\}", "}"), (r"\,", ""), (r"\;", ""),
    (r"\!", ""), (r"\quad", " "), (r"\ ", " "), (r"\left", ""), (r"\right", ""),
]


def _tex(expr: str) -> str:
    """A small LaTeX span as plain text: ``69.33\\%`` → ``69.33%``, ``\\geq 50`` → ``≥50``."""
    keep: list[str] = []

    def wrap(m: regex.Match) -> str:
        keep.append(m.group(1))
        return f"\x00{len(keep) - 1}\x00"

    s = _TEX_WRAP.sub(wrap, expr)
    for tex, plain in _TEX_SYMBOLS:
        s = s.replace(tex, plain)
    s = regex.sub(r"\s+", "", s).replace("{", "").replace("}", "")
    return regex.sub(r"\x00(\d+)\x00", lambda m: keep[int(m.group(1))], s)


def delatex(text: str) -> str:
    """Replace ``$…$``/``$$…$$`` spans by plain text (never touches a lone ``$``)."""
    if "$" not in text:
        return text
    return _MATH.sub(lambda m: _tex(m.group(1) or m.group(2)), text)


# --------------------------------------------------------------------------- HTML
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg", "math", "img"}
_BLOCKS = {"p", "div", "li", "ul", "ol", "blockquote", "pre", "section", "article", "body",
           "header", "footer", "main", "nav", "aside", "dl", "dt", "dd", "figure",
           "figcaption", "address", "center", "html", "form", "fieldset", "hr", "caption"}


def _clean(parts: list[str], heading: bool = False) -> str:
    """Inline text pieces (with ``\\n`` at <br> and source newlines) to one paragraph."""
    lines = [ln.strip() for ln in delatex("".join(parts)).split("\n")]
    joined = join_all([ln for ln in lines if ln], normalize=not heading)
    return heading_spaces(joined) if heading else normalize_spaces(joined)


def _inline(el: object, out: list[str]) -> None:
    """Text of an inline element, nested tables excluded, <br> as a line break."""
    tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
    if tag.lower() == "br":
        out.append("\n")
    elif tag.lower() not in _SKIP and tag.lower() != "table":
        if el.text:  # type: ignore[attr-defined]
            out.append(el.text)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            _inline(child, out)
            if child.tail:
                out.append(child.tail)


class HtmlWalker:
    """Emits blocks of an lxml element tree in document order."""

    def __init__(self, report: Document, locator: str = "html") -> None:
        self.report = report
        self.locator = locator

    def paragraph(self, text: str, level: int | None = None, line: int | None = None) -> None:
        if not text:
            return
        idx = len(self.report.blocks)
        self.report.blocks.append(Paragraph(
            text=text, heading_level=level,
            provenance=Provenance(block=idx, line=line, locator=f"{self.locator}/block[{idx}]")))

    def walk(self, el: object) -> None:
        buf: list[str] = []

        def flush() -> None:
            self.paragraph(_clean(buf), line=getattr(el, "sourceline", None))
            buf.clear()

        if el.text:  # type: ignore[attr-defined]
            buf.append(el.text)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "table":
                flush()
                self.table(child)
            elif tag in _HEADINGS:
                flush()
                parts: list[str] = []
                _inline(child, parts)
                self.paragraph(_clean(parts, heading=True), _HEADINGS[tag],
                               getattr(child, "sourceline", None))
            elif tag == "br":
                buf.append("\n")
            elif tag in _SKIP or not tag:
                pass
            elif tag in _BLOCKS or child.find(".//table") is not None:
                flush()
                self.walk(child)
            else:
                _inline(child, buf)
            if child.tail:
                buf.append(child.tail)
        flush()

    def table(self, el: object) -> None:
        idx = len(self.report.blocks)
        table = html_table(el, idx, self.locator)
        if table is None:
            return
        self.report.blocks.append(table)


def html_table(el: object, idx: int, locator: str, depth: int = 1) -> Table | None:
    """An HTML <table> as real cells: rowspan/colspan placed on an occupancy grid; tables
    nest at most :data:`MAX_TABLE_NESTING` deep (deeper cannot even be serialised)."""
    if depth > MAX_TABLE_NESTING:
        raise TooLarge(f"tables nested more than {MAX_TABLE_NESTING} deep")
    rows = el.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")  # type: ignore[attr-defined]
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    n_rows = len(rows)
    n_cols = 0
    header_rows = 0
    slots = 0
    for r, tr in enumerate(rows):
        c = 0
        tds = [td for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")]
        in_head = tr.getparent().tag == "thead" or all(td.tag.lower() == "th" for td in tds)
        if tds and in_head and header_rows == r:
            header_rows = r + 1
        for td in tds:
            while (r, c) in taken:
                c += 1
            rs = _span(td.get("rowspan"))
            cs = _span(td.get("colspan"))
            rs = min(rs, n_rows - r)
            slots += rs * cs
            if slots > MAX_SLOTS:
                raise TooLarge(f"a table's spans cover over {MAX_SLOTS:,} grid slots")
            for i in range(r, r + rs):
                for k in range(c, c + cs):
                    taken.add((i, k))
            parts: list[str] = []
            _inline(td, parts)
            # tables directly inside this cell (deeper ones belong to those tables' cells)
            inner = [x for x in td.iter("table")
                     if next(x.iterancestors("td", "th"), None) is td]
            nested = [t for t in (html_table(x, idx, locator, depth + 1) for x in inner)
                      if t is not None]
            cells.append(Cell(row=r, col=c, text=_clean(parts), row_span=rs, col_span=cs,
                              tables=nested, provenance=Provenance(
                                  block=idx, table=idx, row=r, col=c,
                                  locator=f"{locator}/table[{idx}]/tr[{r + 1}]/td[{c + 1}]")))
            c += cs
            n_cols = max(n_cols, c)
    if not cells:
        return None
    cap = el.find("caption")  # type: ignore[attr-defined]
    caption = None
    if cap is not None:
        parts = []
        _inline(cap, parts)
        caption = _clean(parts) or None
    return Table(n_rows=n_rows, n_cols=n_cols, cells=cells, header_rows=max(header_rows, 1),
                 caption=caption, provenance=Provenance(block=idx,
                                                        locator=f"{locator}/table[{idx}]"))


class TooLarge(Exception):
    pass


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(str(v).strip()), MAX_SPAN))
    except (TypeError, ValueError):
        return 1


class EmptyDocument(Exception):
    """lxml found nothing to parse (whitespace only, in any encoding)."""


def parse_html(text: str, lost: list[str] | None = None) -> HtmlElement:
    """The lxml tree of ``text``. libxml2 stops at a text node over 10 MB or at nesting deeper
    than 256 elements and drops the rest *silently*; each such stop is described in ``lost``
    so the reader can warn."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except lxml.etree.ParserError as e:  # "Document is empty"
        raise EmptyDocument(str(e)) from None
    if lost is not None:
        for err in parser.error_log:
            if err.type_name != "ERR_RESOURCE_LIMIT":
                continue
            why = ("elements nested deeper than 256 levels" if "depth" in err.message
                   else "a text node over 10 MB")
            line = f" (line {err.line})" if err.line else ""
            msg = f"the HTML parser stopped at {why}{line}; the rest of the document is lost"
            if msg not in lost:
                lost.append(msg)
    return root


def warn_lost(report: Document, lost: list[str]) -> None:
    for msg in lost:
        report.warnings.append(Message(code="html_truncated", message=msg))


def read_html(text: str, report: Document, max_cells: int | None = None) -> Document:
    lost: list[str] = []
    root = parse_html(text, lost)
    warn_lost(report, lost)
    if max_cells is not None:  # counted before any Cell is built
        n = sum(1 for _ in root.iter("td", "th"))  # type: ignore[attr-defined]
        if n > max_cells:
            raise TooLarge(f"{n:,} table cells, over the {max_cells:,}-cell limit "
                           "(Limits.max_cells)")
    title = root.find(".//title")  # type: ignore[attr-defined]
    if title is not None and (title.text or "").strip():
        report.meta.properties["title"] = title.text.strip()
    body = root.find("body")  # type: ignore[attr-defined]
    HtmlWalker(report).walk(body if body is not None else root)
    return report


