"""No number lost or altered by the PDF reader (issue 12).

The oracle (``number_oracle`` in tests/real/harness.py) compares pdfium's own page text with
everything reportparse returns. WPS and Distiller state font sizes 18–20× the drawn ones; the reader must take every
measure from the glyph boxes, so a repeated digit is never taken for an overprinted copy.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from real.harness import number_oracle
from reportparse import ReportParseError, parse
from reportparse.ingest.pdf_text import Char, _dedupe
from reportparse.models import Paragraph, Table

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
SAMPLE_PDFS = sorted(p for p in (ROOT / "samples" / "pdf").rglob("*.pdf") if "bad" not in p.parts)
BAD_PDFS = sorted((ROOT / "samples" / "pdf" / "bad").glob("*.pdf"))
REAL_PDFS = sorted(REAL.glob("*.pdf"))


def lost_numbers(pdf: Path) -> dict[str, tuple[int, int]]:
    """Numbers pdfium reads more often than reportparse returns them: number → (pdfium, ours)."""
    return number_oracle(parse(pdf), pdf).losses


def _char(text: str, x0: float, size: float = 240.0, width: float = 6.0) -> Char:
    """A glyph drawn 12 pt high whose producer states ``size`` (WPS: 240)."""
    return Char(text, x0, 100.0, x0 + width, 112.0, size, "SimSun")


def test_repeated_digits_survive_a_huge_stated_size() -> None:
    chars = [_char(d, 72 + 6 * i) for i, d in enumerate("1170.00")]
    kept, dupes = _dedupe(chars)
    assert "".join(c.text for c in kept) == "1170.00"
    assert dupes == 0


def test_a_glyph_drawn_again_a_fraction_of_a_point_away_is_one_glyph() -> None:
    chars = []
    for i, d in enumerate("2022"):
        chars += [_char(d, 72 + 6 * i), _char(d, 72.25 + 6 * i)]
    kept, dupes = _dedupe(sorted(chars, key=lambda c: c.x0))
    assert "".join(c.text for c in kept) == "2022"
    assert dupes == 4


def test_same_place_other_font_is_not_a_copy() -> None:
    a, b = _char("1", 72), _char("1", 72.2)
    b.font = "KaiTi"
    assert len(_dedupe([a, b])[0]) == 2


@pytest.mark.parametrize("pdf", SAMPLE_PDFS, ids=lambda p: p.name)
def test_no_number_lost_in_samples(pdf: Path) -> None:
    assert not lost_numbers(pdf)


@pytest.mark.parametrize("pdf", BAD_PDFS, ids=lambda p: p.name)
def test_no_number_lost_where_a_damaged_pdf_still_has_text(pdf: Path) -> None:
    """A damaged file is refused with a ReportParseError, or read without losing a number."""
    try:
        lost = lost_numbers(pdf)
    except ReportParseError:
        return
    except Exception as e:  # pdfium itself cannot read the page text: nothing to compare
        pytest.skip(f"pdfium has no text for {pdf.name}: {e}")
    assert not lost


@pytest.mark.skipif(not REAL_PDFS, reason="../shared/real is not beside the checkout")
@pytest.mark.parametrize("pdf", REAL_PDFS, ids=lambda p: p.name)
def test_no_number_lost_in_real_pdfs(pdf: Path) -> None:
    """Word, Distiller and WPS files alike (a running header or footer is kept once in
    ``meta`` however many pages carry it; its numbers count as kept)."""
    assert not lost_numbers(pdf)


def test_wps_like_sample_reads_back_its_spec() -> None:
    spec = json.loads((ROOT / "samples" / "pdf" / "wps_like.expected.json").read_text("utf-8"))
    r = parse(ROOT / "samples" / "pdf" / "wps_like.pdf")
    body = "".join(b.text for b in r.blocks if isinstance(b, Paragraph))
    for line in spec["lines"]:
        assert line in body
    assert body.count(spec["bold"][-1]) == 1  # the simulated-bold copy is gone
    tables = [b for b in r.blocks if isinstance(b, Table)]
    assert [t.rows for t in tables] == [spec["table"]]
