"""Load the grammar-as-data in ``patterns/*.toml`` and a user's overrides.

The defaults ship inside the wheel (``reportparse/patterns``, via importlib.resources); in a
source checkout run without installing they are read from the top-level ``patterns/`` folder.
A user folder (``--patterns DIR`` / ``patterns=``) is merged *over* the defaults, file by file:

* tables merge key by key, recursively;
* any other value replaces the default;
* a list whose first item is ``"..."`` *extends* the default list instead of replacing it,
  e.g. ``problems = ["...", "问题清单"]`` adds one synonym.

Files in the user folder that do not exist among the defaults are loaded as new pattern files.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ReportParseError

EXTEND = "..."


def _default_dir() -> Any:
    packaged = resources.files("reportparse") / "patterns"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "patterns"
    if checkout.is_dir():
        return checkout
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


class Patterns:
    """All pattern files as plain dicts, by file stem: ``patterns["headings"]`` etc.

    Stages compile what they need from it (and cache on the instance via :meth:`cached`).
    """

    def __init__(self, data: dict[str, dict[str, Any]], origin: str) -> None:
        self.data = data
        self.origin = origin
        self._cache: dict[str, Any] = {}

    def __getitem__(self, name: str) -> dict[str, Any]:
        return self.data.get(name, {})

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def cached(self, key: str, build: Any) -> Any:
        """Memoise a compiled artefact (regexes, lookup tables) on this Patterns instance."""
        if key not in self._cache:
            self._cache[key] = build(self)
        return self._cache[key]

    def __repr__(self) -> str:
        return f"Patterns({sorted(self.data)}, origin={self.origin!r})"


def _read_dir(d: Any, label: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for entry in sorted(d.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".toml"):
            try:
                out[entry.name[:-5]] = tomllib.loads(entry.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
                raise ReportParseError(f"{label}/{entry.name}", "patterns", f"invalid TOML: {e}") from e
    return out


@lru_cache(maxsize=1)
def _defaults() -> Patterns:
    d = _default_dir()
    return Patterns(_read_dir(d, str(d)), str(d))


@lru_cache(maxsize=16)
def _with_user(user_dir: str) -> Patterns:
    p = Path(user_dir)
    if not p.is_dir():
        raise ReportParseError(user_dir, "patterns", "patterns folder does not exist")
    base = _defaults().data
    user = _read_dir(p, user_dir)
    merged = {k: merge(base.get(k, {}), user.get(k, {})) if k in user else v
              for k, v in base.items()}
    for k, v in user.items():
        if k not in merged:
            merged[k] = _strip_extend(v)
    return Patterns(merged, f"{_defaults().origin} + {user_dir}")


def load_patterns(patterns: str | Path | Patterns | None = None) -> Patterns:
    """The default patterns, or the defaults with a user folder merged over them."""
    if isinstance(patterns, Patterns):
        return patterns
    if patterns is None:
        return _defaults()
    return _with_user(str(Path(patterns).resolve()))
