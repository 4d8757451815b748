"""Benchmark: the .docx reader against a plain python-docx walk and docx2python.

Not a test (timings depend on the machine); run it by hand:

    python benchmarks/bench_docx.py [--repeat 7] [FILE.docx ...]

Inputs: a generated 20-page report (auto-numbered headings, TOC field, tracked changes, 5 tables
of 10–40 rows, written to benchmarks/out/) plus ``../shared/bench/bench_sample.docx`` when it
exists, plus any files given. For each input, the median of ``--repeat`` runs of

* ``python-docx walk``: open the package, read every paragraph's and every table cell's text
  (the baseline, measured in the same run);
* ``ingest.read``: the docx reader alone (blocks, toc, notes, furniture);
* ``reportparse.parse``: the whole pipeline (reader + clean + structure), when available;
* ``docx2python``: when installed (``pip install docx2python``; not a dependency).

The acceptance target (issue 3): ``parse`` ≤ 2× the python-docx walk, and faster than docx2python.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "src"))

from reportparse import ingest  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
SHARED = ROOT.parent / "shared" / "bench" / "bench_sample.docx"
if not SHARED.exists():
    SHARED = Path("/work/shared/bench/bench_sample.docx")


def generated_report() -> bytes:
    """About 20 pages: 4 chapters × 3 sections of prose (~15,000 characters, ~700 a page)
    and 5 tables with 10–40 rows (~130 rows, ~30 a page)."""
    from gen_docx import render
    from variants import enumerated, prose

    rng = random.Random(7)
    items: list[dict] = [{"kind": "title", "text": "XX市2023年度专项资金绩效评价报告"}]
    cn = "一二三四五六七八九十"
    n_table = 0
    for ch in range(4):
        items.append({"kind": "heading", "level": 1, "number": f"{cn[ch]}、",
                      "title": f"第{cn[ch]}部分评价内容", "family": "cn"})
        for sec in range(3):
            items.append({"kind": "heading", "level": 2, "number": f"（{cn[sec]}）",
                          "title": f"评价事项{sec + 1}", "family": "cn_paren"})
            for k in range(10):
                items.append({"kind": "para", "text": prose(rng, 5) if k % 2 else
                              f"主要内容包括：{enumerated(rng, 3)}"})
            if n_table < 5 and sec == 1 or (ch == 3 and sec == 2 and n_table < 5):
                rows_n = [10, 25, 40, 18, 33][n_table]
                n_table += 1
                rows = [["序号", "指标名称", "分值", "得分", "说明"]]
                rows += [[str(i + 1), f"指标{i + 1}", str(rng.randint(1, 10)),
                          f"{rng.uniform(0, 10):.2f}", prose(rng, 1)] for i in range(rows_n)]
                items.append({"kind": "para", "text": f"表{n_table} 指标得分情况表"})
                items.append({"kind": "table", "n_rows": len(rows), "n_cols": 5,
                              "cells": [[r, c, 1, 1, t] for r, row in enumerate(rows)
                                        for c, t in enumerate(row)]})
    return render(items, "auto", "bench")


def python_docx_walk(data: bytes) -> int:
    d = docx.Document(io.BytesIO(data))
    n = sum(len(p.text) for p in d.paragraphs)
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                n += len(cell.text)
    return n


def ours_read(data: bytes) -> int:
    return len(ingest.read(data, "bench.docx").blocks)


def ours_parse(data: bytes) -> int:
    import reportparse

    return len(reportparse.parse(data, name="bench.docx").sections)


def docx2python_read(data: bytes) -> int:
    from docx2python import docx2python

    with docx2python(io.BytesIO(data)) as d:
        return len(d.text)


def median_time(fn: Callable[[bytes], int], data: bytes, repeat: int) -> float:
    fn(data)  # warm-up: imports, caches
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(data)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="docx reader benchmark")
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    gen = OUT / "generated_20_pages.docx"
    gen.write_bytes(generated_report())
    inputs = [gen] + ([SHARED] if SHARED.exists() else []) + list(args.files)

    contenders: list[tuple[str, Callable[[bytes], int]]] = [
        ("python-docx walk", python_docx_walk), ("ingest.read", ours_read)]
    try:
        import reportparse

        if hasattr(reportparse, "parse"):
            contenders.append(("reportparse.parse", ours_parse))
    except ImportError:
        pass
    try:
        import docx2python  # noqa: F401

        contenders.append(("docx2python", docx2python_read))
    except ImportError:
        print("(docx2python not installed: pip install docx2python to compare)")

    for path in inputs:
        data = path.read_bytes()
        r = ingest.read(data, path.name)
        chars = sum(len(b.text) for b in r.blocks if b.type == "paragraph")
        rows = sum(t.n_rows for t in r.tables)
        print(f"\n{path.name} ({len(data) / 1024:.0f} KiB; {chars} characters of text, "
              f"{len(r.tables)} tables, {rows} rows ≈ {chars / 700 + rows / 30:.0f} pages), "
              f"median of {args.repeat}:")
        times = {name: median_time(fn, data, args.repeat) for name, fn in contenders}
        base = times["python-docx walk"]
        for name, t in times.items():
            print(f"  {name:<20} {t * 1000:8.1f} ms   {t / base:5.2f}× python-docx")
        ours = times.get("reportparse.parse", times["ingest.read"])
        if "docx2python" in times:
            print(f"  ours / docx2python: {ours / times['docx2python']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
