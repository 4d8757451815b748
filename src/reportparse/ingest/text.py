"""Reader for plain-text exports (Apache Tika, Word "save as text", pdftotext…).

Knows the *format*, nothing of report semantics:

* decoding — BOM (UTF-8/UTF-16/UTF-32), strict UTF-8, UTF-16 without BOM, then GB18030 checked
  for plausibility against frequent Chinese characters (``patterns/text.toml``), so a file in
  another legacy encoding is rejected instead of being read as mojibake;
* line ends — CRLF and CR become LF;
* tables — in a Tika export a table row is a run of lines each starting with a tab (one line
  per cell), rows separated by one blank line; two blank lines or a non-tab line end the table.
  Rows shorter than the widest row had merged cells that the export collapsed: a one-cell row
  spans the table (a group row), otherwise the last cell spans the rest (``spans_inferred``).

Noise markers (``[bookmark: …]``, 窗体顶端…) are left in place for the clean stage.
"""

from __future__ import annotations

import codecs
import unicodedata

from ..errors import ReportParseError
from ..models import Cell, Message, Paragraph, Provenance, Document, Table
from ..patterns import Patterns, load_patterns
from .base import check_blocks, check_cells, check_text_bytes, new_report
from .protocol import ReadOptions, SourceInfo

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f" or ch == "〇"


def _common_set(p: Patterns) -> frozenset[str]:
    return p.cached("text.common_han", lambda pp: frozenset(
        c for c in pp["text"].get("common_han", "") if _is_han(c)))


def plausible_chinese(text: str, p: Patterns) -> bool:
    """True when ``text`` reads like Chinese (or has too few Han characters to tell)."""
    cfg = p["text"]
    han = [c for c in text if _is_han(c)]
    if len(han) < int(cfg.get("min_han_for_check", 12)):
        return True
    common = _common_set(p)
    ratio = sum(1 for c in han if c in common) / len(han)
    return ratio >= float(cfg.get("min_common_ratio", 0.5))


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    return bad / len(sample)


MAX_DAMAGE = 0.01  # share of bytes in invalid sequences we repair with U+FFFD (with a warning)


def _repair(data: bytes, codec: str, p: Patterns) -> str | None:
    """``data`` decoded with U+FFFD for a *few* invalid sequences, if it still reads as text."""
    repaired = data.decode(codec, errors="replace")
    damaged = repaired.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
    if damaged <= max(1, int(len(data) * MAX_DAMAGE)) and plausible_chinese(repaired, p):
        return repaired
    return None


def _legacy_or_damaged(data: bytes, path: str, p: Patterns) -> tuple[str, str]:
    """Not valid UTF-8: plausible GB18030, else UTF-8 with a few damaged bytes, else refuse."""
    try:
        text = data.decode("gb18030")
        if plausible_chinese(text, p):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    repaired = _repair(data, "utf-8", p)
    if repaired is not None:
        return repaired, "utf-8 (damaged)"
    raise ReportParseError(path, "encoding",
                           "unknown text encoding (not UTF-8, and as GB18030/GBK it is not "
                           "plausible Chinese); pass --encoding")


def decode(data: bytes, path: str, p: Patterns, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding name) or a ReportParseError with reason ``binary``/``encoding``."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as e:
            raise ReportParseError(path, "encoding", f"cannot decode as {encoding}: {e}") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), name
            except UnicodeDecodeError:
                repaired = _repair(data[len(bom):], name, p)
                if repaired is not None:
                    return repaired, f"{name} (damaged)"
                raise ReportParseError(path, "encoding",
                                       f"starts with a {name} byte-order mark but is not valid "
                                       f"{name}") from None
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 without BOM: NULs on one parity for ASCII-range text
        even, odd = head[0::2].count(0), head[1::2].count(0)
        for name, ok in (("utf-16-le", odd > even * 4), ("utf-16-be", even > odd * 4)):
            if ok:
                try:
                    text = data.decode(name)
                except UnicodeDecodeError:
                    break
                if _control_ratio(text) < 0.01:
                    return text, name
        raise ReportParseError(path, "binary", "binary content (NUL bytes), not a text export")
    try:
        text = data.decode("utf-8")
        name = "utf-8"
    except UnicodeDecodeError:
        text, name = _legacy_or_damaged(data, path, p)
    if _control_ratio(text) > 0.01:
        raise ReportParseError(path, "binary", "binary content (control characters), not a "
                               "text export")
    return text, name


def _blank(line: str) -> bool:
    """A row separator: an empty line. A line holding only a tab is an *empty cell* (Tika
    writes the covered slots of a vertically merged cell that way), not a separator."""
    return not line.strip() and not line.startswith("\t")


def _continues(rows: list[list[tuple[str, int]]], prev: Table) -> bool:
    """A run of cell lines whose first row starts with empty cells continues the table just
    above (a header never starts with a vertically merged slot): same width, or narrower."""
    first = rows[0]
    return bool(first) and not first[0][0] and len(first) <= prev.n_cols


def _rows_of(table: Table) -> list[list[tuple[str, int]]]:
    """The (text, line) rows a table was built from (its cells in order)."""
    out: list[list[tuple[str, int]]] = [[] for _ in range(table.n_rows)]
    for c in sorted(table.cells, key=lambda c: (c.row, c.col)):
        out[c.row].append((c.text, c.provenance.line or 0))
    return out


def _table(rows: list[list[tuple[str, int]]], index: int) -> Table:
    n_cols = max(len(r) for r in rows)
    cells: list[Cell] = []
    inferred = False
    for r, row in enumerate(rows):
        for c, (text, line) in enumerate(row):
            span = 1
            if len(row) < n_cols and c == len(row) - 1:
                span = n_cols - c
                inferred = True
            cells.append(Cell(row=r, col=c, text=text, col_span=span,
                              provenance=Provenance(line=line, row=r, col=c)))
    first_line = rows[0][0][1]
    return Table(n_rows=len(rows), n_cols=n_cols, cells=cells, spans_inferred=inferred,
                 provenance=Provenance(block=index, line=first_line))


def read(data: bytes, source: SourceInfo, options: ReadOptions) -> Document:
    """Read a plain-text export (tab-indented Tika tables become real tables)."""
    path, limits = source.path, options.limits
    p = load_patterns(options.patterns)
    check_text_bytes(data, path, limits)
    text, enc = decode(data, path, p, options.encoding)
    if len(text) > limits.max_text_chars:
        raise ReportParseError(path, "too_large",
                               f"{len(text):,} characters of text, over the "
                               f"{limits.max_text_chars:,}-character limit (Limits.max_text_chars)")
    tab_lines = text.count("\n\t") + text.startswith("\t")
    check_cells(tab_lines, path, limits)
    check_blocks(text.count("\n") - tab_lines - text.count("\n\n"), path, limits)
    report = new_report(source, "text", encoding=enc)
    if enc.endswith("(damaged)"):
        report.warnings.append(Message(code="damaged_encoding", message=(
            f"{text.count(chr(0xFFFD))} invalid UTF-8 byte sequence(s) replaced with U+FFFD")))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = report.blocks
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if line.startswith("\t"):
            rows: list[list[tuple[str, int]]] = []
            cur: list[tuple[str, int]] = []
            while i < n:
                ln = lines[i]
                if ln.startswith("\t"):
                    cur.append((ln.strip(), i + 1))
                    i += 1
                elif not ln.strip():
                    if cur:
                        rows.append(cur)
                        cur = []
                    j = i
                    while j < n and _blank(lines[j]):
                        j += 1
                    if j < n and lines[j].startswith("\t") and j - i == 1:
                        i = j
                        continue
                    break
                else:
                    break
            if cur:
                rows.append(cur)
            prev = blocks[-1] if blocks else None
            if isinstance(prev, Table) and _continues(rows, prev):
                blocks[-1] = _table(_rows_of(prev) + rows, prev.provenance.block or 0)
            else:
                blocks.append(_table(rows, len(blocks)))
            continue
        if line.strip():
            blocks.append(Paragraph(text=line, provenance=Provenance(block=len(blocks),
                                                                     line=i + 1)))
        i += 1
    if not blocks:
        raise ReportParseError(path, "empty", "the file contains only whitespace")
    return report
