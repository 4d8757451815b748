"""Report content shared by the sample generators, independent of any file format.

Why: cross-format equivalence (the same section tree and table grids from the .txt and the
.docx of one report) needs one description of the report that every generator renders. A report
is a list of items:

* ``{"kind": "heading", "level": 1, "number": "一、", "title": "基本情况", "family": "cn"}``
* ``{"kind": "title", "text": "..."}`` (the report title, first line)
* ``{"kind": "para", "text": "..."}``
* ``{"kind": "table", "n_rows": R, "n_cols": C, "cells": [[row, col, rs, cs, text], ...]}``
  (real cells with row/col spans; slots covered by a span have no entry)

``variant_items(v)`` converts one of the lead's ``variants.Variant`` specs (the source of the
text-export samples) to items, so the .docx and .txt renderings come from the same spec;
``seed_items()`` parses the seed's Tika text export (bookmarks and 窗体顶端 dropped, headings
recognised by their marker, tab-indented cell lines to tables); ``scores_items()`` is a short
report with a three-level score table (merged 一级指标, a 合计 row spanning two columns) and
a funding table with a unit line. ``expected(items)`` gives the JSON stored beside each sample.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = HERE / "seed" / "000_b9924377f959d391.txt"

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_HEADINGS = [
    (1, "cn", re.compile(r"^([一二三四五六七八九十]+、)(.+)$")),
    (2, "cn_paren", re.compile(r"^(（[一二三四五六七八九十]+）)(.+)$")),
    (3, "arabic", re.compile(r"^(\d{1,2}\.)(?!\d)(.+)$")),
]

Item = dict[str, Any]


def _table(rows: list[list[str]]) -> Item:
    """Tika rows to real cells: a short row's last cell spans to the table width."""
    width = max(len(r) for r in rows)
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            span = width - c if c == len(row) - 1 else 1
            cells.append([r, c, 1, span, text])
    return {"kind": "table", "n_rows": len(rows), "n_cols": width, "cells": cells}


def seed_items(path: Path = SEED) -> list[Item]:
    items: list[Item] = []
    rows: list[list[str]] = []
    row: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = _BOOKMARK.sub("", raw)
        if line.startswith("\t"):
            row.append(line.strip())
            continue
        if row:
            rows.append(row)
            row = []
        text = line.strip()
        if not text:
            continue
        if rows:
            items.append(_table(rows))
            rows = []
        if text == "窗体顶端":
            continue
        for level, family, rx in _HEADINGS:
            m = rx.match(text)
            if m and not (level == 3 and len(text) > 80):
                items.append({"kind": "heading", "level": level, "number": m.group(1),
                              "title": m.group(2), "family": family})
                break
        else:
            items.append({"kind": "para", "text": text})
    if row:
        rows.append(row)
    if rows:
        items.append(_table(rows))
    return items


def scores_items() -> list[Item]:
    score = [
        ["一级指标", "二级指标", "分值", "得分"],
        ["决策", "项目立项", "5", "4.50"], [None, "绩效目标", "10", "7.80"],
        ["过程", "资金管理", "10", "9.50"], [None, "组织实施", "10", "9.00"],
        ["产出", "产出数量", "15", "13.00"], [None, "产出质量", "15", "12.60"],
        ["效益", "社会效益", "20", "17.07"], [None, "满意度", "15", "13.00"],
    ]
    cells = []
    for r, row in enumerate(score):
        for c, text in enumerate(row):
            if text is None:
                continue
            rs = 2 if c == 0 and r >= 1 else 1
            cells.append([r, c, rs, 1, text])
    cells += [[9, 0, 1, 2, "合计"], [9, 2, 1, 1, "100"], [9, 3, 1, 1, "86.47"]]
    money = _table([["资金来源", "金额"], ["项目总投资", "6600"], ["其中：中央配套资金", "6000"],
                    ["旗人民政府投资", "600"]])
    return [
        {"kind": "heading", "level": 1, "number": "一、", "title": "基本情况", "family": "cn"},
        {"kind": "para", "text": "项目总投资为6600万元，资金来源如下表。"},
        {"kind": "para", "text": "表1 项目资金来源情况表"},
        {"kind": "para", "text": "单位：万元"},
        money,
        {"kind": "heading", "level": 1, "number": "二、", "title": "综合评价情况及评价结论",
         "family": "cn"},
        {"kind": "heading", "level": 2, "number": "（一）", "title": "评价得分",
         "family": "cn_paren"},
        {"kind": "para", "text": "项目绩效评价得分为86.47分，评价等级为“良”。"},
        {"kind": "para", "text": "表2 绩效评价指标得分情况表"},
        {"kind": "table", "n_rows": 10, "n_cols": 4, "cells": cells},
        {"kind": "heading", "level": 2, "number": "（二）", "title": "评价结论",
         "family": "cn_paren"},
        {"kind": "para", "text": "项目总体完成了年度绩效目标。"},
    ]


def variant_items(v: Any) -> list[Item]:
    """Items of a ``variants.Variant`` (its tree flattened in document order)."""
    from variants import TableSpec, marker

    items: list[Item] = []
    if v.title:
        items.append({"kind": "title", "text": v.title})
    items.extend({"kind": "para", "text": t} for t in v.preamble)

    def walk(nodes: list[Any], depth: int, prefix: str) -> None:
        for i, n in enumerate(nodes, 1):
            num = marker(n.family, i, depth_prefix=prefix).strip()
            items.append({"kind": "heading", "level": depth, "number": num, "title": n.title,
                          "family": n.family})
            for b in n.body:
                if isinstance(b, TableSpec):
                    if b.caption:
                        items.append({"kind": "para", "text": b.caption})
                    if b.unit:
                        items.append({"kind": "para", "text": f"单位：{b.unit}"})
                    items.append(_table(b.rows))
                else:
                    items.append({"kind": "para", "text": b})
            walk(n.children, depth + 1, num if num.endswith(".") else f"{num}.")

    walk(v.nodes, 1, "")
    return items


def grid(table: Item) -> list[list[str]]:
    g = [["" for _ in range(table["n_cols"])] for _ in range(table["n_rows"])]
    for r, c, _rs, _cs, text in table["cells"]:
        g[r][c] = text
    return g


def expected(items: list[Item]) -> dict[str, Any]:
    """The outline (number, title, level) and table grids every rendering must give."""
    return {
        "sections": [{"number": i["number"], "title": i["title"], "level": i["level"]}
                     for i in items if i["kind"] == "heading"],
        "tables": [{"n_rows": t["n_rows"], "n_cols": t["n_cols"], "rows": grid(t),
                    "cells": t["cells"]} for t in items if t["kind"] == "table"],
    }
