"""Derived money figures in funding tables: 结转 = 到位 − 支出, 使用率 = 支出 ÷ 到位,
到位率 = 到位 ÷ 预算 (``domain.md`` §7 ``derived``), in funding tables and in the narrative;
year-on-year statements (``change`` facts: 增加Y万元，增长Z% against the amount X now).

Columns of an :class:`~reportparse.models.AmountTable` are given roles by header keywords from
``checks.toml`` ``[derived]`` (rate columns — headers with 率 — first). Each row with the
operands is recomputed at the printed resolution.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..models import (AmountTable, ChangeFact, ChangeFigure, Figure, Finding, Location, MoneyFact,
                      Number, RateFact)
from .engine import Context, rule
from .tolerance import HALF, fmt
from .values import fact_number, show

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


@rule("derived.money", "derived", "error",
      binding="columns of one funding-table row, named by their headers: certain; error")
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
                yield ctx.ratio_finding(
                    f"“{row.name}”{roles[rate_role]}",
                    n.number.value / d.number.value,  # type: ignore[union-attr]
                    r.number.value, r.text.strip(), r.number.precision,  # type: ignore[union-attr]
                    f"{n.text.strip()}÷{d.text.strip()}",
                    [ctx.at_cell(x.ref, f"{row.name} {roles[k]}")
                     for k, x in ((rate_role, r), (num_role, n), (den_role, d))])


# --------------------------------------------------------------------------- narrative
_Stated = MoneyFact | RateFact  # an amount or a rate stated in a paragraph


def _by_block(ctx: Context) -> dict[int | None, dict[str, list[_Stated]]]:
    """Money facts (by ``data.role``) and rate facts (by label word) per paragraph, in the
    report's order."""
    out: dict[int | None, dict[str, list[_Stated]]] = {}
    for f in ctx.report.facts:
        if isinstance(f, MoneyFact):
            key = f.data.role
        elif isinstance(f, RateFact):
            key = _rate_kind(ctx, f)
        else:
            continue
        if key:
            out.setdefault(f.ref.block if f.ref else None, {}).setdefault(key, []).append(f)
    return out


def _rate_kind(ctx: Context, f: RateFact) -> str | None:
    label = f.data.label or f.text
    conf = ctx.config.get("derived", {})
    for role, words in (("arrive_rate", conf.get("arrive_rate", [])),
                        ("exec_rate", conf.get("exec_rate", [])),
                        ("use_rate", conf.get("use_rate", []))):
        if any(w in label for w in words):
            return role
    return None


def _one(group: dict[str, list[_Stated]], role: str) -> _Stated | None:
    got = group.get(role) or []
    return got[0] if len(got) == 1 else None


def _text_rate(ctx: Context, rate_f: _Stated, num_f: _Stated, den_f: _Stated) -> Finding | None:
    r, n, d = fact_number(rate_f, "%"), fact_number(num_f, "元"), fact_number(den_f, "元")
    if r is None or n is None or d is None or not d.value or not (r.exact and n.exact and d.exact):
        return None
    expected = ctx.round(n.value / d.value * HUNDRED, r.precision)
    off, sev = ctx.misprint(r.value, expected, r.precision)
    if not off:
        return None
    label = rate_f.data.label or "比率"
    return ctx.finding(
        f"正文{label}{fmt(r.value)}%，按{num_f.text.strip()}÷{den_f.text.strip()}应为"
        f"{fmt(expected)}%",
        severity=sev,
        expected=f"{fmt(expected)}%", actual=f"{fmt(r.value)}%", difference=r.value - expected,
        locations=[ctx.at_fact(rate_f, label), ctx.at_fact(num_f), ctx.at_fact(den_f)])


@rule("derived.text", "derived", "error",
      binding="到位/支出/结转 figures of one paragraph, one each, by their labels: certain; error")
def derived_text(ctx: Context) -> Iterator[Finding | None]:
    """In one paragraph: 结转/结余 = 到位 − 支出; 到位率 = 到位 ÷ 预算; 使用率 = 支出 ÷ 到位
    (money facts by ``data.role``, rate facts by label; a role stated twice is skipped)."""
    for group in _by_block(ctx).values():
        a, s, b = _one(group, "received"), _one(group, "executed"), _one(group, "carryover")
        if a and s and b:
            na, ns, nb = fact_number(a, "元"), fact_number(s, "元"), fact_number(b, "元")
            if na and ns and nb and na.exact and ns.exact and nb.exact:
                computed = na.value - ns.value
                tol = (na.quantum + ns.quantum + nb.quantum) * HALF
                if abs(nb.value - computed) > tol:
                    yield ctx.finding(
                        f"正文“{b.text.strip()}”，按"
                        f"{a.text.strip()}−{s.text.strip()}应为{show(computed, nb)}"
                        f"（相差{show(abs(nb.value - computed), nb)}）",
                        expected=show(computed, nb), actual=show(nb.value, nb),
                        difference=show(nb.value - computed, nb), tolerance=show(tol, nb),
                        locations=[ctx.at_fact(b), ctx.at_fact(a), ctx.at_fact(s)])
        for rate_role, num, den in (("arrive_rate", "received", "budget"),
                                    ("use_rate", "executed", "received")):
            rf, nf, df = _one(group, rate_role), _one(group, num), _one(group, den)
            if rf and nf and df:
                yield _text_rate(ctx, rf, nf, df)


@rule("budget.text_rate", "budget_rate", "error",
      binding="执行率 with its 执行 and 全年预算 amounts in one paragraph: certain; error")
def budget_text_rate(ctx: Context) -> Iterator[Finding | None]:
    """In one paragraph: a stated 执行率 = 执行/支出 ÷ 预算, at the printed decimals; with
    年初预算数 and 全年预算数 both stated, the divisor is 全年预算数 (never 年初预算数)."""
    words = list(ctx.config.get("derived", {}).get("full_year_budget", []))
    for group in _by_block(ctx).values():
        rf, nf, df = _one(group, "exec_rate"), _one(group, "executed"), _one(group, "budget")
        if df is None:  # several budgets: the full-year one, when exactly one says so
            full = [f for f in group.get("budget", [])
                    if any(w in (f.data.label or "") for w in words)]
            df = full[0] if len(full) == 1 else None
        if rf and nf and df:
            yield _text_rate(ctx, rf, nf, df)


# --------------------------------------------------------------------------- year on year
def _bound(d: ChangeFigure | None) -> Number | None:
    """The exact number of a figure bound into a fact (``data.current``/``rate``/…)."""
    n = d.number if d is not None else None
    return n if n is not None and n.exact else None


def _at(ctx: Context, f: ChangeFact, d: ChangeFigure, label: str) -> Location:
    """The location of a figure bound into ``f`` (its own span when it has one)."""
    span = d.span
    loc = ctx.at_fact(f, label, span=span, text=d.text)
    if span is None and loc.ref is not None and loc.ref.row is None:
        loc.ref = loc.ref.model_copy(update={"span": None})  # found by its quote in the block
    return loc


def _rate_range(diff: Decimal, h_diff: Decimal, base: Decimal, h_base: Decimal
                ) -> tuple[Decimal, Decimal] | None:
    """diff ÷ base × 100 over the rounding intervals (± half a printed unit) of the figures
    they come from; ``None`` when the base may not be positive."""
    if base - h_base <= 0:
        return None
    return (max(diff - h_diff, Decimal(0)) / (base + h_base) * HUNDRED,
            (diff + h_diff) / (base - h_base) * HUNDRED)


def _rate_finding(ctx: Context, f: ChangeFact, z: Number, rng: tuple[Decimal, Decimal],
                  exact: Decimal, operands: str, sure: bool, locs: list[Location]
                  ) -> Finding | None:
    """The printed change rate ``z`` against the range the amounts allow, at z's decimals."""
    places = z.precision
    if ctx.round(rng[0], places) <= z.value <= ctx.round(rng[1], places):
        return None
    expected = ctx.round(exact, places)
    _, sev = ctx.misprint(z.value, expected, places)
    if sev is None and not sure:
        sev = "warning"  # 本年数 taken from the sentence before: a likelier binding slip
    word = (f.data.rate.word if f.data.rate is not None else None) or f.data.word or ""
    return ctx.finding(f"正文{word}{fmt(z.value)}%，按{operands}应为{fmt(expected)}%",
                       severity=sev, expected=f"{fmt(expected)}%", actual=f"{fmt(z.value)}%",
                       difference=z.value - expected, locations=locs)


def _two_years_finding(ctx: Context, f: ChangeFact, x: Number, z: Number | None,
                       locs: list[Location]) -> Finding | None:
    """``上年执行数P万元，本年预算X万元，比上年增加Z%``: Z = (X − P) ÷ P."""
    prev = f.data.previous
    p = _bound(prev)
    if prev is None or p is None or z is None or not p.value:
        return None
    up = f.data.direction == "increase"
    locs.insert(1, _at(ctx, f, prev, "上年数"))
    if (x.value > p.value) != up and x.value != p.value:
        word = f.data.word or ""
        return ctx.finding(f"正文称{word}{fmt(z.value)}%，但{show(p.value, p)}→"
                           f"{show(x.value, x)}方向相反", expected=None,
                           actual=f"{fmt(z.value)}%", locations=locs)
    diff = abs(x.value - p.value)
    rng = _rate_range(diff, (x.quantum + p.quantum) * HALF, p.value, p.quantum * HALF)
    if rng is None:
        return None
    hi, lo = (x, p) if up else (p, x)
    operands = f"（{show(hi.value, hi)}−{show(lo.value, lo)}）÷上年数{show(p.value, p)}"
    return _rate_finding(ctx, f, z, rng, diff / p.value * HUNDRED, operands, True, locs)


def _change_finding(ctx: Context, f: ChangeFact) -> Finding | None:
    cur, rate = f.data.current, f.data.rate
    x, z = _bound(cur), _bound(rate)
    if cur is None or x is None:
        return None
    locs = [ctx.at_fact(f, "变动额"), _at(ctx, f, cur, "本年数")]
    if rate is not None and z is not None:
        locs.append(_at(ctx, f, rate, "变动率"))
    if f.data.previous:
        return _two_years_finding(ctx, f, x, z, locs)
    y = fact_number(f, "元")
    if y is None or not y.exact:
        return None
    up = f.data.direction == "increase"
    word = f.data.word or ("增加" if up else "减少")
    same_sentence = cur.span is not None
    base = x.value - y.value if up else x.value + y.value
    shown_x, shown_y = show(x.value, x), show(y.value, y)
    if base <= 0:  # 0万元，比上年增加1421.25万元: last year would have been negative
        if z is None or not z.value:
            return ctx.finding(
                f"正文{shown_x}，比上年{word}{shown_y}，则上年数为负（{show(base, x)}），"
                f"金额与增减额不能同时成立", severity="warning",
                expected=f"≥{shown_y}", actual=shown_x, locations=locs)
        implied = y.value + y.value * HUNDRED / z.value
        return ctx.finding(
            f"正文{shown_x}，但按{word}{shown_y}、{rate.text if rate is not None else None}推算应为"
            f"{show(implied, x)}", severity=None if same_sentence else "warning",
            expected=show(implied, x), actual=shown_x, locations=locs)
    if z is None:
        return None
    rng = _rate_range(y.value, y.quantum * HALF, base, (x.quantum + y.quantum) * HALF)
    if rng is None:
        return None
    operands = (f"{word}额{shown_y}÷上年数{show(base, x)}"
                f"（{shown_x}{'−' if up else '+'}{shown_y}）")
    return _rate_finding(ctx, f, z, rng, y.value / base * HUNDRED, operands, same_sentence,
                         locs)


@rule("derived.change", "derived", "error",
      binding="X, Y and Z of one sentence: certain; error; X from the sentence before: warning; "
              "one unit in the last place: info")
def derived_change(ctx: Context) -> Iterator[Finding | None]:
    """Year on year: ``X万元，与上年相比增加Y万元，增长Z%`` — Z = Y ÷ (X − Y) (X + Y for
    减少) — and ``上年P万元，本年X万元，比上年增加Z%`` — Z = (X − P) ÷ P —, at Z's printed
    decimals over the rounding of the amounts.

    One unit off in the last place is info; X from the sentence before (``…27488.23万元，
    主要用于…。与上年相比增加…``) makes a mismatch a warning. A total printed as 0 whose
    increase implies another value is an error with Z stated, else a warning."""
    for f in ctx.facts(ChangeFact):
        yield _change_finding(ctx, f)
