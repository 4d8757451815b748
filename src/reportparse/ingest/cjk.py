"""CJK-aware text joining, shared by the PDF and markup readers.

Why: every PDF/OCR tool breaks Chinese sentences at visual line ends and invents spaces where a
CJK font meets a Latin font ("XX 市 2023 年度"). Chinese text never carries a space between a
Han character and its neighbour, while Latin words and numbers need theirs. These helpers decide
spaces from the characters on both sides, never from the tool's guess.
"""

from __future__ import annotations

import regex

# Han, CJK punctuation, full-width forms, kana/hangul: "wide" characters that take no spaces
_WIDE = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef\u2014-\u2027\u00b7"
_WIDE_RE = regex.compile(f"[{_WIDE}]")
# a run of horizontal whitespace touching a wide character on either side
_SPACE_AT_WIDE = regex.compile(f"(?<=[{_WIDE}])[ \\t\\u00a0\\u3000]+|[ \\t\\u00a0\\u3000]+(?=[{_WIDE}])")
_MULTI_SPACE = regex.compile(r"[ \t\u00a0]{2,}")


def is_wide(ch: str) -> bool:
    """True for a character written without surrounding spaces (Han, CJK punctuation…)."""
    if "\u4e00" <= ch[:1] <= "\u9fff":  # the common case, without the regex (a hot path)
        return True
    return bool(ch) and _WIDE_RE.match(ch) is not None


# a leading dotted outline number ("1.1 项目背景"): its space is the separator the heading
# grammar needs ("1.2亿元" is a figure, not a heading), so it is kept as one space
_DOTTED_LEAD = regex.compile(r"^\s*+([0-9０-９]{1,2}+(?:[.．][0-9０-９]{1,2}+){1,3}+)[ \t\u00a0\u3000]+")


# a heading's leading bare number ("1 项目概况", the top of a decimal outline)
_NUMBER_LEAD = regex.compile(r"^\s*+([0-9０-９]{1,2}+)[ \t\u00a0\u3000]+(?=\p{Han})")


def heading_spaces(text: str) -> str:
    """:func:`normalize_spaces` for a text the format marks as a heading: the space after a
    leading bare number is its separator too (``1 项目概况``; in body text "12 月" is a date
    and loses it)."""
    m = _NUMBER_LEAD.match(text)
    if m:
        return m.group(1) + " " + normalize_spaces(text[m.end():])
    return normalize_spaces(text)


def normalize_spaces(text: str) -> str:
    """Drop spaces next to wide characters (except the one after a leading dotted outline
    number), collapse other runs to one space, trim."""
    m = _DOTTED_LEAD.match(text)
    if m:
        return m.group(1) + " " + normalize_spaces(text[m.end():])
    text = _SPACE_AT_WIDE.sub("", text)
    return _MULTI_SPACE.sub(" ", text).strip()


_SPACE_BETWEEN_WIDE = regex.compile(f"(?<=[{_WIDE}])[ \\t\\u00a0\\u3000]+(?=[{_WIDE}])")


def collapse_spaces(text: str) -> str:
    """For text whose spaces are real characters (a PDF's space glyphs, never a tool's guess):
    drop spaces between two wide characters ("目 录", "总 则"), keep one typed space elsewhere
    ("表1 项目资金来源情况表" stays as the author wrote it), trim."""
    text = _SPACE_BETWEEN_WIDE.sub("", text)
    return _MULTI_SPACE.sub(" ", text).strip()


def join_lines(a: str, b: str) -> str:
    """Join two visual lines of one paragraph: no separator if either side is wide, else a
    space (Latin words and numbers keep theirs); a line-end hyphen between letters is kept."""
    a = a.rstrip()
    b = b.lstrip()
    if not a:
        return b
    if not b:
        return a
    if is_wide(a[-1]) or is_wide(b[0]) or a.endswith("-"):
        return a + b
    return a + " " + b


def join_all(lines: list[str], normalize: bool = True) -> str:
    """Join a paragraph's visual lines; ``normalize=False`` keeps spaces already decided per
    line (a PDF column gap between two CJK phrases stays one space)."""
    out = ""
    for ln in lines:
        out = join_lines(out, ln)
    return normalize_spaces(out) if normalize else out.strip()
