"""绩效自评表 → :class:`~reportparse.models.SelfEvalTable`: the budget block
(年初预算数/全年预算数/全年执行数/分值/执行率/得分, 其中 rows as parts) and the indicator rows
(一级/二级/三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因…, targets and actuals typed
with comparator and unit)."""

from __future__ import annotations

from decimal import Decimal

from ..models import BudgetRow, Figure, IndicatorRow, SelfEvalTable
from .numbers import parse_number, unit_in
from .table_view import (
    _Config,
    _is_grade_label,
    _is_total,
    _norm,
    _roles,
    _strip_part,
    _View,
    clean_label,
    grade_of,
    split_weight,
)


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
    prev_path: list[tuple[str, Decimal | None]] = []
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
        if mode == "indicators" and not level_cols and "level1" in roles:
            # a second header row under 绩效指标 | 年度指标值 | 实际完成值 …: 一级指标 | 二级指标
            # | 三级指标 | 指标性质 | 指标值 | 度量单位 (the 云南/四川 layout) refines the columns
            cols = {**cols, **roles}
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
            path, weight = _indicator_path(view, r, level_cols, prev_path, cfg)
            prev_path = path
            tgt_c, act_c = cols.get("target"), cols.get("actual")
            mu_c = cols.get("measure_unit")
            mu = view.text(r, mu_c).strip() or None
            if not path and not view.text(r, tgt_c) and not view.text(r, act_c):
                continue
            names = [n for n, _ in path]
            out.indicators.append(IndicatorRow(
                path=names, name=names[-1] if names else "",
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


def _indicator_path(view: _View, r: int, level_cols: list[int],
                    prev: list[tuple[str, Decimal | None]], cfg: _Config
                    ) -> tuple[list[tuple[str, Decimal | None]], Decimal | None]:
    """The (name, weight) path of a 自评表 indicator row and its group weight. A level cell
    left empty above a deeper label is a vertical merge a text export collapsed: it takes the
    previous row's label at that level (``view.filled`` already repeats real merged cells)."""
    texts = [view.filled[r][c] for c in level_cols]
    deepest = max((i for i, t in enumerate(texts) if _norm(t)), default=-1)
    path: list[tuple[str, Decimal | None]] = []
    for i, t in enumerate(texts[: deepest + 1]):
        if _norm(t):
            path.append(split_weight(t, cfg))
        elif i < len(prev) and len(path) == i:
            path.append(prev[i])
    return path, (path[0][1] if path and len(path) == deepest + 1 else None)

