"""Inline enumerations (一是…二是…三是…, 其一…其二…, （1）…（2）…) split into points of their paragraph.

A marker counts only at a boundary (paragraph start or after 。；：，…) and only as the next
number of a running sequence that starts at 一 and is reset by every heading, so a stray
"二是" in prose is not a point, and a sequence may continue in the next paragraph (the seed's
"一是…" paragraph followed by a "二是…" paragraph).
"""

from __future__ import annotations

import regex

from ..models import Paragraph, Point
from ..patterns import Patterns
from .grammar import cn_small_int

_CN = "[一二三四五六七八九十]{1,3}"
_DIGITS = "[0-9０-９]{1,2}"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _compile(p: Patterns) -> tuple[regex.Pattern[str], str]:
    cfg = p["headings"].get("inline", {})
    alts = [m.replace("{n}", f"(?P<n{i}>{_CN})").replace("{d}", f"(?P<d{i}>{_DIGITS})")
            for i, m in enumerate(cfg.get("markers", []))]
    if not alts:
        return regex.compile(r"(?!)"), ""
    boundary = cfg.get("boundary", "。；;：:，,")
    return regex.compile("|".join(f"(?:{a})" for a in alts)), boundary


class Enumerator:
    """Stateful across the paragraphs of one section: call :meth:`reset` at each heading."""

    def __init__(self, p: Patterns) -> None:
        self.rx, self.boundary = p.cached("structure.inline", _compile)
        self.expected = 1

    def reset(self) -> None:
        self.expected = 1

    def split(self, para: Paragraph) -> None:
        text = para.text
        hits: list[tuple[int, int, str]] = []  # (start, end of marker, marker)
        for m in self.rx.finditer(text, timeout=2.0):
            if m.start() > 0 and text[m.start() - 1] not in self.boundary:
                continue
            key, num = next((k, v) for k, v in m.groupdict().items() if v)
            value = int(num.translate(_FULLWIDTH)) if key[0] == "d" else cn_small_int(num)
            if value == 1:
                self.expected = 1
            if value != self.expected:
                continue
            self.expected += 1
            hits.append((m.start(), m.end(), m.group(0)))
        if not hits:
            return
        base = para.provenance.span[0] if para.provenance.span else None
        for i, (start, _end, marker) in enumerate(hits):
            stop = hits[i + 1][0] if i + 1 < len(hits) else len(text)
            body = text[start:stop].rstrip()
            span = (base + start, base + start + len(body)) if base is not None else None
            para.points.append(Point(marker=marker, text=body, span=span))
