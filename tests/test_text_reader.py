"""Text exports: encodings, line ends, noise glued to text, tables, and bad input."""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest

import reportparse
from reportparse import ReportParseError
from conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_and_line_ends_give_the_same_report(seed_report, encoding, bom, newline):
    data = bom + SEED_TEXT.replace("\n", newline).encode(encoding)
    report = reportparse.parse(data, name="seed.txt")
    assert [s.heading for s in report.walk()] == [s.heading for s in seed_report.walk()]
    assert [t.rows for t in report.tables] == [t.rows for t in seed_report.tables]
    assert report.text == seed_report.text


def test_gbk_is_detected_and_recorded():
    report = reportparse.parse(SEED_TEXT.encode("gbk"), name="seed.txt")
    assert report.source.encoding == "gb18030"


def test_noise_glued_to_text_is_removed_wherever_it_stands():
    text = ("[bookmark: _Toc1][bookmark: _Toc2]一、基本情况\n"
            "项目[image: img1.png]于2022年实施。[bookmark: x]窗体底端\n"
            "\u200b（一）项目背景[bookmark: _Toc3]\n"
            "　　本项目\u200d资金来源为财政拨款。窗体顶端\n")
    r = reportparse.parse(text.encode(), name="x.txt")
    assert [s.heading for s in r.walk()] == ["一、基本情况", "（一）项目背景"]
    assert [b.text for b in r.paragraphs()] == ["一、基本情况", "项目于2022年实施。",
                                               "（一）项目背景", "本项目资金来源为财政拨款。"]
    assert r.meta.noise_removed == {"bookmark": 4, "image": 1, "form": 2, "zero_width": 2}


def test_ragged_table_rows_get_inferred_spans():
    text = "表1 资金情况\n\t项目\n\t预算\n\t执行\n\n\t合计\n\t100\n\n\t备注\n\n\n正文。\n"
    r = reportparse.parse(text.encode(), name="x.txt")
    t = r.tables[0]
    assert t.caption == "表1 资金情况"
    assert t.rows == [["项目", "预算", "执行"], ["合计", "100", ""], ["备注", "", ""]]
    assert t.cell_at(1, 2).text == "100" and t.spans_inferred
    assert t.row_roles == ["header", "data", "group"]


def test_years_decimals_and_list_items_are_not_headings():
    text = ("一、基本情况\n2020年7月，国务院印发文件。\n12.30分为决策得分。\n"
            "1.2亿元资金已到位。\n主要做法如下：\n1.蒙维小区；\n2.明珠花园；\n"
            "3.西苑小区。\n二、评价结论\n结论正文。\n")
    r = reportparse.parse(text.encode(), name="x.txt")
    assert [s.heading for s in r.walk()] == ["一、基本情况", "二、评价结论"]


def test_a_long_numbered_paragraph_is_a_point_with_a_title_sentence():
    text = ("一、存在的问题\n1.资金拨付滞后。部分资金直到年底才拨付到位，影响了项目进度，"
            "也造成资金使用效率不高，需要引起重视并加以改进。\n"
            "2.档案管理不规范。\n相关资料未按要求归档。\n")
    r = reportparse.parse(text.encode(), name="x.txt")
    first, second = r.section("problems").children
    assert first.title == "资金拨付滞后。" and first.lead.startswith("部分资金直到年底")
    assert second.title == "档案管理不规范。" and second.kind == "problems"


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"   \n\t\n", "empty"),
    (bytes(range(256)) * 20, "binary"),
    ("[bookmark: _Toc1]窗体顶端\n".encode(), "empty"),
])
def test_bad_text_input_is_a_typed_error(data, reason):
    with pytest.raises(ReportParseError) as e:
        reportparse.parse(data, name="bad.txt")
    assert e.value.reason == reason and e.value.path == "bad.txt"


def test_an_unknown_legacy_encoding_is_refused_not_guessed():
    korean = ("이 보고서는 프로젝트 성과 평가 결과를 요약합니다. 예산 집행률과 목표 달성도를 "
              "검토하였으며 개선 사항을 제안합니다. " * 5).encode("euc-kr")
    with pytest.raises(ReportParseError) as e:
        reportparse.parse(korean, name="report.txt")
    assert e.value.reason == "encoding"


def test_missing_file_is_not_found(tmp_path):
    with pytest.raises(ReportParseError) as e:
        reportparse.parse(tmp_path / "nope.txt")
    assert e.value.reason == "not_found"


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportparse.cli", *args], input=stdin,
                          capture_output=True)


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\xff" * 50,
                                     "성과 평가 보고서 예산 집행 ".encode("euc-kr") * 20])
def test_cli_exits_2_with_one_line_reason(tmp_path, content):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    out = _cli("parse", str(f))
    assert out.returncode == 2
    err = out.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and str(f) in err and out.stdout == b""


def test_a_few_damaged_bytes_are_repaired_with_a_warning(seed_report):
    data = bytearray(SEED_TEXT.encode("utf-8"))
    data[5000] = 0xFF  # one invalid byte in the middle of a Chinese sentence
    r = reportparse.parse(bytes(data), name="seed.txt")
    assert r.source.encoding == "utf-8 (damaged)"
    assert [w.code for w in r.warnings] == ["damaged_encoding"]
    assert [s.heading for s in r.walk()] == [s.heading for s in seed_report.walk()]


def _tika(rows: list[list[str]]) -> str:
    """Rows as a Tika export writes them: one tab line per cell (an empty slot is a tab alone),
    one blank line between rows."""
    return "\n\n".join("\n".join("\t" + c for c in row) for row in rows) + "\n"


@pytest.mark.parametrize("leading", [1, 2, 3])
def test_vertical_merge_continuation_cells_keep_one_table(leading):
    header = ["一级指标", "二级指标", "三级指标", "四级指标", "分值", "得分"]
    rows = [header, ["决策", "项目立项", "立项依据", "依据充分", "5", "4"]]
    for k in range(4):
        rows.append([""] * leading + [f"指标{j}{k}" for j in range(4 - leading)] + ["5", "5"])
    rows.append(["合计", "", "", "", "25", "24"])
    r = reportparse.parse(("表1 评分表\n" + _tika(rows) + "\n\n正文。\n").encode(), name="x.txt")
    assert len(r.tables) == 1
    assert r.tables[0].rows == rows


def test_a_run_starting_with_an_empty_cell_continues_the_table_above():
    rows1 = [["一级指标", "二级指标", "分值", "得分"], ["决策", "项目立项", "5", "4"]]
    rows2 = [["", "绩效目标", "5", "3"], ["合计", "", "10", "7"]]
    text = "表1 评分表\n" + _tika(rows1) + "\n\n" + _tika(rows2) + "\n\n正文。\n"
    r = reportparse.parse(text.encode(), name="x.txt")
    assert len(r.tables) == 1 and r.tables[0].rows == rows1 + rows2
    assert r.score is not None and [n.name for n in r.score.walk()] == [
        "决策", "项目立项", "绩效目标"]
