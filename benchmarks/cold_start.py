"""Cold start: python's own start-up, ``import reportparse`` and ``reportparse parse FILE``, each
a fresh process, median of N, as absolute times and as multiples of python's start-up (so runs
on a busy machine stay comparable). Issue 14's targets: import ≤ 0.25 s, parse of the seed
≤ 0.4 s.

    python benchmarks/cold_start.py                      # this checkout, 15 runs each
    python benchmarks/cold_start.py --src /tmp/base/src  # another checkout's src/ as "before"

With ``--src`` the two trees run interleaved (before, after, before, …) so machine load hits
both alike. Byte code is compiled first and kept (as after ``pip install``): "cold" means a new
process, not a missing ``__pycache__``.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "seed" / "000_b9924377f959d391.txt"
BENCH = ROOT.parent / "shared" / "bench"  # bench_sample.docx/.pdf, when shared/ is there
# the console script (``reportparse.cli:run``; ``main`` in a checkout from before it existed)
CLI = ("import sys, reportparse.cli as c\n"
       "sys.exit(c.run() if hasattr(c, 'run') else c.main())")


def _cases() -> list[tuple[str, list[str]]]:
    cases = [("python -c pass", ["-c", "pass"]),
             ("import reportparse", ["-c", "import reportparse"]),
             (f"parse {SEED.name}", ["-c", CLI, "parse", str(SEED)])]
    for ext in ("docx", "pdf"):
        f = BENCH / f"bench_sample.{ext}"
        if f.exists():
            cases.append((f"parse {f.name}", ["-c", CLI, "parse", str(f)]))
    return cases


def _env(src: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep)
    return env


def _once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process. On a quiet machine they agree; on a busy one
    the CPU time (user + system of the child) is the steadier measure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, stdout=subprocess.DEVNULL, check=True,
                   timeout=120)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=15, help="runs per case (median reported)")
    ap.add_argument("--src", type=Path, help="another checkout's src/, measured as 'before'")
    args = ap.parse_args()
    trees: dict[str, Path | None] = {"this": None}
    if args.src is not None:
        trees = {"before": args.src.resolve(), "after": ROOT / "src"}
    for src in trees.values():
        compileall.compile_dir(str(src or ROOT / "src"), quiet=1)
    envs = {name: _env(src) for name, src in trees.items()}
    cases = _cases()
    times: dict[tuple[str, str], list[tuple[float, float]]] = {
        (t, c): [] for t in trees for c, _ in cases}
    for name in trees:  # one warm-up each: byte code of the dependencies, the page cache
        for _, cmd in cases:
            _once(cmd, envs[name])
    for _ in range(args.n):
        for label, cmd in cases:
            for name in trees:
                times[(name, label)].append(_once(cmd, envs[name]))
    print(f"median of {args.n} fresh processes, {os.cpu_count()} cores, "
          f"python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    for k, measure in enumerate(("wall", "CPU")):
        print(f"\n{measure + ' time':34}" + "".join(f"{n:>22}" for n in trees))
        for label, _ in cases:
            row = f"{label:34}"
            for name in trees:
                med = statistics.median(t[k] for t in times[(name, label)])
                base = statistics.median(t[k] for t in times[(name, cases[0][0])])
                row += f"{med:>12.3f} s {med / base:>6.1f}×"
            print(row)


if __name__ == "__main__":
    main()
