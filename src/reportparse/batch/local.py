"""The local engine: a pool of worker processes with a per-file time limit that kills.

Why not ``concurrent.futures.ProcessPoolExecutor``: it cannot kill one hung task (a worker
stuck in C code ignores everything but SIGKILL, and killing a pool worker breaks the whole
pool). Here the parent owns each worker process and knows which item it is on and since when:

* each worker has a small queue of items (``prefetch``) so IPC latency overlaps parsing;
  results come back one per item, as they complete;
* an item over ``timeout`` seconds gets its worker SIGKILLed, one ``timeout`` record, and a
  fresh worker; the items queued behind it are handed out again;
* a worker that dies (segfault, OOM killer) costs its current item one ``internal`` record;
* a worker is replaced after ``max_tasks_per_child`` items, so memory stays flat however long
  the batch.

Workers are forked from a ``forkserver`` that has already imported reportparse, so starting
or replacing one costs milliseconds, and the parent's threads (the progress bar) never leak into
a fork. Each worker drains its inbox in a thread, so neither side can block the other on a full
pipe.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import selectors
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from .inputs import ArchiveCache, Item
from .pipeline import FileResult, Options, process_file

_PRELOAD = ["reportparse.batch.warm"]
_READY = "ready"
_OCR_PAGE = "ocr_page"  # sent as (_OCR_PAGE, page number) while a file is being OCR'd
_IDLE_EVERY = 0.5  # seconds without a result before ``idle`` is called
#: fresh workers dying before they are ready, in a row, before the batch gives up
_MAX_STARTUP_FAILURES = 3
_STARTUP_HINT = ("worker processes die while starting. If you call reportparse.batch/parse_many "
                 "from a script, put the call under `if __name__ == \"__main__\":` (worker "
                 "processes import the main module)")


def _context() -> Any:
    if sys.platform != "win32" and "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return mp.get_context("spawn")


def _worker_main(conn: Connection, options: Options) -> None:
    from ..ingest.ocr import PAGE_THREADS_ENV
    from ..quiet import quiet_libraries

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    quiet_libraries()
    os.environ.setdefault(PAGE_THREADS_ENV, "1")  # a batch already runs a file per core
    cap_memory(options.limits.max_worker_memory_mb)
    inbox: queue.SimpleQueue[Item | None] = queue.SimpleQueue()

    def reader() -> None:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                inbox.put(None)
                return
            inbox.put(msg)
            if msg is None:
                return

    threading.Thread(target=reader, daemon=True).start()

    def page_done(number: int) -> None:
        try:
            conn.send((_OCR_PAGE, number))
        except (BrokenPipeError, ConnectionResetError, EOFError, OSError):
            pass  # the parent is gone: the result send will notice

    conn.send(_READY)
    cache = ArchiveCache(size=2)  # nested archives are held in memory: keep few
    try:
        while True:
            item = inbox.get()
            if item is None:
                break
            res = process_file(item, options, cache, on_ocr_page=page_done)
            try:
                conn.send(res)
            except (BrokenPipeError, ConnectionResetError, EOFError):
                break
            except Exception as e:  # noqa: BLE001 - unpicklable result: still one record
                conn.send(FileResult.failed(item.name, "internal",
                                            f"cannot return result: {type(e).__name__}: {e}",
                                            sha256=res.sha256, size=res.size))
    finally:
        cache.close()
        os._exit(0)  # no atexit/finalizers of the forked state


def cap_memory(mb: int) -> None:
    """Cap this process's address space (``RLIMIT_AS``) at ``mb`` MiB: a file that needs more
    gets a ``MemoryError`` (one ``too_large`` record) or, in C code, kills only its worker —
    never the machine. 0 (or a platform without ``resource``) means no cap."""
    if mb <= 0:
        return
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - no such limit here
        pass


class _Worker:
    __slots__ = ("conn", "done", "proc", "queue", "ready", "started")

    def __init__(self, ctx: Any, options: Options) -> None:
        parent, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, options), daemon=True)
        self.proc.start()
        child.close()
        self.conn: Connection = parent
        self.queue: deque[Item] = deque()
        self.started: float | None = None
        self.done = 0
        self.ready = False

    def send(self, item: Item) -> bool:
        """Queue an item on this worker; False when the worker is gone (item not taken)."""
        try:
            self.conn.send(item)
        except (BrokenPipeError, ConnectionResetError, EOFError, OSError):
            return False
        if not self.queue:
            self.started = time.monotonic()
        self.queue.append(item)
        return True

    def kill(self) -> None:
        try:
            self.proc.kill()
        except Exception:  # noqa: BLE001, S110
            pass
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except Exception:  # noqa: BLE001, S110
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


def run_local(items: Iterable[Item], options: Options, *, jobs: int | None = None,
              timeout: float | None = None, prefetch: int = 2,
              max_tasks_per_child: int = 500,
              idle: Callable[[], None] | None = None,
              on_ocr_page: Callable[[], None] | None = None) -> Iterator[FileResult]:
    """Process items on ``jobs`` worker processes; yield one result per item as they complete.

    Items that are already errors (rejected while expanding inputs) are yielded at once
    without touching a worker. ``idle`` is called when nothing completed for a while (the
    batch commits its output then); ``on_ocr_page`` each time a worker has recognised a page
    by OCR (a scanned report takes seconds a page: the progress bar shows them)."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    prefetch = max(1, prefetch)
    ctx = _context()
    source = iter(items)
    retry: deque[Item] = deque()
    exhausted = False
    workers: list[_Worker] = []
    startup_failures = 0

    def next_item() -> Item | None:
        nonlocal exhausted
        if retry:
            return retry.popleft()
        if exhausted:
            return None
        it = next(source, None)
        if it is None:
            exhausted = True
        return it

    sel = selectors.DefaultSelector()

    def spawn() -> _Worker:
        w = _Worker(ctx, options)
        sel.register(w.conn, selectors.EVENT_READ, w)
        sel.register(w.proc.sentinel, selectors.EVENT_READ, w)
        return w

    def replace(w: _Worker, *, kill: bool) -> None:
        retry.extend(list(w.queue)[1:] if kill else w.queue)
        w.queue.clear()
        sel.unregister(w.conn)
        sel.unregister(w.proc.sentinel)
        (w.kill if kill else w.stop)()
        workers[workers.index(w)] = spawn()

    try:
        workers.extend(spawn() for _ in range(jobs))
        while True:
            # hand out work
            for i in range(len(workers)):
                if not workers[i].queue and workers[i].done >= max_tasks_per_child:
                    replace(workers[i], kill=False)
                w = workers[i]
                while len(w.queue) < prefetch and w.done + len(w.queue) < max_tasks_per_child:
                    it = next_item()
                    if it is None:
                        break
                    if it.error is not None:
                        yield FileResult.failed(it.name, *it.error)
                        continue
                    if not w.send(it):
                        retry.appendleft(it)
                        break
            busy = [w for w in workers if w.queue]
            if not busy and exhausted and not retry:
                return
            wait_for: float | None = None
            if timeout and busy:
                first = min(w.started for w in busy if w.started is not None)
                wait_for = max(0.0, first + timeout - time.monotonic())
            if idle is not None:
                wait_for = _IDLE_EVERY if wait_for is None else min(wait_for, _IDLE_EVERY)
            events = sel.select(wait_for)
            if not events and idle is not None:
                idle()
            for key, _ in events:
                w = key.data
                on_conn = key.fileobj is w.conn  # else the sentinel: the process ended
                if not any(w is x for x in workers):
                    continue  # a worker replaced earlier in this round
                try:
                    # level-triggered: one message per readiness, the next select returns
                    # at once if more are waiting (a poll() per message costs more)
                    while True:
                        if on_conn:
                            res: FileResult | str | tuple[str, int] = w.conn.recv()
                        elif w.conn.poll(0):  # the worker ended: drain what it sent first
                            res = w.conn.recv()
                        else:
                            break
                        if isinstance(res, str):
                            w.ready = True
                            startup_failures = 0
                        elif isinstance(res, tuple):
                            if on_ocr_page is not None:
                                on_ocr_page()
                        elif w.queue:  # (a stray message never counts)
                            w.queue.popleft()
                            w.done += 1
                            w.started = time.monotonic() if w.queue else None
                            yield res
                        if on_conn:
                            break
                except (EOFError, OSError):
                    pass
                if on_conn and (w.ready or w.proc.is_alive()):
                    continue  # an ended worker also shows up through its sentinel
                if w.proc.is_alive():
                    continue
                if not w.ready:
                    startup_failures += 1
                    if startup_failures >= _MAX_STARTUP_FAILURES:
                        raise RuntimeError(_STARTUP_HINT)
                    replace(w, kill=False)  # its items go to another worker
                elif w.queue:
                    head = w.queue[0]
                    code = w.proc.exitcode
                    what = (f"signal {-code}" if code is not None and code < 0
                            else f"exit code {code}")
                    if options.limits.max_worker_memory_mb > 0:
                        what += (f"; over the {options.limits.max_worker_memory_mb} MiB "
                                 "worker memory limit?")
                    yield FileResult.failed(head.name, "internal",
                                            f"worker process died ({what}) on this file")
                    replace(w, kill=True)
                else:
                    replace(w, kill=False)
            if timeout:
                now = time.monotonic()
                for w in workers:
                    if w.queue and w.started is not None and now - w.started >= timeout:
                        head = w.queue[0]
                        yield FileResult.failed(head.name, "timeout",
                                                f"no result within {timeout:g} s; worker "
                                                "killed")
                        replace(w, kill=True)
    finally:
        sel.close()
        for w in workers:
            if w.queue:
                w.kill()
            else:
                w.stop()
