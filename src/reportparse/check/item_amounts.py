"""A named item's amount in the text against its row of an amounts table (``text_table``).

``1.4小吴庄村，送审金额685737.93元，审定金额577370.36元`` states the 审定 amount of the row
``小吴庄村`` of the 建设项目预算审定价汇总表. Binding, each step required (else nothing is said):

* the entity: the sentence names exactly one row label of the report's amounts tables, and
  that label belongs to exactly one row of exactly one table (a label in two tables, or two
  labels in one sentence, binds to nothing);
* the role: the sentence gives exactly one amount of the role (``审定金额…元`` once);
* the column: the one column of that table whose header holds a word of the role, else the
  one generic amount column (``金额(元)``) of a table whose caption holds one (审定价汇总表).

The last step is the uncertain one — a generic 金额 column is the 审定 amount only because the
caption says so — so a difference beyond the printed precision is a ``warning``. Vocabulary:
``patterns/checks.toml`` ``[rules."text.item_amount"]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import regex as re

from ..extract.numbers import agrees, parse_number
from ..models import AmountTable, Figure, Finding, Number, Paragraph
from .engine import Context, rule
from .values import show

_CLAUSE = re.compile(r"[^。；;！？!?\n]+")
_HAN = re.compile(r"\p{Han}")


@dataclass
class _Row:
    table: AmountTable
    index: int


def _names(ctx: Context) -> dict[str, list[_Row]]:
    """Every item row label (2+ characters, not a total) → the rows carrying it."""
    out: dict[str, list[_Row]] = {}
    for t in ctx.report.typed_tables:
        if not isinstance(t, AmountTable):
            continue
        for i, row in enumerate(t.rows):
            name = row.name.strip()
            if len(name) >= 2 and not row.total and row.part_of is None and _HAN.search(name):
                out.setdefault(name, []).append(_Row(t, i))
    return out


def _named(clause: str, names: dict[str, list[_Row]], role_words: tuple[str, ...]
           ) -> list[tuple[str, int]]:
    """The row labels a clause names as a whole word: not inside a longer Han word, unless
    a role word follows directly (南村审定造价)."""
    found = []
    for name in names:
        for m in re.finditer(re.escape(name), clause):
            before = clause[m.start() - 1] if m.start() else " "
            after = clause[m.end():]
            if not _HAN.match(before) and (not _HAN.match(after[:1] or " ")
                                           or after.startswith(role_words)):
                found.append((name, m.end()))
    return found


def _amount_re(role_words: list[str], amount_words: list[str]) -> re.Pattern[str]:
    roles = "|".join(map(re.escape, sorted(role_words, key=len, reverse=True)))
    nouns = "|".join(map(re.escape, sorted(amount_words, key=len, reverse=True)))
    return re.compile(rf"(?:{roles})(?:{nouns})\s*(?:为|是|[:：])?\s*"
                      r"(?P<n>[0-9][0-9,]*(?:\.[0-9]+)?\s*(?:万元|元))")


def _column(t: AmountTable, words: list[str], generic: list[str]) -> str | None:
    """The column a role binds to in ``t``: the one header holding a role word, else the one
    generic amount column when the caption holds a role word."""
    own = [c for c in t.columns if any(w in c for w in words)]
    if own:
        return own[0] if len(own) == 1 else None
    bare = [c for c in t.columns if re.sub(r"[（(].*?[）)]", "", c).strip() in generic]
    caption = t.caption or ""
    return bare[0] if len(bare) == 1 and any(w in caption for w in words) else None


def _agree(stated: Number, printed: Number, approx: Decimal) -> bool:
    """The less precise figure agrees with the more precise one at its own precision."""
    return agrees(stated, printed.value, approx=approx) or agrees(
        printed, stated.value, approx=approx)


@rule("text.item_amount", "text_table", "warning",
      binding="the row by its exact label (one row of one amounts table), the column by the "
              "role word in its header or, for a generic 金额 column, in the caption: warning")
def item_amount(ctx: Context) -> Iterator[Finding | None]:
    """An amount the text gives for a named table row (``温堂村，审定金额769842.35元``) equals
    the row's value in the column of that role, at the precision the text writes.

    A warning: the row is bound by its exact label, but the column by its role word — in the
    header, or through the caption for a generic 金额 column."""
    names = _names(ctx)
    if not names:
        return
    roles: dict[str, list[str]] = ctx.param("roles", {})
    nouns: list[str] = ctx.param("amount_words", ["金额"])
    generic: list[str] = ctx.param("generic_columns", ["金额"])
    patterns = {role: _amount_re(words, nouns) for role, words in roles.items()}
    for b, block in enumerate(ctx.report.blocks):
        if not isinstance(block, Paragraph):
            continue
        for clause in _CLAUSE.finditer(block.text):
            yield from _clause(ctx, b, clause, names, roles, patterns, generic)


def _clause(ctx: Context, block: int, clause: re.Match[str], names: dict[str, list[_Row]],
            roles: dict[str, list[str]], patterns: dict[str, re.Pattern[str]],
            generic: list[str]) -> Iterator[Finding | None]:
    named = _named(clause.group(), names, tuple(w for ws in roles.values() for w in ws))
    if len({n for n, _ in named}) != 1 or len(names[named[0][0]]) != 1:
        return
    name, end = named[0]
    row = names[name][0]
    for role, rx in patterns.items():
        hits = list(rx.finditer(clause.group(), pos=end))
        col = _column(row.table, roles[role], generic)
        if len(hits) != 1 or col is None:
            continue
        fig: Figure | None = row.table.rows[row.index].values.get(col)
        stated = parse_number(hits[0].group("n"))
        printed = fig.number if fig is not None else None
        if stated is None or printed is None or stated.unit != "元" or printed.unit != "元":
            continue
        if _agree(stated, printed, ctx.approx):
            continue
        base = ctx.report.blocks[block].provenance.span
        span = (base[0] + clause.start() + hits[0].start("n"),
                base[0] + clause.start() + hits[0].end("n")) if base else None
        loc = ctx.at_block(block, span=span, text=clause.group().strip(),
                           label=f"正文{name}{role}金额")
        yield ctx.finding(
            f"正文{name}{role}金额{show(stated.value, stated)}，与“{row.table.caption or '金额表'}”"
            f"中{name}的{col}{show(printed.value, printed)}不一致"
            f"（相差{show(abs(stated.value - printed.value), stated)}）",
            expected=show(printed.value, printed), actual=show(stated.value, stated),
            difference=show(stated.value - printed.value, stated),
            locations=[loc, ctx.at_cell(fig.ref if fig else None, f"{name} {col}")])
