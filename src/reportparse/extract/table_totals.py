"""Layout of an amounts table as converters leave it: header depth, totals, stray cells.

A PDF→Markdown/HTML converter (MinerU and the like) reproduces a printed table's grid but
not always its rows' meaning:

* a two-row header (``金额(元) | 其中:(元)`` over ``暂估价 | 安全文明施工费 | 规费``): the
  header ends where its row-spanning cells end, and each column is named by its lowest
  header cell, the unit coming from the cell above when the lower one has none;
* the totals row printed *without* its label, the label ``合计`` sitting alone in a
  full-width row directly below (or above) it: the values row is the total row;
* empty grid rows holding one stray small integer (``1``), drawn from ruling or a cell
  border: not an item, so never an addend.

Nothing here is "fixed" silently: each such reading is recorded as a :class:`Message` on the
table (``AmountTable.notes``) with the cell it concerns. The rules are structural, never a
file's wording: the total vocabulary is ``patterns/tables.toml`` ``[rows] total``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..models import Ref, Message, Provenance
from .numbers import parse_number, unit_in

#: a stray value is a bare integer no larger than this (one digit): a ruling artefact, never
#: an amount of a money table
STRAY_MAX = 9
#: at most this many header rows below the signature row are joined into the header
MAX_SUB_HEADER = 2


@dataclass
class AmountLayout:
    """How the rows and columns of one amounts table are to be read."""

    first_row: int  # the first row after the header
    headers: list[str]  # per column: its name (the lowest header cell)
    units: list[str | None]  # per column: the unit its header cells state
    skip: set[int] = field(default_factory=set)  # rows that are no table rows
    totals: dict[int, tuple[str, Ref]] = field(default_factory=dict)  # values row → label
    notes: list[Message] = field(default_factory=list)


def amount_layout(view: Any, hdr: int, label_cols: set[int], is_total: Callable[[str], bool],
                  clean: Callable[[str], str]) -> AmountLayout:
    """The layout of ``view`` (a table view: ``grid``, ``filled``, ``own``, ``nonempty``,
    ``ref``, ``index``) whose signature header row is ``hdr``; ``label_cols`` are the
    columns holding a row's label (name and 序号)."""
    end = _header_end(view, hdr)
    headers, units = _columns(view, hdr, end, clean)
    lay = AmountLayout(first_row=end + 1, headers=headers, units=units)
    rows = range(end + 1, len(view.grid))
    for r in rows:
        stray = _stray(view, r, label_cols)
        if stray is not None:
            lay.skip.add(r)
            lay.notes.append(_note(view, r, stray.col, "table.stray_value",
                                   f"第{r + 1}行只有孤立数值“{stray.text.strip()}”，上下均为空行，"
                                   "视为版面转换残留，不作为表中项目计入合计"))
    for r in rows:
        labels = [c for c in view.nonempty(r) if c.col in label_cols]
        if len(labels) == 1 and labels[0].col + labels[0].col_span < len(view.grid[r]) \
                and is_total(labels[0].text):
            lay.totals[r] = (clean(labels[0].text), view.ref(r, labels[0].col))  # 合计 under 序号
    for r in rows:
        label = _lone_total_label(view, r, is_total)
        if label is None:
            continue
        found = [v for v in (_values_row(view, r, -1, label_cols, lay),
                             _values_row(view, r, 1, label_cols, lay)) if v is not None]
        if len(found) != 1:
            continue
        lay.skip.add(r)
        lay.totals[found[0]] = (clean(label.text), view.ref(label.row, label.col))
        lay.notes.append(_note(view, found[0], label.col, "table.unlabelled_total",
                               f"第{found[0] + 1}行数值无行标签，其相邻整行为“{clean(label.text)}”，"
                               "按合计行读取（转换后的版面把合计标签与数值分在两行）"))
    return lay


def _header_end(view: Any, hdr: int) -> int:
    """The last header row: as deep as the signature row's row-spanning cells reach, when
    the rows they span hold labels only (no figure)."""
    end = hdr
    for c in view.own.get(hdr, []):
        end = max(end, c.row + c.row_span - 1)
    end = min(end, hdr + MAX_SUB_HEADER, len(view.grid) - 1)
    for r in range(hdr + 1, end + 1):
        if any(parse_number(c.text) is not None for c in view.nonempty(r)):
            return hdr
    return end


def _columns(view: Any, hdr: int, end: int,
             clean: Callable[[str], str]) -> tuple[list[str], list[str | None]]:
    """Each column's name and unit from its header cells, top to bottom; a lower name shared
    by columns under different upper cells keeps the upper one in front (2023年预算数)."""
    stacks: list[list[str]] = []
    for c in range(len(view.filled[hdr])):
        texts: list[str] = []
        for r in range(hdr, end + 1):
            t = clean(view.filled[r][c]) if c < len(view.filled[r]) else ""
            if t and t not in texts:
                texts.append(t)
        stacks.append(texts)
    lows = [s[-1] if s else "" for s in stacks]
    names = [s[-1] if s and lows.count(s[-1]) == 1 else "".join(s) for s in stacks]
    units = [next((u for u in map(unit_in, reversed(s)) if u), None) for s in stacks]
    return names, units


def _stray(view: Any, r: int, label_cols: set[int]) -> Any | None:
    """The one cell of a label-less row between empty rows that holds only a small bare
    integer, else ``None``."""
    cells = view.nonempty(r)
    if len(cells) != 1 or cells[0].col in label_cols or cells[0].col_span > 1:
        return None
    n = parse_number(cells[0].text)
    if n is None or n.unit is not None or n.precision or not n.exact or abs(n.value) > STRAY_MAX:
        return None
    if r - 1 < 0 or r + 1 >= len(view.grid) or view.nonempty(r - 1) or view.nonempty(r + 1):
        return None
    return cells[0]


def _lone_total_label(view: Any, r: int, is_total: Callable[[str], bool]) -> Any | None:
    """The cell of a row that is one full-width total label (``合计`` across the table)."""
    cells = view.nonempty(r)
    width = len(view.grid[r]) if view.grid else 0
    if len(cells) != 1 or width < 2:
        return None
    c = cells[0]
    if c.col != 0 or c.col + c.col_span < width or not is_total(c.text):
        return None
    return c


def _values_row(view: Any, r: int, step: int, label_cols: set[int],
                lay: AmountLayout) -> int | None:
    """The nearest non-empty row from ``r`` in direction ``step`` (empty rows passed over) if
    it has no label and states figures only, else ``None``."""
    k = r + step
    while lay.first_row <= k < len(view.grid) and not view.nonempty(k):
        k += step
    if not (lay.first_row <= k < len(view.grid)) or k in lay.skip:
        return None
    cells = view.nonempty(k)
    if not cells or any(c.col in label_cols for c in cells):
        return None
    if not all(parse_number(c.text) is not None for c in cells):
        return None
    return k if _covers_items(view, k, cells, lay) else None


def _covers_items(view: Any, k: int, cells: list[Any], lay: AmountLayout) -> bool:
    """A total of non-negative items is at least each of them: in every column, the values
    row is no smaller than any other row's figure (else it is an item, not their total)."""
    for c in cells:
        total = parse_number(c.text)
        for r in range(lay.first_row, len(view.grid)):
            if r == k or r in lay.skip:
                continue
            n = parse_number(view.text(r, c.col))
            if total is not None and n is not None and n.unit == total.unit \
                    and n.value > total.value >= 0:
                return False
    return True


def _note(view: Any, row: int, col: int, code: str, message: str) -> Message:
    return Message(code=code, message=message, provenance=Provenance(
        block=view.index, table=view.index, row=row, col=col))
