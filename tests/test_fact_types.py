"""Facts are one class per kind, and score rows store one Ref (issue 14): ``ScoreFact``, ``CountFact``… each with a typed,
strict ``data``. These tests read as examples of the API: read a paragraph, get typed facts,
write them as JSON and read them back as the same classes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from extract_helpers import make_report
from pydantic import TypeAdapter, ValidationError

from reportparse import parse
from reportparse.check.engine import Context
from reportparse.extract.facts import extract_facts
from reportparse.locate import Resolver
from reportparse.models import (
    FACT_KINDS,
    FACT_TYPES,
    ChangeFact,
    CountData,
    CountFact,
    DateFact,
    Fact,
    GradeBandFact,
    GradeFact,
    MoneyFact,
    MoneyTotalFact,
    Number,
    Provenance,
    RateFact,
    Ref,
    ScoreFact,
    ScoreRow,
    ScoreSummary,
    make_fact,
)
from reportparse.patterns import load_patterns

ROOT = Path(__file__).resolve().parents[1]
P = load_patterns()
FACTS = TypeAdapter(list[Fact])

#: one sentence per kind of statement
PARAGRAPHS = (
    "项目绩效评估得分为86.47分，评价级别为“良”。决策指标得分12.30分，过程指标共25分。",
    "90分（含）以上为优，80分（含）-90分（不含）为良。",
    "项目总投资为6600万元，资金来源为争取中央配套资金6000万元、旗人民政府投资600万元。",
    "申请一般债券资金8000万元。",
    "支出总计27664.22万元，与上年相比增加3205.79万元，增长13.11%。",
    "完成蒙维小区、民生A区等14个老旧小区改造。",
    "截至评估日，预算执行率为99.97%。2022年6月8日批复。",
)


def test_each_kind_reads_back_from_json_as_its_class() -> None:
    facts = extract_facts(make_report(*PARAGRAPHS), P)
    assert {type(f) for f in facts} == {ScoreFact, GradeFact, GradeBandFact, MoneyTotalFact,
                                        MoneyFact, ChangeFact, CountFact, RateFact, DateFact}
    back = FACTS.validate_json(FACTS.dump_json(facts))
    assert [type(f) for f in back] == [type(f) for f in facts]
    assert back == facts
    assert FACTS.dump_json(back) == FACTS.dump_json(facts)  # the JSON is stable


def test_data_is_typed_and_read_by_attribute() -> None:
    facts = extract_facts(make_report(*PARAGRAPHS), P)
    (count,) = [f for f in facts if isinstance(f, CountFact)]
    assert count.value == Decimal(14) and count.data.noun == "老旧小区"
    assert count.data.items == ["蒙维小区", "民生A区"] and count.data.list == "partial"
    assert count.number is not None and count.number.unit == "个"
    (total,) = [f for f in facts if isinstance(f, MoneyTotalFact)]
    assert [(p.label, p.value) for p in total.data.parts] == [
        ("争取中央配套资金", Decimal(60_000_000)), ("旗人民政府投资", Decimal(6_000_000))]
    (change,) = [f for f in facts if isinstance(f, ChangeFact)]
    assert change.data.direction == "increase" and change.data.rate is not None
    assert change.data.rate.value == Decimal("13.11")
    scores = [f for f in facts if isinstance(f, ScoreFact)]
    assert [(f.kind, f.data.role) for f in scores] == [
        ("total_score", "score"), ("indicator_score", "score"), ("max_score", "max")]


def test_data_is_written_as_the_extractor_gave_it() -> None:
    # keys given are written (an explicit null too); keys not given are not
    band = make_fact("grade_band", value="优", unit="分",
                     data={"min": Decimal(90), "max": None, "min_inclusive": True})
    assert band.model_dump(mode="json")["data"] == {"min": "90", "max": None,
                                                    "min_inclusive": True}
    assert band.data.max_inclusive is False  # the default a check assumes when not stated
    assert make_fact("grade", value="良").model_dump(mode="json") == {"kind": "grade",
                                                                     "value": "良"}


def test_unknown_data_keys_are_rejected() -> None:
    with pytest.raises(ValidationError, match="nouns"):
        make_fact("count", value=Decimal(3), data={"nouns": "小区"})
    with pytest.raises(ValidationError, match="Extra inputs"):
        FACTS.validate_json('[{"kind": "rate", "value": "99", "data": {"lable": "执行率"}}]')
    with pytest.raises(ValidationError):  # a key of another kind's data
        make_fact("rate", data={"items": ["甲", "乙"]})


def test_make_fact_builds_the_class_of_its_kind() -> None:
    n = Number(value=Decimal(14), unit="个")
    f = make_fact("count", value=n.value, unit="个", text="14个小区",
                  data={"noun": "小区", "number": n})
    assert isinstance(f, CountFact) and f.data == CountData(noun="小区", number=n)
    assert {k: type(make_fact(k)).__name__ for k in ("total_score", "max_score")} == {
        "total_score": "ScoreFact", "max_score": "ScoreFact"}
    assert set(FACT_TYPES) == set(FACT_KINDS)
    with pytest.raises(ValueError, match="unknown fact kind 'money_part'"):
        make_fact("money_part")


def test_a_rule_asks_for_the_facts_of_one_class() -> None:
    r = make_report(*PARAGRAPHS)
    r.facts = extract_facts(r, P)
    ctx = Context(r, P)
    counts = ctx.facts(CountFact)
    assert [f.data.noun for f in counts] == ["老旧小区"]  # typed: CountFact, data CountData
    assert {f.kind for f in ctx.facts(ScoreFact)} == {"total_score", "indicator_score",
                                                      "max_score"}


# ------------------------------------------------------------------ score rows: one Ref
def test_a_score_row_stores_its_name_cell_and_derives_its_provenance() -> None:
    cell = Ref(block=13, row=1, col=0)
    row = ScoreRow(name="决策", max_score=Decimal(15), cells={"name": cell})
    assert row.ref == cell  # the row stands in its name cell
    assert row.provenance == Provenance(block=13, table=13, row=1, col=0)  # derived from it
    out = json.loads(row.model_dump_json())
    assert "ref" not in out and out["provenance"] == {"block": 13, "table": 13, "row": 1, "col": 0}
    assert ScoreRow.model_validate_json(row.model_dump_json()) == row


def test_a_group_row_without_a_cell_stands_in_its_table() -> None:
    group = ScoreRow(name="产出指标", ref=Ref(block=5))  # a 自评表 group: no cell of its own
    out = json.loads(group.model_dump_json())
    assert out["ref"] == {"block": 5} and out["provenance"] == {"block": 5, "table": 5}
    assert ScoreRow.model_validate_json(group.model_dump_json()) == group


def test_provenance_in_the_json_is_derived_and_ignored_when_read() -> None:
    text = ('{"name": "决策", "cells": {"name": {"block": 3, "row": 2, "col": 0}},'
            ' "provenance": {"block": 99, "table": 99}}')
    row = ScoreRow.model_validate_json(text)
    assert row.ref == Ref(block=3, row=2, col=0) and row.provenance.block == 3


def test_a_narrative_score_stands_in_its_sentence() -> None:
    s = ScoreSummary(origin="narrative", total=Decimal(90), ref=Ref(block=4, span=(100, 120)))
    assert s.provenance == Provenance(block=4, span=(100, 120))
    table = ScoreSummary(table=13)
    assert table.ref == Ref(block=13) and "ref" not in json.loads(table.model_dump_json())
    assert table.provenance == Provenance(block=13, table=13)


def test_rows_of_a_stitched_table_point_at_the_piece_that_holds_them() -> None:
    r = parse(ROOT / "samples" / "shapes" / "split_bare.txt")
    (t,) = [x for x in r.typed_tables if isinstance(x, ScoreSummary) and x.origin == "stitched"]
    resolver = Resolver(r)
    rows = list(t.walk())
    assert {row.ref.block for row in rows if row.ref} == set(t.tables)  # both pieces
    for row in rows:
        assert row.ref is not None and row.provenance.block == row.ref.block
        cell = resolver.cell(row.ref)
        assert cell is not None and row.name in cell.text
