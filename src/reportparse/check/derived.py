"""Derived money figures in funding tables: 结转 = 到位 − 支出, 使用率 = 支出 ÷ 到位,
到位率 = 到位 ÷ 预算 (``domain.md`` §7 ``derived``).

Columns of an :class:`~reportparse.models.AmountTable` are given roles by header keywords from
``checks.toml`` ``[derived]`` (rate columns — headers with 率 — first). Each row with the
operands is recomputed at the printed resolution.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..models import AmountTable, Figure, Finding
from .engine import Context, rule
from .tolerance import HALF, fmt, ulp
from .values import show

HUNDRED = Decimal(100)


def _roles(ctx: Context, t: AmountTable) -> dict[str, str]:
    conf = ctx.config.get("derived", {})
    out: dict[str, str] = {}
    for col in t.columns:
        h = col.replace(" ", "")
        if "率" in h:
            for role in ("arrive_rate", "use_rate"):
                if role not in out and any(k in h for k in conf.get(role, [])):
                    out[role] = col
                    break
            continue
        for role in ("balance", "arrived", "spent", "budget"):
            if role not in out and any(k in h for k in conf.get(role, [])):
                out[role] = col
                break
    return out


def _exact(fig: Figure | None) -> Figure | None:
    return fig if fig is not None and fig.number is not None and fig.number.exact else None


@rule("derived.money", "derived", "error")
def derived_money(ctx: Context) -> Iterator[Finding | None]:
    """结转/结余 = 到位 − 支出; 使用率 = 支出 ÷ 到位; 到位率 = 到位 ÷ 预算, per table row."""
    for t in ctx.report.typed_tables:
        if not isinstance(t, AmountTable):
            continue
        roles = _roles(ctx, t)
        for row in t.rows:
            f = {role: _exact(row.values.get(col)) for role, col in roles.items()}
            a, s, b = f.get("arrived"), f.get("spent"), f.get("balance")
            if a and s and b:
                na, ns, nb = a.number, s.number, b.number
                computed = na.value - ns.value  # type: ignore[union-attr]
                tol = (na.quantum + ns.quantum + nb.quantum) * HALF  # type: ignore[union-attr]
                diff = nb.value - computed  # type: ignore[union-attr]
                if abs(diff) > tol:
                    yield ctx.finding(
                        f"“{row.name}”{roles['balance']}应为{show(computed, nb)}"
                        f"（{a.text.strip()}−{s.text.strip()}），表中为{b.text.strip()}"
                        f"（相差{show(abs(diff), nb)}）",
                        expected=show(computed, nb), actual=b.text.strip(),
                        difference=show(diff, nb), tolerance=show(tol, nb),
                        locations=[ctx.at_cell(x.ref, f"{row.name} {roles[k]}")
                                   for k, x in (("balance", b), ("arrived", a), ("spent", s))])
            for rate_role, num_role, den_role in (("use_rate", "spent", "arrived"),
                                                  ("arrive_rate", "arrived", "budget")):
                r, n, d = f.get(rate_role), f.get(num_role), f.get(den_role)
                if not (r and n and d) or not d.number.value:  # type: ignore[union-attr]
                    continue
                stated = r.number.value  # type: ignore[union-attr]
                places = r.number.precision  # type: ignore[union-attr]
                expected = ctx.round(n.number.value / d.number.value * HUNDRED, places)  # type: ignore[union-attr]
                off = abs(stated - expected) / ulp(places)
                if off:
                    yield ctx.finding(
                        f"“{row.name}”{roles[rate_role]}应为{fmt(expected)}%"
                        f"（{n.text.strip()}÷{d.text.strip()}），表中为{r.text.strip()}",
                        severity=ctx.severity("last_place") if off <= 1 else None,
                        expected=f"{fmt(expected)}%", actual=r.text.strip(),
                        difference=stated - expected,
                        locations=[ctx.at_cell(x.ref, f"{row.name} {roles[k]}")
                                   for k, x in ((rate_role, r), (num_role, n), (den_role, d))])
