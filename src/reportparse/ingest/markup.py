"""Markdown and HTML reader: what OCR/conversion tools emit for scanned reports.

Why: reportparse ships no OCR. Users OCR scans with MinerU, docling or markitdown, which write
Markdown whose tables are HTML ``<table>`` with ``rowspan``/``colspan`` (or pipe tables) and
whose numbers may be LaTeX (``$69.33\\%$``), or HTML. Both are read into the same model as a
.docx: ``#`` depth / ``<hN>`` become ``heading_level`` hints, tables become real cells with
spans, soft line breaks are joined CJK-aware. No network access (no external entities, no
fetching of images or stylesheets).
"""

from __future__ import annotations

from pathlib import Path

import regex

from ..errors import ReportParseError
from ..models import Cell, Message, Paragraph, Provenance, Report, Table
from ..patterns import load_patterns
from . import new_report
from .cjk import join_all, normalize_spaces
from .text import decode as decode_text

MAX_SPAN = 1000  # a rowspan/colspan beyond this is hostile or broken input
MAX_SLOTS = 2_000_000  # grid slots one table may cover (spans multiply)

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


# --------------------------------------------------------------------------- decoding
_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-]{2,40})""", regex.I)


def _decode(data: bytes, path: str, html: bool, encoding: str | None,
            patterns: object) -> tuple[str, str]:
    """An HTML ``<meta charset>`` first, then the text reader's detection (BOMs, UTF-16,
    plausible GB18030, UTF-8 with a few damaged bytes repaired)."""
    if html and not encoding:
        m = _CHARSET.search(data[:4096])
        if m and m.group(1).lower() not in (b"utf-8", b"utf8"):
            try:
                name = m.group(1).decode("ascii")
                return data.decode(name), name
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_text(data, path, load_patterns(patterns), encoding)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- HTML
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg", "math", "img"}
_BLOCKS = {"p", "div", "li", "ul", "ol", "blockquote", "pre", "section", "article", "body",
           "header", "footer", "main", "nav", "aside", "dl", "dt", "dd", "figure",
           "figcaption", "address", "center", "html", "form", "fieldset", "hr", "caption"}


def _clean(parts: list[str]) -> str:
    """Inline text pieces (with ``\\n`` at <br> and source newlines) to one paragraph."""
    lines = [ln.strip() for ln in delatex("".join(parts)).split("\n")]
    return normalize_spaces(join_all([ln for ln in lines if ln]))


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


class _HtmlWalker:
    """Emits blocks of an lxml element tree in document order."""

    def __init__(self, report: Report, locator: str = "html") -> None:
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
                self.paragraph(_clean(parts), _HEADINGS[tag], getattr(child, "sourceline", None))
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


def html_table(el: object, idx: int, locator: str) -> Table | None:
    """An HTML <table> as real cells: rowspan/colspan placed on an occupancy grid."""
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
                raise _TooLarge(f"a table's spans cover over {MAX_SLOTS:,} grid slots")
            for i in range(r, r + rs):
                for k in range(c, c + cs):
                    taken.add((i, k))
            parts: list[str] = []
            _inline(td, parts)
            nested = [t for t in (html_table(x, idx, locator) for x in td.iter("table")
                                  if x is not td) if t is not None]
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


class _TooLarge(Exception):
    pass


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(str(v).strip()), MAX_SPAN))
    except (TypeError, ValueError):
        return 1


def _parse_html(text: str) -> object:
    import lxml.html

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    return lxml.html.document_fromstring(text, parser=parser)


def read_html(text: str, report: Report) -> Report:
    root = _parse_html(text)
    title = root.find(".//title")  # type: ignore[attr-defined]
    if title is not None and (title.text or "").strip():
        report.meta.properties["title"] = title.text.strip()
    body = root.find("body")  # type: ignore[attr-defined]
    _HtmlWalker(report).walk(body if body is not None else root)
    return report


# --------------------------------------------------------------------------- Markdown
_ATX = regex.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = regex.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = regex.compile(r"^ {0,3}(```|~~~)")
_HR = regex.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_SEP = regex.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_BULLET = regex.compile(r"^ {0,3}(?:[-*+]|>+)[ \t]+")
_IMAGE = regex.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = regex.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPH = regex.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_TAG = regex.compile(r"</?[A-Za-z][^>]*>")


def _md_inline(text: str) -> str:
    text = delatex(text)  # before escapes: "\%" belongs to TeX
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _EMPH.sub(r"\2", text)
    text = _EMPH.sub(r"\2", text)
    text = _TAG.sub("", text)
    return _ESCAPE.sub(r"\1", text)


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    s = s.removeprefix("|")
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.replace("\\|", "|").strip() for c in regex.split(r"(?<!\\)\|", s)]


class _Markdown:
    def __init__(self, text: str, report: Report) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.report = report
        self.html = _HtmlWalker(report, locator="md")
        self.buf: list[str] = []
        self.buf_line = 0

    def flush(self) -> None:
        if self.buf:
            text = normalize_spaces(join_all([_md_inline(x) for x in self.buf]))
            self.html.paragraph(text, line=self.buf_line)
            self.buf = []

    def run(self) -> None:
        lines = self.lines
        i = 0
        while i < len(lines):
            ln = lines[i]
            if not ln.strip():
                self.flush()
                i += 1
                continue
            if _FENCE.match(ln):
                self.flush()
                fence = _FENCE.match(ln).group(1)  # type: ignore[union-attr]
                j = i + 1
                while j < len(lines) and not lines[j].lstrip().startswith(fence):
                    j += 1
                for k in range(i + 1, min(j, len(lines))):
                    if lines[k].strip():
                        self.html.paragraph(normalize_spaces(lines[k]), line=k + 1)
                i = j + 1
                continue
            m = _ATX.match(ln)
            if m:
                self.flush()
                self.html.paragraph(normalize_spaces(_md_inline(m.group(2))),
                                    len(m.group(1)), i + 1)
                i += 1
                continue
            if self.buf and _SETEXT.match(ln) and len(self.buf) == 1:
                text = normalize_spaces(_md_inline(self.buf[0]))
                self.buf = []
                self.html.paragraph(text, 1 if ln.strip()[0] == "=" else 2, self.buf_line)
                i += 1
                continue
            if _HR.match(ln):
                self.flush()
                i += 1
                continue
            if regex.match(r"^\s*<table\b", ln, regex.I) or (
                    "<table" in ln.lower() and not self.buf):
                self.flush()
                i = self._html_table(i)
                continue
            if "|" in ln and i + 1 < len(lines) and _TABLE_SEP.match(lines[i + 1]) \
                    and lines[i + 1].count("-") >= 3:
                self.flush()
                i = self._pipe_table(i)
                continue
            if regex.match(r"^\s*</?(?:div|p|br|span|img)\b[^>]*>\s*$", ln, regex.I):
                self.flush()
                i += 1
                continue
            if not self.buf:
                self.buf_line = i + 1
            self.buf.append(_BULLET.sub("", ln).strip())
            i += 1
        self.flush()

    def _html_table(self, i: int) -> int:
        lines = self.lines
        chunk: list[str] = []
        depth = 0
        j = i
        while j < len(lines):
            ln = lines[j]
            chunk.append(ln)
            depth += len(regex.findall(r"<table\b", ln, regex.I))
            depth -= len(regex.findall(r"</table\s*>", ln, regex.I))
            j += 1
            if depth <= 0:
                break
        root = _parse_html("<html><body>" + "\n".join(chunk) + "</body></html>")
        start = len(self.report.blocks)
        body = root.find("body")  # type: ignore[attr-defined]
        self.html.walk(body if body is not None else root)
        for b in self.report.blocks[start:]:
            b.provenance.line = i + 1
        return j

    def _pipe_table(self, i: int) -> int:
        lines = self.lines
        header = _pipe_cells(lines[i])
        rows = [header]
        j = i + 2
        while j < len(lines) and lines[j].strip() and "|" in lines[j]:
            rows.append(_pipe_cells(lines[j]))
            j += 1
        n_cols = max(len(r) for r in rows)
        idx = len(self.report.blocks)
        cells = [Cell(row=r, col=c, text=normalize_spaces(_md_inline(t)),
                      provenance=Provenance(block=idx, table=idx, row=r, col=c,
                                            line=i + 1 + r + (1 if r else 0)))
                 for r, row in enumerate(rows) for c, t in enumerate(row)]
        table = Table(n_rows=len(rows), n_cols=n_cols, cells=cells,
                      provenance=Provenance(block=idx, line=i + 1, locator=f"md/table[{idx}]"))
        self.report.blocks.append(table)
        return j


# --------------------------------------------------------------------------- entry point
def _title_heading(report: Report) -> None:
    """A lone top-level heading (``#``/``<h1>``) opening the document is its title, as in
    Markdown/HTML convention, not a chapter around the whole report: drop its hint."""
    paras = [b for b in report.blocks if isinstance(b, Paragraph)]
    tops = [p for p in paras if p.heading_level == 1]
    if len(tops) == 1 and paras and paras[0] is tops[0] and report.blocks[0] is tops[0] \
            and any(p.heading_level for p in paras[1:]):
        tops[0].heading_level = None



def _is_html(data: bytes, path: str) -> bool:
    if Path(path).suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    if Path(path).suffix.lower() in (".md", ".markdown"):
        return False
    head = data[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def read(data: bytes, path: str, *, encoding: str | None = None, patterns: object = None,
         **_: object) -> Report:
    """Read Markdown (``.md``) or HTML (``.html``) bytes into a Report."""
    html = _is_html(data, path)
    text, enc = _decode(data, path, html, encoding, patterns)
    report = new_report(path, data, "html" if html else "markdown", encoding=enc)
    if enc.endswith("(damaged)"):
        report.warnings.append(Message(code="damaged_encoding", message=(
            f"{text.count(chr(0xFFFD))} invalid byte sequence(s) replaced with U+FFFD")))
    try:
        if html:
            read_html(text, report)
        else:
            _Markdown(text, report).run()
    except ReportParseError:
        raise
    except _TooLarge as e:
        raise ReportParseError(path, "too_large", str(e)) from None
    except (ValueError, TypeError) as e:  # lxml on hostile or broken markup
        raise ReportParseError(path, "corrupt", f"unreadable {'HTML' if html else 'Markdown'} "
                               f"({type(e).__name__}: {e})") from e
    _title_heading(report)
    if not report.blocks:
        raise ReportParseError(path, "empty", "no text found in the "
                               f"{'HTML' if html else 'Markdown'} file")
    return report
