"""Word tables (``w:tbl``) to real cells with spans on a logical grid.

Why: other parsers duplicate a merged value into every slot it covers (a checker then adds it
up twice) or drop ``gridBefore`` so the remaining cells shift left under the wrong header. Here
a cell's grid column is counted from ``gridBefore`` plus the ``gridSpan`` of the cells before
it; a ``vMerge`` continuation extends the ``row_span`` of the cell above (same grid column) and
creates no cell, and so does a legacy ``hMerge`` continuation for the cell to its left; rows
deleted by a tracked change are dropped (the accepted view).

The cell *content* (paragraph text with rendered numbering, nested tables) is read by the docx
reader through a callback, so this module only knows the grid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from ..models import Cell, Provenance, Table
from .docx_numbering import WP

TBL, TR, TC = WP + "tbl", WP + "tr", WP + "tc"
TRPR, TCPR = WP + "trPr", WP + "tcPr"
SDT, SDT_CONTENT, CUSTOM_XML = WP + "sdt", WP + "sdtContent", WP + "customXml"
INS, DEL = WP + "ins", WP + "del"
_WRAPPERS = (SDT, CUSTOM_XML, INS, WP + "moveTo")

# tc element, locator of the cell -> (text, nested tables, page the cell starts on)
CellReader = Callable[[etree._Element, str], tuple[str, list[Table], int | None]]


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """``tag`` children, looking through content controls / custom XML wrappers."""
    for ch in parent:
        t = ch.tag
        if t == tag:
            yield ch
        elif t in _WRAPPERS:
            inner = ch.find(SDT_CONTENT) if t == SDT else ch
            if inner is not None:
                yield from _children(inner, tag)


MAX_SPAN = 63  # Word's own column limit; a hostile gridSpan must not blow up the grid
MAX_COLS = 1000  # cells starting past this grid column are dropped (counted as cells_dropped)


def _int_val(parent: etree._Element | None, tag: str, default: int) -> int:
    if parent is None:
        return default
    el = parent.find(tag)
    if el is None:
        return default
    v = el.get(WP + "val", "")
    if not (v.isascii() and v.isdigit()):
        return default
    return min(int(v), MAX_SPAN)


def read_table(tbl: etree._Element, cell_reader: CellReader, locator: str,
               block: int | None, revisions: dict[str, int]) -> Table | None:
    """The table as real cells; ``None`` for a table with no rows.

    ``revisions`` counts what the reader reports: ``deleted_rows``/``inserted_rows`` (tracked
    changes) and ``cells_dropped`` (cells past :data:`MAX_COLS`)."""
    grid = tbl.find(WP + "tblGrid")
    n_cols = len(grid.findall(WP + "gridCol")) if grid is not None else 0
    cells: list[Cell] = []
    open_v: dict[int, Cell] = {}  # grid column -> vMerge cell that may continue downward
    header_rows = 0
    r = 0
    for xml_r, tr in enumerate(_children(tbl, TR), start=1):
        trpr = tr.find(TRPR)
        if trpr is not None:
            if trpr.find(DEL) is not None:  # a deleted row: not in the accepted view
                revisions["deleted_rows"] = revisions.get("deleted_rows", 0) + 1
                continue
            if trpr.find(INS) is not None:
                revisions["inserted_rows"] = revisions.get("inserted_rows", 0) + 1
            if r == header_rows and trpr.find(WP + "tblHeader") is not None:
                header_rows += 1
        col = _int_val(trpr, WP + "gridBefore", 0)
        next_open: dict[int, Cell] = {}
        prev: Cell | None = None
        for xml_c, tc in enumerate(_children(tr, TC), start=1):
            if col >= MAX_COLS:
                revisions["cells_dropped"] = revisions.get("cells_dropped", 0) + 1
                continue
            tcpr = tc.find(TCPR)
            span = max(1, _int_val(tcpr, WP + "gridSpan", 1))
            hm = tcpr.find(WP + "hMerge") if tcpr is not None else None
            if hm is not None and prev is not None and \
                    hm.get(WP + "val", "continue") != "restart" and prev.col + prev.col_span == col:
                prev.col_span += span  # legacy horizontal merge: widen the cell to the left
                col += span
                continue
            vm = tcpr.find(WP + "vMerge") if tcpr is not None else None
            if vm is not None and vm.get(WP + "val", "continue") != "restart":
                above = open_v.get(col)
                if above is not None and above.row + above.row_span == r:
                    above.row_span += 1
                    next_open[col] = above
                    col += span
                    continue
            cell_loc = f"{locator}/tr[{xml_r}]/tc[{xml_c}]"
            text, nested, page = cell_reader(tc, cell_loc)
            cell = Cell(row=r, col=col, text=text, col_span=span, tables=nested,
                        provenance=Provenance(block=block, table=block, row=r, col=col,
                                              locator=cell_loc, page=page))
            cells.append(cell)
            prev = cell
            if vm is not None:
                next_open[col] = cell
            col += span
        open_v = next_open
        r += 1
    if r == 0:
        return None
    n_cols = _drop_split_columns(cells) if cells else n_cols
    page = cells[0].provenance.page if cells else None
    return Table(n_rows=r, n_cols=n_cols, header_rows=header_rows or 1, cells=cells,
                 provenance=Provenance(block=block, table=block, locator=locator, page=page))


def _drop_split_columns(cells: list[Cell]) -> int:
    """Remove grid columns that only exist inside spans; return the new column count.

    Word grids often carry a column that no cell starts at (an edge left over from another
    row's layout, every row spanning across it). Keeping it would give this table a different
    logical grid than the same table in a text export. A column where some cell *starts*, or
    one that is only empty padding (``gridBefore``/``gridAfter``), is never removed, so cells
    never move relative to each other. Trailing padding columns past the last cell are dropped.
    """
    starts = {c.col for c in cells}
    width = max(c.col + c.col_span for c in cells)
    covered: set[int] = set()
    for c in cells:
        covered.update(range(c.col + 1, c.col + c.col_span))
    drop = {k for k in range(width) if k not in starts and k in covered}
    if not drop:
        return width
    keep = [k for k in range(width) if k not in drop]
    rank = {k: i for i, k in enumerate(keep)}
    for c in cells:
        span = sum(1 for k in range(c.col, c.col + c.col_span) if k not in drop)
        c.col = rank[c.col]
        c.col_span = max(1, span)
        c.provenance.col = c.col
    return len(keep)
