"""Ruled tables from PDF rulings: real cells with spans, and stitching across page breaks.

Why not ``pdfplumber.extract_tables``: it returns ``None`` for merged slots and no spans
(pdfplumber #79), and guessing spans from equal text merges two genuine "5" cells (RAGFlow
#7645). Here the grid comes from the ruling lines themselves: two neighbouring grid slots belong
to one cell exactly when no ruling separates them. Text is placed by glyph centre.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .cjk import join_all
from .pdf_text import Char, Seg, build_lines

TOL = 2.0  # points: rulings this close are one line
MIN_GAP = 3.0  # grid lines closer than this are a double border, not a row/column
#: bounds checked before the grid work (crossings are H×V, slots rows×cols×rulings): a page
#: table has a few thousand slots; a hostile grid of thousands of rulings is a drawing
MAX_CROSSINGS = 2_000_000
MAX_GRID_SLOTS = 20_000


@dataclass
class GridCell:
    row: int
    col: int
    row_span: int
    col_span: int
    bbox: tuple[float, float, float, float]
    text: str = ""
    conf: float | None = None  # OCR: the least confident character in the cell


@dataclass
class PageTable:
    """A table fragment on one page."""

    page: int
    xs: list[float]
    ys: list[float]
    cells: list[GridCell] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def row_texts(self, r: int) -> list[str]:
        return [c.text for c in sorted(self.cells, key=lambda c: c.col) if c.row == r]

    def contains(self, c: Char) -> bool:
        cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        return self.xs[0] <= cx <= self.xs[-1] and self.ys[0] <= cy <= self.ys[-1]


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _merge_collinear(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """(pos, a, b) segments on the same line with touching ranges become one."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segs, key=lambda s: (round(s[0] / TOL), s[1])):
        if out and abs(out[-1][0] - pos) <= TOL and a <= out[-1][2] + TOL:
            out[-1][2] = max(out[-1][2], b)
        else:
            out.append([pos, a, b])
    return [(p, a, b) for p, a, b in out]


def find_tables(segs: list[Seg], chars: list[Char], page: int) -> list[PageTable]:
    """Ruled tables on one page, with cell text filled from ``chars``."""
    hs = _merge_collinear([(s.top, min(s.x0, s.x1), max(s.x0, s.x1))
                           for s in segs if abs(s.bottom - s.top) < 0.5])
    vs = _merge_collinear([(s.x0, min(s.top, s.bottom), max(s.top, s.bottom))
                           for s in segs if abs(s.x1 - s.x0) < 0.5])
    if len(hs) < 2 or len(vs) < 2 or len(hs) * len(vs) > MAX_CROSSINGS:
        return []
    # connected components of crossing rulings
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, xa, xb) in enumerate(hs):
        for j, (x, ya, yb) in enumerate(vs):
            if xa - TOL <= x <= xb + TOL and ya - TOL <= y <= yb + TOL:
                parent[find(i)] = find(len(hs) + j)
    comps: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        comps.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        comps.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    tables: list[PageTable] = []
    for ch, cv in comps.values():
        t = _grid(ch, cv, page)
        if t is not None:
            tables.append(t)
    tables.sort(key=lambda t: t.ys[0])
    for t in tables:
        _fill(t, chars)
    return tables


def _dedupe(lines: list[float]) -> list[float]:
    out: list[float] = []
    for v in lines:
        if not out or v - out[-1] >= MIN_GAP:
            out.append(v)
    return out


def _grid(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]],
          page: int) -> PageTable | None:
    ys = _dedupe(_cluster([h[0] for h in hs], TOL))
    xs = _dedupe(_cluster([v[0] for v in vs], TOL))
    if len(ys) < 2 or len(xs) < 2 or (len(ys) - 1) * (len(xs) - 1) < 2:
        return None  # a lone box around text is a frame, not a table
    if (len(ys) - 1) * (len(xs) - 1) > MAX_GRID_SLOTS:
        return None  # a ruled drawing, not a table: its text stays in the flow

    def v_ruled(x: float, ya: float, yb: float) -> bool:
        mid = (ya + yb) / 2
        return any(abs(v[0] - x) <= TOL and v[1] - TOL <= mid <= v[2] + TOL for v in vs)

    def h_ruled(y: float, xa: float, xb: float) -> bool:
        mid = (xa + xb) / 2
        return any(abs(h[0] - y) <= TOL and h[1] - TOL <= mid <= h[2] + TOL for h in hs)

    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not v_ruled(xs[c + 1], ys[r], ys[r + 1]):
                parent[find(r * nc + c + 1)] = find(r * nc + c)
            if r + 1 < nr and not h_ruled(ys[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1) * nc + c)] = find(r * nc + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            groups.setdefault(find(r * nc + c), []).append((r, c))
    t = PageTable(page=page, xs=xs, ys=ys)
    for slots in groups.values():
        r0 = min(s[0] for s in slots)
        r1 = max(s[0] for s in slots)
        c0 = min(s[1] for s in slots)
        c1 = max(s[1] for s in slots)
        t.cells.append(GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1,
                                (round(xs[c0], 2), round(ys[r0], 2), round(xs[c1 + 1], 2),
                                 round(ys[r1 + 1], 2))))
    t.cells.sort(key=lambda c: (c.row, c.col))
    # drop empty outer rows/columns (a border drawn twice, a frame around the table)
    return t


def _fill(t: PageTable, chars: list[Char]) -> None:
    nc = t.n_cols
    owner: dict[int, GridCell] = {}
    for cell in t.cells:
        for r in range(cell.row, cell.row + cell.row_span):
            for c in range(cell.col, cell.col + cell.col_span):
                owner[r * nc + c] = cell
    buckets: dict[int, list[Char]] = {}
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if not (t.xs[0] <= cx <= t.xs[-1] and t.ys[0] <= cy <= t.ys[-1]):
            continue
        c = min(max(bisect_right(t.xs, cx) - 1, 0), nc - 1)
        r = min(max(bisect_right(t.ys, cy) - 1, 0), t.n_rows - 1)
        cell = owner[r * nc + c]
        buckets.setdefault(id(cell), []).append(ch)
    for cell in t.cells:
        cs = buckets.get(id(cell))
        if cs:
            cell.text = join_all([ln.text.replace("\t", " ") for ln in build_lines(cs, t.page)])
            confs = [ch.conf for ch in cs if ch.conf is not None]
            cell.conf = min(confs) if confs else None


# --------------------------------------------------------------------------- stitching
def same_layout(a: PageTable, b: PageTable, tol: float = 3.0) -> bool:
    """Continuation test: the same column boundaries (so the same columns)."""
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= tol for x, y in zip(a.xs, b.xs))


def repeated_header(first: PageTable, cont: PageTable, max_rows: int = 3) -> int:
    """How many leading rows of ``cont`` repeat ``first``'s leading rows (0 if none): Word
    repeats every row marked as a header row, so a two-row header comes back as two rows."""
    k = 0
    limit = min(max_rows, first.n_rows - 1, cont.n_rows - 1)
    while k < limit and first.row_texts(k) == cont.row_texts(k) and any(first.row_texts(k)):
        k += 1
    return k
