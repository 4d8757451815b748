"""Property tests: the text reader and the heading grammar take any input.

Whatever the bytes, ``parse`` returns a Report or raises ``ReportParseError`` — nothing else —
and adversarial long lines (the kind that make naive regexes backtrack) finish quickly. The
time bound is not asserted here (timing belongs in benchmarks); hypothesis' own deadline
catches runaway cases.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import reportparse
from reportparse import ReportParseError
from reportparse.patterns import load_patterns
from reportparse.structure.grammar import grammar
from reportparse.structure.kinds import classify

MARKERS = ["一、", "（一）", "(二)", "1.", "2、", "1.1 ", "（1）", "⑴", "①", "㈠", "第一部分", "一是",
           "二是", "[bookmark: _Toc1]", "窗体顶端", "\t", "\n", "\n\n", "\r\n", "……12", "目录",
           "。", "，", "；", "\u200b", "86.47", "2020年", "- 3 -", "第 3 页 共 9 页"]
chunks = st.one_of(st.sampled_from(MARKERS), st.text(max_size=20))
documents = st.lists(chunks, max_size=60).map("".join)

SETTINGS = settings(max_examples=150, deadline=timedelta(seconds=2))


@SETTINGS
@given(documents)
def test_parse_never_raises_anything_but_reportparseerror(doc: str):
    for encoding in ("utf-8", "utf-16"):
        try:
            r = reportparse.parse(doc.encode(encoding, "surrogatepass"), name="fuzz.txt",
                                  format="text")
        except ReportParseError as e:
            assert e.reason != "internal", e
            continue
        for b in r.blocks:
            start, end = b.provenance.span
            assert 0 <= start <= end <= len(r.text)


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes):
    try:
        reportparse.parse(data, name="fuzz.txt", format="text")
    except ReportParseError as e:
        assert e.reason != "internal", e


@SETTINGS
@given(documents)
def test_grammar_and_kinds_never_raise(line: str):
    p = load_patterns()
    m = grammar(p).match(line)
    if m is not None:
        assert line.strip().startswith(m.marker[:1]) or line.startswith(m.marker[:1])
    classify(line, p, fallback=False)


def test_adversarial_long_lines_finish():
    evil = [
        "1" * 200_000,
        "1." * 100_000,
        "（" * 100_000 + "一",
        "[bookmark:" * 50_000,
        "一、" + "，" * 100_000,
        "目录\n" + ("一、基本情况" + "." * 5000 + "x\n") * 50,
        "\t" + "\t".join(["1"] * 50_000),
        "一是" * 50_000,
    ]
    for text in evil:
        try:
            reportparse.parse(text.encode(), name="evil.txt")
        except ReportParseError as e:
            assert e.reason != "internal", e
