"""Precision-aware comparison of printed figures (``domain.md`` §6).

A figure printed with ``d`` decimals stands for any true value within half a unit of its last
place, so every comparison here is between *intervals*:

* an exact figure ``x`` with ``d`` decimals is ``[x − ½·10^-d, x + ½·10^-d]``; money written
  ``6600万元`` has a resolution of 1万元 (the ``quantum`` of its :class:`Number`);
* a sum of ``n`` printed addends may miss its printed total by the accumulated rounding —
  ``(n+1)×½·10^-d`` at the column's decimals ``d`` (integer-only sums must be exact);
* a hedged figure (约 ≈, 近 ≤, 逾 >, 余/多 ≥, ranges) only bounds: ``600余万元`` is ``[600万, ∞)``.

Ratios are recomputed from the printed operands and rounded to the printed decimals (the
rounding mode is configurable; ``ROUND_HALF_UP`` by default — never Python ``round()``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from ..extract.numbers import decimals
from ..models import Number

HALF = Decimal("0.5")
ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}


def fmt(x: Decimal | None) -> str:
    """A Decimal as a reader writes it: no exponent, trailing zeros kept as computed."""
    if x is None:
        return ""
    s = format(x, "f")
    return "0" if s in ("-0", "-0.0") else s


def half_ulp(places: int) -> Decimal:
    """Half a unit in the last of ``places`` decimals: 2 → 0.005."""
    return HALF.scaleb(-places)


def ulp(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def round_to(x: Decimal, places: int, mode: str = "half_up") -> Decimal:
    return x.quantize(ulp(places), rounding=ROUNDING_MODES.get(mode, ROUND_HALF_UP))


@dataclass(frozen=True)
class Interval:
    """A closed range of true values a printed figure allows (``None`` = unbounded)."""

    lo: Decimal | None
    hi: Decimal | None

    def __add__(self, other: Interval) -> Interval:
        lo = None if self.lo is None or other.lo is None else self.lo + other.lo
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Interval(lo, hi)

    def overlaps(self, other: Interval) -> bool:
        if self.hi is not None and other.lo is not None and self.hi < other.lo:
            return False
        if other.hi is not None and self.lo is not None and other.hi < self.lo:
            return False
        return True


def number_interval(n: Number, approx: Decimal = Decimal("0.1")) -> Interval:
    """The values a parsed figure (with its unit scale, precision and hedge) allows."""
    v = n.value
    match n.bound:
        case "exact":
            h = n.quantum * HALF
            return Interval(v - h, v + h)
        case "ge" | "gt":
            return Interval(v, None)
        case "le" | "lt":
            return Interval(None, v)
        case "range":
            return Interval(v, n.upper if n.upper is not None else v)
        case _:
            d = abs(v) * approx
            return Interval(v - d, v + d)


@dataclass(frozen=True)
class SumResult:
    """``total − Σ addends`` as printed, and the accumulated rounding allowed."""

    stated: Decimal
    computed: Decimal
    difference: Decimal
    tolerance: Decimal
    places: int

    @property
    def exact(self) -> bool:
        return self.difference == 0

    @property
    def within(self) -> bool:
        return abs(self.difference) <= self.tolerance


def compare_sum(addends: list[Decimal], total: Decimal) -> SumResult:
    """Compare a printed total with the sum of its printed addends.

    The column's precision ``d`` is the most decimals shown among them (a ``25`` among
    ``24.50`` is 25.00 with its zeros dropped); each of the n addends and the total may carry
    half a unit of rounding there, so the tolerance is ``(n+1)×½·10^-d``. Integer-only sums
    (weights, whole-point scores) are never rounded and must be exact.
    """
    computed = sum(addends, Decimal(0))
    places = max([decimals(total)] + [decimals(a) for a in addends])
    tol = Decimal(len(addends) + 1) * half_ulp(places) if places > 0 else Decimal(0)
    return SumResult(total, computed, total - computed, tol.normalize(), places)
