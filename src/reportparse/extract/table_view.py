"""Shared machinery of the table readers: the header vocabulary (``patterns/tables.toml``)
compiled once per patterns, label helpers (noise, weights in labels, total and grade rows)
and :class:`_View`, a table's grid with its filled-down view and cell references."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import regex as re

from ..models import Cell, Figure, Ref, Table
from ..patterns import Patterns
from .numbers import parse_number, to_decimal

_NOISE = re.compile(r"\[(?:bookmark|image):[^\]\n]{0,500}\]")
_SPACES = re.compile(r"\s+")
_HAN_GAP = re.compile(r"(?<=\p{Han})\s+(?=\p{Han})")  # compiled once: clean_label runs per cell
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
    suffix_roles: dict[str, str] = field(default_factory=dict)
    suffix_lengths: list[int] = field(default_factory=list)


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
    words = patterns["grades"]["labels"]["words"]
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
    return _HAN_GAP.sub("", t)


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
    if not cfg.suffix_roles:  # first use: synonym → role, and the synonym lengths longest first
        for syn, role in cfg.suffixes:
            cfg.suffix_roles.setdefault(syn, role)
        cfg.suffix_lengths.extend(sorted({len(s) for s in cfg.suffix_roles}, reverse=True))
    for k in cfg.suffix_lengths:  # a few dict look-ups, not one endswith per synonym
        if k <= len(t) and (suffix_role := cfg.suffix_roles.get(t[-k:])) is not None:
            return suffix_role
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


#: a stitched table's cell (row, col) → (block index of its piece, the cell in that piece)
Pieces = dict[tuple[int, int], tuple[int, Cell]]


class _View:
    """A table's grid, its filled-down view and its real cells by starting row."""

    def __init__(self, table: Table, index: int,
                 origin: dict[tuple[int, int], Cell] | None = None,
                 pieces: Pieces | None = None) -> None:
        self.table = table
        self.index = index
        self.origin = origin or {}
        self.pieces = pieces or {}  # a stitched table: its cells' (block, original cell)
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

    def ref(self, row: int, col: int) -> Ref:
        """The cell a slot of the view shows, in the table block it stands in (a stitched
        table's piece, else this table)."""
        c = self.slots.get((row, col))
        if c is not None:
            src = self.origin.get((c.row, c.col), c)
            if (src.row, src.col) in self.pieces:
                block, piece_cell = self.pieces[(src.row, src.col)]
                return Ref(block=block, row=piece_cell.row, col=piece_cell.col)
            return Ref(block=self.index, row=src.row, col=src.col)
        return Ref(block=self.index, row=row, col=col)

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

