"""Imported once by the forkserver the local engine forks its workers from.

Everything loaded here is loaded once per batch instead of once per worker (and again after each
``max_tasks_per_child`` replacement): reportparse itself, and jieba's dictionary (~0.6 s, ~200 MB),
which the structure stage needs for unmatched titles and extraction for problem keywords. The
pages are shared copy-on-write; ``gc.freeze`` keeps the collector from touching (and so copying)
them in every worker.
"""

from __future__ import annotations

import gc
import logging

from ..export import tabular  # noqa: F401
from . import pipeline


def _jieba() -> None:
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a dependency
        return
    jieba.setLogLevel(logging.CRITICAL + 10)
    try:
        jieba.initialize()
    except Exception:  # noqa: BLE001, S110  # pragma: no cover - loaded lazily then
        pass


_jieba()
pipeline.stages()  # resolve the optional extract/check imports once
gc.collect()
gc.freeze()
