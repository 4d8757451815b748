"""Count the string literals holding Chinese characters in src/reportparse, by module.

Why: issue 14 moves report vocabulary (synonyms, cue words, total-row names) out of Python
into patterns/*.toml where a user can extend it; this is the measure of what is left.
Docstrings and f-string messages count too (they are Chinese text in Python, if not
vocabulary), so compare totals before/after a change rather than aiming at zero.

    python benchmarks/cjk_literals.py [--top N]
"""

from __future__ import annotations

import argparse
import ast
import re
from collections import Counter
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "reportparse"
HAN = re.compile(r"[\u3400-\u9fff]")


def count(path: Path) -> int:
    """String constants with a Han character, docstrings excluded."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and n.body and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)}
    return sum(1 for n in ast.walk(tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, str) and HAN.search(n.value) and id(n) not in docs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    per = Counter({str(p.relative_to(SRC)): count(p) for p in sorted(SRC.rglob("*.py"))})
    by_stage = Counter()
    for name, n in per.items():
        by_stage[name.split("/")[0] if "/" in name else "(top)"] += n
    print(f"total {sum(per.values())}")
    print("by package: " + ", ".join(f"{k} {v}" for k, v in by_stage.most_common()))
    for name, n in per.most_common(args.top):
        print(f"{n:5d}  {name}")


if __name__ == "__main__":
    main()
