"""Numbers: exact values, units, precision, hedges; property tests for round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportparse.extract.numbers import (
    MONEY_UNITS,
    Number,
    agrees,
    decimals,
    find_numbers,
    parse_cn,
    parse_number,
    quantize,
    ratio,
    same_at,
    sum_tolerance,
    to_decimal,
    truncate,
    unit_in,
)

D = Decimal


@pytest.mark.parametrize(
    "text, value, unit, precision",
    [
        ("86.47", "86.47", None, 2),
        ("86.47分", "86.47", "分", 2),
        ("82.00%", "82.00", "%", 2),
        ("８６．４７", "86.47", None, 2),
        ("6,600.00", "6600.00", None, 2),
        ("6600万元", "66000000", "元", 0),
        ("1.2亿元", "120000000", "元", 1),
        ("89.974", "89.974", None, 3),
        ("十四个", "14", "个", 0),
        ("六千六百万元", "66000000", "元", 0),
        ("百分之八十五", "85", "%", 0),
        ("二〇二二年", "2022", "年", 0),
        ("两千个", "2000", "个", 0),
        ("陆仟陆佰万元整", "66000000", "元", 0),
        ("5千元", "5000", "元", 0),
        ("一点二亿元", "120000000", "元", 1),
    ],
)
def test_parse_number_examples(text: str, value: str, unit: str | None, precision: int) -> None:
    n = parse_number(text)
    assert n is not None, text
    assert n.value == D(value) and n.unit == unit and n.precision == precision
    assert n.bound == "exact"


@pytest.mark.parametrize(
    "text, bound, hedge",
    [("约100万元", "approx", "约"), ("近3000户", "le", "近"), ("逾50%", "gt", "逾"),
     ("600余万元", "ge", "余"), ("10多个", "ge", "多"), ("≥50个", "ge", "≥"),
     ("≤90万元", "le", "≤"), ("100个以上", "ge", "以上"), ("=100%", "exact", "=")],
)
def test_hedges_are_bounds(text: str, bound: str, hedge: str) -> None:
    n = parse_number(text)
    assert n is not None and n.bound == bound and n.hedge == hedge


def test_range() -> None:
    n = parse_number("100-200万元")
    assert n is not None and n.bound == "range"
    assert n.value == D(1_000_000) and n.upper == D(2_000_000) and n.unit == "元"
    assert agrees(n, D(1_500_000)) and not agrees(n, D(2_500_000))


def test_written_and_quantum() -> None:
    n = parse_number("6600万元")
    assert n is not None and n.written == D(6600) and n.quantum == D(10000)
    assert n.in_unit("万元") == D(6600) and n.written_unit == "万元"
    assert parse_number("82.00%").fraction == D("0.8200")  # type: ignore[union-attr]


def test_non_numbers() -> None:
    for t in ["良", "达成预期指标", "—", "", "万元", "统一", "一是", "十分重要", "万利吉祥苑"]:
        assert parse_number(t) is None, t


def test_header_unit_applies_to_bare_cell() -> None:
    n = parse_number("6600", unit="万元")
    assert n is not None and n.value == D(66_000_000) and n.written_unit == "万元"
    # a unit in the cell wins over the header
    n2 = parse_number("50元", unit="万元")
    assert n2 is not None and n2.value == D(50)


@pytest.mark.parametrize(
    "text, unit",
    [("单位：万元", "万元"), ("金额单位：元", "元"), ("预算数（万元）", "万元"), ("执行率(%)", "%"),
     ("单位: 亿元", "亿元"), ("小区名称", None)],
)
def test_unit_in(text: str, unit: str | None) -> None:
    assert unit_in(text) == unit


def test_find_numbers_in_prose_keeps_words() -> None:
    text = "统一规划，一是对蒙维小区等14个老旧小区改造，具有十分重要的意义，总投资为6600万元，最近3年"
    found = find_numbers(text)
    assert [n.text for n in found] == ["14个", "6600万元", "3年"]
    for n in found:
        assert text[n.span[0]:n.span[1]] == n.text  # type: ignore[index]
    assert found[-1].bound == "exact"


def test_find_numbers_chinese_counts_and_dates() -> None:
    found = find_numbers("主要内容包括两个方面，第一批工程对四个小区改造，于2022年6月7日申请，2022-06-08批复")
    assert [(n.value, n.unit) for n in found] == [
        (D(2), "个"), (D(4), "个"), (D(2022), "年"), (D(6), "月"), (D(7), "日")]


def test_decimal_helpers() -> None:
    assert quantize(D("2.675"), 2) == D("2.68")
    assert quantize(D("0.125"), 2) == D("0.13")
    assert quantize(D("86.5"), 0) == D("87")
    assert truncate(D("89.6"), 0) == D("89")
    assert decimals(D("12.30")) == 2 and decimals("86") == 0
    assert ratio(D("25.60"), D(30), 2) == D("85.33")
    assert ratio(D(1), D(0), 2) is None
    assert same_at(D("86.47"), D("86.4650"), 2)
    assert sum_tolerance(3, 2) == D("0.020")
    with pytest.raises(TypeError):
        to_decimal(0.1)  # type: ignore[arg-type]


def test_agrees_at_stated_precision() -> None:
    n = parse_number("86分")
    assert n is not None and agrees(n, D("86.47")) and not agrees(n, D("86.5"))
    m = parse_number("6600万元")
    assert m is not None and agrees(m, D(60_000_000) + D(6_000_000))
    assert not agrees(m, D(80_000_000))
    assert agrees(parse_number("600余万元"), D(6_200_000))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- properties
_DIG = "零一二三四五六七八九"


def _four(x: int, lead: bool) -> str:
    """0 < x < 10000 in Chinese; ``lead`` when a higher group precedes (then zeros show)."""
    out, zero = "", False
    for d, u in zip((x // 1000, x // 100 % 10, x // 10 % 10, x % 10), ("千", "百", "十", "")):
        if d == 0:
            zero = bool(out) or lead
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIG[d] + u
    return out


def to_cn(n: int) -> str:
    if n == 0:
        return "零"
    yi, wan, ge = n // 10**8, n // 10**4 % 10**4, n % 10**4
    out = ""
    if yi:
        out += _four(yi, False) + "亿"
    if wan:
        out += _four(wan, bool(out)) + "万"
    elif out and ge:
        out += "零"
    if ge:
        part = _four(ge, bool(out))
        out += part.lstrip("零") if out.endswith("零") else part
    return out


_CAP = str.maketrans("一二三四五六七八九十百千万亿", "壹贰叁肆伍陆柒捌玖拾佰仟萬億")


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_cn_numeral_round_trip(n: int) -> None:
    s = to_cn(n)
    assert parse_cn(s) == D(n), s
    assert parse_cn(s.translate(_CAP)) == D(n), s


@given(st.integers(min_value=1, max_value=9999))
def test_cn_numeral_counts_in_text(n: int) -> None:
    found = find_numbers(f"共改造{to_cn(n)}个小区")
    assert [(x.value, x.unit) for x in found] == [(D(n), "个")]


_amounts = st.decimals(min_value=0, max_value=D("99999999.99"), places=2, allow_nan=False)


@given(_amounts, st.sampled_from(["元", "千元", "万元", "亿元"]), st.integers(0, 4),
       st.booleans())
def test_money_round_trip(amount: Decimal, unit: str, places: int, sep: bool) -> None:
    value = quantize(amount, places)
    shown = f"{value:,.{places}f}" if sep else f"{value:.{places}f}"
    n = parse_number(shown + unit)
    assert n is not None
    assert n.value == value * MONEY_UNITS[unit] and n.unit == "元"
    assert n.precision == places and n.written == value and n.written_unit == unit
    # the same figure found inside prose
    found = find_numbers(f"资金{shown}{unit}，")
    assert len(found) == 1 and found[0].value == n.value


_FW = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


@given(st.decimals(min_value=0, max_value=D(1000), places=2, allow_nan=False),
       st.booleans())
def test_full_width_digits(value: Decimal, pct: bool) -> None:
    shown = f"{value:.2f}" + ("%" if pct else "")
    a, b = parse_number(shown), parse_number(shown.translate(_FW))
    assert a is not None and b is not None
    assert (a.value, a.unit, a.precision) == (b.value, b.unit, b.precision)


@settings(max_examples=300)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    found = find_numbers(text)
    for n in found:
        assert isinstance(n, Number) and isinstance(n.value, Decimal)
        assert n.span is not None and text[n.span[0]:n.span[1]] == n.text
    parse_number(text)
    parse_cn(text)
    unit_in(text)


_alphabet = st.sampled_from(list("0123456789０１２３.．,%％-~至约近逾余多万亿千百十零〇一二两三四五六七八九元个分年月日整点≥≤=第 陆仟佰"))


@settings(max_examples=300)
@given(st.text(alphabet=_alphabet, max_size=30))
def test_never_raises_on_number_like_text(text: str) -> None:
    for n in find_numbers(text):
        assert text[n.span[0]:n.span[1]] == n.text  # type: ignore[index]
    parse_number(text)
    parse_cn(text)


@given(st.integers(min_value=1, max_value=9999_9999), st.sampled_from(["元", "万元", "亿元"]),
       st.booleans())
def test_chinese_money_round_trip(n: int, unit: str, capital: bool) -> None:
    if unit != "元":
        n = n % 9999 + 1  # 六千六百万元; nobody writes 一万万元
    words = to_cn(n)
    if capital:
        words = words.translate(_CAP)
    text = words + unit + ("整" if capital else "")
    got = parse_number(text)
    assert got is not None, text
    assert got.value == D(n) * MONEY_UNITS[unit] and got.unit == "元", text
    assert got.numeral == ("capital" if capital else "chinese")
