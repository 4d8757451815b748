"""Every example in README.md and docs/*.md runs (issue 14: docs that cannot drift).

Each ```python block runs as its own script, and each line of a ```sh block (but the README's
install block, which CI runs itself) runs in a shell, in a scratch folder that holds what the
examples name: ``samples/`` (the bundled samples), ``report.txt`` (the seed), ``reports/`` (two
text exports) and ``archive.zip`` (one). ```toml blocks must parse. The python blocks also
type-check with mypy (the ``test`` extra).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SEED = ROOT / "samples" / "seed" / "000_b9924377f959d391.txt"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks(lang: str) -> list[tuple[str, str]]:
    out = []
    for page in PAGES:
        found = FENCE.findall(page.read_text(encoding="utf-8"))
        for k, (_kind, body) in enumerate(b for b in found if b[0] == lang):
            if page.name == "README.md" and lang == "sh" and k == 0:
                continue  # the install/test block: .ci/run runs it
            out.append((f"{page.relative_to(ROOT)}#{lang}{k + 1}", body))
    return out


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("examples")
    (d / "samples").symlink_to(ROOT / "samples")
    shutil.copy(SEED, d / "report.txt")
    (d / "reports").mkdir()
    for name in sorted((ROOT / "samples" / "text").glob("*.plain.txt"))[:2]:
        shutil.copy(name, d / "reports" / name.name)
    with zipfile.ZipFile(d / "archive.zip", "w") as z:
        z.write(SEED, "in_zip.txt")
    (d / "out").mkdir()
    return d


def _env() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            "NO_COLOR": "1"}


@pytest.mark.parametrize(("where", "code"), blocks("python"), ids=lambda x: x[:40])
def test_python_example_runs(where: str, code: str, scratch: Path) -> None:
    script = scratch / "example.py"
    script.write_text(code, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], cwd=scratch, capture_output=True,
                         text=True, timeout=600, env=_env())
    assert run.returncode == 0, f"{where}:\n{run.stderr[-2000:]}"


@pytest.mark.parametrize(("where", "code"), blocks("sh"), ids=lambda x: x[:40])
def test_shell_example_runs(where: str, code: str, scratch: Path) -> None:
    for line in code.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        run = subprocess.run(line, shell=True, cwd=scratch, capture_output=True, text=True,
                             timeout=600, env=_env())
        # `check` exits 1 when it finds something: that is a result, not a failure
        assert run.returncode in (0, 1), f"{where}: {line}\n{run.stderr[-2000:]}"
        assert "Traceback" not in run.stderr


@pytest.mark.parametrize(("where", "code"), blocks("toml"), ids=lambda x: x[:40])
def test_toml_example_parses(where: str, code: str) -> None:
    tomllib.loads(code)


def test_python_examples_type_check(tmp_path: Path) -> None:
    from mypy import api

    files = []
    for k, (_, code) in enumerate(blocks("python")):
        f = tmp_path / f"example_{k}.py"
        f.write_text(code, encoding="utf-8")
        files.append(str(f))
    out, err, status = api.run(["--ignore-missing-imports", "--no-error-summary", *files])
    assert status == 0, out + err
