from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "seed" / "000_b9924377f959d391.txt"


def outline(sections) -> list[dict]:
    """The public-contract view of a section tree (number, title, level, kind, children)."""
    return [{"number": s.number, "title": s.title, "level": s.level, "kind": s.kind,
             "children": outline(s.children)} for s in sections]


@pytest.fixture(scope="session")
def seed_report():
    import reportparse

    return reportparse.parse(SEED)
