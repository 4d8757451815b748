"""Load the grammar-as-data in ``patterns/*.toml`` and a user's overrides.

The defaults ship inside the wheel (``reportparse/patterns``, found beside this module; through
importlib.resources only when the package is not on disk, e.g. in a zip); in a source checkout
run without installing they are read from the top-level ``patterns/`` folder. Each default file
is read on first use, so a command pays only for the files its stages read (the outline: no
``checks``, ``facts``, ``grades``, ``tables``).
A user folder (``--patterns DIR`` / ``patterns=``) is merged *over* the defaults, file by file:

* tables merge key by key, recursively;
* any other value replaces the default;
* a list whose first item is ``"..."`` *extends* the default list instead of replacing it,
  e.g. ``problems = ["...", "问题清单"]`` adds one synonym.

The merged result of every file the user folder touches is validated against its model in
:mod:`reportparse.pattern_models`: a ``.toml`` file that is not a pattern file, an unknown key,
a wrong type or a regex that does not compile is a :class:`ReportParseError` (reason
``patterns``) naming the file, the key path and the cause. The shipped defaults are validated by
the test suite rather than on every run, so ``reportparse parse`` pays nothing for it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .errors import ReportParseError

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .pattern_models import (CaptionsFile, ChecksFile, FactsFile, GradesFile, HeadingsFile,
                                 NoiseFile, SectionsFile, TablesFile, TextFile, _Model)

EXTEND = "..."


def _default_dir() -> Any:
    """The bundled pattern folder: beside this module in an installed wheel, ``patterns/`` at
    the top of a source checkout, else through importlib.resources (a zipped package; that
    import costs ~15 ms of start-up, so it is the last resort)."""
    here = Path(__file__).resolve().parent
    for d in (here / "patterns", here.parents[1] / "patterns"):
        if d.is_dir():
            return d
    from importlib import resources

    packaged = resources.files("reportparse") / "patterns"
    if packaged.is_dir():
        return packaged
    raise RuntimeError("reportparse patterns not found (neither packaged nor in a checkout)")


def merge(base: Any, over: Any) -> Any:
    """Merge ``over`` onto ``base`` with the rules in the module docstring."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else _strip_extend(v)
        return out
    if isinstance(over, list) and over and over[0] == EXTEND:
        extra = [x for x in over[1:]]
        base_list = list(base) if isinstance(base, list) else []
        return base_list + [x for x in extra if x not in base_list]
    return over


def _strip_extend(v: Any) -> Any:
    if isinstance(v, list) and v and v[0] == EXTEND:
        return v[1:]
    if isinstance(v, dict):
        return {k: _strip_extend(x) for k, x in v.items()}
    return v


M = TypeVar("M")


class _File(Generic[M]):
    """``patterns.<stem>``: the validated model of one pattern file (see :meth:`Patterns.model`)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Patterns, owner: type | None = None) -> M:
        return obj.model(self.name)  # type: ignore[return-value]


class Patterns:
    """All pattern files by file stem, as plain mappings (``patterns["headings"]``) and as
    validated models (``patterns.headings``, ``patterns.model("headings")``).

    Stages compile what they need from it (and cache on the instance via :meth:`cached`).
    """

    def __init__(self, data: Mapping[str, dict[str, Any]], origin: str,
                 paths: dict[str, str] | None = None) -> None:
        self.data = data
        self.origin = origin
        self.paths = paths or {}
        self._cache: dict[str, Any] = {}
        self._models: dict[str, _Model] = {}

    def __getitem__(self, name: str) -> dict[str, Any]:
        return self.data.get(name, {})

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def cached(self, key: str, build: Any) -> Any:
        """Memoise a compiled artefact (regexes, lookup tables) on this Patterns instance."""
        if key not in self._cache:
            self._cache[key] = build(self)
        return self._cache[key]

    def model(self, name: str) -> _Model:
        """The pattern file ``name`` as its validated model (validated once, then cached)."""
        if name not in self._models:
            self._models[name] = validate_file(name, self.data.get(name, {}),
                                               self.paths.get(name, f"{self.origin}/{name}.toml"))
        return self._models[name]

    # typed views of each file, for code that wants attribute access and type checking
    captions: _File[CaptionsFile] = _File()
    checks: _File[ChecksFile] = _File()
    facts: _File[FactsFile] = _File()
    grades: _File[GradesFile] = _File()
    headings: _File[HeadingsFile] = _File()
    noise: _File[NoiseFile] = _File()
    sections: _File[SectionsFile] = _File()
    tables: _File[TablesFile] = _File()
    text: _File[TextFile] = _File()

    def __repr__(self) -> str:
        return f"Patterns({sorted(self.data)}, origin={self.origin!r})"


# ------------------------------------------------------------------------------ validation
_CAUSES = {
    "float_type": "expected a number", "int_type": "expected an integer",
    "int_from_float": "expected an integer", "string_type": "expected a string",
    "list_type": "expected a list", "bool_type": "expected true or false",
    "dict_type": "expected a table", "model_type": "expected a table",
    "model_attributes_type": "expected a table", "extra_forbidden": "unknown key",
    "missing": "missing key",
}


def _key_path(loc: tuple[Any, ...]) -> str:
    """``("rules", "score.sum", "min")`` → ``rules."score.sum".min``; a union member's tag
    (``literal['error', …]``, ``str``) that pydantic appends is not part of the key path."""
    parts = []
    for x in loc:
        s = str(x)
        if "[" in s or s in ("str", "int", "float", "bool", "list", "dict", "none"):
            continue
        parts.append(f'"{s}"' if "." in s or " " in s else s)
    return ".".join(parts)


def _cause(err: Any) -> str:
    kind = err["type"]
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "literal_error":
        if err["loc"] and err["loc"][-1] == "[key]":
            return f"unknown key (expected one of {err['ctx']['expected']})"
        return f"expected one of {err['ctx']['expected']}"
    cause = _CAUSES.get(kind, err["msg"])
    if kind.endswith("_type"):
        got = repr(err["input"])
        cause += f", got {got[:40] + '…' if len(got) > 40 else got}"
    return str(cause)


def _did_you_mean(model: type[_Model], loc: tuple[Any, ...]) -> str:
    """`` (did you mean max_chars?)`` for an unknown key close to a key of its table."""
    from difflib import get_close_matches

    from .pattern_models import nested_model

    cur: type[_Model] | None = model
    parts = list(loc[:-1])
    while parts and cur is not None:
        cur, skip = nested_model(cur, str(parts.pop(0)))
        del parts[:skip]
    close = get_close_matches(str(loc[-1]), list(cur.model_fields) if cur else [], n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def describe(e: ValidationError, model: type[_Model] | None = None) -> str:
    """A pydantic error as ``key.path: cause`` lines joined by ``; `` (at most three); a
    check across keys (a model validator) names its keys in its own message."""
    seen: dict[str, str] = {}
    for err in e.errors():
        cause = _cause(err)
        if err["type"] == "extra_forbidden" and model is not None:
            cause += _did_you_mean(model, err["loc"])
        seen.setdefault(_key_path(err["loc"]), cause)
    lines = [f"{k}: {v}" if k else v for k, v in seen.items()]
    more = f" (and {len(lines) - 3} more)" if len(lines) > 3 else ""
    return "; ".join(lines[:3]) + more


def validate_file(name: str, data: dict[str, Any], path: str) -> _Model:
    """``data`` (one pattern file, merged) as its model, or a ReportParseError naming ``path``."""
    from pydantic import ValidationError

    from .pattern_models import FILES

    model = FILES.get(name)
    if model is None:
        raise ReportParseError(path, "patterns",
                               f"not a pattern file (expected one of: {', '.join(FILES)})")
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise ReportParseError(path, "patterns", describe(e, model)) from None


def _read_file(entry: Any, label: str) -> dict[str, Any]:
    try:
        return tomllib.loads(entry.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ReportParseError(f"{label}/{entry.name}", "patterns", f"invalid TOML: {e}") from e


def _toml_files(d: Any) -> dict[str, Any]:
    """The ``.toml`` files of folder ``d`` by stem, in name order."""
    return {e.name[:-5]: e for e in sorted(d.iterdir(), key=lambda p: p.name)
            if e.name.endswith(".toml")}


def _read_dir(d: Any, label: str) -> dict[str, dict[str, Any]]:
    return {name: _read_file(entry, label) for name, entry in _toml_files(d).items()}


class _LazyFiles(Mapping[str, dict[str, Any]]):
    """The bundled pattern files by stem, each parsed on first access (then kept)."""

    def __init__(self, d: Any) -> None:
        self._entries = _toml_files(d)
        self._label = str(d)
        self._loaded: dict[str, dict[str, Any]] = {}

    def __getitem__(self, name: str) -> dict[str, Any]:
        got = self._loaded.get(name)
        if got is None:
            got = self._loaded[name] = _read_file(self._entries[name], self._label)
        return got

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


@lru_cache(maxsize=1)
def _defaults() -> Patterns:
    d = _default_dir()
    return Patterns(_LazyFiles(d), str(d))


@lru_cache(maxsize=16)
def _with_user(user_dir: str) -> Patterns:
    p = Path(user_dir)
    if not p.is_dir():
        raise ReportParseError(user_dir, "patterns", "patterns folder does not exist")
    defaults = _defaults()
    user = _read_dir(p, user_dir)
    merged = {k: merge(v, user[k]) if k in user else v for k, v in defaults.data.items()}
    paths = {k: f"{user_dir}/{k}.toml" for k in user}
    out = Patterns(merged, f"{defaults.origin} + {user_dir}", paths)
    for name in user:  # validated now, so a mistake shows before any document is read
        if name not in merged:
            validate_file(name, {}, paths[name])
        out.model(name)
    return out


def load_patterns(patterns: str | Path | Patterns | None = None) -> Patterns:
    """The default patterns, or the defaults with a user folder merged over them."""
    if isinstance(patterns, Patterns):
        return patterns
    if patterns is None:
        return _defaults()
    return _with_user(str(Path(patterns).resolve()))
