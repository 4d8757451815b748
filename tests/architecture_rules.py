"""What each part of reportparse may import, as data, and the checker that reads the imports of
a source tree (used by tests/test_architecture.py, on the real package and on mutated copies).

A *unit* is a top-level module (``models``, ``api``…) or sub-package (``ingest``, ``check``…) of
``reportparse``; ``reportparse`` itself (the package ``__init__``) is the unit ``__init__``.
Every way a module can reach another counts as an import:

- ``import reportparse.x``, ``from reportparse import x``, ``from reportparse.x import y``;
- ``from . import x``, ``from .. import x``, ``from ..x import y`` (resolved against the file);
- ``importlib.import_module("reportparse.x")`` / ``import_module(".x", __package__)`` /
  ``__import__(...)``, with an f-string's literal prefix read as the module
  (``f"reportparse.ingest.{name}"`` is ``ingest``; ``f"{__package__}.{fam}"`` is the module's own
  package), and any string constant that is a dotted ``reportparse.x`` name (a module looked up
  by name later);
- imports inside functions (lazy imports are still dependencies: they only move the cost);
- imports under ``if TYPE_CHECKING:`` too. A type-only import is not loaded at run time, but the
  lower stage's signatures then name an upper stage's types: it knows about that stage, which is
  what the arrows forbid. (Today only the package ``__init__``, batch, cli_annotate and two
  exporters import under TYPE_CHECKING, all downward.)
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

#: the foundation every stage may use: the typed models, the one error type, the limits,
#: the pattern files and the logging quieter
BASE = frozenset({"models", "errors", "limits", "patterns", "quiet"})

#: unit → the other units it may import. The stages form the pipeline
#: ingest → clean → structure → extract → check → export around models; the top-level modules
#: that run the pipeline (api, annotate, cli*, batch) sit above it.
ALLOWED: dict[str, frozenset[str]] = {
    # the foundation: models import no stage (issue 14); errors/limits/quiet import nothing
    "errors": frozenset(),
    "limits": frozenset(),
    "quiet": frozenset(),
    # the command's one-shot start-up and exit (gc, pydantic's plugin loader, os._exit)
    "startup": frozenset(),
    "models": frozenset({"errors"}),
    "patterns": frozenset({"errors", "pattern_models"}),
    # the one resolver of a Ref (page, bbox, line, section path): it reads the model only
    "locate": frozenset({"models"}),
    # the JSON Schemas of the contract, generated from the model
    "schemas": frozenset({"models"}),
    # the pydantic models of the pattern files (validated on a user's folder)
    "pattern_models": frozenset(),
    # the table-of-contents shape test shared by a reader (ingest) and clean
    "toc_shape": frozenset({"patterns"}),
    # the stages, downward only
    "ingest": BASE | {"toc_shape"},
    "clean": BASE | {"toc_shape"},
    "structure": BASE,
    "extract": BASE | {"structure", "locate"},
    "check": BASE | {"structure", "extract", "locate"},
    "export": BASE | {"locate"},  # exporters read the model (findings are models too), not the stages
    # the drivers: they run the stages
    "api": BASE | {"ingest", "clean", "structure", "extract", "check"},
    "annotate": BASE | {"api", "ingest", "check", "export"},
    "batch": BASE | {"api", "ingest", "clean", "structure", "extract", "check", "export",
                     "annotate"},
    # cli_annotate is the annotate half of the command line: it borrows cli's input options
    "cli_annotate": BASE | {"api", "annotate", "check", "export", "cli"},
    "cli": BASE | {"__init__", "startup", "schemas", "api", "ingest", "clean", "structure", "extract", "check",
                   "export", "batch", "annotate", "cli_annotate"},
    # the package root binds the public names (lazily) from anywhere
    "__init__": BASE | {"api", "ingest", "clean", "structure", "extract", "check", "export",
                        "batch", "annotate", "toc_shape"},
}

#: imports that break the rules today and are being removed, each with the reason it is still
#: here; test_architecture fails when one no longer happens, so the list only shrinks
KNOWN: dict[tuple[str, str], str] = {
}


@dataclass(frozen=True)
class Import:
    file: str  # path relative to the package, e.g. "ingest/text.py"
    line: int
    unit: str  # the reportparse unit it reaches
    how: str  # the source form, for the failure message


def unit_of(path: Path, pkg: Path) -> str:
    """The unit a source file belongs to."""
    parts = path.relative_to(pkg).with_suffix("").parts
    return "__init__" if parts == ("__init__",) else parts[0]


def _target(dotted: list[str]) -> str:
    """The unit a module path inside reportparse names (``[]`` is the package root)."""
    return dotted[0] if dotted else "__init__"


def _resolve_relative(rel_parts: tuple[str, ...], level: int, module: str | None) -> list[str]:
    """``from <level dots><module>`` in a file at ``rel_parts`` → the dotted path inside the
    package (the file's package is ``rel_parts[:-1]``, or itself for an ``__init__``)."""
    base = list(rel_parts[:-1])
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return base + (module.split(".") if module else [])


def _string_module(node: ast.expr, rel_parts: tuple[str, ...]) -> list[str] | None:
    """The package path a string/f-string argument of import_module names, if it names one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):  # the literal prefix of f"reportparse.x.{name}"
        first = node.values[0] if node.values else None
        if (isinstance(first, ast.FormattedValue) and isinstance(first.value, ast.Name)
                and first.value.id in ("__package__", "__name__")):
            # f"{__package__}.name…": the module's package, then the literal that follows
            own = list(rel_parts[:-1]) if first.value.id == "__package__" else list(rel_parts)
            nxt = node.values[1] if len(node.values) > 1 else None
            tail = nxt.value if isinstance(nxt, ast.Constant) and isinstance(nxt.value, str) \
                else ""
            return own + [p for p in tail.split(".") if p.isidentifier()]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            return None
        text = first.value
    else:
        return None
    if text == "reportparse" or text.startswith("reportparse."):
        return [p for p in text.split(".")[1:] if p]
    if text.startswith("."):  # relative to the module's package (the usual second argument)
        level = len(text) - len(text.lstrip("."))
        return _resolve_relative(rel_parts, level, text.lstrip(".").rstrip(".") or None)
    return None


def imports_of(path: Path, pkg: Path) -> list[Import]:
    """Every reference from ``path`` to a reportparse unit, in every form listed above."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(pkg)
    rel_parts = rel.with_suffix("").parts
    modules = {p.stem for p in pkg.glob("*.py")} | {p.name for p in pkg.iterdir() if p.is_dir()}
    out: list[Import] = []

    def add(node: ast.AST, dotted: list[str], how: str) -> None:
        out.append(Import(str(rel), getattr(node, "lineno", 0), _target(dotted), how))

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                dotted = _resolve_relative(rel_parts, node.level, node.module)
            elif node.module == "reportparse" or (node.module or "").startswith("reportparse."):
                dotted = node.module.split(".")[1:]  # type: ignore[union-attr]
            else:
                continue
            how = f"from {'.' * node.level}{node.module or ''} import ..."
            if dotted:
                add(node, dotted, how)
            else:  # from reportparse import x / from .. import x: x is a unit or a name
                for a in node.names:
                    add(node, [a.name] if a.name in modules else [], how)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "reportparse" or a.name.startswith("reportparse."):
                    add(node, a.name.split(".")[1:], f"import {a.name}")
        elif isinstance(node, ast.Call) and node.args:
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) \
                else ""
            if name in ("import_module", "__import__"):
                dotted_or_none = _string_module(node.args[0], rel_parts)
                if dotted_or_none is not None:
                    add(node, dotted_or_none, f"{name}(...)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if text.startswith("reportparse.") and all(p.isidentifier()
                                                       for p in text.split(".")):
                add(node, text.split(".")[1:], f"the module name {text!r}")
    return out


def violations(pkg: Path) -> list[tuple[Import, str]]:
    """(import, unit of the importing file) for each import its unit may not make."""
    out = []
    for path in sorted(pkg.rglob("*.py")):
        own = unit_of(path, pkg)
        allowed = ALLOWED.get(own)
        if allowed is None:
            raise AssertionError(f"{path.relative_to(pkg)}: the unit {own!r} has no rule in "
                                 "ALLOWED (tests/architecture_rules.py): add one")
        for imp in imports_of(path, pkg):
            if imp.unit != own and imp.unit not in allowed:
                out.append((imp, own))
    return out
