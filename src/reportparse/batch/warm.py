"""Imported once by the forkserver the local engine forks its workers from.

Everything loaded here is loaded once per batch instead of once per worker (and again after each
``max_tasks_per_child`` replacement): reportparse and the readers' libraries, jieba's dictionary
(~0.6 s, ~100 MB), and every first-use cost of the pipeline — patterns, compiled expressions,
the extraction and check stages when installed — by running one small built-in report through
:func:`~reportparse.batch.pipeline.process_file`. Measured on the merged pipeline, a cold worker
spends ~0.5 s of CPU on its first file; a worker forked from here spends what the file costs.
The pages are shared copy-on-write; ``gc.freeze`` keeps the collector from touching (and so
copying) them in every worker.
"""

from __future__ import annotations

import gc
import logging
from importlib import import_module

from ..export import tabular  # noqa: F401
from . import pipeline
from .inputs import Item

_TABLE = [["一级指标", "分值", "得分", "得分率"], ["决策", "15", "12.30", "82.00%"],
          ["过程", "20", "18.50", "92.50%"], ["产出", "30", "25.60", "85.33%"],
          ["效益", "35", "30.07", "85.91%"], ["总分", "100", "86.47", "86.47%"],
          ["总分（取整）", "100", "86", "86%"], ["综合评价等级", "良"]]

WARM_REPORT = "\n".join([
    "XX项目绩效评价报告",
    "一、基本情况",
    "（一）项目背景",
    "项目总投资为6600万元，资金来源为中央资金6000万元、地方配套资金600万元。",
    "（二）主要内容及实施情况",
    "项目主要内容包括两个方面：一是改造14个老旧小区；二是完善配套设施。",
    "二、综合评价情况及评价结论",
    "综合评价得分86.47分，评价等级为“良”。90分（含）以上为优。",
    "绩效评价得分情况表",
    *("\n".join("\t" + c for c in row) + "\n" for row in _TABLE),
    "",
    "三、存在问题",
    "1.项目缺少统筹实施方案，绩效指标设置不准确。一是未编制规划；二是指标不可衡量。",
    "2.项目管理规范性不足，资金变更无调整文件。",
    "四、有关建议",
    "1.强化顶层设计，完善绩效指标。",
    "",
])


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


def _readers() -> None:
    for name in ("docx", "pdf", "markup"):  # whichever readers this tree has
        try:
            import_module(f"reportparse.ingest.{name}")
        except Exception:  # noqa: BLE001, S112 - absent or broken: the worker reports it
            continue


def warm() -> None:
    _jieba()
    _readers()
    item = Item(name="<warm-up>.txt", data=WARM_REPORT.encode("utf-8"))
    pipeline.process_file(item, pipeline.Options(want_rows=True, want_report=False))


warm()
gc.collect()
gc.freeze()
