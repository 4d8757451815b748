"""Issue 15, property: a random indicator tree (1–3 levels, 0–2 decimals, 3–40 leaves) drawn in
each table shape — merged multi-level, 分值 at every level, weights in labels, transposed
(one level), split over two pieces with or without a repeated header — and rendered as a Tika
text export, MinerU Markdown and .docx reads back to the same tree and total."""

from __future__ import annotations

import random
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES

sys.path.insert(0, str(SAMPLES))
from shape_render import to_docx, to_markdown, to_text  # noqa: E402
from shape_tables import (  # noqa: E402
    depth,
    expected_rows,
    fmt,
    random_tree,
    split,
    total,
    transposed_table,
    tree_table,
)

import reportparse  # noqa: E402

SHAPES = ["merged", "points_every_level", "weights_in_labels", "transposed", "split_repeated",
          "split_bare"]
WRITERS = {"txt": lambda items: to_text(items).encode(), "md": lambda items: to_markdown(items)
           .encode(), "docx": lambda items: to_docx(items, "manual")}


def _items(tables: list[dict], between: str) -> list[dict]:
    body: list[dict] = [{"kind": "para", "text": "表1 绩效评价指标评分表"}, tables[0]]
    for t in tables[1:]:
        body += [{"kind": "para", "text": between}, t]
    return [{"kind": "title", "text": "XX项目绩效评价报告"},
            {"kind": "heading", "level": 1, "number": "一、", "title": "评价结论", "family": "cn"},
            {"kind": "para", "text": "项目评分情况见下表。"}, *body,
            {"kind": "heading", "level": 1, "number": "二、", "title": "存在问题", "family": "cn"},
            {"kind": "para", "text": "档案资料不够完整。"}]


def _render(tree, places: int, shape: str, cut: float):
    inner = shape in ("points_every_level", "weights_in_labels") and depth(tree) > 1
    if shape == "transposed":
        rows = [(t.name, 1, str(t.weight), fmt(t.score, 2)) for t in tree]
        return [transposed_table(tree)], "续表", rows, fmt(total(tree), 2)
    opts = {"per_level_points": shape == "points_every_level",
            "weights_in_labels": shape == "weights_in_labels"}
    grid = tree_table(tree, places, **opts)
    rows = expected_rows(tree, places, inner_weights=inner)
    if not shape.startswith("split"):
        return [grid], "续表", rows, fmt(total(tree), places)
    at = 2 + int(cut * (grid["n_rows"] - 2))  # header + at least one row on the first piece
    pieces = split(grid, min(at, grid["n_rows"] - 1), repeat_header=shape == "split_repeated")
    return pieces, "续表" if shape == "split_repeated" else "- 6 -", rows, fmt(total(tree),
                                                                             places)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(levels=st.integers(1, 3), places=st.integers(0, 2), leaves=st.integers(3, 40),
       seed=st.integers(0, 10**6), shape=st.sampled_from(SHAPES),
       writer=st.sampled_from(sorted(WRITERS)), cut=st.floats(0, 1))
# found by this test: the last piece is the 合计 row alone, its label's merge lost (3 columns
# against the table's 4) — stitched, the label spanning the name columns
@example(levels=2, places=0, leaves=3, seed=0, shape="split_bare", writer="docx", cut=0.7)
@example(levels=2, places=0, leaves=3, seed=0, shape="split_bare", writer="txt", cut=0.9)
def test_random_tree_reads_back_in_every_shape_and_format(levels, places, leaves, seed, shape,
                                                          writer, cut):
    if shape == "transposed":
        levels, leaves, places = 1, min(leaves, 12), 2
    tree = random_tree(random.Random(seed), levels, places, max(leaves, levels + 1))
    tables, between, rows, tot = _render(tree, places, shape, cut)
    r = reportparse.parse(WRITERS[writer](_items(tables, between)), name=f"r.{writer}")
    s = r.score
    assert s is not None, [w.message for w in r.warnings]
    got = [(n.name, n.level, None if n.max_score is None else str(n.max_score),
            None if n.score is None else str(n.score)) for n in s.walk()]
    assert got == rows
    assert s.total is not None and str(s.total) == tot
