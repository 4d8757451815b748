"""The house rules of the pipeline, checked on the source: arrows point down only.

A reader never imports structure/extract/check; structure knows no reader; check knows no
reader; exporters read the model, not the readers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "reportparse"

FORBIDDEN = {
    "ingest": {"structure", "extract", "check", "export", "batch", "clean"},
    "clean": {"ingest", "structure", "extract", "check", "export", "batch"},
    "structure": {"ingest", "extract", "check", "export", "batch"},
    "extract": {"ingest", "check", "export", "batch"},
    "check": {"ingest", "export", "batch"},
    "export": {"ingest", "structure", "extract", "batch"},
    # the Ref resolver reads the model only, so extract, check and export may all use it
    "locate": {"ingest", "clean", "structure", "extract", "check", "export", "batch"},
}


def _stage_imports(path: Path) -> set[str]:
    """Top-level reportparse sub-packages/modules a module imports (relative or absolute)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel_parts = path.relative_to(PKG).with_suffix("").parts
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(rel_parts[:-1])[: len(rel_parts) - node.level]
                mod = base + (node.module.split(".") if node.module else [])
                names = [mod[0]] if mod else [a.name for a in node.names]
            elif node.module and node.module.startswith("reportparse."):
                names = [node.module.split(".")[1]]
            else:
                continue
            out.update(names)
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[1] for a in node.names
                       if a.name.startswith("reportparse."))
    return out


CASES = [(stage, p) for stage in FORBIDDEN
         for p in sorted((PKG / stage).rglob("*.py") if (PKG / stage).is_dir()
                         else [PKG / f"{stage}.py"])]


@pytest.mark.parametrize("stage,path", CASES, ids=[str(p.relative_to(PKG)) for _, p in CASES])
def test_stages_only_import_downstream(stage, path):
    wrong = _stage_imports(path) & FORBIDDEN[stage]
    assert not wrong, f"{path.relative_to(PKG)} ({stage}) imports {sorted(wrong)}"
