"""``reportparse check`` and ``reportparse rules``: output, JSON, exit codes."""

from __future__ import annotations

import json

from conftest import SEED

from reportparse.cli import main

BROKEN_TOTAL = "\n".join([
    "一、综合评价情况", "评分结果如下。", "得分情况表",
    "\t一级指标", "\t分值", "\t得分", "",
    "\t决策", "\t50", "\t40.00", "",
    "\t过程", "\t50", "\t40.50", "",
    "\t总分", "\t100", "\t81.00", "", "",
    "二、存在问题", "问题如下。",
]) + "\n"


def test_seed_checks_clean_and_exits_0(capsys):
    assert main(["check", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "0 error(s), 0 warning(s)" in out and "no findings" in out


def test_an_error_is_reported_with_its_location_and_exits_1(tmp_path, capsys):
    f = tmp_path / "broken.txt"
    f.write_text(BROKEN_TOTAL, encoding="utf-8")
    assert main(["check", str(f)]) == 1
    out = capsys.readouterr().out
    assert "错误 error (1)" in out
    assert "一级指标得分合计80.50分，与总分81.00分不一致（相差0.50分）" in out
    assert "@ 总分 得分: 一、综合评价情况 · 表(块3) 第4行第3列 · 原文第18行 “81.00”" in out
    assert "\033[" not in out  # no colour when piped
    assert main(["check", str(f), "--fail-on", "never"]) == 0
    assert main(["check", str(f), "--skip", "sum"]) == 0


def test_json_is_one_object_per_file_and_a_list_for_several(tmp_path, capsys):
    f = tmp_path / "broken.txt"
    f.write_text(BROKEN_TOTAL, encoding="utf-8")
    main(["check", str(f), "--json"])
    one = json.loads(capsys.readouterr().out)
    assert one["source"] == str(f) and one["counts"]["error"] == 1
    (finding,) = one["findings"]
    assert {"rule", "category", "severity", "message", "expected", "actual", "difference",
            "tolerance", "locations"} <= set(finding)
    assert finding["locations"][-1]["text"] == "81.00"
    assert main(["check", str(SEED), str(f), "--json"]) == 1
    both = json.loads(capsys.readouterr().out)
    assert [d["source"] for d in both] == [str(SEED), str(f)]


def test_input_errors_and_unknown_rules_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.txt"), str(SEED)]) == 2
    captured = capsys.readouterr()
    assert "missing.txt" in captured.err and "no findings" in captured.out
    assert main(["check", str(SEED), "--rules", "nonsense"]) == 2
    assert "unknown rule or category: nonsense" in capsys.readouterr().err


def test_rules_lists_every_rule_with_its_category(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "score.sum" in out and "weight_policy" in out
    assert main(["rules", "--json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert {"id": "score.sum", "category": "sum", "severity": "error"}.items() <= rules[0].items()


def test_rules_state_how_sure_their_binding_is_and_the_severity_policy(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "binding: sentence names the report" in out and "Severity follows confidence" in out
    assert main(["rules", "--json"]) == 0
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    for rid in ("score.sum", "score.grade", "text.score", "text.indicator", "text.repeated",
                "selfeval.sum", "percent.range", "budget.rate", "dates.order",
                "weight_policy.output_outcome"):
        assert rules[rid]["binding"], rid
