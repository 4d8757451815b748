"""Reading figures out of typed models for the rules: facts' numbers, figures in their written
unit, money shown the way the report writes it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..extract.numbers import find_numbers, parse_number, to_decimal
from ..models import BaseFact, Figure, Number
from .tolerance import fmt


def as_number(value: Any, unit: str | None = None) -> Number | None:
    """A :class:`Number` from a fact value: a Number, its JSON dump, a Decimal/int or a string."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Number):
        return value
    if isinstance(value, dict) and "value" in value:
        try:
            return Number.model_validate(value)
        except Exception:  # noqa: BLE001 - a foreign dict: fall back to its value
            value = value["value"]
    if isinstance(value, (int, Decimal)):
        return Number(value=to_decimal(value), unit=unit, precision=_places(to_decimal(value)))
    if isinstance(value, str):
        return parse_number(value, unit=unit)
    return None


def _places(d: Decimal) -> int:
    e = d.as_tuple().exponent
    return -e if isinstance(e, int) and e < 0 else 0


def fact_number(f: BaseFact, unit: str | None = None) -> Number | None:
    """The figure a fact states: its ``data.number`` (or ``value``), else the first figure
    in its quoted text with the wanted unit."""
    n = f.number or as_number(f.value, f.unit)
    if n is not None:
        return n
    for cand in find_numbers(f.text):
        if unit is None or cand.unit == unit:
            return cand
    return None


def figure_value(fig: Figure | None) -> Decimal | None:
    """An exact figure's normalised value (money in 元), else ``None`` (hedged/blank/text)."""
    if fig is None or fig.number is None or not fig.number.exact:
        return None
    return fig.number.value


def show(value: Decimal, like: Number | None = None) -> str:
    """``value`` (normalised) written in the unit of ``like``: 66000000 like 6600万元 → 6600万元."""
    if like is None:
        return fmt(value)
    scale = like.scale or Decimal(1)
    unit = like.written_unit or like.unit or ""
    shown = value / scale if scale != 1 else value
    if shown == shown.to_integral_value():
        shown = shown.quantize(Decimal(1).scaleb(-like.precision))
    else:
        shown = shown.normalize()
    return f"{fmt(shown)}{unit}"
