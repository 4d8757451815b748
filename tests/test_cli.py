"""The command line: outputs, stdin, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SEED


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "reportparse.cli", *args], input=stdin,
                          capture_output=True)


def test_json_output_is_the_public_contract():
    out = run("parse", str(SEED), "--json")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    s = data["sections"][2]
    assert {"number", "title", "level", "kind", "children"} <= set(s)
    assert (s["number"], s["title"], s["kind"]) == ("三、", "存在问题和建议", "other")
    tables = [b for b in data["blocks"] if b["type"] == "table"]  # v1: no "tables" copy
    assert tables[1]["caption"] == "绩效评估得分总体情况表"
    assert tables[1]["rows"][1] == ["决策", "15", "12.30", "82.00%"]
    assert data["source"]["format"] == "text" and len(data["source"]["sha256"]) == 64
    assert data["schema_version"] == "1"
    assert data["typed_tables"][data["score_table"]]["total"] == "86.47"  # the score, once


def test_stdin_and_markdown():
    out = run("parse", "-", "--markdown", stdin=SEED.read_bytes())
    assert out.returncode == 0
    md = out.stdout.decode()
    assert "# 一、基本情况" in md and "## （一）存在问题" in md
    assert '<td colspan="3">良</td>' in md  # merged cells stay merged


def test_unsupported_extension_exits_2(tmp_path):
    f = tmp_path / "report.xyz"
    f.write_text("一、基本情况", encoding="utf-8")
    out = run("parse", str(f))
    assert out.returncode == 2 and b"unsupported file type" in out.stderr
