"""Patterns are data: bundled defaults, user overrides, and loading from an installed wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import reportparse
from reportparse import ReportParseError
from reportparse.patterns import load_patterns, merge
from conftest import ROOT, SEED


def test_defaults_have_every_pattern_file():
    p = load_patterns()
    for name in ("headings", "sections", "noise", "text"):
        assert p[name], name


def test_merge_rules_replace_extend_and_recurse():
    base = {"kinds": {"problems": ["存在问题"], "other": ["附件"]}, "n": 1}
    over = {"kinds": {"problems": ["...", "问题清单"], "other": ["附录"]}, "n": 2}
    assert merge(base, over) == {"kinds": {"problems": ["存在问题", "问题清单"],
                                           "other": ["附录"]}, "n": 2}


def test_user_folder_extends_section_synonyms(tmp_path: Path):
    text = "一、问题清单\n正文。\n二、整改打算\n正文。\n".encode()
    default = reportparse.parse(text, name="x.txt")
    assert default.sections[0].kind == "problems"  # jieba fallback: 问题
    (tmp_path / "sections.toml").write_text(
        'max_kind_title_chars = 20\n[kinds]\nsuggestions = ["...", "整改打算"]\n'
        'other = ["...", "问题清单"]\n', encoding="utf-8")
    custom = reportparse.parse(text, name="x.txt", patterns=tmp_path)
    assert [s.kind for s in custom.sections] == ["other", "suggestions"]


def test_user_folder_can_add_a_heading_family(tmp_path: Path):
    (tmp_path / "headings.toml").write_text(
        "[[family]]\nname='roman'\ngroup='roman'\nusual_level=1\nnumeral='arabic'\n"
        "pattern='^(?P<marker>(?P<num>[0-9]+)\\)\\s*)'\n", encoding="utf-8")
    # lists replace by default: only the user's family remains
    p = load_patterns(tmp_path)
    assert [f["name"] for f in p["headings"]["family"]] == ["roman"]


def test_invalid_user_patterns_are_a_typed_error(tmp_path: Path):
    (tmp_path / "noise.toml").write_text("[markers\n", encoding="utf-8")
    with pytest.raises(ReportParseError) as e:
        load_patterns(tmp_path)
    assert e.value.reason == "patterns"


def test_cli_patterns_flag(tmp_path: Path):
    (tmp_path / "sections.toml").write_text('[kinds]\nbackground = ["项目背景"]\nother = ["...", "基本情况"]\n',
                                            encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "reportparse.cli", "parse", str(SEED),
                          "--patterns", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.splitlines()[0] == "一、基本情况 [other]"


@pytest.mark.slow
def test_wheel_installs_and_parses_the_seed_with_its_patterns(tmp_path: Path):
    """Build a wheel, install it in a fresh venv, run it outside the checkout."""
    if os.environ.get("REPORTPARSE_SKIP_WHEEL") == "1":
        pytest.skip("REPORTPARSE_SKIP_WHEEL=1")
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("reportparse-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False, system_site_packages=False)
    py = env_dir / "bin" / "python"
    # reuse this interpreter's dependencies; install only our wheel's files
    site = subprocess.run([str(py), "-c", "import sysconfig;print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    import zipfile

    zipfile.ZipFile(wheel).extractall(site)
    deps = [p for p in sys.path if p.endswith("site-packages")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([site, *deps])}
    names = zipfile.ZipFile(wheel).namelist()
    assert "reportparse/patterns/headings.toml" in names and "reportparse/py.typed" in names
    assert "reportparse/patterns/checks.toml" in names
    assert "reportparse/export/templates/report.html.j2" in names  # the HTML review templates
    out = subprocess.run([str(py), "-c",
                          "import sys, reportparse, reportparse.patterns as p;"
                          "r = reportparse.parse(sys.argv[1]);"
                          "print(p.load_patterns().origin); print(r.sections[2].heading);"
                          "print(len(reportparse.check(r)));"
                          "from reportparse.export.html import render_html;"
                          "assert 'id=\"outline\"' in render_html(r)",
                          str(SEED)], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    origin, heading, findings = out.stdout.splitlines()
    assert origin.startswith(site) and heading == "三、存在问题和建议" and findings == "0"


# ------------------------------------------------------------------ validation (issue 14)
def test_every_shipped_pattern_file_validates_against_its_model():
    """The defaults are not re-validated on every run (it would cost the parse path), so
    this test is what keeps them valid."""
    from reportparse.pattern_models import FILES

    p = load_patterns()
    assert sorted(p.data) == sorted(FILES)
    for name in FILES:
        assert type(p.model(name)) is FILES[name]
    assert p.headings.family[0].name == "part"  # typed access
    assert p.grades.sets[p.grades.default].bands[0].grade == "优"


def test_section_kinds_in_the_model_are_the_report_models_kinds():
    from typing import get_args

    from reportparse.models import SECTION_KINDS
    from reportparse.pattern_models import SectionKind

    assert get_args(SectionKind) == SECTION_KINDS


def _error(tmp_path: Path, name: str, toml: str) -> ReportParseError:
    (tmp_path / name).write_text(toml, encoding="utf-8")
    with pytest.raises(ReportParseError) as e:
        load_patterns(tmp_path)
    assert e.value.reason == "patterns"
    return e.value


def test_a_misspelt_key_names_the_file_and_the_key_path(tmp_path: Path):
    err = _error(tmp_path, "sections.toml", '[kinds]\nproblem = ["...", "问题清单"]\n')
    assert err.path == f"{tmp_path.resolve()}/sections.toml"
    assert err.message.startswith("kinds.problem: unknown key (expected one of 'background'")
    err = _error(tmp_path, "captions.toml", "[caption]\nmax_char = 30\n")
    assert err.message == "caption.max_char: unknown key (did you mean max_chars?)"
    (tmp_path / "captions.toml").unlink()
    err = _error(tmp_path, "grades.toml", '[sets.cai_yu_2020_10]\nbands = [{ grade = "优", min = 90, mx = 101 }]\n')
    assert err.message == "sets.cai_yu_2020_10.bands.0.mx: unknown key (did you mean max?)"


def test_an_unknown_file_in_the_user_folder_is_an_error(tmp_path: Path):
    err = _error(tmp_path, "section.toml", '[kinds]\nproblems = ["问题清单"]\n')
    assert err.path.endswith("/section.toml")
    assert err.message.startswith("not a pattern file (expected one of: captions, checks,")


def test_a_wrong_type_says_what_was_expected(tmp_path: Path):
    err = _error(tmp_path, "grades.toml",
                 '[sets.cai_yu_2020_10]\nbands = [{ grade = "优", min = "90" }]\n')
    assert str(err) == (f"{tmp_path.resolve()}/grades.toml: "
                        "sets.cai_yu_2020_10.bands.0.min: expected a number, got '90'")
    err = _error(tmp_path, "checks.toml", '[rules."score.rate"]\nseverity = "warn"\n')
    assert err.message == ('rules."score.rate".severity: '
                           "expected one of 'error', 'warning' or 'info'")


def test_a_bad_regex_is_caught_at_load_with_its_key(tmp_path: Path):
    err = _error(tmp_path, "noise.toml", "[toc]\nline = '^(?P<text>.+'\n")
    assert err.message.startswith("toc.line: bad regex: missing )")
    # a heading family must define the groups the outline reads
    err = _error(tmp_path, "headings.toml",
                 "[[family]]\nname = 'roman'\npattern = '^[IVX]+\\.'\n")
    assert err.message == "family.0.pattern: regex must define the group(s) marker, num"


def test_a_grade_set_that_does_not_exist_is_an_error(tmp_path: Path):
    err = _error(tmp_path, "grades.toml", 'default = "local_90_80"\n')
    assert err.message.startswith("default: names no band set (cai_yu_2020_10, integer,")


def test_a_valid_override_adding_synonyms_merges_and_validates(tmp_path: Path):
    (tmp_path / "tables.toml").write_text('[rows]\ntotal = ["...", "得分总计"]\n',
                                          encoding="utf-8")
    p = load_patterns(tmp_path)
    assert p.tables.rows.total[-1] == "得分总计"
    assert p["tables"]["rows"]["total"][:2] == ["总分", "合计"]  # the defaults stay first
    assert p.tables.headers == load_patterns().tables.headers  # untouched keys are kept


def test_the_docs_reference_lists_every_key_of_every_model():
    from reportparse.pattern_models import reference_markdown

    page = (ROOT / "docs" / "patterns.md").read_text(encoding="utf-8")
    documented = page.split("<!-- reference:start -->\n")[1].split("<!-- reference:end -->")[0]
    assert documented == reference_markdown(), (
        "docs/patterns.md is out of date; paste reportparse.pattern_models.reference_markdown()")


def test_a_misspelt_rule_id_in_checks_is_an_error_before_checking(tmp_path: Path):
    (tmp_path / "checks.toml").write_text('[rules."score.rat"]\nseverity = "warning"\n',
                                          encoding="utf-8")
    load_patterns(tmp_path)  # the file itself is well-formed: any id may be a rule's
    r = reportparse.parse(SEED)
    with pytest.raises(ReportParseError) as e:
        reportparse.check(r, patterns=tmp_path)
    assert e.value.path == f"{tmp_path.resolve()}/checks.toml"
    assert e.value.message.startswith('rules."score.rat": unknown rule id')
    out = subprocess.run([sys.executable, "-m", "reportparse.cli", "check", str(SEED),
                          "--patterns", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 2 and "unknown rule id" in out.stderr and not out.stdout
