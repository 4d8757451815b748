"""Mutation fuzzer: flip bits, truncate, duplicate and delete chunks of real samples.

    python tests/fuzz/mutate.py --iterations 5000 --seed 1        # the long run, on demand
    python tests/fuzz/mutate.py --iterations 200 --seed 7 --json  # what CI runs (via a test)

Every mutated input must end as a Report or a ReportParseError whose reason is not
``internal``, within ``--timeout`` seconds. The script prints outcome counts by type/reason and
exits 1 if anything else happened (other exceptions, internal errors, timeouts), listing the
seeds of the failing iterations so each can be replayed with ``--replay SEED``.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_GLOBS = ("samples/seed/*.txt", "samples/text/*.txt", "samples/docx/*.docx",
                "samples/pdf/*.pdf", "samples/markup/*.md", "samples/markup/*.html")


class Timeout(Exception):
    pass


def _alarm(signum, frame):  # noqa: ANN001
    raise Timeout()


def corpus() -> list[Path]:
    files: list[Path] = []
    for g in SAMPLE_GLOBS:
        files.extend(sorted(ROOT.glob(g)))
    return files


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not buf:
            break
        op = rng.random()
        i = rng.randrange(len(buf))
        if op < 0.35:  # bit flips
            for _ in range(rng.randint(1, 16)):
                j = rng.randrange(len(buf))
                buf[j] ^= 1 << rng.randrange(8)
        elif op < 0.55:  # truncation
            del buf[i:]
        elif op < 0.75:  # chunk duplication
            n = rng.randint(1, 4096)
            buf[i:i] = buf[i:i + n]
        elif op < 0.9:  # chunk deletion
            del buf[i:i + rng.randint(1, 4096)]
        else:  # random bytes spliced in
            buf[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(buf)


def run_one(path: Path, data: bytes, timeout: float) -> str:
    import reportparse
    from reportparse import ReportParseError

    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        reportparse.parse(data, name=path.name)
        return "ok"
    except ReportParseError as e:
        return f"error:{e.reason}"
    except Timeout:
        return "TIMEOUT"
    except Exception as e:  # noqa: BLE001 — the point is to catch what escapes
        return f"CRASH:{type(e).__name__}:{traceback.format_exc(limit=3).splitlines()[-1]}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--replay", type=int, help="run one iteration seed and print its outcome")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    files = corpus()
    if not files:
        print("no samples found", file=sys.stderr)
        return 2
    originals = {p: p.read_bytes() for p in files}
    outcomes: Counter[str] = Counter()
    bad: list[tuple[int, str, str]] = []
    seeds = [args.replay] if args.replay is not None else \
        [args.seed * 1_000_003 + i for i in range(args.iterations)]
    for it_seed in seeds:
        rng = random.Random(it_seed)
        path = rng.choice(files)
        outcome = run_one(path, mutate(originals[path], rng), args.timeout)
        key = outcome.split(":", 2)
        outcomes[":".join(key[:2])] += 1
        if outcome.startswith(("CRASH", "TIMEOUT")) or outcome == "error:internal":
            bad.append((it_seed, path.name, outcome))
    report = {"iterations": len(seeds), "files": len(files), "outcomes": dict(outcomes),
              "failures": [{"seed": s, "file": f, "outcome": o} for s, f, o in bad]}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for k, v in sorted(outcomes.items(), key=lambda x: -x[1]):
            print(f"{v:6d}  {k}")
        for s, f, o in bad[:50]:
            print(f"FAIL seed={s} file={f} {o}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
