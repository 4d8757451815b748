"""Punctuation of recognised lines made as the text layer of these reports has it, in two
steps: :func:`fix_read` on what the recogniser returns, before the characters get their boxes
(a look-alike mapped back, a lost one-stroke "一" before "、" restored, brackets beside Chinese
text made full-width, a final "°" after Chinese text read as "。"), and :func:`normalised` on
each line once the margin and tail re-reads have run (the context rules below).

Why: the recogniser reads the full-width punctuation of Chinese text as its ASCII look-alike
("，" as ",", "：" as ":"), the full stop "。" as a middle dot "·", a bracket beside a digit in
its ASCII form even when its partner is full-width ("(2）", '"良”'), the 〔〕 of a document number
("国办发〔2020〕23号") as 【】 or a mismatched pair, and a table ruling's remnant or a mark as "|"
(or a lone "l" between Chinese characters). A text
layer has the full-width forms, and the checks compare text and numbers with it in mind, so
each is put back where the context leaves no doubt: next to Chinese text, never between
digits ("1,000" and "3:2" stay).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from .cjk import is_wide

if TYPE_CHECKING:
    from .ocr import OcrLine

# characters the recogniser confuses with look-alikes that never occur in these reports
_LOOKALIKES = str.maketrans({"丶": "、"})
_OPEN, _CLOSE = "([{", ")]}"

#: ASCII punctuation and its full-width form in Chinese text
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HAN = regex.compile(r"\p{Han}")
#: a year in brackets other than a pair of parentheses, between Chinese text and a number:
#: the 〔〕 of a document number, misread
_DOC_YEAR = regex.compile(r"(?<=\p{Han})([【\[［〔(（])(\s*[0-9]{4}\s*)([】\]］〕)）])(?=[0-9])")
_PARENS = ("(（", ")）")


def fix_read(text: str) -> str:
    """What the recogniser read, with look-alike characters mapped back and ASCII brackets
    next to Chinese text made full-width (it returns "(" for "（"; the text layer of these
    reports has the full-width ones). May add a character: a line opening with "、" lost the
    one-stroke "一" before it."""
    text = text.translate(_LOOKALIKES)
    if text.endswith("°") and len(text) > 1 and is_wide(text[-2]):
        text = text[:-1] + "。"  # a full stop after Chinese text, read as a degree sign
    if text.startswith("、"):  # no line opens with 、: the one-stroke 一 before it was missed
        text = "一" + text
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in _OPEN or ch in _CLOSE:
            near = chars[i + 1] if ch in _OPEN and i + 1 < len(chars) else \
                chars[i - 1] if ch in _CLOSE and i else ""
            if near and "\u3400" <= near <= "\u9fff":
                chars[i] = chr(ord(ch) + 0xFEE0)
    return "".join(chars)


def _han(ch: str) -> bool:
    return bool(ch) and bool(_HAN.match(ch))


def _wide(ch: str) -> bool:
    """A Chinese character or full-width punctuation (the text a mark is next to)."""
    return _han(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def normalise_text(text: str) -> list[str]:
    """Per character of ``text``: its replacement ("" drops it)."""
    out = list(text)
    n = len(text)
    for i, ch in enumerate(text):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < n else ""
        if ch in _FULL and (_wide(before) or _han(after)) and not (
                before.isdigit() and after.isdigit()):
            out[i] = _FULL[ch]
        elif ch == "·" and _han(before) and (not after or _wide(after)):
            out[i] = "。"
        elif (ch == "|" and (_wide(before) or _wide(after))) or (
                ch == "l" and _wide(before) and _wide(after)):  # a bar read as a lone "l"
            out[i] = ""
        elif ch == '"' and (_han(before) or _han(after)) and (q := _quote_pair(text, i)):
            out[i] = q
        elif ch == "(" and _partner(text, i, +1) == "）":
            out[i] = "（"
        elif ch == ")" and _partner(text, i, -1) == "（":
            out[i] = "）"
    for m in _DOC_YEAR.finditer(text):
        if not (m.group(1) in _PARENS[0] and m.group(3) in _PARENS[1]):
            out[m.start(1)], out[m.start(3)] = "〔", "〕"
    return out


def _partner(text: str, i: int, step: int) -> str:
    """The nearest closing (``step`` +1) or opening (−1) parenthesis from ``i``, or ""."""
    want = _PARENS[1] if step > 0 else _PARENS[0]
    j = i + step
    while 0 <= j < len(text):
        if text[j] in want:
            return text[j]
        j += step
    return ""


def _quote_pair(text: str, i: int) -> str:
    """The full-width quote an ASCII '"' at ``i`` stands for when its partner was read
    full-width: "“" when the next quote mark after it is a closing "”", "”" when the last one
    before it is an opening "“"; else "" (left as read)."""
    after = next((c for c in text[i + 1:] if c in '"“”'), "")
    before = next((c for c in reversed(text[:i]) if c in '"“”'), "")
    if after == "”":
        return "“"
    return "”" if before == "“" else ""


def normalised(ln: OcrLine) -> OcrLine:
    """``ln`` with its punctuation normalised (characters keep their boxes; a dropped mark
    drops its box)."""
    from .ocr import OcrChar, OcrLine

    new = normalise_text(ln.text)
    if "".join(new) == ln.text:
        return ln
    chars: list[OcrChar] = []
    visible = iter(ln.chars)
    for ch, rep in zip(ln.text, new):
        if ch.isspace():
            continue
        c = next(visible, None)
        if c is not None and rep:
            chars.append(OcrChar(rep, c.box))
    return OcrLine("".join(new), ln.box, ln.confidence, tuple(chars))
