"""The number-fidelity oracle for PDFs: pdfium's own page text against reportparse's output.

Every number with a decimal point or a thousands comma that pdfium reads on a page must come
out of reportparse unchanged, as many times, somewhere: in a paragraph, a table cell, the TOC,
the running headers and footers, or the notes. A number missing here was lost or altered
silently — the worst thing a parser can do (issue 12: WPS files lost repeated digits).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import regex

from reportparse import parse
from reportparse.models import Paragraph, Report, Table

NUMBER = regex.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d,]*\d)")


def numbers(text: str) -> Counter[str]:
    return Counter(NUMBER.findall(text))


def pdfium_numbers(path: Path) -> Counter[str]:
    """The numbers of pdfium's page text, line by line (a number never spans two lines)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    out: Counter[str] = Counter()
    try:
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            out += numbers(tp.get_text_range())
            tp.close()
            page.close()
    finally:
        doc.close()
    return out


def _cells(t: Table) -> list[str]:
    out: list[str] = []
    for c in t.cells:
        out.append(c.text)
        for n in c.tables:
            out += _cells(n)
    return out


def report_texts(r: Report) -> list[str]:
    """Every text reportparse keeps: body, cells, TOC, furniture, notes, title."""
    out: list[str] = []
    for b in r.blocks:
        out += [b.text] if isinstance(b, Paragraph) else _cells(b)
    out += [f"{e.text}\t{e.page or ''}" for e in r.toc]
    out += r.meta.headers + r.meta.footers + [n.text for n in r.meta.notes]
    out += [s.lead for s in r.walk() if s.lead]
    return out


def lost_numbers(path: Path) -> Counter[str]:
    """Numbers pdfium reads more often than reportparse returns them (empty = no loss)."""
    kept: Counter[str] = Counter()
    for text in report_texts(parse(path)):
        kept += numbers(text)
    return pdfium_numbers(path) - kept
