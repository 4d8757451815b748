"""The review page in a real browser: headless Chromium (Debian's ``chromium``) driven by
Playwright for Python, with the system binary (never a downloaded browser).

Skipped, with the reason, only where no Chromium is installed (``.ci/run`` installs it) or the
``playwright`` package is missing. ``REPORTPARSE_CHROMIUM`` points at another binary.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from html_helpers import (SCORE_TABLE, SCRIPT, injected, injected_checked, seed_score,
                          with_script_cell)

from reportparse.export.html import write_html, write_index, index_entry

LAUNCH_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage"]


def _chromium() -> str | None:
    for cand in (os.environ.get("REPORTPARSE_CHROMIUM"), "/usr/bin/chromium",
                 shutil.which("chromium"), shutil.which("chromium-browser")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    exe = _chromium()
    if exe is None:
        pytest.skip("no Chromium binary (apt-get install chromium; .ci/run does this when it can)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install '.[test]')")
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile), executable_path=exe, headless=True, args=LAUNCH_FLAGS,
            viewport={"width": 1280, "height": 800}, offline=True)
        ctx.set_default_timeout(15000)
        try:
            yield ctx
        finally:
            ctx.close()


@pytest.fixture
def page(browser):
    pg = browser.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # type: ignore[attr-defined]
    yield pg
    pg.close()


def _open(page, report, path: Path) -> None:
    write_html(report, path)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")


IN_VIEW = """id => { const r = document.getElementById(id).getBoundingClientRect();
  return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth
         && r.width > 0 && r.height > 0; }"""
HL_IDS = """() => Array.from(document.querySelectorAll('.hl')).map(e => e.id).sort()"""


def test_click_finding_jumps_to_and_flashes_the_cell(page, tmp_path: Path):
    report, expected = injected(_seed())
    _open(page, report, tmp_path / "injected.html")
    target = f"c-{SCORE_TABLE}-6-2"  # 总分（取整）得分, named by finding 2 (second location)
    assert not page.evaluate(IN_VIEW, target)  # below the fold before the click
    # the page highlights exactly the cells and spans the findings name
    assert set(page.evaluate(HL_IDS)) == expected
    page.click("#f-2 ul.locs li:nth-child(2) a")
    page.wait_for_function(f"document.getElementById('{target}').classList.contains('active')")
    cls = page.get_attribute(f"#{target}", "class").split()
    assert {"hl", "sev-error", "active", "flash"} <= set(cls)
    assert page.evaluate(IN_VIEW, target)
    bg = page.evaluate(f"getComputedStyle(document.getElementById('{target}')).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    assert "current" in page.get_attribute("#f-2", "class")
    shot = tmp_path / "injected-after-click.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10000

    # the entry itself jumps to its first value (the sentence span)
    page.click("#f-2 a.jump")
    mark = page.get_attribute("#f-2", "data-targets").split()[0]
    assert mark.startswith("m-11-")
    page.wait_for_function(f"document.getElementById('{mark}').classList.contains('active')")
    assert page.evaluate(IN_VIEW, mark)
    assert page.inner_text(f"#{mark}") == "86分"


def test_checked_injected_sample_click_lands_on_the_changed_score(page, tmp_path: Path):
    """End to end: parse + check a seed with one changed score, open, click each finding."""
    from conftest import SEED

    report, expected = injected_checked(SEED)
    page.set_viewport_size({"width": 1280, "height": 600})
    _open(page, report, tmp_path / "checked.html")
    assert set(page.evaluate(HL_IDS)) == expected
    for k, f in enumerate(report.findings):
        page.click(f"#f-{k} a.jump")
        first = page.get_attribute(f"#f-{k}", "data-targets").split()[0]
        page.wait_for_function(f"document.getElementById('{first}').classList.contains('active')")
        assert page.evaluate(IN_VIEW, first)
        assert f"sev-{f.severity}" in page.get_attribute(f"#{first}", "class").split() or \
            f.severity != "error"
    page.screenshot(path=str(tmp_path / "checked.png"))


def test_phone_width_click_lands_on_the_cell(page, tmp_path: Path):
    report, _ = injected(_seed())
    page.set_viewport_size({"width": 390, "height": 800})
    _open(page, report, tmp_path / "phone.html")
    target = f"c-{SCORE_TABLE}-5-3"
    page.click("#f-1 a.jump")
    page.wait_for_function(f"document.getElementById('{target}').classList.contains('active')")
    assert page.evaluate(IN_VIEW, target)
    # no horizontal scrolling of the page itself (wide tables scroll in their own box)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
    assert not page.is_visible("#outline a")  # the outline is a drawer on a phone
    page.click("#toggle-nav")
    page.wait_for_timeout(300)
    assert page.evaluate(IN_VIEW.replace("getElementById(id)", "querySelector('#outline a')"),
                         None)
    page.screenshot(path=str(tmp_path / "phone.png"))


def test_script_in_a_cell_is_shown_never_run(page, tmp_path: Path):
    page.add_init_script("window.__alerts = 0; window.alert = () => { window.__alerts++; };")
    _open(page, with_script_cell(_seed()), tmp_path / "script.html")
    cell = f"#c-{SCORE_TABLE}-1-0"
    assert page.inner_text(cell) == SCRIPT
    assert page.evaluate(f"document.querySelector('{cell}').children.length") == 0
    assert page.evaluate("document.querySelectorAll('main script, aside script').length") == 0
    page.click("#f-0 a.jump")
    page.wait_for_timeout(100)
    assert page.evaluate("window.__alerts") == 0
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_seed_page_shows_outline_tables_and_score_without_highlights(page, tmp_path: Path):
    import reportparse

    report = _seed()
    reportparse.check(report)
    assert report.findings == []
    if report.score is None:  # extraction fills it; built from the table otherwise
        report.score = seed_score(report)
    _open(page, report, tmp_path / "seed.html")
    assert page.locator("#outline a").count() == 13
    assert page.is_visible("#outline >> text=存在问题")
    assert page.locator("table.doc").count() == 2
    assert page.evaluate(HL_IDS) == []
    assert page.inner_text("#score-total") == "86.47"
    assert page.inner_text("#score-grade") == "良"
    # outline links land on their heading
    page.click("#outline a[href='#sec-9']")
    page.wait_for_timeout(100)
    assert page.evaluate(IN_VIEW, "sec-9")
    page.screenshot(path=str(tmp_path / "seed.png"), full_page=True)


def test_index_page_sorts_by_column(page, tmp_path: Path):
    a, _ = injected(_seed())
    a.score = seed_score(a)
    entries = [index_entry(a, "a.html"),
               {"name": "b.txt", "href": "b.html", "total": "91.5", "grade": "优"},
               {"name": "c.txt", "total": "70", "grade": "中", "errors": 5}]
    path = write_index(entries, tmp_path / "index.html")
    page.goto(path.as_uri())
    col = "Array.from(document.querySelectorAll('#reports tbody tr')).map(r => r.cells[0].innerText)"
    page.click("#reports th:nth-child(3)")  # 总分 ascending
    assert page.evaluate(col) == ["c.txt", "000_b9924377f959d391.txt", "b.txt"]
    page.click("#reports th:nth-child(3)")  # descending
    assert page.evaluate(col) == ["b.txt", "000_b9924377f959d391.txt", "c.txt"]
    page.click("#reports th:nth-child(5)")  # 错误 ascending
    assert page.evaluate(col)[-1] == "c.txt"


_SEED = None


def _seed():
    global _SEED
    if _SEED is None:
        import reportparse
        from conftest import SEED

        _SEED = reportparse.parse(SEED)
    return _SEED.model_copy(deep=True)
