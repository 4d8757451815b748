"""The house rules of the pipeline, checked on the source: arrows point down only.

ingest → clean → structure → extract → check → export around models: a reader never imports
structure/extract/check; structure knows no reader; check knows no reader; exporters read the
model, not the readers; models import no stage. What each unit may import is data in
tests/architecture_rules.py (``ALLOWED``), with the import forms the checker reads.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from architecture_rules import ALLOWED, KNOWN, imports_of, unit_of, violations

PKG = Path(__file__).resolve().parents[1] / "src" / "reportparse"
FILES = sorted(PKG.rglob("*.py"))


def _unknown(found: list) -> list[str]:
    """Violations not in KNOWN, as readable lines."""
    return [f"{imp.file}:{imp.line} ({own}) reaches {imp.unit} via {imp.how}"
            for imp, own in found if (imp.file, imp.unit) not in KNOWN]


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PKG)) for p in FILES])
def test_each_module_imports_only_what_its_unit_may(path: Path) -> None:
    own = unit_of(path, PKG)
    assert own in ALLOWED, f"{own!r} has no rule in tests/architecture_rules.py ALLOWED"
    wrong = [(imp, own) for imp in imports_of(path, PKG)
             if imp.unit != own and imp.unit not in ALLOWED[own]]
    assert not _unknown(wrong), "\n".join(_unknown(wrong))


def test_every_rule_names_a_real_unit() -> None:
    units = {unit_of(p, PKG) for p in FILES}
    named = set(ALLOWED) | {u for allowed in ALLOWED.values() for u in allowed}
    assert named <= units, f"rules for units that do not exist: {sorted(named - units)}"
    assert set(ALLOWED) == units


def test_known_exceptions_still_happen() -> None:
    """A known upward import that is gone must leave KNOWN too, so the list only shrinks."""
    happening = {(imp.file, imp.unit) for imp, _ in violations(PKG)}
    stale = set(KNOWN) - happening
    assert not stale, f"fixed, remove from KNOWN in tests/architecture_rules.py: {stale}"


# ---------------------------------------------------------------- the checker can fail
# each form of an upward import, appended to a copy of a module: (file, code, unit reached)
MUTATIONS = [
    ("ingest/text.py", "import reportparse.check", "check"),
    ("ingest/text.py", "import reportparse.check.engine as engine", "check"),
    ("ingest/text.py", "from reportparse import extract", "extract"),
    ("ingest/text.py", "from reportparse import parse", "__init__"),
    ("ingest/text.py", "from reportparse.structure.outline import build", "structure"),
    ("ingest/text.py", "from .. import check", "check"),
    ("ingest/text.py", "from ..check import engine", "check"),
    ("ingest/text.py", "from ..export.html import render", "export"),
    ("ingest/text.py", "import importlib\nimportlib.import_module('reportparse.extract')",
     "extract"),
    ("ingest/text.py", "from importlib import import_module\nimport_module('..clean', __package__)",
     "clean"),
    ("ingest/text.py", "import_module(f'reportparse.batch.{name}')", "batch"),
    ("ingest/text.py", "__import__('reportparse.api')", "api"),
    ("ingest/text.py", "_LATER = ['reportparse.check.engine']", "check"),
    ("ingest/text.py", "def later() -> None:\n    from ..structure import outline", "structure"),
    ("ingest/text.py", "if TYPE_CHECKING:\n    from ..extract.facts import Fact", "extract"),
    ("models/__init__.py", "from .. import extract", "extract"),
    ("models/__init__.py", "from ..ingest import read", "ingest"),
    ("models/__init__.py", "import reportparse.check", "check"),
    ("models/__init__.py", "from reportparse.export import json", "export"),
    ("models/__init__.py", "import_module('..structure', __package__)", "structure"),
    ("models/__init__.py", "def later() -> None:\n    from ..check import engine", "check"),
    ("models/__init__.py", "if TYPE_CHECKING:\n    from ..api import parse", "api"),
    ("models/extraction.py", "from ..check import engine", "check"),
    ("models/extraction.py", "from .. import api", "api"),
    ("export/annotate/pdf.py", "from ...ingest import pdf", "ingest"),
    ("check/engine.py", "from .. import export", "export"),
    ("structure/outline.py", "from ..ingest.text import read", "ingest"),
    ("errors.py", "from .models import Report", "models"),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package, checked clean (but for KNOWN) before any mutation."""
    pkg = tmp_path_factory.mktemp("copy") / "reportparse"
    shutil.copytree(PKG, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    assert not _unknown(violations(pkg))
    return pkg


@pytest.mark.parametrize("file,code,unit", MUTATIONS,
                         ids=[f"{f}:{c.splitlines()[-1].strip()}" for f, c, _ in MUTATIONS])
def test_an_upward_import_in_a_copy_is_reported(pristine: Path, tmp_path: Path, file: str,
                                                code: str, unit: str) -> None:
    pkg = tmp_path / "reportparse"
    shutil.copytree(pristine, pkg)
    target = pkg / file
    source = target.read_text(encoding="utf-8")
    first = source.count("\n") + 2  # the line the mutation starts on
    target.write_text(source + "\n" + code + "\n", encoding="utf-8")
    found = [(imp.unit, imp.line) for imp, _ in violations(pkg) if imp.file == file]
    assert any(u == unit and line >= first for u, line in found), found
