"""Measure reportparse on the real documents of ``../shared/real`` against hand-written truth.

The expected files (``<name>.expected.json`` next to this module) were written by reading the
documents (pdfium page text, rendered pages, the Markdown/Word text) — never from reportparse's
output. This module parses a document with reportparse and compares, in memory only (nothing
of reportparse's output is saved):

* headings: precision/recall (an order-preserving one-to-one matching of texts, see
  :func:`same_heading`), level agreement (:func:`level_agreement`), TOC lines and table
  captions taken as headings;
* tables: count found vs expected, and the sample cells (row label, column header, value);
* title found;
* the number-fidelity oracle for PDFs (:func:`number_oracle`);
* ``error`` findings of ``reportparse check`` that are not the documented real error.

CLI: ``python -m tests.real.harness [NAME ...]`` (or ``python tests/real/harness.py``) prints
one row per document.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REAL = (ROOT / ".." / "shared" / "real").resolve()

#: a number with a thousands comma or a decimal point, as the oracle counts them
NUMBER_RE = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d])")
MIN_PREFIX_OVERLAP = 6


# --------------------------------------------------------------------------- expected files
def expected_files() -> list[Path]:
    return sorted(HERE.glob("*.expected.json"))


def load_expected(name: str) -> dict[str, Any]:
    """The expected file for a document name (file name, or the name without extensions)."""
    stem = name.split(".")[0]
    return json.loads((HERE / f"{stem}.expected.json").read_text(encoding="utf-8"))


def document_path(expected: dict[str, Any]) -> Path:
    return REAL / expected["file"]


# --------------------------------------------------------------------------- matching
def norm(text: str) -> str:
    """Whitespace removed, nothing else (no NFKC: it would erase marker families)."""
    return "".join(text.split())


def same_heading(a: str, b: str) -> bool:
    """Equal after :func:`norm`, or one a prefix of the other with at least 6 characters in
    common (a heading that wraps, or a heading line that carries the start of its body)."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_PREFIX_OVERLAP and long_.startswith(short)


def ordered_matching(expected: list[str], found: list[str]) -> list[tuple[int, int]]:
    """The largest order-preserving one-to-one matching (an LCS over :func:`same_heading`)."""
    n, m = len(expected), len(found)
    ok = [[same_heading(e, f) for f in found] for e in expected]
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            dp[i][j] = (dp[i + 1][j + 1] + 1 if ok[i][j]
                        else max(dp[i + 1][j], dp[i][j + 1]))
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if ok[i][j] and dp[i][j] == dp[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def level_agreement(levels: list[tuple[int, int]]) -> float:
    """How well the found outline has the expected shape: over consecutive matched headings,
    the share whose level change (deeper, same, shallower) is the expected one. Absolute levels
    are not compared: a title promoted to level 1 shifts every level by one without changing
    the tree."""
    if len(levels) < 2:
        return 1.0
    sign = lambda d: (d > 0) - (d < 0)  # noqa: E731
    agree = sum(sign(b[0] - a[0]) == sign(b[1] - a[1]) for a, b in zip(levels, levels[1:]))
    return agree / (len(levels) - 1)


# --------------------------------------------------------------------------- reportparse side
@dataclass
class FoundHeading:
    text: str
    level: int
    page: int | None


def found_headings(report: Any) -> list[FoundHeading]:
    """Every section heading of the parsed outline, in document order."""
    out = []
    for s in report.walk():
        page = s.provenance.page
        if page is None and s.heading_block is not None:
            page = report.blocks[s.heading_block].provenance.page
        out.append(FoundHeading(s.heading, s.level, page))
    return out


def found_title(report: Any) -> str:
    return report.meta.title or report.title or ""


def title_found(report: Any, expected: dict[str, Any]) -> bool:
    """The found title is the printed one (whitespace aside), or holds its core words and is
    not much longer than the printed title (a title with its line breaks or parentheses
    written differently)."""
    got = norm(found_title(report))
    want = norm(expected["title"])
    if not got:
        return False
    if got == want:
        return True
    return norm(expected["title_core"]) in got and len(got) <= len(want) + 6


def output_texts(report: Any) -> list[str]:
    """Every piece of text reportparse kept: paragraphs, table cells (nested too), TOC entries
    and their page numbers, removed running headers/footers, notes."""
    texts: list[str] = []

    def cells(table: Any) -> None:
        if table.caption:
            texts.append(table.caption)
        if table.unit:
            texts.append(table.unit)
        for c in table.cells:
            texts.append(c.text)
            for nested in c.tables:
                cells(nested)

    for b in report.blocks:
        if b.type == "table":
            cells(b)
        else:
            texts.append(b.text)
    for t in report.toc:
        texts.append(t.text)
        if t.page:
            texts.append(t.page)
    texts.extend(report.meta.headers)
    texts.extend(report.meta.footers)
    texts.extend(n.text for n in report.meta.notes)
    return texts


# --------------------------------------------------------------------------- oracle
def numbers_in(text: str) -> list[str]:
    return NUMBER_RE.findall(text)


def pdfium_numbers(path: Path) -> Counter[str]:
    """The oracle's reference: numbers in pdfium's own text of every page."""
    import pypdfium2

    counts: Counter[str] = Counter()
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            counts.update(numbers_in(tp.get_text_range()))
            tp.close()
            page.close()
    finally:
        pdf.close()
    return counts


@dataclass
class OracleResult:
    expected: int  # numbers (with multiplicity) in pdfium's text
    losses: dict[str, tuple[int, int]] = field(default_factory=dict)  # number → (pdfium, found)

    @property
    def lost(self) -> int:
        return sum(want - got for want, got in self.losses.values())


def number_oracle(report: Any, path: Path) -> OracleResult:
    """Every number with a decimal point or a thousands comma in pdfium's page text must come
    out of reportparse unchanged, as many times. Running headers/footers are stored once
    however many pages carry them, so a number found there counts as kept whatever its count.
    """
    want = pdfium_numbers(path)
    texts = output_texts(report)
    got: Counter[str] = Counter()
    for t in texts:
        got.update(numbers_in(t))
    furniture: set[str] = set()
    for t in [*report.meta.headers, *report.meta.footers]:
        furniture.update(numbers_in(t))
    res = OracleResult(expected=sum(want.values()))
    for number, n in sorted(want.items()):
        if number in furniture:
            continue
        if got[number] < n:
            res.losses[number] = (n, got[number])
    return res


# --------------------------------------------------------------------------- tables
def _grid(table: Any) -> list[list[str]]:
    return [[norm(x) for x in row] for row in table.filled_rows()]


def cell_found(report: Any, row_label: str, col_header: str, value: str) -> bool:
    """Some table has a row holding ``row_label`` (any row when empty; a cell may carry a code
    before it, ``2040401行政运行``) and ``value`` in a column whose text above that row
    contains ``col_header`` (merged header cells are filled down/across first)."""
    lab, head, val = norm(row_label), norm(col_header), norm(value)
    for table in report.tables:
        grid = _grid(table)
        for r, row in enumerate(grid):
            if lab and not any(x == lab or (len(lab) >= 2 and x.endswith(lab)) for x in row):
                continue
            for c, x in enumerate(row):
                if x == val and any(head in grid[k][c] for k in range(r)):
                    return True
    return False


def table_cells(report: Any, expected: dict[str, Any]) -> tuple[int, int]:
    """(sample cells found, sample cells expected)."""
    ok = total = 0
    for sample in expected["tables"]["samples"]:
        for lab, head, val in sample["cells"]:
            total += 1
            ok += cell_found(report, lab, head, val)
    return ok, total


# --------------------------------------------------------------------------- findings
def _finding_texts(f: Any) -> str:
    parts = [f.message, f.expected or "", f.actual or ""]
    parts.extend(loc.text for loc in f.locations)
    return " ".join(parts)


def is_justified(finding: Any, expected: dict[str, Any]) -> bool:
    """A finding about a documented real error or a documented arithmetic inconsistency."""
    text = _finding_texts(finding)
    for known in [*expected.get("real_errors", []),
                  *expected.get("arithmetic_inconsistencies", [])]:
        if any(v in text for v in known.get("match_values", [])):
            return True
    return False


def real_error_found(findings: list[Any], expected: dict[str, Any]) -> list[bool]:
    """For each documented real error: an ``error`` of one of its categories that names it."""
    out = []
    for known in expected.get("real_errors", []):
        out.append(any(
            f.severity == "error" and f.category in known["categories"]
            and any(v in _finding_texts(f) for v in known["match_values"])
            for f in findings))
    return out


# --------------------------------------------------------------------------- measuring
@dataclass
class Measure:
    name: str
    error: str | None = None
    precision: float = 0.0
    recall: float = 0.0
    level_agreement: float = 0.0
    matched: int = 0
    found: int = 0
    expected: int = 0
    toc_as_heading: int = 0
    caption_as_heading: int = 0
    tables_expected: int = 0
    tables_found: int = 0
    cells_ok: int = 0
    cells_total: int = 0
    title: bool = False
    title_text: str = ""
    oracle: OracleResult | None = None
    false_errors: int = 0
    real_errors_found: list[bool] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def _like_any(heading: FoundHeading, texts: list[str]) -> bool:
    return any(same_heading(t, heading.text) for t in texts)


def heading_scores(report: Any, expected: dict[str, Any], m: Measure) -> None:
    """Precision/recall of the outline; a found heading that matches an optional heading is
    left out of both; unmatched found headings are counted as TOC lines (on a TOC page or
    equal to a TOC entry) or table captions where they are one."""
    want = [h["text"] for h in expected["headings"]]
    got = found_headings(report)
    pairs = ordered_matching(want, [g.text for g in got])
    matched_found = {j for _, j in pairs}
    optional = [o["text"] for o in expected.get("optional_headings", [])]
    extra = [g for j, g in enumerate(got)
             if j not in matched_found and not _like_any(g, optional)]
    m.expected, m.matched, m.found = len(want), len(pairs), len(pairs) + len(extra)
    m.precision = m.matched / m.found if m.found else (1.0 if not want else 0.0)
    m.recall = m.matched / m.expected if m.expected else 1.0
    m.level_agreement = level_agreement(
        [(expected["headings"][i]["level"], got[j].level) for i, j in pairs])
    toc_pages = set(expected.get("toc_pages", []))
    m.toc_as_heading = sum(1 for g in extra if g.page in toc_pages
                           or _like_any(g, expected.get("toc", [])))
    m.caption_as_heading = sum(
        1 for g in extra if _like_any(g, expected["tables"].get("captions", [])))
    hit = {i for i, _ in pairs}
    m.missed = [w for i, w in enumerate(want) if i not in hit]
    m.extra = [g.text for g in extra]


def parse_and_check(path: Path) -> tuple[Any, list[Any]]:
    import reportparse

    report = reportparse.parse(path)
    findings = reportparse.check(report)
    return report, findings


@cache
def measure(name: str, oracle: bool = True) -> Measure:
    """Parse, check and measure one document (cached per process: tests share it)."""
    from reportparse import ReportParseError

    expected = load_expected(name)
    path = document_path(expected)
    m = Measure(name=expected["file"])
    m.tables_expected = expected["tables"]["count"]
    try:
        report, findings = parse_and_check(path)
    except ReportParseError as e:
        m.error = str(e)
        return m
    heading_scores(report, expected, m)
    m.tables_found = len(report.tables)
    m.cells_ok, m.cells_total = table_cells(report, expected)
    m.title = title_found(report, expected)
    m.title_text = found_title(report)
    if oracle and path.suffix.lower() == ".pdf":
        m.oracle = number_oracle(report, path)
    errors = [f for f in findings if f.severity == "error"]
    m.false_errors = sum(1 for f in errors if not is_justified(f, expected))
    m.real_errors_found = real_error_found(findings, expected)
    return m


@cache
def parsed(name: str) -> Any:
    """The parsed report of a document (cached per process), for tests that look closer."""
    import reportparse

    return reportparse.parse(document_path(load_expected(name)))


# --------------------------------------------------------------------------- CLI
def _row(m: Measure) -> str:
    if m.error:
        return f"{m.name:44} ERROR {m.error}"
    oracle = "-" if m.oracle is None else f"{m.oracle.lost}/{m.oracle.expected}"
    real = "".join("Y" if x else "N" for x in m.real_errors_found) or "-"
    return (f"{m.name:44} {m.precision:5.2f} {m.recall:5.2f} {m.level_agreement:5.2f} "
            f"{m.matched:3}/{m.expected:<3} {m.toc_as_heading:3} {m.caption_as_heading:3} "
            f"{m.tables_found:3}/{m.tables_expected:<3} {m.cells_ok:2}/{m.cells_total:<2} "
            f"{'Y' if m.title else 'N':>5} {oracle:>9} {m.false_errors:4} {real:>4}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    verbose = "-v" in args
    names = [a for a in args if a != "-v"] or [p.name[: -len(".expected.json")]
                                                 for p in expected_files()]
    print(f"{'file':44} {'prec':>5} {'rec':>5} {'lvl':>5} {'match':>7} {'toc':>3} {'cap':>3} "
          f"{'tables':>7} {'cells':>5} {'title':>5} {'oracle':>9} {'ferr':>4} {'real':>4}")
    for name in names:
        m = measure(name)
        print(_row(m))
        if verbose and not m.error:
            for w in m.missed:
                print(f"    missed: {w}")
            for x in m.extra:
                print(f"    extra:  {x}")
            print(f"    title:  {m.title_text!r}")
            if m.oracle and m.oracle.losses:
                print("    lost numbers: " + ", ".join(
                    f"{k} {a}->{b}" for k, (a, b) in list(m.oracle.losses.items())[:20]))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
