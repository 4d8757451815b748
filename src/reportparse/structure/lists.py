"""Numbered paragraphs that are list items, not headings (format-neutral).

Why: real reports number their lists with the same markers as their outline — a duty list
``1、…12、`` under 主要职能, amount items ``1．…`` under each （一）, glossary entries
``一、财政拨款：指…``, the items of a table note ``注：1.…`` ``2.…``. Headings have body text
between them and short titles; list items follow each other and are sentences. The heading
finder (:mod:`.outline`) asks :func:`drop_list_items` to take such items out of its candidates.
"""

from __future__ import annotations

from typing import Protocol

import regex

from ..models import Paragraph, Document
from .grammar import Grammar, Marker

_CLAUSE = "，,；;：:"
_ENDS = ("。", "！", "？", "；", "：", "!", "?", ";", ":", "…")

Item = tuple[int, Marker, bool]  # (block, marker, is a sentence or long)


class _Cand(Protocol):
    short: bool
    hinted: bool


class _Cands(Protocol):
    """The heading candidates by block, read and pruned here (any candidate type will do)."""

    def get(self, key: int, /) -> _Cand | None: ...
    def __delitem__(self, key: int, /) -> None: ...


def sentence(text: str) -> bool:
    """A whole sentence (a clause break or a definition's colon inside, a full stop at the
    end), not a title."""
    t = text.rstrip()
    return t.endswith("。") and any(p in t for p in _CLAUSE)


def continues(prev: Marker, m: Marker) -> bool:
    return (m.group == prev.group and prev.value is not None and m.value is not None
            and m.value == prev.value + 1)


def drop_list_items(report: Document, g: Grammar, cands: _Cands) -> None:
    """Remove from ``cands`` the numbered paragraphs that are list items (see the module)."""
    markers = {i: m for i, b in enumerate(report.blocks)
               if isinstance(b, Paragraph) and b.role == "body"
               and (m := g.match(b.text.strip())) is not None and m.rest}
    _Runs(report, markers, cands).walk()
    _drop_note_items(report, g, cands)
    _drop_glossary(report, g, markers, cands)


class _Runs:
    """Runs of adjacent paragraphs of one family counting up by one, nested runs kept open
    around an inner list (（1）（2） under 2.…其中： then 3.…). A run is a list when

    * it has three items and a sentence among them (short titles alone are left to the
      numbered-list rule of :func:`.outline.find_headings`), or
    * two items, both sentences — or one, and a lead-in (…包括：/其中：) introduces them or the
      family already made a list (the amount items under each （一）（二）（三）), or
    * it is a lone item 1 of a family that already made a list, with no item 2 after it
      (``1、江苏省法官培训学院`` under （二）).

    A paragraph continuing an unfinished item (a line break inside it) does not end a run."""

    def __init__(self, report: Document, markers: dict[int, Marker], cands: _Cands):
        self.report, self.markers, self.cands = report, markers, cands
        self.runs: dict[str, list[Item]] = {}  # open runs by family, outer first
        self.known: set[str] = set()  # families already found making lists

    def walk(self) -> None:
        for i, b in enumerate(self.report.blocks):
            m = self.markers.get(i)
            if m is None:
                if not self._continuation(i, b):
                    self._close()
                continue
            run = self.runs.get(m.group)
            if run is not None and continues(run[-1][1], m):
                self._close(m.group)
            else:
                if run is not None:
                    keys = list(self.runs)
                    k = keys.index(m.group)
                    self._close(keys[k - 1] if k else None)
                self.runs[m.group] = run = []
            c = self.cands.get(i)
            run.append((i, m, c is None or not c.short or sentence(m.rest)))
        self._close()

    def _continuation(self, i: int, b: object) -> bool:
        prev = self.report.blocks[i - 1] if i else None
        return (bool(self.runs) and isinstance(b, Paragraph) and isinstance(prev, Paragraph)
                and not prev.text.rstrip().endswith(_ENDS))

    def _close(self, after: str | None = None) -> None:
        """Judge and forget the runs opened after family ``after`` (all when None)."""
        keys = list(self.runs)
        for k in keys[keys.index(after) + 1:] if after in self.runs else keys:
            self._judge(self.runs.pop(k))

    def _judge(self, run: list[Item]) -> None:
        n, longs = len(run), sum(1 for *_, long in run if long)
        first, group = run[0], run[0][1].group
        prev = self.report.blocks[first[0] - 1] if first[0] else None
        lead_in = isinstance(prev, Paragraph) and prev.text.rstrip().endswith(("：", ":"))
        known = group in self.known
        if (n >= 3 and longs) or (n == 2 and (longs == 2 or (longs and (lead_in or known)))) \
                or (n == 1 and known and first[1].value == 1 and not self._has_second(first)):
            self.known.add(group)
            for i, _, _ in run:
                c = self.cands.get(i)
                if c is not None and not c.hinted:
                    del self.cands[i]

    def _has_second(self, first: Item) -> bool:
        """Whether item 2 of this family follows before its next item 1."""
        for i in sorted(k for k in self.markers if k > first[0]):
            m = self.markers[i]
            if m.group == first[1].group:
                return m.value == 2
        return False


def _drop_note_items(report: Document, g: Grammar, cands: _Cands) -> None:
    """A table footnote numbered inside (``注：1.…`` then ``2.…``): the items continuing the
    note's numbering are part of the note, not headings."""
    prev: Marker | None = None
    for i, b in enumerate(report.blocks):
        if not isinstance(b, Paragraph) or b.role != "body":
            prev = None
            continue
        text = b.text.strip()
        note = g.note.match(text)
        if note:
            prev = g.match(text[note.end():].strip())
            continue
        cur = g.match(text)
        if prev is not None and cur is not None and continues(prev, cur):
            c = cands.get(i)
            if c is not None and not c.hinted:
                del cands[i]
            prev = cur
        else:
            prev = None


_TERM = regex.compile(r"^[^：:，,。；;]{1,20}[：:]\s*\S")


def _drop_glossary(report: Document, g: Grammar, markers: dict[int, Marker],
                   cands: _Cands) -> None:
    """Under a glossary title (``patterns/headings.toml`` ``glossary_titles``: 名词解释…), the
    numbered ``term：definition`` entries are body; the first numbered paragraph that is not
    one ends the glossary."""
    titles = g.glossary
    inside = False
    for i, b in enumerate(report.blocks):
        if not isinstance(b, Paragraph):
            continue
        m = markers.get(i)
        words = m.rest if m is not None else b.text.strip()
        if any(words.rstrip("：: ").endswith(t) for t in titles):
            inside = True
            continue
        if inside and m is not None:
            if not _TERM.match(m.rest):
                inside = False
                continue
            c = cands.get(i)
            if c is not None and not c.hinted:
                del cands[i]
