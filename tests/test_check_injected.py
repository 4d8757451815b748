"""Issue 6 acceptance: clean generated samples give no findings; one injected inconsistency per
category gives that finding, with its category and the location of the changed value.

Here in every text-export style; ``test_check_injected_formats.py`` does the same in .docx,
Markdown, HTML and PDF."""

from __future__ import annotations

import sys

import pytest

from conftest import SAMPLES

sys.path.insert(0, str(SAMPLES))
from gen_errors import (INJECTIONS, category_of, checked_variants, inject,  # noqa: E402
                        render_bytes, styles_for)

import reportparse  # noqa: E402

VARIANTS = checked_variants()
CASES = [(v, s) for v in VARIANTS for s in styles_for(v)]


def _check(variant, style):
    r = reportparse.parse(render_bytes(variant, style), name=f"{variant.name}.{style.name}.txt")
    return r, reportparse.check(r)


@pytest.mark.parametrize("variant,style", CASES, ids=[f"{v.name}.{s.name}" for v, s in CASES])
def test_clean_sample_has_no_errors_or_warnings(variant, style):
    r, findings = _check(variant, style)
    assert r.score is not None and r.score.total is not None
    assert [f.message for f in findings if f.severity in ("error", "warning")] == []
    assert not [w for w in r.warnings if w.code == "check_failed"]


# every category in every text style, the variant rotating so each variant is used
INJECTED = [(cat, VARIANTS[i % len(VARIANTS)], style)
            for i, cat in enumerate(INJECTIONS)
            for style in styles_for(VARIANTS[i % len(VARIANTS)])]


@pytest.mark.parametrize("category,variant,style", INJECTED,
                         ids=[f"{c}-{v.name}.{s.name}" for c, v, s in INJECTED])
def test_injected_inconsistency_is_found_where_it_was_made(category, variant, style):
    broken, what = inject(variant, category)
    assert_found_where_made(*_check(broken, style), what, category)


def assert_found_where_made(r, findings, what, category):
    """The injected rule fires with its public category, nothing else complains, and a location
    names the changed table cell (with its section), heading, or narrative words."""
    hits = [f for f in findings if f.rule == what.rule]
    assert hits, [f.message for f in findings]
    assert all(f.category == category_of(category) for f in hits)
    # nothing else than the injected rule complains at warning level or above
    assert {f.rule for f in findings if f.severity != "info"} <= {what.rule}
    if what.table is not None:
        table = next(i for i, b in enumerate(r.blocks)
                     if b.type == "table" and b.rows[0][0] == what.table)
        cells = {(loc.table, loc.row, loc.col) for f in hits for loc in f.locations}
        assert (table, what.row, what.col) in cells
        loc = next(loc for f in hits for loc in f.locations if loc.table == table)
        assert loc.section  # the section path of the table
    elif what.heading is not None:
        headings = [loc.text for f in hits for loc in f.locations]
        assert any(what.heading in h for h in headings)
    else:
        quoted = [loc for f in hits for loc in f.locations if what.quote in loc.text]
        assert quoted and quoted[0].block is not None and quoted[0].section


def test_injected_sum_reads_like_a_reviewer_note():
    v = VARIANTS[0]
    broken, _ = inject(v, "sum")
    _, findings = _check(broken, styles_for(v)[0])
    (f,) = [f for f in findings if f.rule == "score.sum"]
    assert f.message.startswith("一级指标得分合计")
    assert f.message.endswith("分不一致（相差0.30分）")
    assert (f.actual, f.difference, f.tolerance) == (
        str(broken_total(broken)), "0.30", "0.025")


def broken_total(v):
    from gen_errors import score_spec

    return score_spec(v).rows[5][2]
