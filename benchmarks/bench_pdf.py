"""PDF speed: reportparse vs a plain pdfplumber extract loop, measured in the same run.

Not a test (timings are machine-dependent): run ``python benchmarks/bench_pdf.py [PDF…]``.
Default inputs: the generated 21-page ``samples/pdf/report_long.pdf`` and
``/work/shared/bench/bench_sample.pdf`` when present.

Baseline: ``pdfplumber.open`` + for every page ``extract_text()`` and ``extract_tables()`` —
what a user would otherwise write (and which still leaves merged cells as ``None``, tables cut
at page breaks and furniture in the text). Ours: ``reportparse.parse`` when the full pipeline
is available, else the PDF reader alone (``reportparse.ingest.read``); the label says which.
Each side runs ``--repeat`` times alternately; the best time of each is compared.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

import reportparse
from reportparse.ingest import read as ingest_read

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS = [ROOT / "samples" / "pdf" / "report_long.pdf",
            Path("/work/shared/bench/bench_sample.pdf")]


def baseline(path: Path) -> int:
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


def ours_fn() -> tuple[str, Callable[[Path], object]]:
    parse = getattr(reportparse, "parse", None)
    if callable(parse):
        return "reportparse.parse", lambda p: parse(str(p))
    return "reportparse.ingest.read (PDF reader only)", \
        lambda p: ingest_read(p.read_bytes(), str(p))


def best(fn: Callable[[Path], object], path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one run. The CPU time of this process is what to compare on a
    shared machine: another process's load stretches the wall time of whichever side it hits."""
    t, c = time.perf_counter(), time.process_time()
    fn(path)
    return time.perf_counter() - t, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    label, ours = ours_fn()
    pdfs = args.pdfs or [p for p in DEFAULTS if p.exists()]
    ours(pdfs[0])  # warm imports and pattern loading, for both sides fairly
    baseline(pdfs[0])
    print(f"ours = {label}; baseline = pdfplumber extract_text()+extract_tables() per page")
    for path in pdfs:
        with pdfplumber.open(str(path)) as pdf:
            pages = len(pdf.pages)
        t_ours: list[tuple[float, float]] = []
        t_base: list[tuple[float, float]] = []
        for _ in range(args.repeat):
            t_base.append(best(baseline, path))
            t_ours.append(best(ours, path))
        o, b = min(w for w, _ in t_ours), min(w for w, _ in t_base)
        oc, bc = min(c for _, c in t_ours), min(c for _, c in t_base)
        print(f"{path.name}: {pages} pages | ours {o:.3f}s ({pages / o:.1f} pages/s) | "
              f"pdfplumber {b:.3f}s ({pages / b:.1f} pages/s) | speed-up {b / o:.2f}x wall, "
              f"{bc / oc:.2f}x CPU")


if __name__ == "__main__":
    main()
