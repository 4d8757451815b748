"""Issue 5 acceptance: the same typed results from the .txt, .docx and .pdf renderings of each
generated sample (and from its Markdown/HTML rendering).

"Typed results" are what a user takes away from a report, without provenance (block indexes,
cells, pages differ by format and are tested elsewhere):

* ``report.score``: each row's name, level, max score, score and rate; total, total_rounded,
  grade;
* ``report.problems`` / ``report.suggestions``: each point's title and its sub-points' markers
  (一是/二是…);
* the set of facts as ``(kind, value, unit)``.

Committed samples: each variant of ``samples/variants.py`` as text exports
(``samples/text/<variant>.<style>.txt``), .docx (``samples/docx/<variant>.<style>.docx``) and
their LibreOffice PDFs (``samples/pdf/docx/``); the seed as its text export, .docx, PDFs and
Markdown/HTML. The variants carry few narrative facts, so the *checked* variants of
``samples/gen_errors.py`` (total score and grade sentence, investment and its sources, a count
with its list, dates, budget figures, a 自评表 and a funding table) are also rendered in memory
as text, .docx (three styles), Markdown and HTML and compared the same way.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest

from conftest import SAMPLES, SEED

sys.path.insert(0, str(SAMPLES))
from docx_items import variant_items  # noqa: E402
from gen_docx import render as render_docx  # noqa: E402
from gen_errors import STYLES as TEXT_STYLES  # noqa: E402
from gen_errors import checked_variants, render_bytes  # noqa: E402
from gen_markup import to_html, to_markdown  # noqa: E402

import reportparse  # noqa: E402
from reportparse.models import Report  # noqa: E402

VARIANTS = ["standard", "full_outline", "self_eval", "department", "dotted"]


def renderings(variant: str) -> list[Path]:
    """Every committed rendering of one generated sample: text exports, .docx, PDF."""
    return (sorted((SAMPLES / "text").glob(f"{variant}.*.txt"))
            + sorted((SAMPLES / "docx").glob(f"{variant}.*.docx"))
            + sorted((SAMPLES / "pdf" / "docx").glob(f"{variant}.*.pdf")))


SEED_RENDERINGS = [SEED, *renderings("seed"), SAMPLES / "markup" / "report.md",
                   SAMPLES / "markup" / "report.html",
                   *(SAMPLES / "pdf" / f"report_{n}.{ext}" for n in
                     ("header_footer", "toc", "no_bookmarks") for ext in ("docx", "pdf"))]


@cache
def parsed(path: Path) -> Report:
    """Each file is parsed once per session."""
    return reportparse.parse(str(path))


# --------------------------------------------------------------------------- typed view
def score_of(r: Report) -> dict | None:
    s = r.score
    if s is None:
        return None
    return {"rows": [(row.name, row.level, row.max_score, row.score, row.rate)
                     for row in s.walk()],
            "total": s.total, "total_rounded": s.total_rounded, "grade": s.grade}


def points_of(points) -> list[tuple[str, list[str]]]:
    return [(p.title, [sp.marker for sp in p.subpoints]) for p in points]


def facts_of(r: Report) -> set[tuple[str, str, str | None]]:
    return {(f.kind, str(f.value), f.unit) for f in r.facts}


def typed(r: Report) -> dict:
    return {"score": score_of(r), "problems": points_of(r.problems),
            "suggestions": points_of(r.suggestions), "facts": facts_of(r)}


def assert_same_typed(reference: tuple[str, Report], other: tuple[str, Report]) -> None:
    (ref_name, ref), (name, got) = reference, other
    want, have = typed(ref), typed(got)
    for key in ("score", "problems", "suggestions"):
        assert have[key] == want[key], f"{key}: {name} differs from {ref_name}"
    assert have["facts"] == want["facts"], (
        f"facts only in {ref_name}: {sorted(want['facts'] - have['facts'])}; "
        f"only in {name}: {sorted(have['facts'] - want['facts'])}")


# --------------------------------------------------------------------------- committed samples
@pytest.mark.parametrize("variant", VARIANTS)
def test_committed_renderings_of_a_variant_give_the_same_typed_results(variant: str) -> None:
    files = renderings(variant)
    assert {p.suffix for p in files} == {".txt", ".docx", ".pdf"}
    reference = (files[0].name, parsed(files[0]))
    assert reference[1].score is not None and reference[1].score.total is not None
    assert reference[1].problems and reference[1].suggestions
    for path in files[1:]:
        assert_same_typed(reference, (path.name, parsed(path)))


@pytest.mark.parametrize("path", SEED_RENDERINGS[1:], ids=lambda p: p.name)
def test_seed_renderings_give_the_seed_text_typed_results(path: Path) -> None:
    assert_same_typed((SEED.name, parsed(SEED)), (path.name, parsed(path)))


def test_the_seed_typed_results_being_compared() -> None:
    """What the comparisons above hold equal, spelled out for the seed (issue 5's values)."""
    t = typed(parsed(SEED))
    assert [tuple(map(str, row)) for row in t["score"]["rows"]] == [
        ("决策", "1", "15", "12.30", "82.00"), ("过程", "1", "20", "18.50", "92.50"),
        ("产出", "1", "30", "25.60", "85.33"), ("效益", "1", "35", "30.07", "85.91")]
    assert (str(t["score"]["total"]), str(t["score"]["total_rounded"]), t["score"]["grade"]) \
        == ("86.47", "86", "良")
    assert [markers for _, markers in t["problems"]] == [["一是", "二是", "三是"],
                                                          ["一是", "二是"], []]
    assert len(t["suggestions"]) == 3
    assert {("total_score", "86", "分"), ("grade", "良", None),
            ("money_total", "66000000", "元")} <= t["facts"]


# --------------------------------------------------------------------------- in-memory renderings
CHECKED = checked_variants()


@cache
def checked_renderings(name: str) -> list[tuple[str, Report]]:
    v = next(v for v in CHECKED if v.name == name)
    out = [(f"{name}.{TEXT_STYLES[0].name}.txt",
            reportparse.parse(render_bytes(v, TEXT_STYLES[0]), name=f"{name}.txt"))]
    out += [(f"{name}.{style}.docx",
             reportparse.parse(render_docx(variant_items(v), style, name), name=f"{name}.docx"))
            for style in ("auto", "manual", "outline")]
    out += [(f"{name}.md", reportparse.parse(to_markdown(v).encode(), name=f"{name}.md")),
            (f"{name}.html", reportparse.parse(to_html(v).encode(), name=f"{name}.html"))]
    return out


@pytest.mark.parametrize("variant", VARIANTS)
def test_checked_variant_gives_the_same_typed_results_in_every_format(variant: str) -> None:
    reference, *others = checked_renderings(variant)
    kinds = {kind for kind, _, _ in typed(reference[1])["facts"]}
    assert {"total_score", "grade", "money_total", "count", "date"} <= kinds
    for other in others:
        assert_same_typed(reference, other)
