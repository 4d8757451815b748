"""Markdown and HTML reader: what OCR/conversion tools emit for scanned reports.

Why: reportparse ships no OCR. Users OCR scans with MinerU, docling or markitdown, which write
Markdown whose tables are HTML ``<table>`` with ``rowspan``/``colspan`` (or pipe tables) and
whose numbers may be LaTeX (``$69.33\\%$``), or HTML. Both are read into the same model as a
.docx: ``#`` depth / ``<hN>`` become ``heading_level`` hints, tables become real cells with
spans, soft line breaks are joined CJK-aware. No network access (no external entities, no
fetching of images or stylesheets).
"""

from __future__ import annotations

import regex

from ..errors import ReportParseError
from ..models import Cell, Message, Provenance, Document, Table
from ..patterns import load_patterns
from .base import check_text_bytes, new_report
from .cjk import heading_spaces, join_all, normalize_spaces
from .hints import heading_markers, title_heading
from .markup_html import (EmptyDocument, HtmlWalker, TooLarge, delatex, parse_html, read_html,
                          warn_lost)
from .protocol import ReadOptions, SourceInfo
from .text import decode as decode_text

__all__ = ["delatex", "read_html_file", "read_markdown"]

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


# --------------------------------------------------------------------------- Markdown
_ATX = regex.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = regex.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = regex.compile(r"^ {0,3}(```|~~~)")
_HR = regex.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_SEP = regex.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_BULLET = regex.compile(r"^ {0,3}(?:[-*+]|>+)[ \t]+")
# Inline patterns run over whole paragraphs of hostile text: none may rescan the rest of the
# line from every opening bracket (200 KB of "[" was quadratic), so a span cannot contain its
# own opener and is bounded in length.
_IMAGE = regex.compile(r"!\[[^\[\]]{0,1000}\]\([^()]{0,2000}\)")
_LINK = regex.compile(r"\[([^\[\]]{0,1000})\]\([^()]{0,2000}\)")
_EMPH = regex.compile(r"(\*\*|__)(?=\S)((?:(?!\*\*|__)[^\n]){1,300}?)(?<=\S)\1"
                      r"|([*`])(?=\S)([^*`\n]{1,300}?)(?<=\S)\3")
_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_TAG = regex.compile(r"</?[A-Za-z][^<>]{0,2000}>")


def _emphasised(m: regex.Match[str]) -> str:
    return m.group(2) if m.group(1) else m.group(4)


def _md_inline(text: str) -> str:
    text = delatex(text)  # before escapes: "\%" belongs to TeX
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _EMPH.sub(_emphasised, text)
    text = _EMPH.sub(_emphasised, text)  # emphasis inside emphasis
    text = _TAG.sub("", text)
    return _ESCAPE.sub(r"\1", text)


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    s = s.removeprefix("|")
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.replace("\\|", "|").strip() for c in regex.split(r"(?<!\\)\|", s)]


class _Markdown:
    def __init__(self, text: str, report: Document, markers: list[regex.Pattern[str]]) -> None:
        self.markers = markers
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.report = report
        self.html = HtmlWalker(report, locator="md")
        self.buf: list[str] = []
        self.buf_line = 0
        self.max_cells: int | None = None  # Limits.max_cells, counted before cells are built
        self.cells = 0

    def count_cells(self, n: int) -> None:
        self.cells += n
        if self.max_cells is not None and self.cells > self.max_cells:
            raise TooLarge(f"over {self.max_cells:,} table cells (Limits.max_cells)")

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
                self.html.paragraph(heading_spaces(_md_inline(m.group(2))),
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
            item = _BULLET.sub("", ln).strip()
            if self.buf and (_BULLET.match(ln) or any(r.match(item) for r in self.markers)):
                self.flush()  # a list item or a numbered line opens its own paragraph
                self.buf_line = i + 1
            self.buf.append(item)
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
        lost: list[str] = []
        root = parse_html("<html><body>" + "\n".join(chunk) + "</body></html>", lost)
        self.count_cells(sum(1 for _ in root.iter("td", "th")))  # type: ignore[attr-defined]
        warn_lost(self.report, lost)
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
        self.count_cells(sum(len(r) for r in rows))
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
def read_markdown(data: bytes, source: SourceInfo, options: ReadOptions) -> Document:
    """Read Markdown (``.md``; HTML tables inside it too) bytes into a Document."""
    return _read(data, source, options, html=False)


def read_html_file(data: bytes, source: SourceInfo, options: ReadOptions) -> Document:
    """Read HTML (``.html``, or bytes that open with ``<html``) into a Document."""
    return _read(data, source, options, html=True)


def _read(data: bytes, source: SourceInfo, options: ReadOptions, html: bool) -> Document:
    path, patterns = source.path, options.patterns
    check_text_bytes(data, path, options.limits)
    text, enc = _decode(data, path, html, options.encoding, patterns)
    max_cells = options.limits.max_cells
    report = new_report(source, "html" if html else "markdown", encoding=enc)
    if enc.endswith("(damaged)"):
        report.warnings.append(Message(code="damaged_encoding", message=(
            f"{text.count(chr(0xFFFD))} invalid byte sequence(s) replaced with U+FFFD")))
    try:
        if html:
            read_html(text, report, max_cells)
        else:
            md = _Markdown(text, report, heading_markers(load_patterns(patterns)))  # type: ignore[arg-type]
            md.max_cells = max_cells
            md.run()
    except ReportParseError:
        raise
    except TooLarge as e:
        raise ReportParseError(path, "too_large", str(e)) from None
    except EmptyDocument:
        raise ReportParseError(path, "empty", "no text found in the "
                               f"{'HTML' if html else 'Markdown'} file") from None
    except (ValueError, TypeError) as e:  # lxml on hostile or broken markup
        raise ReportParseError(path, "corrupt", f"unreadable {'HTML' if html else 'Markdown'} "
                               f"({type(e).__name__}: {e})") from e
    title_heading(report, patterns)
    if not report.blocks:
        raise ReportParseError(path, "empty", "no text found in the "
                               f"{'HTML' if html else 'Markdown'} file")
    return report
