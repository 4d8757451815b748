"""Measuring reportparse on the realistic reports (``samples/gen_realistic.py``): error findings
on a clean report, whether an injected error is found where it was made, and the score read
back. ``python tests/realistic_helpers.py`` prints the current numbers as the ratchet tables of
``test_realistic_reports.py``."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
sys.path.insert(0, str(SAMPLES))
import gen_realistic as gen  # noqa: E402 (samples/ is put on sys.path just above)

import reportparse  # noqa: E402

REALISTIC = SAMPLES / "realistic"


def parse_check(data: bytes, name: str):
    r = reportparse.parse(data, name=name)
    return r, reportparse.check(r)


def clean_file(rep, fmt: str) -> Path:
    return REALISTIC / f"{rep.name}.{gen.EXT[fmt]}"


def error_rules(findings) -> Counter:
    return Counter(f.rule for f in findings if f.severity == "error")


def _tables_with_row(r, header: tuple[str, ...]) -> set[int]:
    """Block indices of the tables having a row that starts with ``header``."""
    return {i for i, b in enumerate(r.blocks) if b.type == "table"
            and any(tuple(row[:len(header)]) == header for row in b.rows)}


def status(r, findings, what) -> str:
    """``at``: the injected rule fired with its category and a location naming the change;
    ``rule``: the rule fired elsewhere; ``missed``: it did not fire."""
    hits = [f for f in findings if f.rule == what.rule and f.category == what.category]
    if not hits:
        return "missed"
    locs = [loc for f in hits for loc in f.locations]
    if what.table is not None:
        tables = _tables_with_row(r, what.table)
        ok = any(loc.table in tables and loc.row == what.row
                 and (what.col is None or loc.col == what.col) for loc in locs)
    elif what.heading is not None:
        ok = any(what.heading in (loc.text or "") for loc in locs)
    else:
        ok = any(what.quote in (loc.text or "") for loc in locs)
    return "at" if ok else "rule"


def top_headings(r) -> list[str]:
    return [s.title for s in r.sections]


def grade_read(r) -> str | None:
    """The grade the score table states, else the first grade the text states."""
    if r.score is not None and r.score.grade:
        return r.score.grade
    return next((str(f.value) for f in r.facts if f.kind == "grade"), None)


def readback(r, rep) -> dict[str, bool]:
    """Which of the generator's known parse results came back right."""
    score = r.score
    got = {
        "total": score is not None and score.total is not None and str(score.total) == rep.total,
        "grade": grade_read(r) == rep.grade,
        "headings": top_headings(r) == rep.headings,
    }
    if rep.extra.get("rounded"):
        got["rounded"] = score is not None and str(score.total_rounded) == rep.extra["rounded"]
    if rep.extra.get("dimensions"):
        got["dimensions"] = score is not None and [
            [row.name, str(row.max_score), str(row.score)] for row in score.rows
        ] == rep.extra["dimensions"]
    return got


def injected_formats(rep) -> list[str]:
    """Word's automatic numbering cannot repeat a number: a numbering injection is typed."""
    return [f for f in gen.FORMATS
            if not (rep.injected.category == "numbering" and f == "docx.auto")]


def measure() -> tuple[dict, dict, list]:
    """False errors per rule of every clean report/format, the readback fields that are
    wrong, and the status of every injected case that is not found where it was made."""
    errors: dict[tuple[str, str], Counter] = {}
    wrong: list[tuple[str, str, str]] = []
    for rep in gen.clean_reports():
        for fmt in gen.FORMATS:
            path = clean_file(rep, fmt)
            r, fs = parse_check(path.read_bytes(), path.name)
            errors[(rep.name, fmt)] = error_rules(fs)
            wrong.extend((rep.name, fmt, k) for k, ok in readback(r, rep).items() if not ok)
    missed: dict[tuple[str, str], str] = {}
    for rep in gen.injected_reports():
        for fmt in injected_formats(rep):
            r, fs = parse_check(gen.render(rep, fmt), f"{rep.name}.{gen.EXT[fmt]}")
            st = status(r, fs, rep.injected)
            if st != "at":
                missed[(f"{rep.kind}:{rep.injected.case}", fmt)] = st
    return errors, missed, wrong


def main() -> None:
    """Print the ratchet tables of ``test_realistic_reports.py`` as measured now."""
    errors, missed, wrong = measure()
    print("# error findings on clean reports, per format in FORMATS order (txt.tika, txt.noisy,")
    print("# docx.auto, docx.manual, md, html, pdf), with the rules giving them — all false;")
    print("# target: 0")
    print("FALSE_ERRORS: dict[str, tuple[int, ...]] = {")
    for rep in gen.clean_reports():
        per = [errors[(rep.name, f)] for f in gen.FORMATS]
        rules = sorted({k for c in per for k in c})
        print(f"    # {', '.join(rules) or '-'}")
        print(f'    "{rep.name}": ({", ".join(str(sum(c.values())) for c in per)}),')
    print("}")
    print("# injected errors not (yet) found where they were made: ``rule`` = the rule fired")
    print("# elsewhere, ``missed`` = it did not fire; target: empty")
    print("NOT_FOUND_WHERE_MADE: dict[tuple[str, str], str] = {")
    for (case, fmt), st in missed.items():
        print(f'    ("{case}", "{fmt}"): "{st}",')
    print("}")
    print("# parse results the generator knows that come back wrong; target: empty")
    print("WRONG_READBACK: set[tuple[str, str, str]] = {")
    for name, fmt, field in wrong:
        print(f'    ("{name}", "{fmt}", "{field}"),')
    print("}")
    print()
    print("# false errors per rule, report kind and format:")
    per_rule: Counter = Counter()
    for (name, fmt), c in errors.items():
        for rule, n in c.items():
            per_rule[(name.split(".")[0], fmt, rule)] += n
    for (kind, fmt, rule), n in sorted(per_rule.items()):
        print(f"#   {kind:10} {fmt:12} {rule:20} {n}")


if __name__ == "__main__":
    main()
