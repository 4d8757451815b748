"""Score and indicator tables in the shapes real reports use, built from an indicator tree.

Why: issue 15 — the score came out empty or wrong on 自评表-only reports, text exports of
multi-level tables with vertically merged cells, transposed and split tables. One indicator
tree (names, weights, scores, exact Decimals) is drawn in each table shape as *real cells*
(``[row, col, row_span, col_span, text]``, the item format of ``docx_items.py``), and the same
cells are rendered by every format writer (``shape_render.py``), so the score a reader must
find is known from the tree, never from reportparse's output.

Shapes: ``tree_table`` (一级/二级/三级 merged vertically, 合计 spanning the label columns,
optionally 分值 at every level or weights in the labels), ``summary_table`` (一级 | 分值 | 得分 |
得分率 with 总分, 总分（取整）, a merged grade row), ``transposed_table`` (dimensions as columns),
``split`` (a table cut into pieces at a page break, header repeated or not), ``selfeval_table``
(项目/部门整体支出绩效自评表: budget block and typed target/actual values).
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docx_items import _table as _cells_of_rows  # noqa: E402 - rows (short = merged tail) → cells

Grid = dict[str, Any]  # {"kind": "table", "n_rows", "n_cols", "cells": [[r, c, rs, cs, text]]}

L1 = ["决策", "过程", "产出", "效益", "满意度", "管理", "质量", "时效"]
L2 = ["项目立项", "绩效目标", "资金投入", "资金管理", "组织实施", "产出数量", "产出质量", "产出时效",
      "产出成本", "社会效益", "经济效益", "生态效益", "可持续影响", "服务对象满意度"]
L3 = ["立项依据充分性", "立项程序规范性", "绩效目标合理性", "绩效指标明确性", "预算编制科学性",
      "资金到位率", "预算执行率", "资金使用合规性", "管理制度健全性", "制度执行有效性",
      "实际完成率", "质量达标率", "完成及时性", "成本节约率", "群众受益情况", "居民满意度"]


@dataclass
class Ind:
    """An indicator: its weight (分值) and score (得分) as printed, and its children."""

    name: str
    weight: Decimal
    score: Decimal
    children: list["Ind"] = field(default_factory=list)

    def leaves(self) -> list["Ind"]:
        return [self] if not self.children else [x for c in self.children for x in c.leaves()]


def fmt(x: Decimal, places: int) -> str:
    return str(x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` as ``parts`` positive integers."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


def _groups(n: int, k: int, rng: random.Random) -> list[int]:
    """``n`` items into ``k`` non-empty groups."""
    return _split(n, k, rng) if k > 1 else [n]


def random_tree(rng: random.Random, levels: int, places: int, leaves: int,
                top_total: int = 100) -> list[Ind]:
    """A tree of ``levels`` levels with ``leaves`` leaves whose integer weights make
    ``top_total`` and whose scores (``places`` decimals) never exceed their weights."""
    weights = _split(top_total, leaves, rng)
    unit = Decimal(1).scaleb(-places)
    counters = {k: iter(range(10_000)) for k in (1, 2, 3)}  # names unique within a level

    def leaf(level: int, w: int) -> Ind:
        lo = int(Decimal(w) * Decimal("0.6") / unit)
        s = Decimal(rng.randint(lo, int(Decimal(w) / unit))) * unit
        return Ind(_name(level, next(counters[level])), Decimal(w), s)

    def build(level: int, ws: list[int]) -> list[Ind]:
        if level == levels:
            return [leaf(level, w) for w in ws]
        k = min(len(ws), rng.randint(1, max(1, min(len(ws), 4 if level == 1 else 3))))
        if level == 1:
            k = max(min(len(ws), 2), min(k, len(L1)))
        out, start = [], 0
        for size in _groups(len(ws), k, rng):
            kids = build(level + 1, ws[start:start + size])
            start += size
            out.append(Ind(_name(level, next(counters[level])), sum((c.weight for c in kids), Decimal(0)),
                           sum((c.score for c in kids), Decimal(0)), kids))
        return out

    return build(1, weights)


def _name(level: int, i: int) -> str:
    pool = L1 if level == 1 else L2 if level == 2 else L3
    base = pool[i % len(pool)]
    return base if i < len(pool) else f"{base}{'甲乙丙丁戊己庚辛壬癸'[(i // len(pool)) % 10]}"


def grade_of(total: Decimal) -> str:
    r = total.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return "优" if r >= 90 else "良" if r >= 80 else "中" if r >= 60 else "差"


def total(tree: list[Ind]) -> Decimal:
    return sum((t.score for t in tree), Decimal(0))


def depth(tree: list[Ind]) -> int:
    return 1 + max((depth(t.children) for t in tree if t.children), default=0)


# --------------------------------------------------------------------------- expected trees
def expected_rows(tree: list[Ind], places: int, *, inner_weights: bool = False,
                  rate: bool = False) -> list[tuple[str, int, str | None, str | None]]:
    """(name, level, 分值, 得分) depth-first as a reader must give them: leaves state both;
    an inner node states its 分值 only where the table prints it (``inner_weights``)."""
    out: list[tuple[str, int, str | None, str | None]] = []

    def walk(nodes: list[Ind], level: int) -> None:
        for n in nodes:
            if n.children:
                out.append((n.name, level, str(n.weight) if inner_weights else None, None))
                walk(n.children, level + 1)
            else:
                out.append((n.name, level, str(n.weight), fmt(n.score, places)))

    walk(tree, 1)
    return out


# --------------------------------------------------------------------------- table shapes
def tree_table(tree: list[Ind], places: int, *, per_level_points: bool = False,
               weights_in_labels: bool = False, total_row: bool = True) -> Grid:
    """一级/二级/三级 | (分值 per level) | 分值 | 得分 with merged label cells, one row per leaf,
    and a 合计 row whose label spans the label columns."""
    levels = depth(tree)
    names = ["一级指标", "二级指标", "三级指标"][:levels]
    header: list[str] = []
    for k, n in enumerate(names):
        header.append(n)
        if per_level_points and k < levels - 1:
            header.append("分值")
    header += ["分值", "得分"]
    n_cols = len(header)
    cells = [[0, c, 1, 1, h] for c, h in enumerate(header)]
    row = 1

    def label_col(level: int) -> int:
        return (level - 1) * (2 if per_level_points else 1)

    def place(nodes: list[Ind], level: int, r0: int) -> int:
        r = r0
        for n in nodes:
            span = len(n.leaves())
            label = f"{n.name}({n.weight}分)" if weights_in_labels and n.children else n.name
            col = label_col(level)
            if n.children:
                cells.append([r, col, span, 1, label])
                if per_level_points:
                    cells.append([r, col + 1, span, 1, str(n.weight)])
                place(n.children, level + 1, r)
            else:  # random_tree puts every leaf at the deepest level
                cells.append([r, col, 1, 1, label])
                cells.append([r, n_cols - 2, 1, 1, str(n.weight)])
                cells.append([r, n_cols - 1, 1, 1, fmt(n.score, places)])
            r += span
        return r

    row = place(tree, 1, row)
    if total_row:
        cells.append([row, 0, 1, n_cols - 2, "合计"])
        cells.append([row, n_cols - 2, 1, 1, str(sum((t.weight for t in tree), Decimal(0)))])
        cells.append([row, n_cols - 1, 1, 1, fmt(total(tree), places)])
        row += 1
    return {"kind": "table", "n_rows": row, "n_cols": n_cols, "cells": cells}


def summary_table(tree: list[Ind], places: int = 2, *, grade: bool = True) -> Grid:
    """一级指标 | 分值 | 得分 | 得分率, 总分, 总分（取整）, a merged 综合评价等级 row."""
    rows = [["一级指标", "分值", "得分", "得分率"]]
    for t in tree:
        rows.append([t.name, str(t.weight), fmt(t.score, places),
                     f"{fmt(t.score / t.weight * 100, 2)}%"])
    tot, w = total(tree), sum((t.weight for t in tree), Decimal(0))
    rows.append(["总分", str(w), fmt(tot, places), f"{fmt(tot / w * 100, 2)}%"])
    rounded = tot.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    rows.append(["总分（取整）", str(w), str(rounded), f"{rounded}%"])
    if grade:
        rows.append(["综合评价等级", grade_of(tot)])
    return _cells_of_rows(rows)


def transposed_table(tree: list[Ind], places: int = 2) -> Grid:
    """指标 | 决策 | 过程 | … | 合计, rows 分值 / 得分 / 得分率."""
    tot, w = total(tree), sum((t.weight for t in tree), Decimal(0))
    rows = [["指标", *[t.name for t in tree], "合计"],
            ["分值", *[str(t.weight) for t in tree], str(w)],
            ["得分", *[fmt(t.score, places) for t in tree], fmt(tot, places)],
            ["得分率", *[f"{fmt(t.score / t.weight * 100, 2)}%" for t in tree],
             f"{fmt(tot / w * 100, 2)}%"]]
    return _cells_of_rows(rows)


def split(grid: Grid, at: int, *, repeat_header: bool) -> list[Grid]:
    """The table cut before grid row ``at`` (a page break): a cell spanning the cut keeps its
    text in the first piece and leaves empty cells below it; the second piece repeats the
    header row or not."""
    top, bottom = [], []
    for r, c, rs, cs, text in grid["cells"]:
        if r < at:
            top.append([r, c, min(rs, at - r), cs, text])
            for k in range(at, r + rs):  # covered rows below the cut: empty cells
                bottom.append([k - at, c, 1, cs, ""])
        else:
            bottom.append([r - at, c, rs, cs, text])
    head = [cell for cell in grid["cells"] if cell[0] == 0]
    if repeat_header:
        bottom = [[r + 1, c, rs, cs, t] for r, c, rs, cs, t in bottom] + [list(h) for h in head]
    n2 = grid["n_rows"] - at + (1 if repeat_header else 0)
    return [{"kind": "table", "n_rows": at, "n_cols": grid["n_cols"], "cells": top},
            {"kind": "table", "n_rows": n2, "n_cols": grid["n_cols"], "cells": bottom}]


# --------------------------------------------------------------------------- 自评表
@dataclass
class SelfEval:
    """A 自评表's content: budget block and indicator rows (weights and scores consistent)."""

    department: bool  # 部门整体支出绩效自评表 (else 项目支出)
    planned: Decimal
    budget: Decimal
    executed: Decimal
    groups: list[Ind]  # 一级 groups → 二级 → 三级 leaves, leaves carry targets
    targets: dict[str, tuple[str, str]]  # leaf name → (年度指标值, 实际完成值)
    budget_weight: Decimal = Decimal(10)

    @property
    def rate(self) -> Decimal:
        return self.executed / self.budget

    @property
    def budget_score(self) -> Decimal:
        return (min(self.rate, Decimal(1)) * self.budget_weight).quantize(Decimal("0.01"),
                                                                          ROUND_HALF_UP)

    @property
    def total(self) -> Decimal:
        return self.budget_score + sum((g.score for g in self.groups), Decimal(0))


_TARGETS = [("≥50个", "52个"), ("≥800户", "816户"), ("≤90万元", "89.97万元"), ("100%", "100%"),
            ("≥95%", "96.5%"), ("达标", "达标"), ("2023年12月前", "2023年11月"), ("≥90%", "93%"),
            ("显著提升", "有效提升"), ("=100%", "100%")]


def random_selfeval(rng: random.Random, department: bool) -> SelfEval:
    budget = Decimal(rng.randint(5000, 90000)) / 100
    executed = (budget * Decimal(rng.randint(9000, 10000)) / 10000).quantize(Decimal("0.01"))
    tree = random_tree(rng, 3, 2, rng.randint(5, 9), top_total=90)
    tree = tree[:3] if len(tree) > 3 else tree
    names = ["产出指标", "效益指标", "满意度指标"]
    # re-total to 90 after a cut: fold any surplus weight into the last leaf
    for k, g in enumerate(tree):
        g.name = names[k % 3] if k < 3 else f"其他指标{k}"
    deficit = Decimal(90) - sum((g.weight for g in tree), Decimal(0))
    if deficit:
        leaf = tree[-1].leaves()[-1]
        leaf.weight += deficit
        _retotal(tree)
    targets = {leaf.name: _TARGETS[i % len(_TARGETS)]
               for i, leaf in enumerate(x for g in tree for x in g.leaves())}
    return SelfEval(department, budget, budget, executed, tree, targets)


def _retotal(nodes: list[Ind]) -> None:
    for n in nodes:
        if n.children:
            _retotal(n.children)
            n.weight = sum((c.weight for c in n.children), Decimal(0))
            n.score = sum((c.score for c in n.children), Decimal(0))


def selfeval_table(se: SelfEval) -> Grid:
    """The 池州/云南 layout: a budget block (项目资金（万元） merged down its rows) over the
    indicator block (一级 merged down its 二级, 二级 down its 三级) and a 总分 row."""
    cells: list[list[Any]] = []
    head = ["项目资金（万元）" if not se.department else "部门资金（万元）", "",
            "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    n_cols = len(head)
    rate = f"{fmt(se.rate * 100, 2)}%"
    budget_rows = [
        ["年度资金总额", fmt(se.planned, 2), fmt(se.budget, 2), fmt(se.executed, 2),
         str(se.budget_weight), rate, fmt(se.budget_score, 2)],
        ["其中：本年财政拨款", fmt(se.planned, 2), fmt(se.budget, 2), fmt(se.executed, 2), "—",
         rate, "—"],
        ["上年结转资金", "0", "0", "0", "—", "—", "—"],
    ]
    cells.append([0, 0, 1 + len(budget_rows), 1, head[0]])
    for c in range(1, n_cols):
        cells.append([0, c, 1, 1, head[c]])
    for k, row in enumerate(budget_rows, start=1):
        for c, text in enumerate(row, start=1):
            cells.append([k, c, 1, 1, text])
    r = 1 + len(budget_rows)
    ind_head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                "偏差原因分析及改进措施"]
    cells += [[r, c, 1, 1, t] for c, t in enumerate(ind_head)]
    r += 1
    for g in se.groups:
        cells.append([r, 0, len(g.leaves()), 1, f"{g.name}({g.weight}分)"])
        for sub in g.children:
            cells.append([r, 1, len(sub.leaves()), 1, sub.name])
            for leaf in sub.leaves():
                tgt, act = se.targets[leaf.name]
                reason = "" if leaf.score == leaf.weight else "进度略有滞后，下一步加快推进"
                cells += [[r, 2, 1, 1, leaf.name], [r, 3, 1, 1, tgt], [r, 4, 1, 1, act],
                          [r, 5, 1, 1, str(leaf.weight)], [r, 6, 1, 1, fmt(leaf.score, 2)],
                          [r, 7, 1, 1, reason]]
                r += 1
    cells += [[r, 0, 1, 5, "总分"], [r, 5, 1, 1, "100"], [r, 6, 1, 1, fmt(se.total, 2)],
              [r, 7, 1, 1, ""]]
    return {"kind": "table", "n_rows": r + 1, "n_cols": n_cols, "cells": cells}


def selfeval_expected(se: SelfEval) -> list[tuple[str, int, str | None, str | None]]:
    out: list[tuple[str, int, str | None, str | None]] = [
        ("年度资金总额", 1, str(se.budget_weight), fmt(se.budget_score, 2))]
    for g in se.groups:
        out.append((g.name, 1, str(g.weight), None))
        for sub in g.children:
            out.append((sub.name, 2, None, None))
            out += [(leaf.name, 3, str(leaf.weight), fmt(leaf.score, 2)) for leaf in sub.leaves()]
    return out
