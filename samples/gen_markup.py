"""Render the report variants (``variants.py``) as Markdown and HTML, in memory.

Why: the committed Markdown/HTML samples (``samples/markup/``, from ``gen_pdf.py``) carry the
seed only; the cross-format tests also need each generated variant — clean or with an injected
inconsistency (``gen_errors.py``) — as an OCR tool would write it. The Markdown is MinerU-like:
``#`` headings (the title ``#``, a heading of depth d ``#`` × (d + 1); deeper than ``######``
it stays a numbered paragraph, as converters write it), HTML ``<table>`` with ``colspan`` for
a short row's last cell. The HTML uses ``<h1>``–``<h6>`` the same way.

    from gen_markup import to_markdown, to_html
    to_markdown(variant)  # -> str
"""

from __future__ import annotations

import html
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_pdf import _html_table  # noqa: E402
from variants import Node, TableSpec, Variant, marker  # noqa: E402


def _walk(v: Variant) -> Iterator[tuple[str, object, int]]:
    """("title"|"heading"|"para"|"table", text or TableSpec, depth) in document order."""
    if v.title:
        yield "title", v.title, 0
    for p in v.preamble:
        yield "para", p, 0

    def walk(nodes: list[Node], depth: int, prefix: str) -> Iterator[tuple[str, object, int]]:
        for i, n in enumerate(nodes, 1):
            num = marker(n.family, i, depth_prefix=prefix)
            yield "heading", num + n.title, depth
            for b in n.body:
                if isinstance(b, TableSpec):
                    if b.caption:
                        yield "para", b.caption, depth
                    if b.unit:
                        yield "para", f"单位：{b.unit}", depth
                    yield "table", b, depth
                else:
                    yield "para", b, depth
            stripped = num.strip()
            yield from walk(n.children, depth + 1,
                            stripped if stripped.endswith(".") else f"{stripped}.")

    yield from walk(v.nodes, 1, "")


def to_markdown(v: Variant) -> str:
    out: list[str] = []
    for kind, x, depth in _walk(v):
        if kind == "table":
            out.append(_html_table(x))  # type: ignore[arg-type]
        elif kind == "title":
            out.append(f"# {x}")
        elif kind == "heading" and depth + 1 <= 6:
            out.append("#" * (depth + 1) + f" {x}")
        else:
            out.append(str(x))
        out.append("")
    return "\n".join(out)


def to_html(v: Variant) -> str:
    body: list[str] = []
    for kind, x, depth in _walk(v):
        if kind == "table":
            body.append(_html_table(x))  # type: ignore[arg-type]
        elif kind == "title":
            body.append(f"<h1>{html.escape(str(x))}</h1>")
        elif kind == "heading" and depth + 1 <= 6:
            body.append(f"<h{depth + 1}>{html.escape(str(x))}</h{depth + 1}>")
        else:
            body.append(f"<p>{html.escape(str(x))}</p>")
    title = html.escape(v.title or "")
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title
            + "</title></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
