"""Test-only worker hooks for the batch tests (passed as ``hook=``; never used in production).

A hook runs in the worker with the item and its bytes before parsing; these inject the
pathologies a real archive has: a file that hangs the parser, one that crashes the process.
"""

from __future__ import annotations

import os
import signal
import time


def pathological(item, data: bytes) -> None:
    if b"HANG-ME" in data:
        time.sleep(3600)
    if b"CRASH-ME" in data:
        os.kill(os.getpid(), signal.SIGKILL)


def slow(item, data: bytes) -> None:
    time.sleep(0.05)
    pathological(item, data)


def greedy(item, data: bytes) -> None:
    """A file whose parse wants 3 GiB (the worker memory cap must stop it)."""
    if b"EAT-MEMORY" in data:
        hog = bytearray(3 << 30)
        hog[-1] = 1
