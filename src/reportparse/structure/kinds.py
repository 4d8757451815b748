"""Section kinds by meaning: background, content, conclusion, problems, suggestions, other.

A title is normalised (marker stripped, spaces between Han characters collapsed, 评估 → 评价),
then synonyms from ``patterns/sections.toml`` are claimed longest first without overlap:

* one kind claimed → that kind; two or more (存在问题和建议) → ``other`` (a combined
  heading; its children carry their own kinds);
* nothing exact → a fuzzy match with one edit (存在主要问题 ≈ 存在的主要问题);
* still nothing → jieba, loaded lazily, votes with the fallback word lists;
* a sentence heading (long, or with a comma/full stop) gets no kind of its own: it inherits.

``classify`` returns ``None`` for "no opinion"; the outline builder then inherits the parent's
kind (``other`` at the top level).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from ..models import SECTION_KINDS
from ..patterns import Patterns

_HAN_SPACE = regex.compile(r"(?<=\p{Han})\s+(?=\p{Han})")
_SENTENCE = regex.compile(r"[，,。；;！？!?]")


@dataclass
class KindTable:
    synonyms: list[tuple[str, str]]  # (normalised synonym, kind), longest first
    fuzzy: list[tuple[str, str]]  # (synonym, kind) tried with ``edits`` edits, compiled on use
    replace: list[tuple[str, str]]
    max_chars: int
    fallback: dict[str, set[str]]
    edits: int = 1


def _build(p: Patterns) -> KindTable:
    cfg = p["sections"]
    replace = [(a, b) for a, b in cfg.get("normalise", {}).get("replace", [])]
    syn: list[tuple[str, str]] = []
    for kind, words in cfg.get("kinds", {}).items():
        if kind not in SECTION_KINDS:
            continue
        for w in words:
            syn.append((normalise(w, replace), kind))
    syn.sort(key=lambda x: -len(x[0]))
    edits = int(cfg.get("fuzzy_edits", 1))
    min_chars = int(cfg.get("fuzzy_min_chars", 4))
    fuzzy = [(w, k) for w, k in syn if len(w) >= min_chars] if edits > 0 else []
    fallback = {k: set(v) for k, v in cfg.get("fallback", {}).items() if k in SECTION_KINDS}
    return KindTable(syn, fuzzy, replace, int(cfg.get("max_kind_title_chars", 20)), fallback,
                     edits)


@cache
def _fuzzy(word: str, edits: int) -> Any:
    """The fuzzy pattern of one synonym, compiled when a title first gets this far: most
    titles name their kind exactly (compiling the 93 default ones up front took ~6 ms)."""
    return regex.compile(f"(?:{regex.escape(word)}){{e<={edits}}}", regex.BESTMATCH)


def normalise(title: str, replace: list[tuple[str, str]]) -> str:
    t = _HAN_SPACE.sub("", title.strip())
    for a, b in replace:
        t = t.replace(a, b)
    return t.rstrip("。：:.")


def _claim(title: str, table: KindTable) -> set[str]:
    taken = [False] * len(title)
    kinds: set[str] = set()
    for word, kind in table.synonyms:
        start = title.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(taken[start:end]):
                for i in range(start, end):
                    taken[i] = True
                kinds.add(kind)
            start = title.find(word, end)
    return kinds


def _jieba_vote(title: str, table: KindTable) -> str | None:
    import jieba  # lazy: ~0.7 s to load its dictionary; only for unmatched titles

    jieba.setLogLevel(60)
    votes: dict[str, int] = {}
    for tok in jieba.lcut(title):
        for kind, words in table.fallback.items():
            if tok in words:
                votes[kind] = votes.get(kind, 0) + 1
    if not votes:
        return None
    best = max(votes.values())
    winners = [k for k, v in votes.items() if v == best]
    return winners[0] if len(winners) == 1 else None


def classify(title: str, p: Patterns, *, fallback: bool = True) -> str | None:
    """The kind a heading title names, or None when it names none (inherit).

    ``fallback`` allows the jieba vote; the outline builder allows it only where there is
    no kind to inherit (a top-level title, or under an ``other`` heading).
    """
    table: KindTable = p.cached("structure.kinds", _build)
    t = normalise(title, table.replace)
    if not t or len(t) > table.max_chars or _SENTENCE.search(t):
        return None
    kinds = _claim(t, table)
    if len(kinds) == 1:
        return kinds.pop()
    if len(kinds) > 1:
        return "other"
    for word, kind in table.fuzzy:
        if _fuzzy(word, table.edits).fullmatch(t, timeout=1.0):
            return kind
    return _jieba_vote(t, table) if fallback else None
