"""Grade bands: ``patterns/grades.toml`` sets, or the bands a report prints itself.

A band printed in the report (``90分（含）以上为优``, a fact of kind ``grade_band`` with
``data = {grade, min, max, min_inclusive, max_inclusive}``) wins over the configured default set
(财预〔2020〕10号: 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60). Labels compare through
``[aliases]`` (优秀 → 优, A → 优 …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..models import GradeBandFact
from .engine import Context
from .tolerance import fmt

@dataclass(frozen=True)
class Band:
    grade: str
    min: Decimal | None = None
    max: Decimal | None = None
    min_inclusive: bool = True
    max_inclusive: bool = False

    def contains(self, x: Decimal) -> bool:
        if self.min is not None and (x < self.min or (x == self.min and not self.min_inclusive)):
            return False
        if self.max is not None and (x > self.max or (x == self.max and not self.max_inclusive)):
            return False
        return True

    def describe(self) -> str:
        """``80≤得分<90`` / ``得分≥90``."""
        lo = f"{fmt(self.min)}{'≤' if self.min_inclusive else '<'}" if self.min is not None else ""
        hi = f"{'≤' if self.max_inclusive else '<'}{fmt(self.max)}" if self.max is not None else ""
        if lo and not hi:
            return f"得分{'≥' if self.min_inclusive else '>'}{fmt(self.min)}"
        return f"{lo}得分{hi}"


@dataclass(frozen=True)
class BandSet:
    source: str
    bands: list[Band] = field(default_factory=list)
    round_first: bool = False


def _dec(x: Any) -> Decimal | None:
    if x is None:
        return None
    if hasattr(x, "value"):
        x = x.value
    try:
        return Decimal(str(x))
    except (InvalidOperation, ValueError):
        return None


def _band(d: dict[str, Any]) -> Band:
    return Band(grade=str(d.get("grade", "")), min=_dec(d.get("min")), max=_dec(d.get("max")),
                min_inclusive=bool(d.get("min_inclusive", True)),
                max_inclusive=bool(d.get("max_inclusive", False)))


def _printed(f: GradeBandFact) -> Band:
    """A band the report prints (its grade: ``data.grade``, else the fact's value)."""
    d = f.data
    grade = d.grade if "grade" in d.model_fields_set else f.value
    return Band(grade=str(grade if grade is not None else ""), min=d.min, max=d.max,
                min_inclusive=d.min_inclusive, max_inclusive=d.max_inclusive)


def bands(ctx: Context) -> BandSet:
    """The band set that applies to this report."""
    printed = [f for f in ctx.facts(GradeBandFact) if f.data.grade or f.value]
    if printed:
        return BandSet("报告所列等级标准", [_printed(f) for f in printed])
    g = ctx.grades  # validated: ``default`` names one of ``sets``
    name = g["default"]
    conf = g["sets"][name]
    return BandSet(str(conf.get("source", name)), [_band(b) for b in conf.get("bands", [])],
                   bool(conf.get("round_first", False)))


def band_for(s: BandSet, x: Decimal) -> Band | None:
    for b in s.bands:
        if b.contains(x):
            return b
    return None


def canonical(ctx: Context, grade: str) -> str:
    g = grade.strip().strip("“”\"'「」")
    return str(ctx.grades.get("aliases", {}).get(g, g))
