"""Word automatic numbering, rendered the way Word displays it.

Why this module exists: the ``一、`` / ``（一）`` of most Chinese reports is not in the text of a
.docx but in ``word/numbering.xml``; parsers that ignore it (or render every non-decimal format
as ``1.`` or a bullet) lose the outline. This module keeps one counter set per abstract list,
applies ``start``/``startOverride``/``lvlRestart``, formats every ``numFmt`` seen in Chinese
documents and fills the ``lvlText`` template (``%1、``, ``（%2）``, ``%1.%2``, ``第%1部分``).

Counters: numbering instances (``w:num``) that point at the same ``w:abstractNum`` continue one
sequence, as in Word, unless the instance carries a ``startOverride`` for a level, which restarts
that level the first time the instance is used.

An unknown ``numFmt`` is rendered as decimal *and reported* (never silently turned into a bullet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = f"{{{W}}}"  # "{namespace}" prefix of WordprocessingML tag names
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(WP + "val", default)


def _int(el: etree._Element | None, default: int | None = None) -> int | None:
    v = _val(el)
    if v is None:
        return default
    try:
        n = int(v)
    except ValueError:
        return default
    return n if -(10**12) < n < 10**12 else default


# --------------------------------------------------------------------------- number formats
_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TW_LEGAL = "零壹貳參肆伍陸柒捌玖"
_GAN = "甲乙丙丁戊己庚辛壬癸"
_ZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_IDEO_PAREN = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
_IDEO_CIRCLE = "㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉"


def _cn_count(n: int, digits: str = "零一二三四五六七八九", units: str = "十百千",
              myriad: str = "万亿", short_ten: bool = True) -> str:
    """Chinese counting: 1→一, 10→十, 11→十一, 20→二十, 101→一百零一, 10000→一万."""
    if n == 0:
        return "〇" if digits[0] == "零" and digits[1] == "一" else digits[0]
    if n < 0:
        return "-" + _cn_count(-n, digits, units, myriad, short_ten)

    def below_10k(m: int) -> str:
        out = ""
        zero = False
        for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
            d, m = divmod(m, power)
            if d:
                if zero and out:
                    out += digits[0]
                out += digits[d] + unit
                zero = False
            else:
                zero = True
        return out

    groups: list[int] = []
    while n:
        n, g = divmod(n, 10000)
        groups.append(g)
    out = ""
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if not g:
            continue
        part = below_10k(g)
        if out and g < 1000:
            out += digits[0]
        out += part + (myriad[i - 1] if i else "")
    # 一十 → 十 at the very start (Word writes 十一, not 一十一)
    if short_ten and out.startswith(digits[1] + units[0]):
        out = out[1:]
    return out


def _cn_legal(n: int, digits: str) -> str:
    return _cn_count(n, digits=digits, units="拾佰仟", myriad="万亿", short_ten=False)


def _letters(n: int, upper: bool) -> str:
    # Word: A..Z, then AA..ZZ, AAA.. (the letter repeated)
    if n <= 0:
        return str(n)
    ch = chr(ord("A" if upper else "a") + (n - 1) % 26)
    return ch * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _zero_padded(width: int) -> Callable[[int], str]:
    return lambda n: f"{n:0{width}d}"


def _ordinal_suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _table(chars: str, n: int) -> str:
    """A fixed glyph series (①…⑳); past its end Word falls back to decimal."""
    return chars[n - 1] if 1 <= n <= len(chars) else str(n)


def _cycle(chars: str, n: int) -> str:
    return chars[(n - 1) % len(chars)] if n >= 1 else str(n)


FORMATTERS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    **{f"decimalZero{w}": _zero_padded(w) for w in range(2, 10)},
    "decimalHalfWidth": str,
    "decimalFullWidth": lambda n: str(n).translate(_FULLWIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(_FULLWIDTH),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": lambda n: _letters(n, True),
    "lowerLetter": lambda n: _letters(n, False),
    "chineseCounting": _cn_count,
    "chineseCountingThousand": _cn_count,
    "japaneseCounting": _cn_count,
    "taiwaneseCounting": _cn_count,
    "taiwaneseCountingThousand": _cn_count,
    "koreanCounting": _cn_count,
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "japaneseDigitalTenThousand": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: _cn_legal(n, _CN_LEGAL),
    "ideographLegalTraditional": lambda n: _cn_legal(n, _TW_LEGAL),
    "japaneseLegal": lambda n: _cn_legal(n, _TW_LEGAL),
    "ideographTraditional": lambda n: _cycle(_GAN, n),
    "ideographZodiac": lambda n: _cycle(_ZHI, n),
    "ideographZodiacTraditional": lambda n: _cycle(_GAN, n) + _cycle(_ZHI, n),
    "decimalEnclosedCircle": lambda n: _table(_CIRCLED, n),
    "decimalEnclosedCircleChinese": lambda n: _table(_CIRCLED, n),
    "decimalEnclosedParen": lambda n: _table(_PAREN, n),
    "decimalEnclosedFullstop": lambda n: _table(_FULLSTOP, n),
    "ideographEnclosedCircle": lambda n: _table(_IDEO_CIRCLE, n),
    "ideographEnclosedParen": lambda n: _table(_IDEO_PAREN, n),  # not in the spec, seen in files
    "ordinal": lambda n: f"{n}{_ordinal_suffix(n)}",
    "none": lambda n: "",
}

# bullet glyphs of the Symbol/Wingdings private-use area → what a reader sees
BULLET_GLYPHS = {"\uf0b7": "•", "\uf06c": "●", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖",
                  "\uf0fc": "✓", "\uf0a8": "□", "\uf06e": "■", "\uf075": "◆", "\uf0d2": "◆"}


def format_number(n: int, fmt: str) -> str | None:
    """``n`` in the numFmt ``fmt``; ``None`` when the format is unknown."""
    f = FORMATTERS.get(fmt)
    if f is None:
        return None
    if not 0 <= n <= 10**9:  # absurd counters (a hostile w:start) stay decimal and short
        return "" if fmt == "none" else str(n)
    return f(n)


# --------------------------------------------------------------------------- definitions
#: characters of an lvlText template kept (Word's are a few; a hostile one of 300,000 would be
#: copied into every numbered paragraph)
MAX_LVL_TEXT = 64


@dataclass
class Level:
    start: int = 0
    fmt: str = "decimal"
    text: str | None = None  # lvlText template; None means no number text
    restart: int | None = None  # lvlRestart (1-based level; 0 = never restart)
    is_lgl: bool = False
    suff: str = "tab"
    pstyle: str | None = None


@dataclass
class NumInstance:
    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


def _ilvl(el: etree._Element) -> int:
    v = el.get(WP + "ilvl", "0")
    return int(v) if v.isascii() and v.isdigit() and int(v) <= 8 else 0


def _num_fmt(lvl: etree._Element) -> str:
    """The level's numFmt. Word 2010+ writes custom formats (``001, 002, 003``) as an
    ``mc:AlternateContent`` whose Choice says ``custom`` and whose Fallback has a classic one:
    zero-padded decimals are understood (``decimalZeroN``), anything else uses the Fallback."""
    el = lvl.find(WP + "numFmt")
    if el is not None:
        return el.get(WP + "val") or "decimal"
    alt = lvl.find(_MC + "AlternateContent")
    if alt is None:
        return "decimal"
    choice = alt.find(f"{_MC}Choice/{WP}numFmt")
    if choice is not None and choice.get(WP + "val") == "custom":
        first = (choice.get(WP + "format") or "").split(",")[0].strip()
        if first.isascii() and first.isdigit() and 1 < len(first) <= 9 and int(first) == 1:
            return f"decimalZero{len(first)}"
    fallback = alt.find(f"{_MC}Fallback/{WP}numFmt")
    return (fallback.get(WP + "val") if fallback is not None else None) or "decimal"


def _parse_level(lvl: etree._Element) -> Level:
    level = Level()
    level.start = _int(lvl.find(WP + "start"), 0) or 0  # omitted: 0 (ISO 29500 §17.9.26)
    level.fmt = _num_fmt(lvl)
    t = lvl.find(WP + "lvlText")
    level.text = None if t is None else t.get(WP + "val", "")[:MAX_LVL_TEXT]
    r = lvl.find(WP + "lvlRestart")
    level.restart = _int(r) if r is not None else None
    lgl = lvl.find(WP + "isLgl")
    level.is_lgl = lgl is not None and _val(lgl, "true") not in ("0", "false", "off")
    level.suff = _val(lvl.find(WP + "suff"), "tab") or "tab"
    level.pstyle = _val(lvl.find(WP + "pStyle"))
    return level


class Numbering:
    """The numbering definitions of a document plus the running counters.

    ``label(num_id, ilvl)`` advances the counters and returns the rendered label (or ``None``
    for an unknown list / explicitly removed numbering). Unknown formats are collected in
    ``unknown_formats`` for the reader to report.
    """

    def __init__(self, root: etree._Element | None, style_num: dict[str, tuple[str, int | None]]
                 | None = None) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNumId -> numStyleLink style id
        self.nums: dict[str, NumInstance] = {}
        self.style_num = style_num or {}
        self.unknown_formats: set[str] = set()
        self._counts: dict[str, list[int | None]] = {}
        self._applied: set[tuple[str, int]] = set()
        if root is None:
            return
        for an in root.iter(WP + "abstractNum"):
            aid = an.get(WP + "abstractNumId", "")
            self.abstracts[aid] = {_ilvl(lvl): _parse_level(lvl) for lvl in an.findall(WP + "lvl")}
            link = _val(an.find(WP + "numStyleLink"))
            if link:
                self.style_links[aid] = link
        for num in root.iter(WP + "num"):
            nid = num.get(WP + "numId", "")
            inst = NumInstance(_val(num.find(WP + "abstractNumId"), "") or "")
            for ov in num.findall(WP + "lvlOverride"):
                ilvl = _ilvl(ov)
                so = ov.find(WP + "startOverride")
                if so is not None:
                    inst.start_overrides[ilvl] = _int(so, 1) or 0
                lvl = ov.find(WP + "lvl")
                if lvl is not None:
                    inst.level_overrides[ilvl] = _parse_level(lvl)
            self.nums[nid] = inst

    # -- resolution ---------------------------------------------------------------------
    def _abstract_id(self, num_id: str) -> str | None:
        inst = self.nums.get(num_id)
        if inst is None:
            return None
        aid = inst.abstract
        # numStyleLink: the abstract list is defined through a numbering style
        for _ in range(3):
            link = self.style_links.get(aid)
            if not link or link not in self.style_num:
                break
            linked = self.nums.get(self.style_num[link][0])
            if linked is None or linked.abstract == aid:
                break
            aid = linked.abstract
        return aid

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        """The level whose ``w:pStyle`` names ``style_id`` (numbering attached by style)."""
        aid = self._abstract_id(num_id)
        for ilvl, lvl in (self.abstracts.get(aid or "", {})).items():
            if lvl.pstyle == style_id:
                return ilvl
        return None

    def _level(self, num_id: str, aid: str, ilvl: int) -> Level | None:
        inst = self.nums[num_id]
        if ilvl in inst.level_overrides:
            return inst.level_overrides[ilvl]
        return self.abstracts.get(aid, {}).get(ilvl)

    # -- counting -----------------------------------------------------------------------
    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Advance the counter of (list, level) and render it: ``(label, suffix)``."""
        if num_id in ("", "0") or num_id not in self.nums:
            return None
        aid = self._abstract_id(num_id)
        if aid is None or aid not in self.abstracts:
            return None
        ilvl = max(0, min(ilvl, 8))
        lvl = self._level(num_id, aid, ilvl)
        if lvl is None:
            return None
        counts = self._counts.setdefault(aid, [None] * 9)
        inst = self.nums[num_id]
        if ilvl in inst.start_overrides and (num_id, ilvl) not in self._applied:
            self._applied.add((num_id, ilvl))
            counts[ilvl] = inst.start_overrides[ilvl]
        elif counts[ilvl] is None:
            counts[ilvl] = lvl.start
        else:
            counts[ilvl] = (counts[ilvl] or 0) + 1
        # deeper levels restart unless their lvlRestart says otherwise
        for k in range(ilvl + 1, 9):
            # Word ignores lvlRestart in an override's w:lvl (MS-OI29500): the abstract's counts
            deeper = self.abstracts.get(aid, {}).get(k)
            restart = deeper.restart if deeper is not None else None
            if restart is None or (restart != 0 and ilvl <= restart - 1):
                counts[k] = None
        if lvl.fmt == "bullet":
            text = lvl.text or ""
            return "".join(BULLET_GLYPHS.get(ch, ch) for ch in text), lvl.suff
        if lvl.text is None:
            return "", lvl.suff
        return self._render(num_id, aid, lvl, counts), lvl.suff

    def _render(self, num_id: str, aid: str, lvl: Level, counts: list[int | None]) -> str:
        out: list[str] = []
        t = lvl.text or ""
        i = 0
        while i < len(t):
            ch = t[i]
            if ch == "%" and i + 1 < len(t) and t[i + 1] in "123456789":
                k = int(t[i + 1]) - 1
                ref = self._level(num_id, aid, k) or Level()
                n = counts[k]
                if n is None:
                    n = self.nums[num_id].start_overrides.get(k, ref.start)
                fmt = "decimal" if (lvl.is_lgl and ref.fmt != "none") else ref.fmt
                s = format_number(n, fmt)
                if s is None:
                    self.unknown_formats.add(fmt)
                    s = str(n)
                out.append(s)
                i += 2
            else:
                out.append(ch)
                i += 1
        return "".join(out)
