"""Build Report/Table objects by hand (no reader needed)."""

from __future__ import annotations

from reportparse.models import Cell, Paragraph, Provenance, Report, Source, Table

LEFT = "<"  # this slot is covered by the cell to its left (col span)
UP = "^"  # this slot is covered by the cell above (row span)


def make_table(rows: list[list[str]], *, header_rows: int = 1, caption: str | None = None,
               unit: str | None = None) -> Table:
    """A Table from a grid; ``"<"`` merges a slot into the cell on its left, ``"^"`` into the
    cell above. Short rows are padded by merging into their last cell (a group row)."""
    n_cols = max(len(r) for r in rows)
    grid = [list(r) + [LEFT] * (n_cols - len(r)) for r in rows]
    owner: dict[tuple[int, int], Cell] = {}
    cells: list[Cell] = []
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text == LEFT and c > 0:
                cell = owner[(r, c - 1)]
                if cell.row == r:
                    cell.col_span = c - cell.col + 1
                owner[(r, c)] = cell
            elif text == UP and r > 0:
                cell = owner[(r - 1, c)]
                cell.row_span = r - cell.row + 1
                owner[(r, c)] = cell
            else:
                cell = Cell(row=r, col=c, text=text)
                cells.append(cell)
                owner[(r, c)] = cell
    return Table(n_rows=len(grid), n_cols=n_cols, header_rows=header_rows, cells=cells,
                 caption=caption, unit=unit)


def make_report(*blocks: str | Table) -> Report:
    """A Report from paragraphs (str) and tables, blocks numbered in order."""
    out = []
    for i, b in enumerate(blocks):
        if isinstance(b, str):
            out.append(Paragraph(text=b, provenance=Provenance(block=i)))
        else:
            b.provenance = Provenance(block=i)
            out.append(b)
    return Report(source=Source(path="<test>", format="text", sha256="0"), blocks=out)


SEED_SCORE_ROWS = [
    ["一级指标", "分值", "得分", "得分率"],
    ["决策", "15", "12.30", "82.00%"],
    ["过程", "20", "18.50", "92.50%"],
    ["产出", "30", "25.60", "85.33%"],
    ["效益", "35", "30.07", "85.91%"],
    ["总分", "100", "86.47", "86.47%"],
    ["总分（取整）", "100", "86", "86%"],
    ["综合评估等级", "良"],
]
