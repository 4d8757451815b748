"""``import reportparse`` is cheap: the stages and heavy libraries load when first used.

Checked by what a fresh interpreter has in ``sys.modules`` (not by a timing, which belongs in
benchmarks/): importing the package loads no pydantic model, no reader, no check, and none of
jieba, rich, openpyxl or jinja2; using a name loads what it needs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "samples" / "seed" / "000_b9924377f959d391.txt"

# ``reportparse.check`` and ``reportparse.extract`` are bound as functions on import; their
# packages' own modules are a function each, the stages behind them must not load
HEAVY = ["pydantic", "reportparse.models", "reportparse.check.engine", "reportparse.api",
         "reportparse.extract.facts", "reportparse.extract.tables", "reportparse.ingest.pdf",
         "jieba", "rich", "openpyxl", "jinja2", "pypdfium2", "lxml"]


def _loaded(code: str) -> set[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_import_loads_no_stage_and_no_heavy_library() -> None:
    loaded = _loaded("import reportparse")
    assert [m for m in HEAVY if m in loaded] == []


def test_public_names_load_on_first_use() -> None:
    loaded = _loaded("import reportparse\nreportparse.Report\nreportparse.parse")
    assert {"pydantic", "reportparse.models", "reportparse.api"} <= loaded
    assert "jieba" not in loaded and "openpyxl" not in loaded


def test_batch_is_the_function_even_after_its_modules_load() -> None:
    import reportparse
    import reportparse.batch.sinks  # noqa: F401 - binds the subpackage name when loaded first

    assert callable(reportparse.batch) and reportparse.batch.__name__ == "batch"


def test_batch_machinery_loads_only_for_a_batch() -> None:
    """``reportparse.batch`` is bound on import, but its inputs, per-file pipeline, outputs
    and summary load with the first batch (or the first name asked of them)."""
    machinery = {"reportparse.batch.inputs", "reportparse.batch.pipeline",
                 "reportparse.batch.sinks", "reportparse.batch.summary"}
    assert _loaded("import reportparse") & machinery == set()
    assert "reportparse.batch.pipeline" in _loaded("import reportparse\nreportparse.FileResult")
    assert "reportparse.batch.inputs" in _loaded("from reportparse.batch import Item")


def test_parse_on_the_command_line_loads_no_batch_output() -> None:
    loaded = _loaded("from reportparse.cli import main\n"
                     f"main(['parse', {str(SEED)!r}])")
    assert "reportparse.batch.sinks" not in loaded and "sqlite3" not in loaded
def test_check_and_extract_are_plain_functions_even_after_their_modules_load() -> None:
    import reportparse
    import reportparse.check.engine  # noqa: F401 - would bind the subpackage if loaded first
    import reportparse.extract.facts  # noqa: F401

    assert type(reportparse.check).__name__ == "function"
    assert type(reportparse.extract).__name__ == "function"
    assert reportparse.check.__module__ == "reportparse.check"


def test_the_command_line_loads_the_stages_only_for_a_command_that_reads_a_report() -> None:
    assert [m for m in HEAVY if m in _loaded("import reportparse.cli")] == []
    rules = _loaded("import io, contextlib\nfrom reportparse.cli import main\n"
                    "with contextlib.redirect_stdout(io.StringIO()):\n    main(['rules'])")
    # ``rules`` loads the rule catalogue (and the parser the registered formats), but reads
    # nothing: no pipeline, no cleaning
    assert {"reportparse.api", "reportparse.clean"} & rules == set()


def test_the_command_line_skips_pydantic_plugin_discovery_unless_the_user_says() -> None:
    probe = ("import io, os, contextlib\nfrom reportparse.cli import main\n"
             f"with contextlib.redirect_stdout(io.StringIO()):\n    main(['parse', {str(SEED)!r}])\n"
             "print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'))")
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    for given, kept in ((None, "__all__"), ("logfire", "logfire")):
        if given is not None:
            env["PYDANTIC_DISABLE_PLUGINS"] = given
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             check=True, timeout=120, env=env)
        assert out.stdout.splitlines()[-1] == kept


def test_the_outline_builds_only_the_document_layer() -> None:
    """``reportparse parse`` (the outline) reads the document layer: the extraction layer's
    model classes, the extract stage and jieba never load."""
    loaded = _loaded("import io, contextlib\nfrom reportparse.cli import main\n"
                     "with contextlib.redirect_stdout(io.StringIO()):\n"
                     f"    main(['parse', {str(SEED)!r}])")
    assert "reportparse.models" in loaded
    assert {"reportparse.models.extraction", "reportparse.extract.facts", "jieba"} & loaded == set()


def test_every_extraction_name_is_reachable_from_models_and_typed() -> None:
    """``from reportparse.models import X`` works for every name of the extraction layer, and
    each is listed in models' ``TYPE_CHECKING`` imports (else mypy types it ``Any``)."""
    import ast

    import reportparse.models as models
    import reportparse.models.extraction as extraction

    def tree(module: object) -> ast.Module:
        return ast.parse(Path(module.__file__).read_text(encoding="utf-8"))  # type: ignore[attr-defined]

    typed = {a.asname or a.name for node in ast.walk(tree(models))
             if isinstance(node, ast.ImportFrom) and node.module == "extraction" for a in node.names}
    defined = set()
    for node in tree(extraction).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined |= {t.id for t in targets if isinstance(t, ast.Name)}
    public = {n for n in defined if not n.startswith("_")}
    assert "Report" in public and public <= typed, public - typed
    assert all(getattr(models, n) is getattr(extraction, n) for n in typed)


def _script(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The console script's entry point (``reportparse.cli:run``) in a fresh process."""
    code = "import sys\nfrom reportparse.cli import run\nsys.argv[1:] = sys.argv[1:]\nrun()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=120, env=env)


def test_the_console_script_flushes_its_output_and_keeps_exit_statuses() -> None:
    """``run`` ends a short command with ``os._exit``: what it printed is all there (stdout
    is a pipe here, block-buffered) and the status is main's."""
    out = _script("parse", str(SEED))
    assert out.returncode == 0 and out.stdout.splitlines()[0].startswith("一、")
    assert out.stdout.endswith("\n") and out.stdout.count("\n") > 10
    bad = _script("parse", str(SEED.with_name("missing.txt")))
    assert bad.returncode == 2 and "reportparse: error:" in bad.stderr
    assert _script("rules", "--json").stdout.rstrip().endswith("]")


def test_the_console_script_skips_the_plugin_scan_only_while_plugins_are_off() -> None:
    """Plugins off (the CLI's default): pydantic's loader, and importlib.metadata with it, is
    never imported; a user who names plugins to skip gets pydantic's own loader."""
    probe = ("import sys, io, contextlib, os\nfrom reportparse import startup\n"
             "startup.exit_now = lambda status: print(sorted(m for m in sys.modules if m in "
             "('importlib.metadata', 'pydantic.plugin._loader')), file=sys.stderr)\n"
             "from reportparse.cli import run\nsys.argv[1:] = ['parse', " + repr(str(SEED)) + "]\n"
             "try:\n    run()\nexcept SystemExit:\n    pass\n")
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    off = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=120, env=env, check=True)
    assert off.stderr.strip().splitlines()[-1] == "['pydantic.plugin._loader']"
    named = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           timeout=120, env={**env, "PYDANTIC_DISABLE_PLUGINS": "logfire"},
                           check=True)
    assert named.stderr.strip().splitlines()[-1] == \
        "['importlib.metadata', 'pydantic.plugin._loader']"
