"""Layered results: each stage's contract is its signature.

``parse_document`` → :class:`Document`, ``extract(doc)`` → :class:`Extraction`,
``check(doc, extraction)`` → :class:`CheckResult`; :class:`Report` bundles them without
changing its JSON, and ``check(report)`` stays the convenience path.
"""

from __future__ import annotations

from decimal import Decimal

from conftest import SEED
from extract_helpers import SEED_SCORE_ROWS, make_report, make_table

import reportparse
from reportparse.models import CheckResult, Document, Extraction, Message, Report


def _misadded_score_table() -> Report:
    """The seed's score summary with its 决策 score raised by one: the 总分 no longer adds up."""
    rows = [list(r) for r in SEED_SCORE_ROWS]
    rows[1][2] = "13.30"
    return make_report("一、绩效评价结论", make_table(rows, caption="表1 评分汇总表"))


def test_each_stage_returns_its_own_type() -> None:
    doc = reportparse.parse_document(SEED)
    ext = reportparse.extract(doc)
    res = reportparse.check(doc, ext)
    assert type(doc) is Document and not hasattr(doc, "facts")
    assert isinstance(ext, Extraction) and ext.score is not None
    assert isinstance(res, CheckResult) and res.warnings == []


def test_extract_and_check_leave_the_document_as_it_was() -> None:
    doc = reportparse.parse_document(SEED)
    before = doc.model_dump_json()
    ext = reportparse.extract(doc)
    reportparse.check(doc, ext)
    assert doc.model_dump_json() == before


def test_the_bundled_report_is_the_parts_together() -> None:
    doc = reportparse.parse_document(SEED)
    report = reportparse.parse(SEED)
    assert Report.from_parts(doc, reportparse.extract(doc)).model_dump_json() == \
        report.model_dump_json()


def test_a_report_splits_into_its_layers_and_back_unchanged() -> None:
    report = _misadded_score_table()
    reportparse.check(report)
    again = Report.from_parts(report.document(), report.extraction(),
                              CheckResult(report.findings))
    assert again.model_dump_json() == report.model_dump_json()


def test_the_score_refers_to_the_typed_table_it_was_read_from() -> None:
    ext = reportparse.extract(make_report(make_table(SEED_SCORE_ROWS, caption="表1 评分汇总表")))
    assert ext.score_table is not None and ext.typed_tables[ext.score_table] is ext.score
    assert ext.score is not None and ext.score.total == Decimal("86.47")


def test_check_of_a_document_and_its_extraction_finds_the_misadded_total() -> None:
    report = _misadded_score_table()
    doc, ext = report.document(), reportparse.extract(report)
    found = reportparse.check(doc, ext, rules="score.sum")
    assert [f.rule for f in found] == ["score.sum"]
    assert report.findings == []  # only check(report) stores its result on the report


def test_check_of_a_report_stores_its_findings_on_it() -> None:
    report = _misadded_score_table()
    found = reportparse.check(report, rules="sum")
    assert found == report.findings and [f.rule for f in found] == ["score.sum"]


def test_a_second_check_replaces_the_first_ones_warnings() -> None:
    report = _misadded_score_table()
    failed = Message(code="check_failed", message="rule x failed")
    report.store(checked=CheckResult([], [failed]))
    reportparse.check(report)
    assert [w for w in report.warnings if w.code == "check_failed"] == []


def test_document_warnings_stay_apart_from_later_stages_ones() -> None:
    report = make_report("正文。")
    read = Message(code="empty_cell", message="a note from the reader")
    ambiguous = Message(code="score_ambiguous", message="two totals")
    report.warnings = [read, ambiguous]
    assert report.document().warnings == [read]
    assert report.extraction().warnings == [ambiguous]


def test_check_of_a_document_alone_extracts_it_first() -> None:
    report = _misadded_score_table()
    alone = reportparse.check(report.document(), rules="sum")
    assert [f.message for f in alone] == [f.message for f in reportparse.check(report, rules="sum")]
