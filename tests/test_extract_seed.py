"""Issue 5 acceptance on the real seed (through ``reportparse.parse``), plus every variant."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import SAMPLES

import reportparse
from reportparse.export.json import report_dict
from reportparse.models import ItemList, ScoreSummary

D = Decimal


def test_seed_score(seed_report) -> None:  # type: ignore[no-untyped-def]
    s = seed_report.score
    assert s is not None and s.kind == "score_summary"
    assert [(r.name, r.max_score, r.score, r.rate) for r in s.rows] == [
        ("决策", D(15), D("12.30"), D("82.00")), ("过程", D(20), D("18.50"), D("92.50")),
        ("产出", D(30), D("25.60"), D("85.33")), ("效益", D(35), D("30.07"), D("85.91"))]
    assert (s.total, s.total_rounded, s.grade) == (D("86.47"), D(86), "良")
    assert all(r.level == 1 for r in s.rows)
    table = seed_report.blocks[s.table]
    assert table.type == "table" and s.grade_ref is not None
    assert table.rows[s.grade_ref.row][s.grade_ref.col] == "良"
    for r in s.rows:  # each value's ref is the cell that shows it
        assert table.rows[r.cells["name"].row][r.cells["name"].col] == r.name
        for key in ("max_score", "score", "rate"):
            ref = r.cells[key]
            assert ref.block == s.table
            assert table.rows[ref.row][ref.col].rstrip("%") == str(getattr(r, key))


def test_seed_typed_tables(seed_report) -> None:  # type: ignore[no-untyped-def]
    kinds = [t.kind for t in seed_report.typed_tables]
    assert kinds == ["item_list", "score_summary"]
    items = seed_report.typed_tables[0]
    assert isinstance(items, ItemList)
    assert [len(g.items) for g in items.groups] == [14, 14]
    assert isinstance(seed_report.typed_tables[1], ScoreSummary)


def test_seed_facts(seed_report) -> None:  # type: ignore[no-untyped-def]
    facts = seed_report.facts
    def by(k):
        return [f for f in facts if f.kind == k]
    assert [f.value for f in by("total_score")] == [D(86)]
    assert [f.value for f in by("grade")] == ["良"]
    # 14 communities, once per batch, bound to their table group
    first = [f for f in by("count") if f.value == 14 and f.ref.block == 6]
    assert [f.data.entity for f in first][:2] == ["蒙维小区", "百合花园小区"]
    assert [[g.group for g in f.data.groups] for f in first[:2]] == [[0], [1]]
    (inv,) = by("money_total")
    assert inv.value == D(66_000_000)
    assert [p.value for p in inv.data.parts] == [D(60_000_000), D(6_000_000)]
    bonds = [f for f in by("money") if f.value == D(80_000_000)]
    assert len(bonds) == 1 and bonds[0].data.role == "applied"
    assert [f.value for f in by("date") if f.value] == ["2020-07", "2021-06", "2022-06-07",
                                                        "2022-06-08"]
    for f in facts:
        assert seed_report.text[slice(*f.ref.span)] == f.text


def test_seed_problems_and_suggestions(seed_report) -> None:  # type: ignore[no-untyped-def]
    probs, suggs = seed_report.problems, seed_report.suggestions
    assert [p.number for p in probs] == ["1.", "2.", "3."]
    assert probs[0].title == "项目缺少五年规划与统筹实施方案，绩效指标设置不准确。"
    assert [[s.marker for s in p.subpoints] for p in probs] == [
        ["一是", "二是", "三是"], ["一是", "二是"], []]
    assert "6600万元" in probs[1].body and probs[1].section == "（一）存在问题"
    assert [p.number for p in suggs] == ["1.", "2.", "3."]
    assert [[s.marker for s in p.subpoints] for p in suggs] == [
        ["一是", "二是", "三是"], ["一是", "二是"], []]


def test_seed_meta(seed_report) -> None:  # type: ignore[no-untyped-def]
    assert seed_report.meta.year == 2022 and seed_report.meta.unit == "旗住房保障中心"


def test_json_contract_fields(seed_report) -> None:  # type: ignore[no-untyped-def]
    d = report_dict(seed_report)
    for key in ("score_table", "facts", "problems", "suggestions", "meta", "typed_tables"):
        assert key in d
    score = d["typed_tables"][d["score_table"]]  # the score is written once, by reference
    assert "score" not in d
    assert score["total"] == "86.47" and score["rows"][0]["score"] == "12.30"
    assert d["problems"][0]["keywords"]  # jieba keywords, computed when serialised
    json.dumps(d, ensure_ascii=False)


CASES = sorted((SAMPLES / "text").glob("*.txt"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_variants_give_a_consistent_score(path) -> None:  # type: ignore[no-untyped-def]
    r = reportparse.parse(path)
    s = r.score
    assert s is not None and s.rows and s.total is not None and s.grade
    assert sum((x.score for x in s.rows if x.score is not None), D(0)) == s.total
    assert sum((x.max_score for x in s.rows if x.max_score is not None), D(0)) == 100
    assert r.problems and r.suggestions


def test_renderings_of_one_variant_agree() -> None:
    """The same spec rendered in several text styles gives the same typed results."""
    groups: dict[str, list] = {}
    for p in CASES:
        groups.setdefault(p.name.split(".")[0], []).append(p)
    for name, paths in groups.items():
        seen = []
        for p in paths:
            r = reportparse.parse(p)
            seen.append((r.score.model_dump(exclude={"provenance", "table", "grade_ref"},  # type: ignore[union-attr]
                                            mode="json") if r.score else None,
                         # numbers as shown differ (Tika writes （一） as （1）); titles do not
                         [(x.title, [s.marker for s in x.subpoints])
                          for x in r.problems + r.suggestions]))
        assert all(x == seen[0] for x in seen), name
