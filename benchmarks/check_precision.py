"""Findings on clean documents, per rule and severity: the checks' false-alarm count.

Not a test: run ``python benchmarks/check_precision.py [FILE|DIR …] [--json]``. Every finding on
a clean document is a false alarm unless someone can show the arithmetic, so this table is how
the checks' precision is compared from one change to the next (issue 13). Default corpus:
the seed, every generated clean sample under ``samples/`` (readable formats; ``bad/`` folders
and injected-error files excluded) and the real public documents in ``../shared/real/``,
whose only real error is the one its README names (hn-likou: the 单项工程汇总表 column).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import reportparse
from reportparse import ReportParseError

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
READABLE = {".txt", ".docx", ".pdf", ".md", ".html", ".doc", ".wps"}
SKIP_WORDS = ("inject", "error", "bad")


def corpus(args: list[str]) -> list[Path]:
    if args:
        paths = [Path(a) for a in args]
    else:
        paths = [ROOT / "samples", REAL]
    out: list[Path] = []
    for p in paths:
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        out += [f for f in files if f.suffix in READABLE and f.name != "README.md"
                and not any(w in part for part in f.relative_to(f.anchor).parts
                            for w in SKIP_WORDS)]
    return out


def group(path: Path) -> str:
    return "real" if REAL.resolve() in path.resolve().parents else "samples"


def measure(files: list[Path]) -> dict[str, Counter[str]]:
    """``{group: Counter("rule severity" → findings)}`` plus per-group file counts."""
    table: dict[str, Counter[str]] = {}
    for f in files:
        c = table.setdefault(group(f), Counter())
        c["files"] += 1
        try:
            report = reportparse.parse(f)
            findings = reportparse.check(report)
        except ReportParseError as e:
            c[f"unreadable ({e.reason})"] += 1
            continue
        for x in findings:
            c[f"{x.rule} {x.severity}"] += 1
    return table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--json", action="store_true")
    ns = ap.parse_args()
    table = measure(corpus(ns.paths))
    if ns.json:
        print(json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True))
        return
    rows = sorted({k for c in table.values() for k in c})
    groups = sorted(table)
    print("| rule severity | " + " | ".join(groups) + " |")
    print("|---|" + "---|" * len(groups))
    for k in rows:
        print(f"| {k} | " + " | ".join(str(table[g].get(k, 0)) for g in groups) + " |")


if __name__ == "__main__":
    main()
