"""Render the report variants (samples/variants.py) as text exports, with expected outlines.

Each variant is written in several *styles* that real exports show: plain UTF-8; GBK with
CRLF and Word noise glued to text; UTF-16 with a table of contents (dot leaders and tab page
numbers) that must not become headings; Tika's arabic rendering of auto-numbering (一、→1、).
Outputs go to samples/text/: ``<variant>.<style>.txt`` and ``<variant>.<style>.expected.json``.

    python samples/gen_text.py            # regenerate (deterministic)
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from variants import Node, TableSpec, Variant, expected_outline, expected_tables, marker, variants  # noqa: E402

OUT = Path(__file__).resolve().parent / "text"


@dataclass(frozen=True)
class Style:
    name: str
    encoding: str = "utf-8"
    newline: str = "\n"
    noise: bool = False
    toc: bool = False
    arabic_export: bool = False


STYLES = [
    Style("plain"),
    Style("gbk_noisy", encoding="gb18030", newline="\r\n", noise=True),
    Style("utf16_toc", encoding="utf-16", toc=True),
    Style("arabic", encoding="utf-8-sig", arabic_export=True, noise=True),
]


def _noisy(rng: random.Random, text: str, style: Style, heading: bool = False) -> str:
    if not style.noise:
        return text
    r = rng.random()
    if heading or r < 0.3:
        text = "".join(f"[bookmark: _Toc{rng.randint(100, 99999)}]"
                       for _ in range(rng.randint(1, 4))) + text
    if not heading and r > 0.85:
        text += "窗体顶端"
    if not heading and 0.4 < r < 0.5:
        mid = len(text) // 2
        text = text[:mid] + "\u200b" + text[mid:]
    if not heading and 0.5 <= r < 0.6:
        text = " " + text
    return text


def render(v: Variant, style: Style) -> str:
    rng = random.Random(v.name + style.name)
    lines: list[str] = []
    if v.title:
        lines.append(v.title)
    lines.extend(v.preamble)
    if style.toc:
        lines.append("目  录")
        def toc(nodes: list[Node], prefix: str = "", depth: int = 0) -> None:
            for i, n in enumerate(nodes, 1):
                num = marker(n.family, i, arabic_export=style.arabic_export,
                             depth_prefix=prefix).strip()
                if depth < 2:
                    page = rng.randint(1, 30)
                    leader = "…" * 6 if rng.random() < 0.5 else "\t"
                    sep = " " if n.family in ("part", "dotted") else ""
                    lines.append(f"{num}{sep}{n.title}{leader}{page}")
                    toc(n.children, num if num.endswith(".") else f"{num}.", depth + 1)
        toc(v.nodes)
    if style.noise:
        lines.append("窗体顶端")

    def walk(nodes: list[Node], prefix: str = "") -> None:
        for i, n in enumerate(nodes, 1):
            num = marker(n.family, i, arabic_export=style.arabic_export, depth_prefix=prefix)
            lines.append(_noisy(rng, f"{num}{n.title}", style, heading=True))
            for b in n.body:
                if isinstance(b, TableSpec):
                    if b.caption:
                        lines.append(b.caption)
                    for k, row in enumerate(b.rows):
                        if k:
                            lines.append("")
                        for cell in row:
                            lines.append("\t" + _noisy(rng, cell, style if k == 0 else Style("x")))
                    lines.append("")
                    lines.append("")
                else:
                    lines.append(_noisy(rng, b, style))
            stripped = num.strip()
            walk(n.children, stripped if stripped.endswith(".") else f"{stripped}.")

    walk(v.nodes)
    text = style.newline.join(lines) + style.newline
    return text


def arabic_safe(v: Variant) -> bool:
    """Tika writes （一） as （1）: only variants without a real （1） level stay unambiguous."""
    fams: set[str] = set()

    def walk(nodes: list[Node]) -> None:
        for n in nodes:
            fams.add(n.family)
            walk(n.children)

    walk(v.nodes)
    return not ({"cn_paren", "arabic_paren"} <= fams)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for v in variants():
        for style in STYLES:
            if style.arabic_export and not arabic_safe(v):
                continue
            stem = f"{v.name}.{style.name}"
            text = render(v, style)
            (OUT / f"{stem}.txt").write_bytes(text.encode(style.encoding))
            expected = {"variant": v.name, "style": style.name, "title": v.title,
                        "sections": expected_outline(v, arabic_export=style.arabic_export),
                        "tables": expected_tables(v), "toc": style.toc}
            (OUT / f"{stem}.expected.json").write_text(
                json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(list(OUT.glob('*.txt')))} variants to {OUT}")


if __name__ == "__main__":
    main()
