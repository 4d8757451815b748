"""Score tables (``score_summary``/``score_tree``) → :class:`~reportparse.models.ScoreSummary`.

One level (the seed's 一级指标 | 分值 | 得分 | 得分率 with 总分, 总分（取整） and a merged grade
row) or several (一级/二级/三级 with merged cells → a tree; a weight in a label such as
``产出指标(50分)`` becomes the node's ``max_score``; numbered labels in one column nest by
their marker families). A text export's collapsed merges are re-seated (:func:`_realign`) or
filled down from the node above.
"""

from __future__ import annotations

import regex as re

from ..models import Cell, ScoreRow, ScoreSummary, Table
from .table_view import (
    _Config,
    _is_grade_label,
    _is_total,
    _norm,
    _rate,
    _value,
    _View,
    grade_of,
    header_role,
    split_weight,
)


def _realign(table: Table, level_cols: int, cfg: _Config) -> tuple[Table, dict[tuple[int, int], Cell]]:
    """A text export collapses merged cells, so a multi-level row under a merged 一级/二级
    label arrives *short* and the reader guessed a merged tail. Re-seat such rows on the right
    (their leading level cells are the merged ones above, extended down); a 合计/等级 row keeps
    its label on the left. Returns the re-seated table and, per new cell, the original cell."""
    n = table.n_cols
    by_row: dict[int, list[Cell]] = {}
    for c in sorted(table.cells, key=lambda c: (c.row, c.col)):
        by_row.setdefault(c.row, []).append(c)
    cells: list[Cell] = []
    origin: dict[tuple[int, int], Cell] = {}
    owner: dict[tuple[int, int], Cell] = {}  # grid slot → new cell covering it

    def put(src: Cell, row: int, col: int, span: int) -> None:
        c = Cell(row=row, col=col, text=src.text, col_span=span)
        cells.append(c)
        origin[(row, col)] = src
        for k in range(col, col + span):
            owner[(row, k)] = c

    for r in range(table.n_rows):
        own = by_row.get(r, [])
        short = 0 < len(own) < n and not (len(own) == 1 and own[0].col_span == n)
        if r < table.header_rows or not short:
            for c in own:
                put(c, r, c.col, c.col_span)
            continue
        if _is_total(own[0].text, cfg) or _is_grade_label(own[0].text, cfg):
            put(own[0], r, 0, n - len(own) + 1)
            for i, c in enumerate(own[1:], start=n - len(own) + 1):
                put(c, r, i, 1)
            continue
        start = n - len(own)
        for k in range(min(start, level_cols)):
            above = owner.get((r - 1, k))
            if above is not None:
                above.row_span = r - above.row + 1
                owner[(r, k)] = above
        for i, c in enumerate(own):
            put(c, r, start + i, 1)
    new = table.model_copy(update={"cells": cells})
    return new, origin



def transpose(table: Table) -> tuple[Table, dict[tuple[int, int], Cell]]:
    """Rows become columns (spans swap too); per new cell, the original cell it shows."""
    cells: list[Cell] = []
    origin: dict[tuple[int, int], Cell] = {}
    for c in table.cells:
        new = Cell(row=c.col, col=c.row, text=c.text, row_span=c.col_span,
                   col_span=c.row_span, provenance=c.provenance)
        cells.append(new)
        origin[(new.row, new.col)] = c
    flipped = Table(n_rows=table.n_cols, n_cols=table.n_rows, cells=cells, header_rows=1,
                    caption=table.caption, unit=table.unit, provenance=table.provenance)
    return flipped, origin


def _score_table(view: _View, hdr: int, roles: dict[str, int], cfg: _Config,
                 caption: str | None) -> ScoreSummary:
    idx = view.index
    level_cols = [roles[k] for k in ("level1", "level2", "level3") if k in roles]
    if not level_cols:
        level_cols = [roles.get("name", 0)]
    pts, sc, rt = roles.get("points"), roles.get("score"), roles.get("rate")
    crit, reason, grade_col = roles.get("criteria"), roles.get("reason"), roles.get("grade")
    own_cols = _level_value_cols(view.filled[hdr], level_cols, cfg)
    if own_cols:  # 分值 at every level: the leaf's values sit right of the deepest label
        pts = own_cols[-1].get("points", pts)
        sc = own_cols[-1].get("score", sc)
    out = ScoreSummary(table=idx, levels=len(level_cols), caption=caption, tables=[idx],
                       kind="score_tree" if len(level_cols) > 1 else "score_summary")
    nodes: dict[tuple[int, int], ScoreRow] = {}
    last: dict[int, ScoreRow] = {}  # level → the latest node at that level
    pending: tuple[int, ScoreRow | None] | None = None  # the latest 合计 row and its group

    def fill(node: ScoreRow, r: int, cols: dict[str, int] | None = None) -> None:
        if cols is not None:  # a group's own 分值/得分 columns
            for key, role in (("max_score", "points"), ("score", "score")):
                fig = view.figure(r, cols.get(role))
                if fig is not None and fig.ref is not None and _value(fig) is not None:
                    setattr(node, key, _value(fig))
                    node.cells[key] = fig.ref
            return
        for key, col in (("max_score", pts), ("score", sc), ("rate", rt)):
            fig = view.figure(r, col)
            val = _rate(fig) if key == "rate" else _value(fig)
            if fig is not None and fig.ref is not None and val is not None:
                setattr(node, key, val)
                node.cells[key] = fig.ref
        for key, col in (("criteria", crit), ("reason", reason)):
            t = view.text(r, col).strip()
            if t and col is not None:
                setattr(node, key, t)
                node.cells[key] = view.ref(r, col)

    for r in range(hdr + 1, len(view.grid)):
        cells = view.nonempty(r)
        if not cells:
            continue
        first = cells[0]
        label = first.text
        if _is_grade_label(label, cfg):
            for c in cells[1:]:
                g = grade_of(c.text, cfg)
                if g:
                    out.grade, out.grade_ref = g, view.ref(c.row, c.col)
                    break
            continue
        if _norm(label).startswith("小计") and out.rows and len(level_cols) > 1:
            fill(out.rows[-1], r)  # a subtotal row states its level-1 group's values
            continue
        if _is_total(label, cfg) and first.col <= max(level_cols):
            name, _ = split_weight(label, cfg)
            ref = view.ref(r, first.col)
            row = ScoreRow(name=name, level=0, ref=ref, cells={"name": ref})
            fill(row, r)
            if any(w in _norm(label) for w in cfg.rounded):
                out.rounded_row, out.total_rounded = row, row.score
            elif out.total_row is None or len(level_cols) > 1:
                if pending is not None and pending[1] is not None and \
                        pending[1].score is None and out.total != row.score:
                    fill(pending[1], pending[0])  # 合计 of the last group, then the 总计
                out.total_row, out.total = row, row.score
                pending = (r, out.rows[-1] if out.rows else None)
            if grade_col is not None:
                g = grade_of(view.text(r, grade_col), cfg)
                if g:
                    out.grade, out.grade_ref = g, view.ref(r, grade_col)
            continue
        # an indicator row: one node per level column that has a label (merged cells shared);
        # an empty level cell above a deeper label is a collapsed vertical merge (a text
        # export writes the covered slot as an empty cell): it continues the node above
        if pending is not None:  # a 合计 with indicators after it was its group's subtotal
            r_sub, group = pending
            if group is not None and group.score is None:
                fill(group, r_sub)
            out.total_row = out.total = None
            pending = None
        parent: ScoreRow | None = None
        leaf: ScoreRow | None = None
        labelled = [bool((slot := view.slots.get((r, col))) is not None and _norm(slot.text))
                    for col in level_cols]
        for level, col in enumerate(level_cols, start=1):
            cell = view.slots.get((r, col))
            if cell is None or not _norm(cell.text):
                above = last.get(level)
                if above is not None and any(labelled[level:]):
                    parent = leaf = above
                continue
            key = (cell.row, cell.col)
            node = nodes.get(key)
            if node is None:
                name, weight = split_weight(cell.text, cfg)
                ref = view.ref(cell.row, cell.col)
                node = ScoreRow(name=name, level=level, max_score=weight,
                                weight_in_label=weight is not None, ref=ref,
                                cells={"name": ref})
                nodes[key] = node
                (parent.children if parent is not None else out.rows).append(node)
                if level < len(level_cols) and own_cols and own_cols[level - 1]:
                    fill(node, r, own_cols[level - 1])
            last[level] = node
            for deeper in range(level + 1, len(level_cols) + 1):
                last.pop(deeper, None)
            parent = leaf = node
        if leaf is not None:
            fill(leaf, r)
    if len(level_cols) == 1:
        _nest_by_markers(out)
    return out


def _level_value_cols(header: list[str], level_cols: list[int], cfg: _Config
                      ) -> list[dict[str, int]]:
    """Per level, the 分值/得分 columns between its label column and the next level's (a
    table with ``一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分``); the last entry
    is the leaf's (right of the deepest label). Empty when no inner level has its own."""
    if len(level_cols) < 2:
        return []
    bounds = level_cols[1:] + [len(header)]
    out: list[dict[str, int]] = []
    for start, end in zip(level_cols, bounds):
        cols: dict[str, int] = {}
        for c in range(start + 1, end):
            role = header_role(header[c], cfg)
            if role in ("points", "score") and role not in cols:
                cols[role] = c
        out.append(cols)
    return out if any(out[:-1]) else []


_ROW_MARKS = [re.compile(p) for p in (
    r"^[一二三四五六七八九十]{1,3}\s*[、.．]", r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]",
    r"^[0-9]{1,2}(?:[.．][0-9]{1,2})+\s*", r"^[0-9]{1,2}\s*[、.．](?![0-9])",
    r"^[（(]\s*[0-9]{1,2}\s*[）)]", r"^[①-⑳]")]


def _nest_by_markers(out: ScoreSummary) -> None:
    """One indicator column whose labels carry numbering (一、决策 / 1.项目立项 / （1）…):
    levels from the order in which marker families first appear, as for headings."""
    fams: list[int | None] = []
    for row in out.rows:
        fams.append(next((i for i, rx in enumerate(_ROW_MARKS) if rx.match(row.name)), None))
    order: list[int] = []
    for f in fams:
        if f is not None and f not in order:
            order.append(f)
    if len(order) < 2:
        return
    nested: list[ScoreRow] = []
    stack: list[ScoreRow] = []
    for row, f in zip(out.rows, fams):
        row.level = order.index(f) + 1 if f is not None else len(order) + 1
        if f is not None:
            row.name = _ROW_MARKS[f].sub("", row.name, count=1).strip()
        while stack and stack[-1].level >= row.level:
            stack.pop()
        (stack[-1].children if stack else nested).append(row)
        stack.append(row)
    out.rows = nested
    out.levels = max(r.level for r in out.walk())
    out.kind = "score_tree"

