"""reportparse on the real public documents of ``../shared/real`` (issues 12 and 13).

Ground truth is ``tests/real/<name>.expected.json``, written by reading the documents (never
from reportparse's output); ``tests/real/harness.py`` measures. What holds now is asserted
exactly; the acceptance targets that do not hold yet are ratchets: a floor (``>=``) or ceiling
(``<=``) at the value measured when the ratchet was set, so the suite stays green and a
regression fails. Raise a floor / lower a ceiling when your change improves a number
(``python -m tests.real.harness`` prints them all).
"""

from __future__ import annotations

import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from real import harness  # noqa: E402

NAMES = [p.name[: -len(".expected.json")] for p in harness.expected_files()]
PDFS = [n for n in NAMES if harness.load_expected(n)["file"].endswith(".pdf")]
pytestmark = pytest.mark.skipif(not harness.REAL.is_dir(), reason="../shared/real not present")

#: headings read correctly now (a subset of each expected file); must stay read
READ_NOW: dict[str, list[str]] = {
    "hn-likou-budget-review-2024": ["一、工程概况", "（一）工程地点及工程内容：", "二、编制依据",
                                    "五、审查结果", "七、审减原因：", "八、其他需要说明"],
    "js-procuratorate-budget-2019": ["第一部分 部门概况", "一、主要职责",
                                     "二、部门机构设置及预算单位构成情况",
                                     "一、坚决捍卫国家政治安全和社会大局稳定",
                                     "第三部分 2019年度部门预算情况说明", "（一）公共安全（类）",
                                     "九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明",
                                     "十四、预算绩效目标设置情况说明", "第四部分 名词解释"],
    "js-high-court-budget-2019": ["第一部分 部门概况", "一、主要职能", "（一）机关内设机构",
                                  "（三）派出机构", "第二部分 2019 年度部门预算表",
                                  "五、财政拨款支出预算情况说明", "（三）住房保障支出（类）",
                                  "十三、国有资产占用情况"],
    "js-party-office-budget-2019": ["一、主要职能", "二、部门机构设置及预算单位构成情况",
                                    "第三部分 2019年度部门预算情况说明", "（一）一般公共服务（类）",
                                    "十二、政府采购支出预算情况说明", "第四部分 名词解释"],
    "sh-putuo-commerce-budget-2025": ["上海市普陀区商务委员会主要职能", "名词解释",
                                      "2025年部门预算编制说明", "其他相关情况说明",
                                      "科技创新专项经费情况说明",
                                      "贸易高质量发展专项（政策资金）经费情况说明"],
    "sh-putuo-wanli-budget-2023": ["部门主要职能", "部门机构设置", "部门预算编制说明",
                                   "其他相关情况说明", "项目经费情况说明"],
}

# Ratchets, measured when set; tighten them as the parser improves. Acceptance targets
# (issue 12): heading precision >= 0.95 and recall >= 0.95, no TOC line as a heading (toc 0)
# and no table caption either (cap 0), tables counted exactly (tables 0 = |found − expected|),
# titles found, 0 numbers lost by the oracle. (issue 13): 0 false error findings (ferr), the
# hn-likou real error found.
# Floors (>=): precision, recall, levels, cells. Ceilings (<=): toc, cap, tables, oracle, ferr.
RATCHET: dict[str, dict[str, float]] = {
    "hn-likou-budget-review-2024": dict(precision=1.0, recall=0.88, levels=1.0, toc=0, cap=0,
                                        tables=0, cells=8, ferr=0),
    "js-procuratorate-budget-2019": dict(precision=0.29, recall=0.96, levels=0.96, toc=0, cap=12,
                                         tables=0, cells=16, oracle=0, ferr=1),
    "js-high-court-budget-2019": dict(precision=0.25, recall=0.96, levels=1.0, toc=0, cap=12,
                                      tables=1, cells=14, oracle=0, ferr=1),
    "js-party-office-budget-2019": dict(precision=0.37, recall=0.95, levels=1.0, toc=0, cap=0,
                                        tables=0, cells=0, oracle=0, ferr=1),
    "sh-putuo-commerce-budget-2025": dict(precision=0.13, recall=0.21, levels=1.0, toc=16, cap=9,
                                          tables=0, cells=14, oracle=0, ferr=0),
    "sh-putuo-wanli-budget-2023": dict(precision=0.08, recall=0.33, levels=1.0, toc=17, cap=9,
                                       tables=1, cells=16, oracle=0, ferr=2),
}
TITLE_FOUND: set[str] = set()  # acceptance: every file
REAL_ERROR_FOUND: set[str] = set()  # acceptance: hn-likou-budget-review-2024
#: documents not measured here: the .doc needs LibreOffice, absent on this machine
PENDING = {"sz-self-eval-outline"}


def _measure(name: str) -> harness.Measure:
    m = harness.measure(name)
    if m.error and harness.load_expected(name)["file"].endswith(".doc") \
            and shutil.which("soffice") is None:
        pytest.skip("reading .doc needs LibreOffice (soffice), absent here")
    assert m.error is None, m.error
    return m


# --------------------------------------------------------------------------- the truth itself
@pytest.mark.parametrize("name", NAMES)
def test_expected_file_is_well_formed(name: str) -> None:
    exp = harness.load_expected(name)
    assert harness.document_path(exp).is_file()
    assert exp["title"] and harness.norm(exp["title_core"]) in harness.norm(exp["title"])
    assert exp["headings"] and all(h["level"] >= 1 for h in exp["headings"])
    texts = [harness.norm(h["text"]) for h in exp["headings"]]
    optional = {harness.norm(o["text"]) for o in exp.get("optional_headings", [])}
    assert not optional & set(texts), "a heading is both required and optional"
    assert exp["tables"]["count"] >= len(exp["tables"]["samples"])
    assert len(exp["tables"]["captions"]) == exp["tables"]["count"]


@pytest.mark.parametrize("name", NAMES)
def test_hand_checked_figures_add_up(name: str) -> None:
    """The sums written down from ../shared/real/README.md (addends → total) are right."""
    for fig in harness.load_expected(name)["figures"]:
        terms = fig.get("addends") or fig.get("terms")
        assert sum(Decimal(x) for x in terms) == Decimal(fig["total"]), fig["what"]


@pytest.mark.parametrize("name", NAMES)
def test_numbers_sample_is_printed_in_the_document(name: str) -> None:
    """The sample numbers are in the document's own text (pdfium's for a PDF), on their page."""
    exp = harness.load_expected(name)
    path = harness.document_path(exp)
    if path.suffix == ".pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        for n in exp["numbers_sample"]:
            text = pdf[n["page"] - 1].get_textpage().get_text_range()
            assert n["text"] in harness.numbers_in(text), n
        pdf.close()
    elif path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
        for n in exp["numbers_sample"]:
            assert n["text"] in harness.numbers_in(text), n


def test_heading_matching_rules() -> None:
    assert harness.same_heading("三、2019 年部门主要工作任务及目标", "三、2019年部门主要工作任务及目标")
    assert harness.same_heading("九、一般公共预算“三公”经费、会议费、培训费支出预",
                                "九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明")
    assert not harness.same_heading("一、主要", "一、主要职责")  # under 6 characters in common
    assert not harness.same_heading("一、主要职责", "二、主要职责")
    pairs = harness.ordered_matching(["一、甲甲甲甲甲", "二、乙乙乙乙乙", "一、甲甲甲甲甲"],
                                     ["一、甲甲甲甲甲", "一、甲甲甲甲甲"])
    assert pairs == [(0, 0), (2, 1)]
    assert harness.level_agreement([(1, 2), (2, 3), (2, 3), (1, 2)]) == 1.0
    assert harness.level_agreement([(1, 1), (2, 1)]) == 0.0


def test_oracle_counts_numbers_as_printed() -> None:
    assert harness.numbers_in("合计24,169.74万元，占65.56%；4335.3；2019年；1.一般") == [
        "24,169.74", "65.56", "4335.3"]
    assert harness.numbers_in("371,514,655.00 与 1,234") == ["371,514,655.00", "1,234"]


# --------------------------------------------------------------------------- reportparse, now
@pytest.mark.parametrize("name", sorted(READ_NOW))
def test_headings_read_now(name: str) -> None:
    found = [h.text for h in harness.found_headings(harness.parsed(name))]
    for want in READ_NOW[name]:
        assert any(harness.same_heading(want, f) for f in found), want


@pytest.mark.parametrize("name", [n for n in NAMES if n not in PDFS])
def test_sample_numbers_kept_outside_pdf(name: str) -> None:
    """Where there is no pdfium oracle, the sample numbers come out unchanged."""
    exp = harness.load_expected(name)
    if not exp["numbers_sample"]:
        pytest.skip("no numbers in this document")
    kept = [x for t in harness.output_texts(harness.parsed(name)) for x in harness.numbers_in(t)]
    for n in exp["numbers_sample"]:
        assert n["text"] in kept, n


def test_doc_without_libreoffice_is_a_typed_error() -> None:
    if shutil.which("soffice") is not None:
        pytest.skip("LibreOffice present: the .doc is measured like the others")
    import reportparse

    with pytest.raises(reportparse.ReportParseError, match="LibreOffice"):
        reportparse.parse(harness.REAL / "sz-self-eval-outline.wps.doc")


# --------------------------------------------------------------------------- ratchets
@pytest.mark.parametrize("name", sorted(RATCHET))
def test_headings_ratchet(name: str) -> None:
    m, r = _measure(name), RATCHET[name]
    assert m.precision >= r["precision"], m.extra
    assert m.recall >= r["recall"], m.missed
    assert m.level_agreement >= r["levels"]
    assert m.toc_as_heading <= r["toc"]
    assert m.caption_as_heading <= r["cap"]


@pytest.mark.parametrize("name", sorted(RATCHET))
def test_tables_ratchet(name: str) -> None:
    m, r = _measure(name), RATCHET[name]
    assert abs(m.tables_found - m.tables_expected) <= r["tables"]
    assert m.cells_ok >= r["cells"]


@pytest.mark.parametrize("name", NAMES)
def test_title_ratchet(name: str) -> None:
    m = _measure(name)
    if name in TITLE_FOUND:
        assert m.title, m.title_text


@pytest.mark.parametrize("name", sorted(n for n in RATCHET if "oracle" in RATCHET[n]))
def test_number_fidelity_oracle_ratchet(name: str) -> None:
    m = _measure(name)
    assert m.oracle is not None
    assert m.oracle.lost <= RATCHET[name]["oracle"], m.oracle.losses


@pytest.mark.parametrize("name", sorted(RATCHET))
def test_false_errors_ratchet(name: str) -> None:
    m = _measure(name)
    assert m.false_errors <= RATCHET[name]["ferr"]
    if name in REAL_ERROR_FOUND:
        assert all(m.real_errors_found)


def test_every_pdf_is_under_the_oracle() -> None:
    assert set(PDFS) <= {n for n in RATCHET if "oracle" in RATCHET[n]} | PENDING


def test_every_document_is_ratcheted() -> None:
    assert set(NAMES) <= set(RATCHET) | PENDING
