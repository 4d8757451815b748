"""Table kinds: recognise a table by its header signature and read it into a typed model.

Kinds (``patterns/tables.toml``):

* ``score_summary`` / ``score_tree`` → :class:`~reportparse.models.ScoreSummary` — a scoring
  table with 分值 and 得分 columns; one level (the seed's 一级指标 | 分值 | 得分 | 得分率 with
  总分, 总分（取整） and a merged 综合评估等级 | 良 row) or several (一级/二级/三级 with merged
  cells → a tree; a weight in the label ``产出指标(50分)`` becomes the node's ``max_score``);
* ``self_eval`` → :class:`~reportparse.models.SelfEvalTable` — a 绩效自评表: budget block
  (年初预算数/全年预算数/全年执行数/分值/执行率/得分, 其中 rows) and indicator rows
  (年度指标值/实际完成值 with comparators and units);
* ``item_list`` → :class:`~reportparse.models.ItemList` — 序号 | 名称 | … with group rows;
* ``amounts`` → :class:`~reportparse.models.AmountTable` — budget/funding tables; the unit of a
  cell is the cell's own, else its header's ``(万元)``, else the table's ``单位：万元`` line,
  else the document's.

Unknown tables stay generic (no typed model). Every value keeps a :class:`CellRef` to its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import regex as re

from ..models import (
    AmountRow,
    AmountTable,
    BudgetRow,
    Cell,
    CellRef,
    Figure,
    IndicatorRow,
    Item,
    ItemGroup,
    ItemList,
    Paragraph,
    Provenance,
    Report,
    ScoreRow,
    ScoreSummary,
    SelfEvalTable,
    Table,
    TypedTable,
)
from ..patterns import Patterns
from .numbers import parse_number, to_decimal, unit_in
from .table_totals import amount_layout

_NOISE = re.compile(r"\[(?:bookmark|image):[^\]\n]{0,500}\]")
_SPACES = re.compile(r"\s+")
_UNIT_PAREN = re.compile(r"[（(]\s*(?:单位\s*[:：]\s*)?(?:人民币)?\s*(?:[千百]?万?元|亿元|%|％|分)\s*[）)]")
_CN_GROUP = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]|^[（(][一二三四五六七八九十]+[）)]")


# --------------------------------------------------------------------------- config
@dataclass
class _Config:
    order: list[str]
    headers: dict[str, set[str]]
    suffixes: list[tuple[str, str]]  # (synonym, role), longest synonym first
    total: list[str]
    rounded: list[str]
    grade_contains: list[str]
    part_prefix: list[str]
    fund_total: set[str]
    kinds: dict[str, Any]
    weight: Any
    grade_words: list[str]
    max_header_row: int = 3
    role_cache: dict[str, str | None] = field(default_factory=dict)  # header text → role


def _build(patterns: Patterns) -> _Config:
    t = patterns["tables"]
    order = list(t.get("role_order", []))
    headers = {k: {_norm(x) for x in v} for k, v in t.get("headers", {}).items()}
    for k in headers:
        if k not in order:
            order.append(k)
    suffixes = sorted(((s, r) for r in order for s in headers.get(r, ()) if len(s) >= 2),
                      key=lambda x: -len(x[0]))
    rows = t.get("rows", {})
    words = patterns["grades"].get("labels", {}).get("words", ["优", "良", "中", "差"])
    return _Config(
        order=order,
        headers=headers,
        suffixes=suffixes,
        total=[_norm(x) for x in rows.get("total", [])],
        rounded=list(rows.get("rounded", [])),
        grade_contains=list(rows.get("grade_contains", [])),
        part_prefix=sorted(rows.get("part_prefix", []), key=len, reverse=True),
        fund_total={_norm(x) for x in rows.get("fund_total", [])},
        kinds=t.get("kinds", {}),
        weight=re.compile(t.get("weight", {}).get("label", r"[（(]\s*(?P<w>\d+(?:\.\d+)?)\s*分\s*[）)]")),
        grade_words=sorted(words, key=len, reverse=True),
        max_header_row=int(t.get("kinds", {}).get("max_header_row", 3)),
    )


def _config(patterns: Patterns) -> _Config:
    return patterns.cached("extract.tables", _build)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- text helpers
def _norm(text: str) -> str:
    """A label for matching: noise markers and all spaces out (``投 入`` → ``投入``)."""
    return _SPACES.sub("", _NOISE.sub("", text or "")).strip("：:")


def clean_label(text: str) -> str:
    """A label for display: noise out, Han–space–Han collapsed, outer spaces trimmed."""
    t = _NOISE.sub("", text or "").strip()
    return re.sub(r"(?<=\p{Han})\s+(?=\p{Han})", "", t)


def split_weight(label: str, cfg: _Config) -> tuple[str, Decimal | None]:
    """``产出指标(50分)`` → (``产出指标``, 50); a label without a weight → (label, None)."""
    text = clean_label(label)
    m = cfg.weight.search(text)
    if not m:
        return text, None
    name = (text[: m.start()] + text[m.end():]).strip()
    try:
        return name, to_decimal(m.group("w"))
    except Exception:  # noqa: BLE001 - a malformed weight is just no weight
        return name, None


def header_role(text: str, cfg: _Config) -> str | None:
    """The role of a header cell (``points``, ``score``, ``rate``…) or ``None``.

    Memoised per patterns: every row of every table is tried as a header row, and the same
    cell texts recur across rows and reports."""
    try:
        return cfg.role_cache[text]
    except KeyError:
        if len(cfg.role_cache) > 50_000:  # bounded: memory stays flat over a long batch
            cfg.role_cache.clear()
        role = cfg.role_cache[text] = _header_role(text, cfg)
        return role


def _header_role(text: str, cfg: _Config) -> str | None:
    t = _norm(_UNIT_PAREN.sub("", _NOISE.sub("", text or "")))
    t = _norm(cfg.weight.sub("", t))
    if not t:
        return None
    for role in cfg.order:
        if t in cfg.headers.get(role, ()):
            return role
    for syn, role in cfg.suffixes:
        if t.endswith(syn):
            return role
    return None


def _roles(row: list[str], cfg: _Config) -> dict[str, int]:
    """role → first column with that role."""
    out: dict[str, int] = {}
    for col, text in enumerate(row):
        r = header_role(text, cfg)
        if r is not None and r not in out:
            out[r] = col
    return out


def _is_total(label: str, cfg: _Config) -> bool:
    """总分 / 合计 / 总分（取整） / 合计（万元）, but not an indicator that merely starts with
    the same characters (总计划完成率)."""
    n = _norm(label)
    return any(n == t or (n.startswith(t) and n[len(t)] in "（([【:：") for t in cfg.total)


def _is_grade_label(label: str, cfg: _Config) -> bool:
    """评价等级 / 综合评估等级 …, but not an indicator such as 质量等级达标率."""
    n = _norm(label)
    return n in cfg.headers.get("grade", ()) or (
        len(n) <= 10 and any(n.endswith(w) for w in cfg.grade_contains))


def grade_of(text: str, cfg: _Config) -> str | None:
    """The grade word a cell states (``良``, ``优秀``, ``“良”``), else ``None``."""
    t = _norm(text).strip("“”\"'‘’「」")
    for w in cfg.grade_words:
        if t == w or (t.startswith(w) and len(t) <= len(w) + 8 and not t[len(w):][:1].isalnum()):
            return w
    return None


def _strip_part(name: str, cfg: _Config) -> tuple[str, bool]:
    for p in cfg.part_prefix:
        if name.startswith(p):
            return name[len(p):].strip(), True
    return name, False


# --------------------------------------------------------------------------- table view
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


class _View:
    """A table's grid, its filled-down view and its real cells by starting row."""

    def __init__(self, table: Table, index: int,
                 origin: dict[tuple[int, int], Cell] | None = None) -> None:
        self.table = table
        self.index = index
        self.origin = origin or {}
        self.grid = table.rows
        self.filled = table.filled_rows()
        self.own: dict[int, list[Cell]] = {}
        self.slots: dict[tuple[int, int], Cell] = {}  # grid slot → the real cell covering it
        for c in sorted(table.cells, key=lambda c: (c.row, c.col)):
            self.own.setdefault(c.row, []).append(c)
            for r in range(c.row, min(c.row + c.row_span, table.n_rows)):
                for k in range(c.col, min(c.col + c.col_span, table.n_cols)):
                    self.slots.setdefault((r, k), c)
        self.roles = table.row_roles

    def ref(self, row: int, col: int) -> CellRef:
        c = self.slots.get((row, col))
        if c is not None:
            src = self.origin.get((c.row, c.col), c)
            return CellRef(table=self.index, row=src.row, col=src.col, text=src.text)
        return CellRef(table=self.index, row=row, col=col, text="")

    def text(self, row: int, col: int | None) -> str:
        if col is None or not (0 <= row < len(self.grid)) or col >= len(self.grid[row]):
            return ""
        return self.grid[row][col]

    def figure(self, row: int, col: int | None, unit: str | None = None) -> Figure | None:
        if col is None:
            return None
        text = self.text(row, col)
        if not _norm(text):
            return None
        return Figure(text=text, number=parse_number(_NOISE.sub("", text), unit=unit),
                      ref=self.ref(row, col))

    def nonempty(self, row: int) -> list[Cell]:
        return [c for c in self.own.get(row, []) if _norm(c.text)]


def _value(fig: Figure | None, units: tuple[str | None, ...] = (None, "分")) -> Decimal | None:
    if fig is None or fig.number is None or not fig.number.exact:
        return None
    return fig.number.value if fig.number.unit in units else None


def _rate(fig: Figure | None) -> Decimal | None:
    return _value(fig, (None, "%"))


# --------------------------------------------------------------------------- kinds
def _header_row(view: _View, cfg: _Config) -> tuple[int, dict[str, int]]:
    best, best_roles = 0, _roles(view.filled[0], cfg) if view.filled else {}
    for r in range(1, min(cfg.max_header_row, len(view.filled))):
        roles = _roles(view.filled[r], cfg)
        if len(roles) > len(best_roles):
            best, best_roles = r, roles
    return best, best_roles


def _score_table(view: _View, hdr: int, roles: dict[str, int], cfg: _Config,
                 caption: str | None) -> ScoreSummary:
    idx = view.index
    level_cols = [roles[k] for k in ("level1", "level2", "level3") if k in roles]
    if not level_cols:
        level_cols = [roles.get("name", 0)]
    pts, sc, rt = roles.get("points"), roles.get("score"), roles.get("rate")
    crit, reason, grade_col = roles.get("criteria"), roles.get("reason"), roles.get("grade")
    out = ScoreSummary(table=idx, levels=len(level_cols), caption=caption,
                       kind="score_tree" if len(level_cols) > 1 else "score_summary",
                       provenance=Provenance(block=idx, table=idx))
    nodes: dict[tuple[int, int], ScoreRow] = {}

    def fill(node: ScoreRow, r: int) -> None:
        for key, col in (("max_score", pts), ("score", sc), ("rate", rt)):
            fig = view.figure(r, col)
            val = _rate(fig) if key == "rate" else _value(fig)
            if fig is not None and fig.ref is not None and val is not None:
                setattr(node, key, val)
                node.cells[key] = fig.ref
        for key, col in (("criteria", crit), ("reason", reason)):
            t = view.text(r, col).strip()
            if t:
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
            row = ScoreRow(name=name, level=0, provenance=Provenance(
                block=idx, table=idx, row=r, col=first.col))
            row.cells["name"] = view.ref(r, first.col)
            fill(row, r)
            if any(w in _norm(label) for w in cfg.rounded):
                out.rounded_row, out.total_rounded = row, row.score
            elif out.total_row is None:
                out.total_row, out.total = row, row.score
            if grade_col is not None:
                g = grade_of(view.text(r, grade_col), cfg)
                if g:
                    out.grade, out.grade_ref = g, view.ref(r, grade_col)
            continue
        # an indicator row: one node per level column that has a label (merged cells shared)
        parent: ScoreRow | None = None
        leaf: ScoreRow | None = None
        for level, col in enumerate(level_cols, start=1):
            cell = view.slots.get((r, col))
            if cell is None or not _norm(cell.text):
                continue
            key = (cell.row, cell.col)
            node = nodes.get(key)
            if node is None:
                name, weight = split_weight(cell.text, cfg)
                node = ScoreRow(name=name, level=level, max_score=weight,
                                weight_in_label=weight is not None,
                                provenance=Provenance(block=idx, table=idx, row=cell.row,
                                                      col=cell.col))
                node.cells["name"] = view.ref(cell.row, cell.col)
                node.provenance.row, node.provenance.col = node.cells["name"].row, \
                    node.cells["name"].col
                nodes[key] = node
                (parent.children if parent is not None else out.rows).append(node)
            parent = leaf = node
        if leaf is not None:
            fill(leaf, r)
    if len(level_cols) == 1:
        _nest_by_markers(out)
    return out


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


def _self_eval(view: _View, cfg: _Config, caption: str | None, table_unit: str | None,
               doc_unit: str | None) -> SelfEvalTable | None:
    kinds = cfg.kinds
    out = SelfEvalTable(table=view.index, caption=caption, unit=table_unit)
    mode: str | None = None
    cols: dict[str, int] = {}
    col_units: dict[int, str | None] = {}
    block_unit: str | None = None
    parent: int | None = None
    in_parts = False
    level_cols: list[int] = []
    seen_budget = seen_ind = False
    for r in range(len(view.grid)):
        roles = _roles(view.filled[r], cfg)
        if all(k in roles for k in kinds.get("self_eval_budget", ["budget", "executed"])):
            mode, cols, seen_budget = "budget", roles, True
            block_unit = next((u for u in map(unit_in, view.grid[r]) if u), None)
            col_units = {c: unit_in(view.grid[r][c]) for c in roles.values()}
            parent, in_parts = None, False
            continue
        if all(k in roles for k in kinds.get("self_eval_indicators", ["target", "actual"])):
            mode, cols, seen_ind = "indicators", roles, True
            level_cols = [roles[k] for k in ("level1", "level2", "level3") if k in roles]
            continue
        cells = view.nonempty(r)
        if not cells or mode is None:
            continue
        label = cells[0].text
        if _is_total(label, cfg) and mode == "indicators":
            # the score column's value, else the last figure on the row
            out.total = view.figure(r, cols.get("score")) or next(
                (view.figure(c.row, c.col) for c in reversed(cells) if parse_number(c.text)), None)
            continue
        if _is_grade_label(label, cfg):
            for c in cells[1:]:
                if grade_of(c.text, cfg):
                    out.grade = view.figure(c.row, c.col) or Figure(text=c.text)
                    out.grade.ref = view.ref(c.row, c.col)
                    break
            continue
        if mode == "budget":
            money_cols = {cols[k] for k in ("planned", "budget", "executed") if k in cols}
            first_num = min(money_cols) if money_cols else len(view.grid[r])
            labels = [c for c in cells if c.col < first_num and parse_number(c.text) is None]
            if not labels:
                continue
            lab = labels[-1]
            name, is_part = _strip_part(clean_label(lab.text), cfg)
            # 其中 opens the parts of the row above; later rows stay parts until a new total
            in_parts = (is_part or in_parts) and _norm(name) not in cfg.fund_total
            is_part = in_parts and parent is not None
            # unit precedence: cell (parse_number) > column header > block header > table > doc
            money = {role: view.figure(r, cols.get(role), col_units.get(cols.get(role, -1))
                                       or block_unit or table_unit or doc_unit)
                     for role in ("planned", "budget", "executed")}
            row = BudgetRow(
                name=name, part_of=parent if is_part else None, **money,
                max_score=view.figure(r, cols.get("points")),
                rate=view.figure(r, cols.get("exec_rate") or cols.get("rate"), "%"),
                score=view.figure(r, cols.get("score")), ref=view.ref(r, lab.col))
            out.budget.append(row)
            if not is_part:
                parent = len(out.budget) - 1
        elif mode == "indicators":
            path: list[str] = []
            weight: Decimal | None = None
            for i, c in enumerate(level_cols):
                t = view.filled[r][c]
                if _norm(t):
                    name, w = split_weight(t, cfg)
                    path.append(name)
                    if i == 0:
                        weight = w
            tgt_c, act_c = cols.get("target"), cols.get("actual")
            mu_c = cols.get("measure_unit")
            mu = view.text(r, mu_c).strip() or None
            if not path and not view.text(r, tgt_c) and not view.text(r, act_c):
                continue
            out.indicators.append(IndicatorRow(
                path=path, name=path[-1] if path else "",
                target=view.figure(r, tgt_c, mu), actual=view.figure(r, act_c, mu),
                comparator=view.text(r, cols.get("comparator")).strip() or None,
                measure_unit=mu, max_score=view.figure(r, cols.get("points")),
                score=view.figure(r, cols.get("score")),
                reason=view.text(r, cols.get("reason")).strip() or None,
                group_weight=weight,
                ref=view.ref(r, level_cols[-1] if level_cols else cells[0].col)))
    if not (seen_budget or seen_ind):
        return None
    return out


def _item_list(view: _View, hdr: int, roles: dict[str, int], cfg: _Config,
               caption: str | None) -> ItemList:
    headers = [clean_label(t) for t in view.filled[hdr]]
    seq = roles.get("seq", 0)
    name_col = roles.get("name")
    if name_col is None:
        name_col = next((c for c in range(len(headers)) if c != seq), seq)
    out = ItemList(table=view.index, caption=caption, headers=headers)
    group: ItemGroup | None = None
    for r in range(hdr + 1, len(view.grid)):
        cells = view.nonempty(r)
        if not cells:
            continue
        seq_text = _norm(view.text(r, seq))
        is_group = view.roles[r] == "group" or (
            len(cells) == 1 and (parse_number(seq_text) is None or _CN_GROUP.match(seq_text)))
        if is_group:
            group = ItemGroup(title=clean_label(cells[0].text),
                              ref=view.ref(r, cells[0].col))
            out.groups.append(group)
            continue
        if group is None:
            group = ItemGroup()
            out.groups.append(group)
        group.items.append(Item(
            seq=seq_text or None, name=clean_label(view.text(r, name_col)),
            values={h or str(c): view.grid[r][c] for c, h in enumerate(headers)
                    if c < len(view.grid[r])},
            ref=view.ref(r, name_col)))
    return out


def _amounts(view: _View, hdr: int, roles: dict[str, int], cfg: _Config, caption: str | None,
             table_unit: str | None, doc_unit: str | None) -> AmountTable:
    name_col = roles.get("name", roles.get("seq", -1) + 1 if "seq" in roles else 0)
    skip = {name_col, roles.get("seq", -1)}
    lay = amount_layout(view, hdr, skip, lambda t: _is_total(t, cfg), clean_label)
    headers = lay.headers
    out = AmountTable(table=view.index, caption=caption, unit=table_unit or doc_unit,
                      notes=lay.notes)
    for c, h in enumerate(headers):
        if c not in skip:
            out.columns[h or str(c)] = lay.units[c] or table_unit or doc_unit
    parent: int | None = None
    in_parts = False
    for r in range(lay.first_row, len(view.grid)):
        if not view.nonempty(r) or r in lay.skip:
            continue
        label, label_ref = lay.totals.get(r, (clean_label(view.text(r, name_col)), None))
        name, is_part = _strip_part(label, cfg)
        if is_part or (in_parts and not _is_total(name, cfg)):
            in_parts, is_part = True, parent is not None
        row = AmountRow(name=name, total=_is_total(name, cfg),
                        part_of=parent if is_part else None,
                        ref=label_ref or view.ref(r, name_col))
        for c, h in enumerate(headers):
            if c in skip:
                continue
            text = view.text(r, c)
            unit = lay.units[c] or table_unit or doc_unit
            fig = view.figure(r, c, unit)
            if fig is not None and fig.number is not None:
                row.values[h or str(c)] = fig
            elif _norm(text):
                row.values[h or str(c)] = Figure(text=text, ref=view.ref(r, c))
        out.rows.append(row)
        if not is_part:
            parent, in_parts = len(out.rows) - 1, False
    return out


# --------------------------------------------------------------------------- entry points
def read_table(table: Table, index: int, patterns: Patterns, *, caption: str | None = None,
               unit: str | None = None, doc_unit: str | None = None) -> TypedTable | None:
    """The typed model of one table (``index`` is its block index), or ``None`` if generic."""
    cfg = _config(patterns)
    if table.n_rows == 0 or not table.cells:
        return None
    view = _View(table, index)
    caption = caption or table.caption
    table_unit = table.unit and (unit_in(table.unit) or table.unit) or unit or (
        unit_in(caption) if caption else None)
    all_roles: set[str] = set()
    for row in view.filled:
        all_roles.update(_roles(row, cfg))
    kinds = cfg.kinds
    need = kinds.get("self_eval_indicators", ["target", "actual"])
    if all(k in all_roles for k in need) or (
            all(k in all_roles for k in kinds.get("self_eval_budget", []))
            and "points" in all_roles and "score" in all_roles):
        se = _self_eval(view, cfg, caption, table_unit, doc_unit)
        if se is not None and (se.budget or se.indicators):
            return se
    hdr, roles = _header_row(view, cfg)
    if all(k in roles for k in kinds.get("score", ["points", "score"])):
        n_levels = sum(1 for k in ("level1", "level2", "level3") if k in roles)
        if table.spans_inferred and n_levels > 1:
            seated, origin = _realign(table, max(roles[k] for k in ("level1", "level2",
                                                                    "level3") if k in roles) + 1, cfg)
            view = _View(seated, index, origin)
        return _score_table(view, hdr, roles, cfg, caption)
    money_header = any(unit_in(h) in ("元", "千元", "万元", "亿元") for h in view.filled[hdr])
    if any(k in roles for k in kinds.get("amounts", [])) or money_header or (
            table_unit and "seq" not in roles):
        return _amounts(view, hdr, roles, cfg, caption, table_unit, doc_unit)
    if all(k in roles for k in kinds.get("item_list", ["seq"])):
        return _item_list(view, hdr, roles, cfg, caption)
    return None


def _context(report: Report, index: int) -> tuple[str | None, str | None]:
    """(caption, unit) from the paragraphs just before a table (and a unit line after it)."""
    caption = unit = None
    for j in range(index - 1, max(index - 3, -1), -1):
        b = report.blocks[j]
        if not isinstance(b, Paragraph):
            break
        t = clean_label(b.text)
        if not t:
            continue
        u = unit_in(t) if len(t) <= 30 else None
        if u and unit is None and (b.role == "unit" or len(_norm(t)) <= 14):
            unit = u
            continue
        if caption is None and len(t) <= 40 and not t.endswith(("。", "；", "：")):
            caption = t
        break
    if unit is None and index + 1 < len(report.blocks):
        b = report.blocks[index + 1]
        if isinstance(b, Paragraph) and b.role == "unit":
            unit = unit_in(b.text)
    return caption, unit


def read_tables(report: Report, patterns: Patterns) -> list[TypedTable]:
    """Typed models of every recognised top-level table, in reading order."""
    out: list[TypedTable] = []
    for i, b in enumerate(report.blocks):
        if isinstance(b, Table):
            caption, unit = _context(report, i)
            t = read_table(b, i, patterns, caption=caption, unit=unit)
            if t is not None:
                out.append(t)
    return out


def main_score(typed: list[TypedTable]) -> ScoreSummary | None:
    """The report's main score table: a one-level summary with a total if there is one,
    else the first scoring table with a total, else the first scoring table."""
    scores = [t for t in typed if isinstance(t, ScoreSummary)]
    for pick in (lambda s: s.kind == "score_summary" and s.total is not None,
                 lambda s: s.total is not None, lambda s: True):
        for s in scores:
            if pick(s):
                return s
    return None
