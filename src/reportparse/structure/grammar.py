"""The heading grammar: which numbering family a paragraph starts with, and its value.

Families are data (``patterns/headings.toml``). The grammar never NFKC-normalises: ① and 1
are different families. Full-width digits are read as digits only for the *value*.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..patterns import Patterns

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def cn_small_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, 一百零五 → 105 (small section numbers only)."""
    if not s:
        return None
    total, cur = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            cur = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (cur or 1) * CN_UNITS[ch]
            cur = 0
        else:
            return None
    return total + cur


def circled_value(ch: str) -> int | None:
    o = ord(ch)
    for start, end in ((0x2460, 0x2473), (0x2474, 0x2487), (0x2488, 0x249B), (0x3220, 0x3229)):
        if start <= o <= end:
            return o - start + 1
    return None


@dataclass(frozen=True)
class Family:
    name: str
    group: str
    usual_level: int
    numeral: str
    rx: regex.Pattern[str]


@dataclass(frozen=True)
class Marker:
    family: Family
    marker: str  # as shown, e.g. "（一）"
    value: int | None
    rest: str  # the text after the marker
    depth: int = 1  # for dotted numbers: 1.2.3 → 3

    @property
    def group(self) -> str:
        return self.family.group if self.family.numeral != "dotted" else f"dotted{self.depth}"


_UNSEEN = object()


class Grammar:
    def __init__(self, p: Patterns) -> None:
        cfg = p["headings"]
        self.families = [
            Family(f["name"], f.get("group", f["name"]), int(f.get("usual_level", 3)),
                   f.get("numeral", "arabic"), regex.compile(f["pattern"]))
            for f in cfg.get("family", [])
        ]
        self.usual = {f.group: f.usual_level for f in self.families}
        self.heading = cfg.get("heading", {})
        self.inline = cfg.get("inline", {})
        self.note = regex.compile(self.heading.get("note", r"(?!)"))
        self.glossary = tuple(self.heading.get("glossary_titles", ()))
        # the outline, the list finder and the caption rules ask about the same paragraphs:
        # each text is matched once (bounded, so a huge document cannot grow it without end)
        self._seen: dict[str, Marker | None] = {}

    def match(self, text: str) -> Marker | None:
        found = self._seen.get(text, _UNSEEN)
        if found is not _UNSEEN:
            return found  # type: ignore[return-value]
        if len(self._seen) >= 20_000:
            self._seen.clear()
        self._seen[text] = found = self._match(text)
        return found

    def _match(self, text: str) -> Marker | None:
        for fam in self.families:
            m = fam.rx.match(text, timeout=1.0)
            if not m:
                continue
            num = m.group("num")
            depth = 1
            if fam.numeral == "optional":  # 附件 / 附件1 / 附件一: the number may be absent
                value = (None if not num else cn_small_int(num) if num[0] in CN_DIGITS
                         or num[0] in CN_UNITS else int(num.translate(_FULLWIDTH)))
            elif fam.numeral == "cn":
                value = cn_small_int(num)
            elif fam.numeral == "circled":
                value = circled_value(num)
            elif fam.numeral == "dotted":
                parts = num.translate(_FULLWIDTH).split(".")
                depth = len(parts)
                value = int(parts[-1])
            else:
                value = int(num.translate(_FULLWIDTH))
            return Marker(fam, m.group("marker").strip(), value, text[m.end():].strip(), depth)
        return None

    def top(self, group: str) -> bool:
        """A family that always opens the top level (第一部分/第一章, 附件): it closes every
        open level instead of nesting under the current one."""
        return self.usual.get(group, 9) == 0

    def usual_level(self, group: str) -> int:
        if group.startswith("dotted"):
            return 2 + int(group[6:] or 1)
        return self.usual.get(group, 9)


def grammar(p: Patterns) -> Grammar:
    return p.cached("structure.grammar", Grammar)
