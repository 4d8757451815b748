"""Tables split over pages, read as one (issue 15).

A page break cuts a long score table into pieces; PDF readers and converters (MinerU's
Markdown) give them as separate tables, the later ones with the header repeated or without
any header, often with a caption-like line between (``续表``, the caption again, ``表2（续）``).
Two tables are pieces of one when:

* the first has a recognised header (two or more header roles from ``patterns/tables.toml``);
* the next has the same number of columns (or fewer, when a text export collapsed its merged
  cells) and either repeats that header row or has no header of its own (a headerless table
  cannot stand alone);
* nothing stands between them but continuation lines (``[stitch] continuation`` words, the
  first piece's caption again) — or, before a headerless piece, short non-sentence lines that
  are not a new caption (``表3 …`` opens another table).

Per-dimension sub-tables with identical headers but their own captions stay apart.
"""

from __future__ import annotations

import regex as re

from ..models import Cell, Paragraph, Document, Table
from ..patterns import Patterns
from .table_view import Pieces, _Config, _header_row, _norm, _roles, _View


def _words(patterns: Patterns) -> list[str]:
    return [_norm(w) for w in patterns["tables"].get("stitch", {}).get("continuation", [])]


def _new_caption(patterns: Patterns) -> re.Pattern[str]:
    return patterns.cached("extract.stitch.caption", lambda p: re.compile(
        p["tables"].get("stitch", {}).get("new_caption", r"^表\s*[0-9]+")))


def _bare_caption(text: str, words: list[str]) -> str:
    t = _norm(text)
    for w in words:
        t = t.replace(w, "")
    return t


def _header(table: Table, cfg: _Config) -> tuple[int, list[str]] | None:
    view = _View(table, 0)
    hdr, roles = _header_row(view, cfg)
    if len(roles) < 2:
        return None
    return hdr, [_norm(t) for t in view.filled[hdr]]


def _between_ok(paras: list[Paragraph], first_caption: str | None, headerless: bool,
                words: list[str], new_caption: re.Pattern[str]) -> bool:
    cap = _bare_caption(first_caption or "", words)
    for p in paras:
        t = _norm(p.text)
        if not t or any(w and w in t for w in words):
            continue
        if cap and _bare_caption(p.text, words) == cap:
            continue
        if headerless and len(t) <= 20 and not t.endswith(("。", "；", "：")) \
                and not new_caption.match(t):
            continue
        return False
    return True


def _repeats_header(table: Table, header: list[str]) -> bool:
    first = table.filled_rows()[0] if table.n_rows else []
    return [_norm(t) for t in first] == header


def split_groups(report: Document, cfg: _Config, patterns: Patterns) -> list[list[int]]:
    """Block indices of the tables, grouped into logical tables (one group per table unless
    it continues the one before)."""
    words, caption_rx = _words(patterns), _new_caption(patterns)
    groups: list[list[int]] = []
    heads: dict[int, tuple[int, list[str]] | None] = {}
    for j, b in enumerate(report.blocks):
        if not isinstance(b, Table):
            continue
        if groups and _continues(report, groups[-1], j, cfg, (words, caption_rx), heads):
            groups[-1].append(j)
        else:
            groups.append([j])
    return groups


def _continues(report: Document, group: list[int], j: int, cfg: _Config,
               vocab: tuple[list[str], re.Pattern[str]],
               heads: dict[int, tuple[int, list[str]] | None]) -> bool:
    first, nxt = report.blocks[group[0]], report.blocks[j]
    assert isinstance(first, Table) and isinstance(nxt, Table)
    between = report.blocks[group[-1] + 1: j]
    # a text export's short rows, or a lone total row whose label's merge was lost
    narrower = nxt.n_cols < first.n_cols and (nxt.spans_inferred or _lone_total(nxt, cfg))
    if (nxt.n_cols != first.n_cols and not narrower) \
            or not all(isinstance(b, Paragraph) for b in between):
        return False
    if group[0] not in heads:
        heads[group[0]] = _header(first, cfg)
    head = heads[group[0]]
    if head is None:
        return False
    repeated = _repeats_header(nxt, head[1])
    headerless = not repeated and len(_roles(nxt.filled_rows()[0], cfg)) < 2
    if not (repeated or headerless):
        return False
    caption = _caption_before(report, group[0])
    return _between_ok(between, caption, headerless, *vocab)  # type: ignore[arg-type]


def _is_total(cell: Cell, cfg: _Config) -> bool:
    return _norm(cell.text) in cfg.total


def _lone_total(table: Table, cfg: _Config) -> bool:
    """A one-row table whose first cell is a total label (``合计``): the last row of a table
    cut onto the next page, its label merged over the name columns."""
    return table.n_rows == 1 and any(c.row == 0 and c.col == 0 and _is_total(c, cfg)
                                     for c in table.cells)


def _widened(piece: Table, width: int, cfg: _Config) -> dict[int, Cell]:
    """A narrower piece's total rows re-aligned to the first piece's ``width`` columns: the
    label spans the missing columns, the figures keep to the right (where the score columns
    are). Other rows stay as read. Keys are ``id`` of the original cells."""
    out: dict[int, Cell] = {}
    by_row: dict[int, list[Cell]] = {}
    for c in piece.cells:
        by_row.setdefault(c.row, []).append(c)
    for row in by_row.values():
        row.sort(key=lambda c: c.col)
        missing = width - max(c.col + c.col_span for c in row)
        if missing <= 0 or row[0].col != 0 or not _is_total(row[0], cfg):
            continue
        out[id(row[0])] = row[0].model_copy(update={"col_span": row[0].col_span + missing})
        for c in row[1:]:
            out[id(c)] = c.model_copy(update={"col": c.col + missing})
    return out


def _caption_before(report: Document, index: int) -> str | None:
    if index > 0 and isinstance(report.blocks[index - 1], Paragraph):
        return report.blocks[index - 1].text  # type: ignore[union-attr]
    return None


def stitched(report: Document, group: list[int], cfg: _Config) -> tuple[Table, Pieces | None]:
    """The logical table of a group: one piece as is; several as one table (repeated header
    rows dropped) and, per cell, the piece and cell it came from."""
    first = report.blocks[group[0]]
    assert isinstance(first, Table)
    if len(group) == 1:
        return first, None
    head = _header(first, cfg)
    header = head[1] if head else []
    cells: list[Cell] = []
    pieces: Pieces = {}
    offset = 0
    for k, idx in enumerate(group):
        piece = report.blocks[idx]
        assert isinstance(piece, Table)
        skip = 1 if k and _repeats_header(piece, header) else 0
        moved = _widened(piece, first.n_cols, cfg) if k and piece.n_cols < first.n_cols else {}
        for c in piece.cells:
            if c.row < skip:
                continue
            new = moved.get(id(c), c).model_copy(update={"row": offset + c.row - skip})
            cells.append(new)
            pieces[(new.row, new.col)] = (idx, c)
        offset += piece.n_rows - skip
    table = Table(n_rows=offset, n_cols=first.n_cols, header_rows=first.header_rows,
                  cells=cells, caption=first.caption, unit=first.unit,
                  spans_inferred=any(report.blocks[i].spans_inferred for i in group),  # type: ignore[union-attr]
                  provenance=first.provenance)
    return table, pieces
