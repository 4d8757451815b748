"""Pages of a scan are recognised two at a time (issue 17: ≤ 2 s a page on 2 cores): the
results come back in page order, each thread has its own engine, what makes a job (pdfium
rendering) stays in the caller's thread, and the reading is the same as one page at a time."""

from __future__ import annotations

import threading
import time

import pytest

import reportparse
from ocr_helpers import ROOT, image_pdf, rasterise
from reportparse.ingest import ocr

SCORES = ROOT / "samples" / "pdf" / "docx" / "scores.auto.pdf"


def test_results_come_back_in_the_order_given_whatever_finishes_first() -> None:
    def job(n: int, pause: float) -> object:
        return lambda: (time.sleep(pause), n)[1]

    works = [job(1, 0.2), job(2, 0.0), job(3, 0.1), job(4, 0.0)]
    assert list(ocr.in_order(works, threads=2)) == [1, 2, 3, 4]
    assert list(ocr.in_order(works, threads=1)) == [1, 2, 3, 4]


def test_jobs_are_made_in_the_callers_thread_and_no_more_than_threads_wait() -> None:
    made_in: list[str] = []
    running = {"now": 0, "most": 0}
    lock = threading.Lock()

    def run() -> str:
        with lock:
            running["now"] += 1
            running["most"] = max(running["most"], running["now"])
        time.sleep(0.05)
        with lock:
            running["now"] -= 1
        return threading.current_thread().name

    def works():  # type: ignore[no-untyped-def]
        for _ in range(6):
            made_in.append(threading.current_thread().name)
            yield run

    ran_in = list(ocr.in_order(works(), threads=2))
    assert set(made_in) == {threading.current_thread().name}
    assert all(name.startswith("ocr-page") for name in ran_in)
    assert running["most"] == 2


def test_an_error_in_a_page_reaches_the_caller() -> None:
    def bad() -> int:
        raise ValueError("page 2 cannot be read")

    with pytest.raises(ValueError, match="page 2"):
        list(ocr.in_order([lambda: 1, bad, lambda: 3], threads=2))


def test_the_thread_count_is_told_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ocr.PAGE_THREADS_ENV, "3")
    assert ocr.page_threads() == 3
    monkeypatch.setenv(ocr.PAGE_THREADS_ENV, "0")  # not a count: the default (≤ 2)
    assert 1 <= ocr.page_threads() <= 2


@pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed: pip install '.[ocr]'")
def test_two_pages_at_once_read_the_same_as_one_at_a_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    scan = image_pdf(rasterise(SCORES))
    monkeypatch.setenv(ocr.PAGE_THREADS_ENV, "2")
    two = reportparse.parse_document(scan, name="scan.pdf")
    monkeypatch.setenv(ocr.PAGE_THREADS_ENV, "1")
    one = reportparse.parse_document(scan, name="scan.pdf")
    assert two.model_dump_json() == one.model_dump_json()
    assert len([w for w in two.warnings if w.code == "ocr_page"]) == 2


def test_the_page_threads_are_kept_for_the_next_scan() -> None:
    """A thread's engine takes ~0.1 s to make: later scans of the process run on the same
    two threads (so on the same engines), not on new ones."""
    seen: set[threading.Thread] = set()  # the thread objects themselves (names repeat)
    for _ in range(3):  # three scans of four pages
        seen |= set(ocr.in_order([threading.current_thread] * 4, threads=2))
    assert 1 <= len(seen) <= 2


def test_a_pages_lines_are_shared_with_an_idle_page_thread_in_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """One page alone (nothing else on the pool): a helper takes lines too, and the results
    come back in the order given."""
    monkeypatch.setenv(ocr.PAGE_THREADS_ENV, "2")
    seen: set[str] = set()

    def read(n: int) -> int:
        seen.add(threading.current_thread().name)
        time.sleep(0.02)
        return n * n

    assert ocr.shared_map(read, list(range(12))) == [n * n for n in range(12)]
    assert len(seen) == 2


def test_two_busy_page_threads_sharing_their_lines_never_wait_for_each_other(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Both page threads busy, each offering its lines to the other: neither helper can start
    before its page is done, so each is cancelled, not waited for (a hang guard of 10 s)."""
    monkeypatch.setenv(ocr.PAGE_THREADS_ENV, "2")
    barrier = threading.Barrier(2)

    def page(k: int) -> list[int]:
        barrier.wait(timeout=5)  # both pool threads hold a page
        return ocr.shared_map(lambda n: (time.sleep(0.01), n + k)[1], list(range(5)))

    pool = ocr._pool(2)
    futures = [pool.submit(page, k) for k in (0, 100)]
    assert [f.result(timeout=10) for f in futures] == [[0, 1, 2, 3, 4], [100, 101, 102, 103, 104]]


def test_an_error_reading_a_line_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ocr.PAGE_THREADS_ENV, "2")

    def read(n: int) -> int:
        if n == 3:
            raise ValueError("unreadable line")
        return n

    with pytest.raises(ValueError, match="unreadable line"):
        ocr.shared_map(read, list(range(8)))
