"""The HTML review page without a browser: escaping, stable ids, spans, merged cells, index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED
from html_helpers import (SCORE_TABLE, SCRIPT, injected, injected_checked, seed_score,
                          with_script_cell)
from lxml import html as lxml_html

from reportparse.export.html import IndexEntry, index_entry, render_html, render_index, write_index
from reportparse.models import Finding, Location, Ref


def _doc(page: str):
    return lxml_html.fromstring(page)


def _hl_ids(doc) -> set[str]:
    return {e.get("id") for e in doc.xpath('//*[contains(concat(" ", @class, " "), " hl ")]')}


def test_seed_page_has_outline_both_tables_and_no_highlights(seed_report):
    page = render_html(seed_report)
    doc = _doc(page)
    links = doc.xpath('//nav[@id="outline"]//a')
    assert len(links) == len(list(seed_report.walk())) == 13
    assert links[0].text_content() == "一、基本情况"
    kinds = [k.text_content() for k in doc.xpath('//nav[@id="outline"]//span[contains(@class,"kind")]')]
    assert kinds[:3] == ["背景", "背景", "内容"] and "问题" in kinds and "建议" in kinds
    tables = doc.xpath('//table[@class="doc"]')
    assert len(tables) == 2
    assert [t.getparent().get("id") for t in tables] == ["b-8", "b-13"]
    assert _hl_ids(doc) == set()
    assert doc.xpath('//mark') == []
    assert "未发现问题" in page
    # every section heading is in the body with the id the outline points at
    for a in links:
        assert doc.get_element_by_id(a.get("href")[1:]).tag in ("h2", "h3", "h4")
    # problems and suggestions lists (from the outline until extraction fills them)
    assert len(doc.xpath('//h2[@id="list-problems"]/following-sibling::ol[1]/li')) == 3
    assert len(doc.xpath('//h2[@id="list-suggestions"]/following-sibling::ol[1]/li')) == 3


def test_merged_cells_render_as_spans_from_the_real_cells(seed_report):
    doc = _doc(render_html(seed_report))
    t = seed_report.blocks[SCORE_TABLE]
    grade = doc.get_element_by_id(f"c-{SCORE_TABLE}-7-1")
    assert grade.text_content() == "良" and grade.get("colspan") == "3"
    last_row = grade.getparent()
    assert len(last_row) == 2  # 综合评估等级 + the merged cell; covered slots are not cells
    table = doc.get_element_by_id(f"b-{SCORE_TABLE}").xpath(".//table")[0]
    assert len(table.xpath(".//tr")) == t.n_rows
    assert table.xpath(".//caption")[0].text_content() == "绩效评估得分总体情况表"
    assert len(table.xpath("./thead/tr/th")) == 4  # header row as th in <thead>
    assert len(table.xpath("./tbody/tr")) == t.n_rows - 1
    group = doc.get_element_by_id("c-8-1-0")
    assert group.get("colspan") == "3" and "row-group" in group.getparent().get("class")
    # the caption paragraph is shown once (with its table), not repeated as body text
    assert doc.xpath('count(//p[normalize-space()="绩效评估得分总体情况表"])') == 0


def test_header_span_into_the_body_keeps_one_row_group(seed_report):
    r = seed_report.model_copy(deep=True)
    t = r.blocks[SCORE_TABLE]
    t.cells = [c for c in t.cells if (c.row, c.col) != (1, 0)]
    t.cell_at(0, 0).row_span = 2  # 一级指标 now spans the header and the first data row
    doc = _doc(render_html(r))
    table = doc.get_element_by_id(f"b-{SCORE_TABLE}").xpath(".//table")[0]
    assert not table.xpath("./thead") and len(table.xpath("./tbody/tr")) == t.n_rows
    assert doc.get_element_by_id(f"c-{SCORE_TABLE}-0-0").get("rowspan") == "2"


def test_script_in_document_text_is_escaped_everywhere(seed_report):
    page = render_html(with_script_cell(seed_report))
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    doc = _doc(page)
    assert len(doc.xpath("//script")) == 1  # only the page's own script
    assert doc.get_element_by_id(f"c-{SCORE_TABLE}-1-0").text_content() == SCRIPT
    assert doc.xpath('//li[@id="f-0"]//a[@class="jump"]')[0].text_content().endswith(SCRIPT)
    assert SCRIPT + "表" in doc.xpath("//caption")[1].text_content()
    assert 'data-rule="x&lt;y&gt;"' in page


def test_injected_errors_highlight_exactly_the_named_cells(seed_report):
    report, expected = injected(seed_report)
    doc = _doc(render_html(report))
    assert _hl_ids(doc) == expected
    # severity is the highest among the findings naming a value
    total = doc.get_element_by_id(f"c-{SCORE_TABLE}-5-2")
    assert "sev-error" in total.get("class")
    assert total.get("data-findings").split() == ["f-0", "f-1"]
    assert "sev-warning" in doc.get_element_by_id(f"c-{SCORE_TABLE}-5-3").get("class")
    assert "sev-info" in doc.get_element_by_id(f"c-{SCORE_TABLE}-7-1").get("class")
    # the sentence span is a <mark> holding exactly the value
    (mark,) = doc.xpath("//mark")
    assert mark.text_content() == "86分" and "sev-error" in mark.get("class")
    assert mark.getparent().getparent().get("id") == "b-11"
    # each finding entry lists its targets; entries link to the first
    f0 = doc.get_element_by_id("f-0")
    assert f0.get("data-targets").split() == [f"c-{SCORE_TABLE}-{k}-2" for k in range(1, 6)]
    assert f0.xpath('.//a[@class="jump"]')[0].get("href") == f"#c-{SCORE_TABLE}-1-2"
    assert f0.xpath('.//dd[@class="expected"]')[0].text == "86.47"
    assert f0.xpath('.//dd[@class="actual"]')[0].text == "88.47"
    assert "score.total_sum" in f0.text_content()
    f2 = doc.get_element_by_id("f-2")
    assert f2.get("data-targets").split() == [mark.get("id"), f"c-{SCORE_TABLE}-6-2"]
    # a location that cannot be found is listed, not highlighted
    f4 = doc.get_element_by_id("f-4")
    assert f4.get("data-targets") == "" and "未能在正文中定位" in f4.text_content()


def test_checked_injected_sample_highlights_exactly_the_named_cells():
    report, expected = injected_checked(SEED)
    assert f"c-{SCORE_TABLE}-1-2" in expected  # the changed 决策 score
    doc = _doc(render_html(report))
    assert _hl_ids(doc) == expected
    assert len(doc.xpath('//li[contains(@class, "finding")]')) == len(report.findings)


def test_checked_seed_has_score_summary_and_no_highlights(seed_report):
    import reportparse

    r = seed_report.model_copy(deep=True)
    reportparse.check(r)
    assert r.findings == [] and r.score is not None
    doc = _doc(render_html(r))
    assert _hl_ids(doc) == set() and doc.get_element_by_id("score-grade").text == "良"
    assert doc.get_element_by_id("score-total").text == "86.47"


def test_ids_are_stable_across_renders(seed_report):
    report, _ = injected(seed_report)
    assert render_html(report) == render_html(report)


def _report_with(seed_report, *locs: Location, severity="warning"):
    r = seed_report.model_copy(deep=True)
    r.findings = [Finding(rule="t", category="t", severity=severity, message="m",
                          locations=list(locs))]
    return r


def test_spans_in_report_text_and_quotes_in_a_block_or_section(seed_report):
    p = seed_report.blocks[20]
    s0 = p.provenance.span[0]
    k = p.text.index("6600万元")
    # a span in Report.text
    doc = _doc(render_html(_report_with(seed_report, Location(ref=Ref(block=20, span=(s0 + k, s0 + k + 6))))))
    assert [m.text_content() for m in doc.xpath("//mark")] == ["6600万元"]
    assert doc.xpath("//mark")[0].get("id") == f"m-20-{k}-{k + 6}"
    # block + text only
    doc = _doc(render_html(_report_with(seed_report, Location(ref=Ref(block=20), text="6600万元"))))
    assert [m.text_content() for m in doc.xpath("//mark")] == ["6600万元"]
    # section + text only
    doc = _doc(render_html(_report_with(
        seed_report, Location(section="三、存在问题和建议", text="6600万元"))))
    assert [m.text_content() for m in doc.xpath("//mark")] == ["6600万元"]
    # a span of a table block that falls in a cell highlights the cell
    cell = seed_report.blocks[SCORE_TABLE].cell_at(2, 2)
    doc = _doc(render_html(_report_with(
        seed_report, Location(ref=Ref(block=SCORE_TABLE, span=cell.provenance.span)))))
    assert _hl_ids(doc) == {f"c-{SCORE_TABLE}-2-2"}


def test_overlapping_spans_merge_into_one_mark(seed_report):
    p = seed_report.blocks[20]
    s0 = p.provenance.span[0]
    k = p.text.index("6600万元")
    r = seed_report.model_copy(deep=True)
    r.findings = [
        Finding(rule="a", category="c", severity="info", message="a",
                locations=[Location(ref=Ref(block=20, span=(s0 + k, s0 + k + 4)))]),
        Finding(rule="b", category="c", severity="error", message="b",
                locations=[Location(ref=Ref(block=20, span=(s0 + k + 2, s0 + k + 6)))]),
    ]
    doc = _doc(render_html(r))
    (mark,) = doc.xpath("//mark")
    assert mark.text_content() == "6600万元" and "sev-error" in mark.get("class")
    assert mark.get("data-findings") == "f-0 f-1"
    assert doc.get_element_by_id("b-20").text_content() == p.text  # text unchanged


def test_heading_lead_and_heading_spans(seed_report):
    # a heading's own text can carry a highlight and stays a heading
    h = seed_report.blocks[16]
    s0 = h.provenance.span[0]
    doc = _doc(render_html(_report_with(seed_report, Location(ref=Ref(block=16, span=(s0 + 2, s0 + 6))))))
    (mark,) = doc.xpath("//mark")
    assert mark.getparent().tag == "h4" and mark.text_content() == h.text[2:6]


def test_score_summary_facts_and_points_when_present(seed_report):
    from reportparse.models import ScoreFact

    r = seed_report.model_copy(deep=True)
    r.score = seed_score(r)
    r.facts = [ScoreFact(kind="total_score", value="86", unit="分", text="项目绩效评估得分为86分",
                    ref={"block": 11})]
    doc = _doc(render_html(r))
    assert doc.get_element_by_id("score-total").text == "86.47"
    assert doc.get_element_by_id("score-grade").text == "良"
    names = [tr.xpath("./td")[0].text_content() for tr in doc.xpath('//table[@id="score-rows"]/tbody/tr')]
    assert names == ["决策", "过程", "产出", "效益"]
    assert doc.xpath('//details[@id="facts"]//a')[0].get("href") == "#b-11"
    assert _hl_ids(doc) == set()


def test_page_is_self_contained(seed_report):
    report, _ = injected(seed_report)
    page = render_html(report)
    doc = _doc(page)
    assert not doc.xpath("//link|//script[@src]|//img[@src]|//iframe")
    assert "http://" not in page and "https://" not in page and "@import" not in page
    assert '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"' in page
    assert "@media print" in page and "@media (max-width: 600px)" in page
    assert doc.xpath('//meta[@name="viewport"]')


def test_index_page_lists_reports_sortable_and_escaped(seed_report, tmp_path: Path):
    report, _ = injected(seed_report)
    report.score = seed_score(report)
    entries = [
        index_entry(report, "a.html"),
        IndexEntry(name="b<script>.txt", href="b.html", total="91.5", grade="优", warnings=2),
        {"name": "bad.pdf", "status": "failed", "message": "encrypted <pdf>"},
    ]
    out = write_index(entries, tmp_path / "sub" / "index.html")
    page = out.read_text(encoding="utf-8")
    assert "<script>.txt" not in page and "b&lt;script&gt;.txt" in page
    doc = _doc(page)
    rows = doc.xpath('//table[@id="reports"]/tbody/tr')
    assert len(rows) == 3
    first = [td.text_content().strip() for td in rows[0].xpath("./td")]
    assert first[0] == "000_b9924377f959d391.txt" and first[2] == "88.47" and first[3] == "良"
    assert first[4:7] == ["2", "1", "2"]
    assert rows[2].get("class") == "failed" and "encrypted <pdf>" in rows[2].text_content()
    assert len(doc.xpath('//table[@id="reports"]/thead//th[@data-type]')) == 8
    assert render_index([]).count("<tr") == 1


def test_cli_review_writes_the_page(tmp_path: Path):
    out = tmp_path / "r" / "seed.html"
    res = subprocess.run([sys.executable, "-m", "reportparse.cli", "review", str(SEED),
                          "-o", str(out)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(out)
    assert 'id="outline"' in out.read_text(encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "reportparse.cli", "review",
                          str(tmp_path / "missing.txt"), "-o", str(out)],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "missing.txt" in bad.stderr


def test_page_names_are_safe_and_unique():
    from reportparse.export.html import page_name

    taken: set[str] = set()
    assert page_name("in/报告 1.txt", taken) == "报告 1.html"
    assert page_name("other/报告 1.docx", taken) == "报告 1-2.html"
    assert page_name("../<script>.pdf", taken) == "_script_.html"
    assert page_name("", taken) == "report.html"


def test_cli_check_html_one_page_and_a_folder_for_several(tmp_path: Path):
    page = tmp_path / "one" / "seed.html"
    res = subprocess.run([sys.executable, "-m", "reportparse.cli", "check", str(SEED), "--html",
                          str(page)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "no findings" in res.stdout  # the usual output is unchanged
    assert 'id="outline"' in page.read_text(encoding="utf-8")
    inj = tmp_path / "injected.txt"
    text = SEED.read_text(encoding="utf-8")
    k = text.index("\t12.30\n") + 1
    inj.write_text(text[:k] + "13.30" + text[k + 5:], encoding="utf-8")
    site = tmp_path / "site"
    res = subprocess.run([sys.executable, "-m", "reportparse.cli", "check", str(SEED), str(inj),
                          str(tmp_path / "missing.txt"), "--html", str(site), "--json"],
                         capture_output=True, text=True)
    assert res.returncode == 2  # an input error; the others are still checked and written
    assert sorted(p.name for p in site.iterdir()) == [
        "000_b9924377f959d391.html", "index.html", "injected.html"]
    doc = _doc((site / "index.html").read_text(encoding="utf-8"))
    rows = doc.xpath('//table[@id="reports"]/tbody/tr')
    assert [r.xpath("./td")[0].text_content() for r in rows] == [
        "000_b9924377f959d391.txt", "injected.txt", str(tmp_path / "missing.txt")]
    assert int(rows[1].xpath("./td")[4].text_content()) >= 1 and rows[2].get("class") == "failed"
    inj_doc = _doc((site / "injected.html").read_text(encoding="utf-8"))
    assert f"c-{SCORE_TABLE}-1-2" in _hl_ids(inj_doc)


def test_review_site_writes_pages_and_an_index(seed_report, tmp_path: Path):
    from reportparse.export.html import ReviewSite

    site = ReviewSite(tmp_path / "site")
    a, _ = injected(seed_report)
    p1 = site.add(a)
    p2 = site.add(seed_report)  # same file name: a second, distinct page
    site.fail("broken.docx", "corrupt: not a zip file")
    index = site.close()
    assert p1.name == "000_b9924377f959d391.html" and p2.name == "000_b9924377f959d391-2.html"
    doc = _doc(index.read_text(encoding="utf-8"))
    hrefs = [x.get("href") for x in doc.xpath('//table[@id="reports"]//a')]
    assert hrefs == [p1.name, p2.name]
    assert all((tmp_path / "site" / h).is_file() for h in hrefs)
    rows = doc.xpath('//table[@id="reports"]/tbody/tr')
    assert [r.xpath("./td")[4].text_content() for r in rows] == ["2", "0", "0"]
    assert "corrupt: not a zip file" in rows[2].text_content()


def test_extracted_problems_and_suggestions_are_listed(seed_report):
    """When extraction fills ``report.problems``/``suggestions`` (PointItem), the lists use
    them (title, sub-points, link to the block) instead of the outline."""
    from types import SimpleNamespace

    from reportparse.export.html import _points_view

    item = SimpleNamespace(number="1.", title="缺少规划<b>", body="……",
                           subpoints=[SimpleNamespace(text="一是未编制五年规划")],
                           ref=SimpleNamespace(block=16))
    fake = SimpleNamespace(problems=[item], sections_of=seed_report.sections_of)
    items, derived = _points_view(fake, fake.problems, "problems", {})
    assert not derived
    assert items == [{"number": "1.", "title": "缺少规划<b>", "body": "……",
                      "subpoints": ["一是未编制五年规划"], "href": "#b-16"}]
    # none extracted: the outline's numbered points
    items, derived = _points_view(seed_report, [], "problems", {})
    assert derived and [i["number"] for i in items] == ["1.", "2.", "3."]


@pytest.mark.parametrize("sample", sorted((SEED.parent.parent / "text").glob("*.txt")),
                         ids=lambda p: p.stem)
def test_every_sample_renders_with_unique_ids(sample: Path):
    import reportparse

    report = reportparse.parse(sample)
    doc = _doc(render_html(report))
    ids = [e.get("id") for e in doc.xpath("//*[@id]")]
    assert len(ids) == len(set(ids))
    assert len(doc.xpath('//table[@class="doc"]')) == len(report.tables)
    assert len(doc.xpath('//nav[@id="outline"]//a')) == len(list(report.walk()))
    for t_index, t in ((i, b) for i, b in enumerate(report.blocks) if b.type == "table"):
        for c in t.cells:  # every real cell is in the page, once, with its text
            assert doc.get_element_by_id(f"c-{t_index}-{c.row}-{c.col}").text_content() == c.text
