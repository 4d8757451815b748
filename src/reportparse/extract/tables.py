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

Unknown tables stay generic (no typed model). Every value keeps a :class:`~reportparse.models.Ref` to its cell.
The readers live in :mod:`.score_tables` and :mod:`.selfeval_table`; the shared vocabulary
and grid view in :mod:`.table_view`.
"""

from __future__ import annotations

import regex as re

from ..models import (
    AmountRow,
    AmountTable,
    Fact,
    Figure,
    Item,
    ItemGroup,
    ItemList,
    Paragraph,
    Document,
    ScoreSummary,
    SelfEvalTable,
    Table,
    TypedTable,
)
from ..patterns import Patterns
from .numbers import parse_number, unit_in
from .score_tables import _realign, _score_table, transpose
from .selfeval_table import _self_eval
from .stitch import split_groups, stitched
from .table_totals import amount_layout
from .table_view import (  # noqa: F401 - header_role, grade_of… are used by callers
    Pieces,
    _Config,
    _config,
    _header_row,
    _is_total,
    _norm,
    _roles,
    _strip_part,
    _View,
    clean_label,
    grade_of,
    header_role,
    split_weight,
)

_CN_GROUP = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]|^[（(][一二三四五六七八九十]+[）)]")


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
               unit: str | None = None, doc_unit: str | None = None,
               pieces: Pieces | None = None) -> TypedTable | None:
    """The typed model of one table (``index`` is its block index), or ``None`` if generic.
    ``pieces`` maps the cells of a table stitched from split pieces back to them."""
    cfg = _config(patterns)
    if table.n_rows == 0 or not table.cells:
        return None
    view = _View(table, index, pieces=pieces)
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
    if all(k in roles for k in kinds.get("score", ["points", "score"])) or \
            _weights_in_labels(view, hdr, roles, cfg):
        n_levels = sum(1 for k in ("level1", "level2", "level3") if k in roles)
        if table.spans_inferred and n_levels > 1:
            seated, origin = _realign(table, max(roles[k] for k in ("level1", "level2",
                                                                    "level3") if k in roles) + 1, cfg)
            view = _View(seated, index, origin, pieces)
        return _score_table(view, hdr, roles, cfg, caption)
    flipped = _transposed(table, index, cfg, pieces)
    if flipped is not None:
        fview, froles = flipped
        out = _score_table(fview, 0, froles, cfg, caption)
        out.origin = "transposed"
        return out
    money_header = any(unit_in(h) in ("元", "千元", "万元", "亿元") for h in view.filled[hdr])
    if any(k in roles for k in kinds.get("amounts", [])) or money_header or (
            table_unit and "seq" not in roles):
        return _amounts(view, hdr, roles, cfg, caption, table_unit, doc_unit)
    if all(k in roles for k in kinds.get("item_list", ["seq"])):
        return _item_list(view, hdr, roles, cfg, caption)
    return None


def _weights_in_labels(view: _View, hdr: int, roles: dict[str, int], cfg: _Config) -> bool:
    """一级/二级/三级 | 得分 with no 分值 column: the weights sit in the labels
    (``部门决策(25分)`` / ``目标任务(15分)`` / ``相关性(5分)``), so it is a score table too."""
    levels = [roles[k] for k in ("level1", "level2", "level3") if k in roles]
    if "score" not in roles or "points" in roles or not levels:
        return False
    return any(cfg.weight.search(view.text(r, c)) for r in range(hdr + 1, len(view.grid))
               for c in levels)


def _transposed(table: Table, index: int, cfg: _Config, pieces: Pieces | None
                ) -> tuple[_View, dict[str, int]] | None:
    """A score table written sideways — dimensions as columns, rows 分值/得分/得分率 — as the
    view of its transpose (cell references still name the original cells), or ``None``."""
    if table.n_rows > int(cfg.kinds.get("transposed_max_rows", 12)):
        return None
    first_col = [row[0] if row else "" for row in table.filled_rows()]
    if not all(k in _roles(first_col, cfg) for k in cfg.kinds.get("score", ["points", "score"])):
        return None
    flipped, origin = transpose(table)
    view = _View(flipped, index, origin, pieces)
    roles = _roles(view.filled[0], cfg)
    roles.setdefault("name", 0)
    return view, roles


def _context(report: Document, index: int) -> tuple[str | None, str | None]:
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


def read_tables(report: Document, patterns: Patterns) -> list[TypedTable]:
    """Typed models of every recognised top-level table, in reading order; a table split
    over pages (pieces with or without a repeated header, see :mod:`.stitch`) is read once,
    whole, its values still naming the cells of their pieces."""
    out: list[TypedTable] = []
    for group in split_groups(report, _config(patterns), patterns):
        first = group[0]
        caption, unit = _context(report, first)
        table, pieces = stitched(report, group, _config(patterns))
        t = read_table(table, first, patterns, caption=caption, unit=unit, pieces=pieces)
        if t is None:
            continue
        if isinstance(t, ScoreSummary) and len(group) > 1:
            t.tables, t.origin = list(group), "stitched"
        out.append(t)
    return _join_self_eval_pieces(report, out)


def _join_self_eval_pieces(report: Document, typed: list[TypedTable]) -> list[TypedTable]:
    """A 自评表 cut at a page break between its budget block and its indicator block (the
    two blocks have different columns, so no reader stitches them) is one 自评表: the budget
    piece, then directly the indicator piece with no paragraph between them."""
    out: list[TypedTable] = []
    for t in typed:
        prev = out[-1] if out else None
        if (isinstance(prev, SelfEvalTable) and isinstance(t, SelfEvalTable)
                and prev.budget and not prev.indicators and prev.total is None
                and t.indicators and not t.budget
                and all(not isinstance(b, Paragraph) or not b.text.strip()
                        for b in report.blocks[prev.table + 1:t.table])):
            out[-1] = prev.model_copy(update={"indicators": t.indicators, "total": t.total,
                                              "grade": t.grade or prev.grade})
            continue
        out.append(t)
    return out


def main_score(typed: list[TypedTable], facts: list[Fact] | None = None,
               patterns: Patterns | None = None) -> ScoreSummary | None:
    """The report's score chosen by evidence (:func:`.score_choice.choose_score`)."""
    from ..patterns import load_patterns
    from .score_choice import choose_score

    return choose_score(typed, facts or [], patterns or load_patterns(None))[0]
