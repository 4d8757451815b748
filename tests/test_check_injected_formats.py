"""Issue 6 acceptance in every format: the injected inconsistencies of ``samples/gen_errors.py``
are found, with their category and location, when the report is a .docx, Markdown, HTML or
PDF rather than a text export (``test_check_injected.py``).

Each broken variant is rendered in memory: .docx by ``samples/gen_docx.py`` in its three styles
(numbers from Heading styles, typed numbers, numbered outline paragraphs), Markdown/HTML by
``samples/gen_markup.py``. PDF needs LibreOffice: one variant × every category, converted in a
single ``soffice`` call, skipped where ``soffice`` is not on PATH (CI).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import SAMPLES
from test_check_injected import assert_found_where_made

sys.path.insert(0, str(SAMPLES))
from gen_errors import INJECTIONS, checked_variants, inject, render_docx, render_markup  # noqa: E402

import reportparse  # noqa: E402

VARIANTS = checked_variants()
FORMATS = ["docx.auto", "docx.manual", "docx.outline", "md", "html"]


def render(variant, fmt: str) -> bytes:
    if fmt.startswith("docx."):
        return render_docx(variant, fmt.removeprefix("docx."))
    return render_markup(variant, fmt)


def parse_and_check(data: bytes, name: str):
    r = reportparse.parse(data, name=name)
    return r, reportparse.check(r)


def extension(fmt: str) -> str:
    return fmt.split(".")[0]


# --------------------------------------------------------------------------- in memory
CLEAN = [(v, fmt) for v in VARIANTS for fmt in FORMATS]


@pytest.mark.parametrize("variant,fmt", CLEAN, ids=[f"{v.name}.{f}" for v, f in CLEAN])
def test_clean_sample_has_no_errors_or_warnings(variant, fmt):
    r, findings = parse_and_check(render(variant, fmt), f"{variant.name}.{extension(fmt)}")
    assert r.score is not None and r.score.total is not None
    assert [f.message for f in findings if f.severity in ("error", "warning")] == []


# every category in every format, the variant rotating so each variant is used; Word's
# automatic numbering cannot repeat a number, so a duplicate heading number is typed (manual)
INJECTED = [(cat, VARIANTS[i % len(VARIANTS)], fmt)
            for i, cat in enumerate(INJECTIONS) for fmt in FORMATS
            if not (cat == "numbering" and fmt in ("docx.auto", "docx.outline"))]


@pytest.mark.parametrize("category,variant,fmt", INJECTED,
                         ids=[f"{c}-{v.name}.{f}" for c, v, f in INJECTED])
def test_injected_inconsistency_is_found_where_it_was_made(category, variant, fmt):
    broken, what = inject(variant, category)
    r, findings = parse_and_check(render(broken, fmt), f"{variant.name}.{extension(fmt)}")
    assert_found_where_made(r, findings, what, category)


def test_a_cell_location_reads_the_same_in_docx_and_markdown():
    """The score.sum finding points at the 总分 得分 cell, whatever the format."""
    broken, what = inject(VARIANTS[0], "sum")
    for fmt in FORMATS:
        r, findings = parse_and_check(render(broken, fmt), f"x.{extension(fmt)}")
        (f,) = [f for f in findings if f.rule == "score.sum"]
        loc = next(loc for loc in f.locations if (loc.row, loc.col) == (what.row, what.col))
        assert loc.text == r.blocks[loc.table].rows[5][2]
        assert "综合评价情况及评价结论" in loc.section, fmt


# --------------------------------------------------------------------------- PDF (LibreOffice)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDF_VARIANT = VARIANTS[0]
PDF_CASES = ["clean", *INJECTIONS]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """The PDF variant clean and with each injection, as .docx (typed numbers) → PDF."""
    if SOFFICE is None:
        pytest.skip("soffice (LibreOffice) is not on PATH: PDF renderings are not generated")
    out = tmp_path_factory.mktemp("injected_pdf")
    sources = []
    for case in PDF_CASES:
        v = PDF_VARIANT if case == "clean" else inject(PDF_VARIANT, case)[0]
        src = out / f"{case.replace('/', '_')}.docx"
        src.write_bytes(render_docx(v, "manual"))
        sources.append(str(src))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), *sources],
                       check=True, capture_output=True, timeout=300)
    return {case: out / f"{case.replace('/', '_')}.pdf" for case in PDF_CASES}


def test_clean_pdf_has_no_errors_or_warnings(pdfs):
    r, findings = parse_and_check(pdfs["clean"].read_bytes(), "clean.pdf")
    assert r.score is not None and r.score.total is not None
    assert [f.message for f in findings if f.severity in ("error", "warning")] == []


@pytest.mark.parametrize("category", list(INJECTIONS))
def test_injected_inconsistency_is_found_in_the_pdf(pdfs, category):
    _, what = inject(PDF_VARIANT, category)
    r, findings = parse_and_check(pdfs[category].read_bytes(), f"{category}.pdf")
    assert_found_where_made(r, findings, what, category)
    assert all(loc.page for f in findings if f.rule == what.rule for loc in f.locations
               if loc.table is not None or loc.block is not None)
