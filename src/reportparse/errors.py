"""The one exception a caller of reportparse ever sees.

Every reader, every stage and the batch runner turn whatever goes wrong with an *input*
(corrupt zip, undecodable bytes, encrypted PDF, …) into a :class:`ReportParseError` that names
the file and a machine-readable ``reason``. Bugs in reportparse itself are not disguised: the
public entry points wrap unexpected exceptions as reason ``internal`` so a batch still gets one
record per file, but with the original exception chained for the traceback.
"""

from __future__ import annotations

from typing import Literal

Reason = Literal[
    "not_found",        # the path does not exist or is not a file
    "empty",            # zero bytes, or nothing but whitespace/noise
    "binary",           # bytes that are not text where text was expected
    "encoding",         # text in an encoding we cannot identify
    "unsupported_format",  # extension/content we have no reader for
    "corrupt",          # damaged container (zip, PDF xref, XML)
    "encrypted",        # password-protected file
    "no_text_layer",    # scanned/image-only PDF
    "too_large",        # over a configured limit (size, pages, ratio)
    "unsafe",           # hostile content: entity expansion, external entities, path tricks
    "timeout",          # exceeded the per-file time budget (batch)
    "converter_missing",  # .doc/.wps without LibreOffice
    "patterns",         # a user-supplied patterns folder is invalid
    "internal",         # a bug in reportparse; the cause is chained
]

REASONS: tuple[str, ...] = Reason.__args__  # type: ignore[attr-defined]


class ReportParseError(Exception):
    """An input could not be turned into a :class:`~reportparse.models.Report`.

    ``path`` is the file (or ``"<bytes>"``/``"<stdin>"``), ``reason`` one of :data:`REASONS`,
    ``message`` a one-line human explanation. ``str(err)`` is ``"<path>: <message>"``, suitable
    for a CLI's stderr line.
    """

    def __init__(self, path: str, reason: Reason | str, message: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown ReportParseError reason {reason!r}")
        self.path = str(path)
        self.reason = reason
        self.message = " ".join(str(message).split())  # always one line
        super().__init__(f"{self.path}: {self.message}")

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason, "message": self.message}

    def __reduce__(self) -> tuple[type[ReportParseError], tuple[str, str, str]]:
        # picklable across process pools
        return (type(self), (self.path, self.reason, self.message))
