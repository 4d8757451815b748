"""Numbers as reports write them: exact ``Decimal`` values with unit, precision and hedges.

One module used by every stage that reads a figure (tables, facts, checks). Rules
(``domain.md`` §6):

* values are ``Decimal`` built from the *string*; never floats, never Python ``round()``;
  rounding is ``ROUND_HALF_UP`` through :func:`quantize`;
* ``precision`` is the number of decimals *shown* (``82.00%`` → 2, ``86`` → 0) — the checker
  compares at that precision (:func:`agrees`, :func:`same_at`, :func:`sum_tolerance`);
* money is normalised to 元 exactly (元/千元/万元/百万元/千万元/亿元); ``written`` keeps the
  figure in the unit it was written in;
* hedges (约 ≈, 近 ≤, 逾 >, 余/多 ≥, 以上/以下, comparators ≥ ≤ < > =) give a *bound*, not
  an exact value; ranges ``100-200万元`` give ``value`` (low) and ``upper``;
* Chinese numerals (``十四``, ``六千六百万``, ``二〇二二``, ``两千``, ``百分之八十五``) and
  大写 (``陆仟陆佰万元整``) are read by a small hand-rolled parser, and only on spans that a
  unit or classifier marks as a number (so 统一/一般/一是/十分重要 are never numbers);
* full-width digits and punctuation (``８６．４７``) are translated inside number spans only.

Public API: :class:`Number` (defined in ``reportparse.models`` so that facts and typed tables
can hold it; re-exported here), :func:`parse_number`, :func:`find_numbers`, :func:`parse_cn`,
:func:`with_unit`, :func:`unit_scale`, :func:`unit_in`, ``MONEY_UNITS``, ``MULTIPLIERS``, and
the precision-aware helpers :func:`quantize`, :func:`truncate`, :func:`decimals`,
:func:`ratio`, :func:`same_at`, :func:`sum_tolerance`, :func:`agrees`, :func:`to_decimal`.
None of them raises on arbitrary text: unparseable input gives ``None`` / ``[]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

import regex as re

from ..models import MONEY_UNITS, Bound, Number, Numeral, _integral

ONE = Decimal(1)
HUNDRED = Decimal(100)

# --------------------------------------------------------------------------- units
#: multipliers written between a figure and its unit ("6600万元", "3万户", "1.2亿")
MULTIPLIERS: dict[str, Decimal] = {
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "万": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8,
    "千": Decimal(10) ** 3,
    "萬": Decimal(10) ** 4,
    "億": Decimal(10) ** 8,
}
_UNIT_ALIASES = {"％": "%", "圆": "元", "個": "个", "百分点": "个百分点"}

# units that may follow a figure, longest first (a Chinese numeral needs one of these, or
# 百分之, to count as a number at all)
_UNITS = [
    "个百分点", "百分点", "平方公里", "平方米", "立方米", "万平方米", "公里", "千米", "公顷",
    "个月", "小时", "人次", "季度", "元", "圆", "%", "％", "‰", "分",
    "个", "個", "项", "家", "所", "名", "人", "户", "次", "条", "件", "台", "套", "座", "栋", "幢",
    "处", "批", "类", "种", "份", "篇", "本", "期", "间", "张", "辆", "盏", "根", "块", "株",
    "棵", "亩", "吨", "米", "年", "月", "日", "天", "周", "倍", "层", "位", "场", "轮", "届",
    "方面", "部", "支", "只", "段", "所", "村", "镇", "区", "组", "队", "课时", "册",
]
_UNITS = sorted(set(_UNITS), key=len, reverse=True)

_D = "0-9０-９"
_ARABIC = rf"(?:[{_D}]{{1,3}}(?:,[{_D}]{{3}})++(?![{_D}])|[{_D}]++)(?:[.．][{_D}]++)?+"
_CN_DIGITS = "零〇○一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
_CN_MULTS = "十拾百佰千仟万萬亿億"
_CN = rf"[{_CN_DIGITS}{_CN_MULTS}]+(?:点[{_CN_DIGITS}]+[{_CN_MULTS}]?)?"

_PRE_HEDGES: dict[str, Bound] = {
    "约为": "approx", "大约": "approx", "约": "approx", "将近": "le", "接近": "le", "近": "le",
    "逾": "gt", "超过": "gt", "超": "gt", "高于": "gt", "大于": "gt", "多于": "gt",
    "不低于": "ge", "不少于": "ge", "不小于": "ge", "至少": "ge",
    "不高于": "le", "不超过": "le", "不大于": "le", "不多于": "le", "最多": "le",
    "不足": "lt", "不到": "lt", "低于": "lt", "小于": "lt", "少于": "lt",
    "≥": "ge", "≧": "ge", ">=": "ge", "＞＝": "ge", "≤": "le", "≦": "le", "<=": "le", "＜＝": "le",
    ">": "gt", "＞": "gt", "<": "lt", "＜": "lt", "=": "exact", "＝": "exact",
}
_POST_HEDGES: dict[str, Bound] = {
    "余": "ge", "多": "ge", "以上": "ge", "以下": "le", "左右": "approx", "以内": "le",
    "之内": "le",
}


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MULT_RE = r"(?:千万|百万|万|萬|亿|億|千(?![米克瓦]))"
_UNIT_RE = _alt(_UNITS)
_PRE = rf"(?:(?P<pre>{_alt(_PRE_HEDGES)})\s*)?"
_POST1 = r"(?P<post1>余|多)?"
_POST2 = r"(?P<post2>以上|以下|左右|以内|之内)?"

# the scanner: dates with dashes are skipped; ranges; 百分之X; arabic; Chinese
_SCAN = re.compile(
    rf"""
    (?P<date>(?<![{_D}])[{_D}]{{4}}[-/.．][{_D}]{{1,2}}[-/.．][{_D}]{{1,2}}(?![{_D}]))
  | (?<![{_D}.．])(?P<lo>{_ARABIC})\s*(?P<lomult>{_MULT_RE})?(?P<lounit>{_UNIT_RE})?
      \s*(?:-|－|—|–|~|～|〜|至|到)\s*
      (?P<hi>{_ARABIC})(?P<himult>{_MULT_RE})?(?P<hiunit>{_UNIT_RE})?
      (?(lounit)|(?(hiunit)|(?!)))
  | {_PRE}(?:
        百分之(?P<pct_ar>{_ARABIC})
      | 百分之(?P<pct_cn>[{_CN_DIGITS}十拾百佰点]+)
      | (?<![{_D}.．])(?P<sign>[-−－])?(?P<ar>{_ARABIC}){_POST1}
          (?P<mult>{_MULT_RE})?(?P<unit>{_UNIT_RE})?(?P<zheng>整)?{_POST2}
      | (?<![第{_CN_DIGITS}{_CN_MULTS}])(?P<cn>{_CN}){_POST1}(?P<cnunit>元整|{_UNIT_RE}){_POST2}
    )
    """,
    re.VERBOSE,
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，－", "0123456789.%,-")


def _scaled(v: Decimal, scale: Decimal) -> Decimal:
    """``v × scale``; when a multiplier applies, drop the decimals it makes spurious."""
    return v if scale == ONE else _integral(v * scale)


# --------------------------------------------------------------------------- decimal helpers
def to_decimal(x: Decimal | int | str) -> Decimal:
    """A Decimal from an int, a Decimal or a numeric string (full-width digits, 千分位 commas
    allowed). Floats are refused: they carry binary noise."""
    if isinstance(x, float):
        raise TypeError("floats are not accepted; pass the string as written")
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):
        return Decimal(x)
    return Decimal(str(x).strip().translate(_FULLWIDTH).replace(",", ""))


def quantize(x: Decimal, places: int) -> Decimal:
    """``x`` rounded HALF_UP to ``places`` decimals (negative places round to tens etc.)."""
    return to_decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def truncate(x: Decimal, places: int) -> Decimal:
    """``x`` cut (toward zero) to ``places`` decimals: a truncating report's rounding."""
    return to_decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def decimals(x: Decimal | str) -> int:
    """Decimals shown: ``Decimal("12.30")`` → 2, ``"86"`` → 0, ``"8.6E+3"`` → 0."""
    try:
        d = to_decimal(x)
    except (InvalidOperation, TypeError, ValueError):
        return 0
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def ratio(num: Decimal, den: Decimal, places: int, *, percent: bool = True) -> Decimal | None:
    """``num/den`` (×100 when ``percent``) rounded HALF_UP to ``places``; ``None`` if den is 0."""
    num, den = to_decimal(num), to_decimal(den)
    if den == 0:
        return None
    q = num / den
    return quantize(q * HUNDRED if percent else q, places)


def same_at(a: Decimal, b: Decimal, places: int) -> bool:
    """Equal once both are rounded HALF_UP to ``places`` decimals."""
    return quantize(a, places) == quantize(b, places)


def sum_tolerance(n_addends: int, places: int) -> Decimal:
    """How far a printed total may sit from the sum of ``n`` printed addends, each rounded
    to ``places`` decimals: (n+1)×0.5×10^-places (the total's own rounding counts too)."""
    return Decimal(n_addends + 1) * Decimal("0.5") * Decimal(1).scaleb(-places)


def agrees(stated: Number, actual: Decimal, *, approx: Decimal = Decimal("0.1")) -> bool:
    """Does a stated figure agree with an exact value (both normalised, e.g. in 元)?

    ``exact``: ``actual`` rounded HALF_UP to the stated resolution equals the statement
    (``86分`` agrees with 86.47, ``6600万元`` with 66,000,000); bounds compare one-sided;
    ``approx`` allows a relative ``approx`` (10%) either side.
    """
    actual = to_decimal(actual)
    v = stated.value
    match stated.bound:
        case "exact":
            q = stated.quantum
            return (actual / q).quantize(ONE, rounding=ROUND_HALF_UP) * q == v
        case "ge":
            return actual >= v
        case "gt":
            return actual > v
        case "le":
            return actual <= v
        case "lt":
            return actual < v
        case "range":
            return v <= actual <= (stated.upper if stated.upper is not None else v)
        case _:
            return abs(actual - v) <= abs(v) * approx


# --------------------------------------------------------------------------- units
def unit_scale(unit: str | None) -> Decimal | None:
    """Factor from ``unit`` to 元 for a money unit (``万元`` → 10000), else ``None``."""
    if unit is None:
        return None
    return MONEY_UNITS.get(_UNIT_ALIASES.get(unit, unit).replace("人民币", ""))


_UNIT_LINE = re.compile(
    rf"(?:金额|资金|价格|数量|计量)?单位\s*[:：]?\s*(?:人民币)?\s*(?P<u>{_alt(list(MONEY_UNITS))}|%|％|个|人|户|分)"
)
_UNIT_PAREN = re.compile(
    rf"[（(]\s*(?:单位\s*[:：]\s*)?(?:人民币)?\s*(?P<u>{_alt(list(MONEY_UNITS))}|%|％)\s*[）)]"
)


def unit_in(text: str) -> str | None:
    """The unit a unit line or header declares: ``单位：万元`` / ``金额单位：元`` /
    ``预算数（万元）`` / ``执行率(%)`` → ``万元`` / ``元`` / ``万元`` / ``%``."""
    if not text:
        return None
    t = text.replace(" ", "").replace("\u3000", "")
    m = _UNIT_LINE.search(t) or _UNIT_PAREN.search(t)
    if not m:
        return None
    u = m.group("u")
    return _UNIT_ALIASES.get(u, u)


# --------------------------------------------------------------------------- Chinese numerals
_CN_DIGIT_VALUE = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CAPITAL = set("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億")


def _cn_int(s: str) -> int | None:
    """An integer Chinese numeral; ``None`` when the characters do not form one."""
    if not s:
        return None
    if all(c in _CN_DIGIT_VALUE for c in s):
        # positional digits: 二〇二二 → 2022 (a lone 零 is 0)
        return int("".join(str(_CN_DIGIT_VALUE[c]) for c in s))
    total = section = 0
    number: int | None = None
    last_small = last_big = 0  # multipliers must decrease within a section / across sections
    prev = ""
    for c in s:
        if c in _CN_DIGIT_VALUE:
            if number not in (None, 0):
                return None  # two digits with no multiplier between them (二二千)
            number = _CN_DIGIT_VALUE[c]
        elif c in _CN_SMALL:
            m = _CN_SMALL[c]
            if last_small and m >= last_small:
                return None  # 一十百
            if number is None:
                if prev and prev not in _CN_BIG and prev not in "零〇○":
                    return None
                number = 1  # 十四 → 14
            section += number * m
            number = None
            last_small = m
        elif c in _CN_BIG:
            m = _CN_BIG[c]
            part = section + (number or 0)
            if part == 0 and prev not in _CN_BIG:
                return None  # 万 alone, 零万
            if m == 10**8:
                if last_big == 10**8 and part:
                    return None
                total = (total + part) * m
            else:
                if last_big == 10**4:
                    return None  # 一万二万
                total += part * m
            section = 0
            number = None
            last_small = 0
            last_big = m
        else:
            return None
        prev = c
    if number and len(s) >= 2 and s[-2] not in _CN_DIGIT_VALUE:
        # 一万五 → 15000, 两千五 → 2500, 十五 → 15: a trailing digit after a multiplier
        mult = _CN_SMALL.get(s[-2]) or _CN_BIG.get(s[-2]) or 10
        number *= max(mult // 10, 1)
    return total + section + (number or 0)


def parse_cn(text: str) -> Decimal | None:
    """A Chinese numeral (小写 or 大写, with 点 decimals) as a Decimal, else ``None``.

    ``十四`` → 14, ``六千六百万`` → 66000000, ``二〇二二`` → 2022, ``两千`` → 2000,
    ``陆仟陆佰万`` → 66000000, ``一点二亿`` → 120000000, ``百分之`` is not handled here.
    """
    s = (text or "").strip()
    if not s or len(s) > 40:
        return None
    if "点" in s:
        head, _, tail = s.partition("点")
        mult = 1
        if tail and tail[-1] in _CN_BIG:
            mult = _CN_BIG[tail[-1]]
            tail = tail[:-1]
        elif tail and tail[-1] in _CN_SMALL:
            mult = _CN_SMALL[tail[-1]]
            tail = tail[:-1]
        if not tail or any(c not in _CN_DIGIT_VALUE for c in tail):
            return None
        ip = _cn_int(head) if head else 0
        if ip is None:
            return None
        frac = "".join(str(_CN_DIGIT_VALUE[c]) for c in tail)
        return Decimal(f"{ip}.{frac}") * mult
    v = _cn_int(s)
    return None if v is None else Decimal(v)


# --------------------------------------------------------------------------- parsing
def _arabic(s: str) -> Decimal | None:
    try:
        return Decimal(s.translate(_FULLWIDTH).replace(",", ""))
    except (InvalidOperation, ValueError):
        return None


def _unit_parts(mult: str | None, unit: str | None) -> tuple[Decimal, str | None, str | None]:
    """(scale, base unit, written unit) for a multiplier + unit pair."""
    unit = _UNIT_ALIASES.get(unit, unit) if unit else None
    scale = MULTIPLIERS[mult] if mult else ONE
    written = f"{mult or ''}{unit or ''}" or None
    return scale, unit, written


def _split_cn_scale(cn: str) -> tuple[str, str | None]:
    """``六千六百万`` → (``六千六百``, ``万``): a trailing 万/亿 is the written unit's multiplier
    when the rest holds no multiplier as large (``一亿二千万`` keeps its 万)."""
    if len(cn) > 1 and cn[-1] in "万萬" and not any(c in "万萬亿億" for c in cn[:-1]):
        return cn[:-1], cn[-1]
    if len(cn) > 1 and cn[-1] in "亿億" and not any(c in "亿億" for c in cn[:-1]):
        return cn[:-1], cn[-1]
    return cn, None


def _number_from_match(m: re.Match[str], offset: int = 0) -> Number | None:
    text = m.group(0)
    span = (m.start() + offset, m.end() + offset)
    if m.group("date") is not None:
        return None
    if m.group("lo") is not None:
        lo, hi = _arabic(m.group("lo")), _arabic(m.group("hi"))
        if lo is None or hi is None:
            return None
        mult = m.group("himult") or m.group("lomult")
        unit = m.group("hiunit") or m.group("lounit")
        scale, base, written = _unit_parts(mult, unit)
        lo_scale = MULTIPLIERS[m.group("lomult")] if m.group("lomult") else scale
        prec = max(decimals(m.group("lo").translate(_FULLWIDTH).replace(",", "")),
                   decimals(m.group("hi").translate(_FULLWIDTH).replace(",", "")))
        return Number(value=_scaled(lo, lo_scale), upper=_scaled(hi, scale), unit=base, written_unit=written,
                      scale=scale, precision=prec, bound="range", hedge=None, text=text,
                      span=span)

    pre = m.group("pre")
    if pre and pre[-1] == "近" and m.start() > 0 and m.string[m.start() - 1] in "最附":
        pre = None  # 最近3年, 附近: not a hedge
        text, span = text[1:], (span[0] + 1, span[1])
    bound: Bound = _PRE_HEDGES[pre] if pre else "exact"
    hedge = pre
    for g in ("post1", "post2"):
        w = m.group(g)
        if w:
            hedge = f"{hedge}{w}" if hedge else w
            if bound == "exact" or (pre in ("=", "＝")):
                bound = _POST_HEDGES[w]
    if pre in ("=", "＝"):
        hedge = pre if bound == "exact" else hedge

    if m.group("pct_ar") is not None or m.group("pct_cn") is not None:
        if m.group("pct_ar") is not None:
            v = _arabic(m.group("pct_ar"))
            numeral: Numeral = "arabic"
            prec = decimals(m.group("pct_ar").translate(_FULLWIDTH).replace(",", ""))
        else:
            raw = m.group("pct_cn")
            v = parse_cn(raw)
            numeral = "capital" if any(c in _CAPITAL for c in raw) else "chinese"
            prec = len(raw.partition("点")[2])
        if v is None:
            return None
        return Number(value=v, unit="%", written_unit="%", precision=prec, bound=bound,
                      hedge=hedge, numeral=numeral, text=text, span=span)

    if m.group("ar") is not None:
        raw = m.group("ar").translate(_FULLWIDTH).replace(",", "")
        v = _arabic(raw)
        if v is None:
            return None
        if m.group("sign"):
            v = -v
        scale, base, written = _unit_parts(m.group("mult"), m.group("unit"))
        return Number(value=_scaled(v, scale), unit=base, written_unit=written, scale=scale,
                      precision=decimals(raw), bound=bound, hedge=hedge, numeral="arabic",
                      text=text, span=span)

    cn = m.group("cn")
    if cn is None:
        return None
    unit = m.group("cnunit")
    if unit == "元整":
        unit = "元"
    if unit == "分":  # 十分重要: a Chinese numeral before 分 is an adverb, not a score
        return None
    body, mult = _split_cn_scale(cn)
    v = parse_cn(body)
    if v is None:
        return None
    if not any(c in _CN_DIGIT_VALUE for c in cn) and cn[0] not in "十拾":
        return None  # 万/千/百 alone (万利吉祥苑, 千元)
    scale, base, written = _unit_parts(mult, unit)
    numeral = "capital" if any(c in _CAPITAL for c in cn) else "chinese"
    return Number(value=_scaled(v, scale), unit=base, written_unit=written, scale=scale,
                  precision=len(body.partition("点")[2].rstrip("十拾百佰千仟万萬亿億")),
                  bound=bound, hedge=hedge, numeral=numeral, text=text, span=span)


def find_numbers(text: str) -> list[Number]:
    """Every figure in ``text`` with its span, in order. Dates written ``2022-06-07`` are
    skipped (see ``facts.find_dates``); ``2022年6月7日`` gives three numbers (年/月/日)."""
    if not text:
        return []
    out: list[Number] = []
    try:
        for m in _SCAN.finditer(text):
            n = _number_from_match(m)
            if n is not None:
                out.append(n)
    except (InvalidOperation, ValueError, OverflowError):  # pragma: no cover - defensive
        return out
    return out


def parse_number(text: str | None, *, unit: str | None = None) -> Number | None:
    """The figure a whole string (a table cell, a span) states, or ``None``.

    The string must be *one* figure, optionally with a comparator/hedge, unit and 整 (spaces
    and a trailing ``。`` ignored): ``"86.47"``, ``"82.00%"``, ``"≥50个"``, ``"6,600.00"``,
    ``"陆仟陆佰万元整"``. ``unit`` is the unit that applies when the cell shows none (a header
    ``(万元)`` or a table's ``单位：万元``), following cell > header > table > document.
    """
    if not text:
        return None
    s = text.strip().replace(" ", "").replace("\u3000", "").rstrip("。;；")
    if not s or len(s) > 60:
        return None
    m = _SCAN.fullmatch(s)
    if m is None:
        return None
    n = _number_from_match(m)
    if n is None:
        return None
    if n.written_unit is None and unit:
        n = with_unit(n, unit)
    return n.model_copy(update={"text": text, "span": None})


def with_unit(n: Number, unit: str) -> Number:
    """``n`` (a bare figure) read in ``unit`` (``"万元"``, ``"%"``…), value normalised."""
    u = _UNIT_ALIASES.get(unit, unit)
    if u in MONEY_UNITS:
        scale, base = MONEY_UNITS[u], "元"
    else:
        scale, base = ONE, u
    upper = _scaled(n.upper, scale) if n.upper is not None else None
    return n.model_copy(update={"value": _scaled(n.value, scale), "upper": upper, "scale": scale,
                                "unit": base, "written_unit": u})
