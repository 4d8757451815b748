"""The Dask engine: the same per-file function on a Dask distributed cluster.

``pip install 'reportparse[dask]'``. With ``scheduler`` (``tcp://host:port``) the batch runs on
that cluster; without it, on a :class:`distributed.LocalCluster` of ``jobs`` single-threaded
worker processes. The client reads each input (so workers need no access to the files) and keeps
a bounded window of tasks in flight (memory stays flat). A task over ``timeout`` seconds is
cancelled, recorded as one ``timeout`` error, and the worker running it is restarted (its nanny
starts a fresh process), the same contract as the local engine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
import os
from typing import Any

from .inputs import ArchiveCache, Item, materialize
from .pipeline import FileResult, Options, process_file


def _task(item: Item, options: Options) -> FileResult:
    from ..ingest.ocr import PAGE_THREADS_ENV

    os.environ.setdefault(PAGE_THREADS_ENV, "1")  # a batch already runs a file per core
    return process_file(item, options)


def run_dask(items: Iterable[Item], options: Options, *, jobs: int | None = None,
             timeout: float | None = None, scheduler: str | None = None,
             window: int | None = None,
             idle: Callable[[], None] | None = None) -> Iterator[FileResult]:
    try:
        from distributed import Client, LocalCluster, wait
    except ImportError as e:
        raise RuntimeError("the dask engine needs: pip install 'reportparse[dask]'") from e
    import logging
    import os

    import dask

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # a task whose worker dies is one `internal` record, not retried on the next worker
        with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
            cluster = LocalCluster(n_workers=max(1, jobs or os.cpu_count() or 1),
                                   threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    cache = ArchiveCache()
    try:
        nthreads = sum(client.nthreads().values()) or 1
        window = window or nthreads  # ≈ one task per worker thread: start time ≈ submit time
        source = iter(items)
        live: dict[Any, tuple[Item, float]] = {}
        exhausted = False
        while True:
            while not exhausted and len(live) < window:
                it = next(source, None)
                if it is None:
                    exhausted = True
                    break
                it = materialize(it, options.limits, cache)
                if it.error is not None:
                    yield FileResult.failed(it.name, *it.error)
                    continue
                fut = client.submit(_task, it, options, pure=False, key=f"rp-{id(it)}-"
                                    f"{time.monotonic_ns()}")
                live[fut] = (it, time.monotonic())
            if not live:
                return
            wait_for: float | None = None
            if timeout:
                wait_for = max(0.05, min(t for _, t in live.values()) + timeout
                               - time.monotonic())
            if idle is not None:
                wait_for = 0.5 if wait_for is None else min(wait_for, 0.5)
            try:
                done, _ = wait(list(live), timeout=wait_for, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            except Exception:  # noqa: BLE001 - distributed raises its own TimeoutError
                done = {f for f in live if f.done()}
            if not done and idle is not None:
                idle()
            for fut in done:
                it, _ = live.pop(fut)
                try:
                    yield fut.result()
                except Exception as e:  # noqa: BLE001 - worker lost, task erred outside
                    yield FileResult.failed(it.name, "internal",
                                            f"dask task failed: {type(e).__name__}: {e}")
            if timeout:
                now = time.monotonic()
                for fut, (it, t) in list(live.items()):
                    if now - t >= timeout:
                        live.pop(fut)
                        _kill(client, fut)
                        yield FileResult.failed(it.name, "timeout",
                                                f"no result within {timeout:g} s; worker "
                                                "restarted")
                        # tasks that shared the restarted worker restart their clocks
                        for f2 in live:
                            live[f2] = (live[f2][0], time.monotonic())
    finally:
        cache.close()
        client.close()
        if cluster is not None:
            cluster.close()


def _kill(client: object, fut: object) -> None:
    """Cancel a hung task and restart the worker running it (best effort)."""
    key = fut.key  # type: ignore[attr-defined]
    workers: list[str] = []
    try:
        for addr, keys in client.processing().items():  # type: ignore[attr-defined]
            if key in keys:
                workers.append(addr)
    except Exception:  # noqa: BLE001, S110
        pass
    try:
        fut.cancel()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001, S110
        pass
    if workers:
        try:
            client.restart_workers(workers)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001, S110
            pass
