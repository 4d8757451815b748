"""OCR accuracy and speed on rasterised samples (issue 17; not a test, run on demand).

    python benchmarks/ocr.py                       # every sample PDF that embeds its fonts
    python benchmarks/ocr.py --only '*.auto.pdf'   # a subset (fnmatch on the file name)
    python benchmarks/ocr.py --seal --angle 0.7    # stamped and slightly rotated scans

Each sample PDF is rendered at 200 dpi (pdfium → Pillow) into an image-only PDF, parsed with
OCR, and compared with the same PDF read from its text layer (tests/ocr_helpers.py):

* character accuracy of the body paragraphs, white space out: 1 − CER (Levenshtein distance
  over the reference length); the old difflib figure, which overstated errors in reports
  whose paragraphs repeat, is printed beside it for comparison;
* table numbers found exactly (every number in every table cell, as a multiset);
* heading F1 (the section headings of the outline);
* score total and grade equal, on samples whose score is in a table;
* seconds per page: wall clock and CPU (process time, both cores), OCR included, and the
  load average at the end (the CPU time is the figure to compare across busy runs).

Targets: accuracy ≥ 98%, numbers ≥ 99%, heading F1 ≥ 0.95, scores exact, ≤ 2 s a page.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import reportparse  # noqa: E402
from ocr_helpers import (char_accuracy, difflib_accuracy, heading_f1,  # noqa: E402
                         image_pdf, numbers_exact, rasterise, scan_samples, score_of)


def probe() -> float:
    """Seconds the recogniser takes for one fixed input (a 48 × 1745 line, one thread, the
    median of five): the machine's speed at the time. Shared cloud cores vary by a fifth or
    more over an hour, so wall and CPU figures from different runs compare only through it."""
    import numpy as np

    from reportparse.ingest import ocr

    rec = ocr._engine().text_rec.rec
    line = np.full((32, 1163, 3), 255, np.uint8)
    line[8:24, ::7] = 0
    rec([line])
    times = []
    for _ in range(5):
        t = time.perf_counter()
        rec([line])
        times.append(time.perf_counter() - t)
    return sorted(times)[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="*", help="fnmatch pattern on the file name")
    ap.add_argument("--seal", action="store_true", help="a red seal on each first page")
    ap.add_argument("--angle", type=float, default=0.0, help="rotate each page (degrees)")
    args = ap.parse_args()
    files = [p for p in scan_samples() if fnmatch.fnmatch(p.name, args.only)]
    before = probe()
    print("| sample | pages | chars (1 − CER) | chars (difflib) | numbers | headings F1 | score "
          "| s/page wall | s/page CPU |")
    print("|---|---|---|---|---|---|---|---|---|")
    tot = {"pages": 0, "wall": 0.0, "cpu": 0.0, "num": 0, "num_all": 0, "matched": 0.0,
           "f1": 0.0, "scores": 0, "scores_ok": 0, "worst": 1.0, "worst_f1": 1.0,
           "worst_page": 0.0}
    for pdf in files:
        ref = reportparse.parse(pdf, ocr="never")
        data = image_pdf(rasterise(pdf, seal=args.seal, angle=args.angle))
        w, c = time.perf_counter(), time.process_time()
        got = reportparse.parse(data, name=pdf.name)
        wall, cpu = time.perf_counter() - w, time.process_time() - c
        pages = got.source.pages or 1
        acc, f1 = char_accuracy(ref, got), heading_f1(ref, got)
        found, total = numbers_exact(ref, got)
        score_ok = None
        if ref.score is not None and ref.score.origin != "narrative":
            score_ok = score_of(ref) == score_of(got)
            tot["scores"] += 1
            tot["scores_ok"] += bool(score_ok)
        tot["pages"] += pages
        tot["wall"] += wall
        tot["cpu"] += cpu
        tot["num"] += found
        tot["num_all"] += total
        tot["matched"] += acc
        tot["f1"] += f1
        tot["worst"] = min(tot["worst"], acc)
        tot["worst_f1"] = min(tot["worst_f1"], f1)
        tot["worst_page"] = max(tot["worst_page"], wall / pages)
        print(f"| {pdf.relative_to(pdf.parents[2])} | {pages} | {acc:.2%} | "
              f"{difflib_accuracy(ref, got):.2%} | {found}/{total} | "
              f"{f1:.2f} | {'—' if score_ok is None else 'exact' if score_ok else 'DIFFERS'} | "
              f"{wall / pages:.1f} | {cpu / pages:.1f} |", flush=True)
    n = max(len(files), 1)
    print(f"\n{len(files)} samples, {tot['pages']} pages: char accuracy (mean) "
          f"{tot['matched'] / n:.2%}, table numbers exact {tot['num']}/{tot['num_all']} "
          f"({tot['num'] / max(tot['num_all'], 1):.2%}), heading F1 (mean) {tot['f1'] / n:.3f}, "
          f"worst sample: chars {tot['worst']:.2%}, heading F1 {tot['worst_f1']:.2f}, "
          f"{tot['worst_page']:.2f} s/page wall; "
          f"scores exact {tot['scores_ok']}/{tot['scores']}, "
          f"{tot['wall'] / max(tot['pages'], 1):.2f} s/page wall, "
          f"{tot['cpu'] / max(tot['pages'], 1):.2f} s/page CPU "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: other jobs "
          f"sharing them inflate the wall time more than the CPU time); machine probe "
          f"{before * 1000:.0f} ms before, {probe() * 1000:.0f} ms after (one 1745-px line, "
          f"one thread: compare runs through it)")


if __name__ == "__main__":
    main()
