"""Surrogate code points out of a reader, made into real characters before text leaves ingest.

pdfium hands out UTF-16 code units, so a character outside the Basic Multilingual Plane (a CJK
extension character such as U+20000) arrives as two surrogates; a docx ``w:sym`` or an HTML
character reference can name a lone one. Python strings hold them, but no output can encode
them (JSON, SQLite, xlsx, the terminal all fail). Here a high+low pair becomes the one
character it encodes and a lone surrogate becomes U+FFFD, with a warning saying how many.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from ..models import Message, Provenance, Document

_SURROGATE = re.compile("[\ud800-\udfff]")
_PAIR_OR_LONE = re.compile("([\ud800-\udbff][\udc00-\udfff])|[\ud800-\udfff]")


def fix_text(text: str) -> tuple[str, int]:
    """(``text`` with pairs combined and lone surrogates replaced, number replaced)."""
    lone = 0

    def one(m: re.Match[str]) -> str:
        nonlocal lone
        pair = m.group(1)
        if pair:
            return chr(0x10000 + ((ord(pair[0]) - 0xD800) << 10) + (ord(pair[1]) - 0xDC00))
        lone += 1
        return "\ufffd"

    return _PAIR_OR_LONE.sub(one, text), lone


_ATOMS = frozenset({int, float, bool, type(None)})


def _fix(value: str, counter: list[int]) -> str:
    fixed, lone = fix_text(value)
    counter[0] += lone
    return fixed


def _walk(obj: Any, counter: list[int]) -> None:
    """Fix every string reachable from ``obj`` in place (models, lists, dicts). Strings are
    tested inline (a call per value would double the cost on a 30,000-cell table)."""
    search = _SURROGATE.search
    if isinstance(obj, BaseModel):
        items: Any = obj.__dict__.items()
    elif isinstance(obj, dict):
        items = list(obj.items())
    else:
        items = enumerate(obj)
    for key, value in items:
        kind = type(value)
        if kind in _ATOMS:
            continue
        if kind is str:
            if search(value) is not None:
                new = _fix(value, counter)
                if isinstance(obj, BaseModel):
                    object.__setattr__(obj, key, new)
                else:
                    obj[key] = new
        elif kind is Provenance:  # numbers and a reader-made locator: the bulk of a table
            if value.locator is not None and search(value.locator) is not None:
                value.locator = _fix(value.locator, counter)
        elif kind is list or kind is dict:
            if value:
                _walk(value, counter)
        elif isinstance(value, BaseModel):
            _walk(value, counter)


def fix_report(report: Document) -> None:
    """Combine surrogate pairs and replace lone surrogates everywhere in ``report``."""
    counter = [0]  # lone surrogates replaced
    _walk(report, counter)
    if counter[0]:
        report.warnings.append(Message(code="lone_surrogate", message=(
            f"{counter[0]} lone UTF-16 surrogate(s) in the text replaced by U+FFFD")))
