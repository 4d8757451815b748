"""Year-on-year statements in the prose, bound to the amounts they compare.

Two forms, both as :class:`Change` (turned into ``change`` facts by :mod:`.facts`):

* ``总计27664.22万元，与上年相比增加3205.79万元，增长13.11%`` — the amount now (X), the change
  (Y) and its rate (Z). X is the last amount before Y in the sentence that is no change
  itself; when the sentence opens with the comparison (``…支出27488.23万元，主要用于…。与上年
  相比增加…``), the single amount of the sentence before. The comparison with a year
  (与上年相比, 比2022年) must stand between X and Y.
* ``2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加
  314.82%`` — last year's amount (P), this year's (X) and the rate, with exactly these two
  amounts in the sentence, P's clause naming the year compared with and X's not.

Figures in paired lists (``收、支总计各减少1267.86、2570.97万元，各下降23.51%、38.28%``) are
not bound: which total each belongs to is unsure. The wording is data
(``patterns/facts.toml`` ``[change]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import regex as re

from ..models import Number
from ..patterns import Patterns

YEAR = re.compile(r"(?:19|20)[0-9]{2}(?=\s*年)")
_BREAKS = "，,。；;：:、"


@dataclass
class Change:
    """One year-on-year statement; offsets are in the sentence."""

    start: int
    end: int
    value: Decimal  # the change (Y, or |X − P|) in 元
    direction: str  # increase / decrease
    word: str
    current: Number  # X
    current_here: bool  # X stands in this sentence (else in the one before)
    rate: Number | None = None  # Z
    rate_word: str | None = None
    previous: Number | None = None  # P (the two-year form)
    number: Number | None = None  # Y as printed


@dataclass
class _Words:
    change_re: Any
    rate_re: Any
    compare_re: Any
    increase: list[str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _build(patterns: Patterns) -> _Words:
    ch = patterns["facts"].get("change", {})
    up, down = list(ch["increase"]), list(ch["decrease"])
    rate_up = list(ch["rate_increase"])
    rate_down = list(ch["rate_decrease"])
    return _Words(
        # 增加了/增加约 Y; never 增加为/增加到 Y, the new level
        change_re=re.compile(rf"(?P<dir>{_alt(up + down)})\s*(?:了|约)?\s*$"),
        rate_re=re.compile(
            rf"^\s*[，,]?\s*(?:同比)?\s*(?P<dir>{_alt(rate_up + rate_down)})\s*(?:了|为|达)?\s*$"),
        compare_re=re.compile("|".join(
            [_alt(ch["compare_words"])] + list(ch.get("compare_patterns", [])))),
        increase=up + rate_up,
    )


def _words(patterns: Patterns) -> _Words:
    return patterns.cached("extract.changes", _build)  # type: ignore[no-any-return]


def _clause_start(s: str, pos: int) -> int:
    return max(s.rfind(c, 0, pos) for c in _BREAKS) + 1


def _is_change(s: str, n: Number, w: _Words) -> Any:
    """The direction word just before an amount that states a change (增加3205.79万元)."""
    assert n.span is not None
    return w.change_re.search(s, _clause_start(s, n.span[0]), n.span[0])


def _money(nums: list[Number]) -> list[Number]:
    return [n for n in nums if n.unit == "元" and n.span]


def amounts_now(s: str, nums: list[Number], patterns: Patterns) -> list[Number]:
    """The amounts of a sentence that state no change (candidates for X in the next one)."""
    w = _words(patterns)
    return [n for n in _money(nums) if _is_change(s, n, w) is None]


def _opens_with_comparison(s: str, y: Number, w: _Words) -> bool:
    """``与上年相比增加…``: the sentence has no subject of its own, only the comparison."""
    assert y.span is not None
    m = w.compare_re.search(s[:y.span[0]].lstrip())
    return m is not None and m.start() <= 2


def _in_pairs(s: str, nums: list[Number], n: Number | None) -> bool:
    """Is ``n`` one of a run of figures joined by 、/，/和 (``各下降23.51%、38.28%``)?"""
    if n is None or n.span is None:
        return False
    k = next(i for i, x in enumerate(nums) if x is n)
    for other in (nums[k - 1] if k else None, nums[k + 1] if k + 1 < len(nums) else None):
        if other is None or other.span is None:
            continue
        gap = s[other.span[1]:n.span[0]] if other.span[0] < n.span[0] \
            else s[n.span[1]:other.span[0]]
        if gap and gap.strip(" 、，,和及与") == "" and other.unit in (n.unit, None):
            return True
    return False


def _rate_after(s: str, nums: list[Number], y: Number, up: bool, w: _Words
                ) -> tuple[Number | None, str | None]:
    """The percentage right after the change (``，增长13.11%``), in the same direction."""
    assert y.span is not None
    z = next((n for n in nums if n.span and n.span[0] >= y.span[1]), None)
    if z is None or z.unit != "%" or z.span is None or _in_pairs(s, nums, z):
        return None, None
    m = w.rate_re.match(s[y.span[1]:z.span[0]])
    if m is None or (m.group("dir") in w.increase) != up:
        return None, None
    return z, m.group("dir")


def sentence_changes(s: str, nums: list[Number], prev: list[Number], patterns: Patterns
                     ) -> list[Change]:
    """The year-on-year statements of one sentence (``prev``: :func:`amounts_now` of the
    sentence before in the same paragraph)."""
    w = _words(patterns)
    money = _money(nums)
    out: list[Change] = []
    for k, y in enumerate(money):
        assert y.span is not None
        dm = _is_change(s, y, w)
        if dm is None or _in_pairs(s, nums, y):
            continue  # no change, or one of 各减少A、B万元
        before = [x for x in money[:k] if _is_change(s, x, w) is None]
        x = before[-1] if before else None
        if x is not None and x.span is not None:
            between, here = s[x.span[1]:y.span[0]], True
        elif len(prev) == 1 and not money[:k] and _opens_with_comparison(s, y, w):
            between, x, here = s[:y.span[0]], prev[0], False
        else:
            continue
        if not w.compare_re.search(between) or "。" in between:
            continue
        up = dm.group("dir") in w.increase
        z, rate_word = _rate_after(s, nums, y, up, w)
        start = x.span[0] if here and x.span else y.span[0]
        end = z.span[1] if z is not None and z.span else y.span[1]
        out.append(Change(start, end, y.value, "increase" if up else "decrease",
                          dm.group("dir"), x, here, z, rate_word, None, y))
    if not out and not any(_is_change(s, y, w) for y in money):
        two = _two_years(s, nums, money, w)
        out.extend([two] if two is not None else [])
    return out


def _two_years(s: str, nums: list[Number], money: list[Number], w: _Words) -> Change | None:
    """``上年P万元，本年X万元，比上年增加Z%`` (see the module docstring)."""
    pct = [z for z in nums if z.unit == "%" and z.span]
    if len(money) != 2 or len(pct) != 1:
        return None
    p, x, z = money[0], money[1], pct[0]
    assert p.span is not None and x.span is not None and z.span is not None
    if z.span[0] < x.span[1] or _in_pairs(s, nums, z):
        return None
    clause = s[_clause_start(s, z.span[0]):z.span[0]]
    cm = w.compare_re.search(clause)
    if cm is None:
        return None
    dm = w.rate_re.search(clause[cm.end():]) or w.change_re.search(clause[cm.end():])
    if dm is None:
        return None
    when = YEAR.findall(cm.group(0)) or [cm.group(0)]
    p_clause = s[_clause_start(s, p.span[0]):p.span[0]]
    x_clause = s[_clause_start(s, x.span[0]):x.span[0]]
    if not all(t in p_clause for t in when) or any(t in x_clause for t in when):
        return None
    up = dm.group("dir") in w.increase
    return Change(p.span[0], z.span[1], abs(x.value - p.value), "increase" if up else "decrease",
                  dm.group("dir"), x, True, z, dm.group("dir"), p, None)
