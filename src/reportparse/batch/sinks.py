"""Batch outputs, chosen by the extension of OUT: .sqlite (default), .jsonl, .csv, .xlsx.

Every sink writes one input's records atomically and knows which inputs it already holds, so a
batch killed at any moment leaves a valid output and ``--resume`` continues it:

* **sqlite** — each input's rows (the report row and all its child rows, or the error row) are
  written inside one transaction (WAL journal) and appear together or not at all; whole inputs
  are grouped into a transaction that commits at least every 0.2 s (a kill loses at most that
  group, which ``--resume`` redoes). Re-writing an input replaces its old rows.
* **jsonl** / **csv** — one line per input, flushed; on resume a torn last line is cut off.
* **xlsx** — a workbook cannot be appended to safely, so records go to a sidecar SQLite file
  (``OUT.xlsx.partial.sqlite``) and the workbook is rendered from it at the end (streaming,
  write-only mode) and moved into place atomically; the sidecar is then removed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from ..export.tabular import CHILD_TABLES, COLUMNS, csv_cell, xlsx_text
from ..models import SCHEMA_VERSION
from .pipeline import FileResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY,
  input TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL, size INTEGER, format TEXT,
  title TEXT, project TEXT, year INTEGER, unit TEXT, evaluator TEXT, report_date TEXT,
  total TEXT, total_rounded TEXT, grade TEXT,
  n_sections INTEGER, n_tables INTEGER, n_facts INTEGER, n_problems INTEGER,
  n_suggestions INTEGER, n_findings INTEGER, n_finding_errors INTEGER,
  n_finding_warnings INTEGER, n_warnings INTEGER, elapsed_ms INTEGER, json TEXT
);
CREATE TABLE IF NOT EXISTS errors (
  id INTEGER PRIMARY KEY,
  input TEXT NOT NULL UNIQUE, sha256 TEXT, size INTEGER, reason TEXT NOT NULL, message TEXT,
  elapsed_ms INTEGER
);
CREATE TABLE IF NOT EXISTS sections (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, parent INTEGER, level INTEGER, number TEXT, title TEXT, kind TEXT,
  family TEXT, path TEXT, block INTEGER, page INTEGER, PRIMARY KEY (report_id, ord)
);
CREATE TABLE IF NOT EXISTS tables (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, block INTEGER, caption TEXT, unit TEXT, n_rows INTEGER,
  n_cols INTEGER, header_rows INTEGER, rows TEXT, page INTEGER, PRIMARY KEY (report_id, ord)
);
CREATE TABLE IF NOT EXISTS scores (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, parent INTEGER, level INTEGER, name TEXT, max_score TEXT,
  score TEXT, rate TEXT, PRIMARY KEY (report_id, ord)
);
CREATE TABLE IF NOT EXISTS facts (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, kind TEXT, value TEXT, unit TEXT, text TEXT, data TEXT,
  block INTEGER, page INTEGER, PRIMARY KEY (report_id, ord)
);
CREATE TABLE IF NOT EXISTS findings (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, rule TEXT, category TEXT, severity TEXT, message TEXT,
  expected TEXT, actual TEXT, difference TEXT, tolerance TEXT, section TEXT, tbl INTEGER,
  row INTEGER, col INTEGER, page INTEGER, quote TEXT, locations TEXT,
  PRIMARY KEY (report_id, ord)
);
CREATE TABLE IF NOT EXISTS points (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, kind TEXT, number TEXT, title TEXT, body TEXT, keywords TEXT,
  section TEXT, PRIMARY KEY (report_id, ord)
);
CREATE INDEX IF NOT EXISTS reports_sha256 ON reports(sha256);
CREATE INDEX IF NOT EXISTS reports_grade ON reports(grade);
CREATE INDEX IF NOT EXISTS errors_reason ON errors(reason);
CREATE INDEX IF NOT EXISTS sections_kind ON sections(kind);
CREATE INDEX IF NOT EXISTS scores_name ON scores(name);
CREATE INDEX IF NOT EXISTS facts_kind ON facts(kind);
CREATE INDEX IF NOT EXISTS findings_category ON findings(category, severity);
CREATE INDEX IF NOT EXISTS findings_rule ON findings(rule);
CREATE INDEX IF NOT EXISTS points_kind ON points(kind);
"""

SUMMARY_COLUMNS = ("input", "status", "reason", "message", "sha256", "size", "format", "title",
                   "project", "year", "total", "total_rounded", "grade", "n_sections",
                   "n_tables", "n_findings", "n_finding_errors", "n_finding_warnings",
                   "n_warnings", "elapsed_ms")


def summary_row(res: FileResult) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(SUMMARY_COLUMNS)
    row.update(input=res.input, status=res.status, reason=res.reason, message=res.message,
               sha256=res.sha256, size=res.size, elapsed_ms=res.elapsed_ms)
    for k, v in (res.summary or {}).items():
        if k in row:
            row[k] = v
    return row


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if p.exists():
            p.unlink()


class Sink:
    """One batch output. ``done()`` maps input name → sha256 ("" when unknown) of the inputs
    already recorded; ``write`` records one result atomically; ``close`` finishes."""

    kind = "?"

    def done(self) -> dict[str, str]:  # pragma: no cover - interface
        return {}

    def write(self, res: FileResult) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def flush(self) -> None:
        """Make what was written durable (called when the batch is idle and at the end)."""

    def close(self, complete: bool = True) -> None:
        """Finish; ``complete`` is False when the batch stopped early (interrupt, error)."""


class SqliteSink(Sink):
    kind = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, resume: bool = False,
                 store_json: bool = True, commit_every: float = 0.2,
                 max_group: int = 256) -> None:
        self.path = Path(path)
        self.commit_every = commit_every
        self.max_group = max_group
        self._pending = 0
        self._since = 0.0
        if self.path.exists() and self.path.stat().st_size:
            with open(self.path, "rb") as f:
                if f.read(16) != b"SQLite format 3\x00":
                    raise OSError(f"{self.path} exists and is not an SQLite database; "
                                  "not overwriting it (choose another -o)")
        if not resume:
            _remove(self.path)
        self.store_json = store_json
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)
        cols = COLUMNS["reports"]
        self._ins_report = (f"INSERT INTO reports ({', '.join(cols)}) "
                            f"VALUES ({', '.join('?' * len(cols))})")
        self._ins_child = {t: (f"INSERT INTO {t} (report_id, {', '.join(COLUMNS[t])}) "
                               f"VALUES (?, {', '.join('?' * len(COLUMNS[t]))})")
                           for t in CHILD_TABLES}
        # inputs recorded before this run: only these may need their old rows replaced
        self._known: set[str] = set(self.done()) if resume else set()
        ecols = COLUMNS["errors"]
        self._ins_error = (f"INSERT INTO errors ({', '.join(ecols)}) "
                           f"VALUES ({', '.join('?' * len(ecols))})")

    def done(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, sha in self.db.execute(
                "SELECT input, sha256 FROM reports UNION ALL SELECT input, sha256 FROM errors"):
            out[name] = sha or ""
        return out

    def write(self, res: FileResult) -> None:
        if res.status == "skipped":
            return
        db = self.db
        if not db.in_transaction:
            db.execute("BEGIN IMMEDIATE")
            self._since = time.monotonic()
        db.execute("SAVEPOINT input")
        try:
            if res.input in self._known:
                db.execute("DELETE FROM reports WHERE input = ?", (res.input,))
                db.execute("DELETE FROM errors WHERE input = ?", (res.input,))
            if res.status == "ok":
                s = res.summary or {}
                values = {**s, "input": res.input, "sha256": res.sha256, "size": res.size,
                          "elapsed_ms": res.elapsed_ms,
                          "json": res.json if self.store_json else None}
                cur = db.execute(self._ins_report, [values.get(c) for c in COLUMNS["reports"]])
                rid = cur.lastrowid
                for t, rows in (res.rows or {}).items():
                    if rows:
                        db.executemany(self._ins_child[t], [(rid, *r) for r in rows])
            else:
                db.execute(self._ins_error, (res.input, res.sha256, res.size, res.reason,
                                             res.message, res.elapsed_ms))
            db.execute("RELEASE input")
        except BaseException:
            db.execute("ROLLBACK TO input")
            db.execute("RELEASE input")
            raise
        self._pending += 1
        if (self._pending >= self.max_group
                or time.monotonic() - self._since >= self.commit_every):
            self.flush()

    def flush(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self._pending = 0

    def close(self, complete: bool = True) -> None:
        try:
            self.flush()
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.db.close()


def _cut_torn_tail(path: Path) -> None:
    """Drop a partial last line left by a kill in the middle of a write."""
    size = path.stat().st_size
    if size == 0:
        return
    with open(path, "rb+") as f:
        f.seek(-1, os.SEEK_END)
        if f.read(1) == b"\n":
            return
        pos = size
        step = 1 << 16
        while pos > 0:
            start = max(0, pos - step)
            f.seek(start)
            chunk = f.read(pos - start)
            i = chunk.rfind(b"\n")
            if i >= 0:
                f.truncate(start + i + 1)
                return
            pos = start
        f.truncate(0)


class _LineSink(Sink):
    """One line per input, flushed; ``--resume`` cuts a torn last line and reads what is done."""

    encoding = "utf-8"

    def __init__(self, path: str | os.PathLike[str], *, resume: bool = False) -> None:
        self.path = Path(path)
        self._done: dict[str, str] = {}
        fresh = not (resume and self.path.exists() and self.path.stat().st_size > 0)
        if not fresh:
            _cut_torn_tail(self.path)
            with open(self.path, encoding=self.encoding, newline="") as f:
                for name, sha in self._read_done(f):
                    self._done[name] = sha or ""
        self.f = open(  # noqa: SIM115 - open for the life of the sink
            self.path, "w" if fresh else "a", encoding=self.encoding, newline="")
        if fresh:
            self._start()

    def _read_done(self, f: Any) -> Any:  # pragma: no cover - interface
        return ()

    def _start(self) -> None:
        pass

    def _line(self, res: FileResult) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def done(self) -> dict[str, str]:
        return dict(self._done)

    def write(self, res: FileResult) -> None:
        if res.status == "skipped":
            return
        self.f.write(self._line(res))  # one write per input: a kill tears at most this line
        self.f.flush()

    def close(self, complete: bool = True) -> None:
        self.f.close()


class JsonlSink(_LineSink):
    """One JSON object per line: ``{input, status, sha256, size, reason, message,
    elapsed_ms, schema_version, report}`` (``report`` is the Report JSON of contract
    ``schema_version``, docs/json-contract.md, or null on error)."""

    kind = "jsonl"

    def _read_done(self, f: Any) -> Any:
        dec = json.JSONDecoder()
        for line in f:
            try:  # fast path: our lines start {"input": …, "status": …, "sha256": …
                name, i = dec.raw_decode(line, len('{"input": '))
                _, i = dec.raw_decode(line, i + len(', "status": '))
                sha, _ = dec.raw_decode(line, i + len(', "sha256": '))
                if line.startswith('{"input": ') and isinstance(name, str):
                    yield name, sha
                    continue
            except ValueError:
                pass
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            yield rec.get("input"), rec.get("sha256")

    def _line(self, res: FileResult) -> str:
        head = json.dumps({"input": res.input, "status": res.status, "sha256": res.sha256,
                           "size": res.size, "reason": res.reason, "message": res.message,
                           "elapsed_ms": res.elapsed_ms, "schema_version": SCHEMA_VERSION},
                          ensure_ascii=False)
        return head[:-1] + ', "report": ' + (res.json or "null") + "}\n"


class CsvSink(_LineSink):
    """The summary, one row per input (:data:`SUMMARY_COLUMNS`), UTF-8 with BOM for Excel."""

    kind = "csv"
    encoding = "utf-8-sig"  # writes the BOM on a fresh file only; reading skips it

    def _read_done(self, f: Any) -> Any:
        for rec in csv.DictReader(f):
            yield rec.get("input") or "", rec.get("sha256")

    def _start(self) -> None:
        csv.DictWriter(self.f, SUMMARY_COLUMNS, lineterminator="\n").writeheader()
        self.f.flush()

    def _line(self, res: FileResult) -> str:
        row = {k: csv_cell(" ".join(v.split()) if isinstance(v, str) else v)
               for k, v in summary_row(res).items()}
        buf = io.StringIO()
        csv.DictWriter(buf, SUMMARY_COLUMNS, lineterminator="\n").writerow(row)
        return buf.getvalue()


def _xlsx_row(ws: Any, values: list[Any]) -> list[Any]:
    """Cells for one row: every string is stored as text (explicit string type, so a title
    like ``=HYPERLINK(…)`` is never a formula) with forbidden characters replaced."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for v in values:
        if isinstance(v, str):
            cell = WriteOnlyCell(ws, value=xlsx_text(v))
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(v)
    return out


class XlsxSink(Sink):
    """A workbook for reviewers: ``summary`` (one row per input) and ``findings`` sheets."""

    kind = "xlsx"

    def __init__(self, path: str | os.PathLike[str], *, resume: bool = False) -> None:
        try:
            import openpyxl  # noqa: F401
        except ImportError as e:  # pragma: no cover - openpyxl is a dependency
            raise RuntimeError("xlsx output needs openpyxl (pip install openpyxl)") from e
        self.path = Path(path)
        self.sidecar = Path(f"{self.path}.partial.sqlite")
        self.db = SqliteSink(self.sidecar, resume=resume, store_json=False)

    def done(self) -> dict[str, str]:
        return self.db.done()

    def write(self, res: FileResult) -> None:
        self.db.write(res)

    def flush(self) -> None:
        self.db.flush()

    def close(self, complete: bool = True) -> None:
        from openpyxl import Workbook

        self.db.close()
        if not complete:  # keep the sidecar: --resume continues from it
            return
        db = sqlite3.connect(self.sidecar)
        try:
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("summary")
            head = ["file", "status", "title", "total", "grade", "errors", "warnings",
                    "findings", "reason", "message"]
            ws.append(head)
            q = ("SELECT input, 'ok', title, total, grade, n_finding_errors, "
                 "n_finding_warnings, n_findings, NULL, NULL FROM reports UNION ALL "
                 "SELECT input, 'error', NULL, NULL, NULL, NULL, NULL, NULL, reason, message "
                 "FROM errors ORDER BY 1")
            n = 0
            for row in db.execute(q):
                row = list(row)
                if row[3] is not None:
                    try:
                        row[3] = float(row[3])
                    except ValueError:
                        pass
                ws.append(_xlsx_row(ws, row))
                n += 1
            ws.auto_filter.ref = f"A1:J{n + 1}"
            ws.freeze_panes = "A2"
            fs = wb.create_sheet("findings")
            fhead = ["file", "rule", "category", "severity", "message", "expected", "actual",
                     "difference", "tolerance", "section", "table", "row", "col", "page",
                     "quote"]
            fs.append(fhead)
            m = 0
            for row in db.execute(
                    "SELECT r.input, f.rule, f.category, f.severity, f.message, f.expected, "
                    "f.actual, f.difference, f.tolerance, f.section, f.tbl, f.row, f.col, "
                    "f.page, f.quote FROM findings f JOIN reports r ON r.id = f.report_id "
                    "ORDER BY r.input, f.ord"):
                fs.append(_xlsx_row(fs, list(row)))
                m += 1
            fs.auto_filter.ref = f"A1:O{m + 1}"
            fs.freeze_panes = "A2"
            tmp = self.path.with_name(f".{self.path.name}.tmp")
            wb.save(tmp)
            os.replace(tmp, self.path)
        finally:
            db.close()
        _remove(self.sidecar)


#: characters the longest companion file adds to OUT's name (``.partial.sqlite-journal``)
_COMPANION = len(".partial.sqlite-journal") + 2


def check_output(path: str | os.PathLike[str], *, folder: bool = False,
                 create_parents: bool = False) -> None:
    """Refuse, before any work, an output that could only fail later: a folder (or, with
    ``folder=True``, a file), something that is not a regular file (a device, a pipe), a name
    too long for the file system, a folder that does not exist or cannot be written (``/proc``,
    a read-only mount; with ``create_parents`` the nearest existing folder must be writable).
    Raises ``OSError`` with a one-line message naming OUT."""
    import stat

    p = Path(path)
    try:
        st: os.stat_result | None = os.stat(p)
    except FileNotFoundError:
        st = None
    except (OSError, ValueError) as e:
        raise OSError(f"cannot write output {path}: {getattr(e, 'strerror', None) or e}") from None
    if folder and st is not None:
        if not stat.S_ISDIR(st.st_mode):
            raise OSError(f"output folder {path} exists and is not a folder")
        return _probe(p, path)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OSError(f"output {path} is a folder; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OSError(f"output {path} is not a regular file")
    parent = p.parent
    while create_parents and not parent.exists() and parent != parent.parent:
        parent = parent.parent  # the writer creates the missing folders under this one
    if not parent.is_dir():
        raise OSError(f"cannot write output {path}: folder {parent} does not exist")
    try:
        limit = os.pathconf(parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    if len(os.fsencode(p.name)) + (0 if folder else _COMPANION) > limit:
        raise OSError(f"output name is {len(p.name)} characters, too long for the file system "
                      f"(at most {limit - (0 if folder else _COMPANION)})")
    _probe(parent, path)


def _probe(folder: Path, path: str | os.PathLike[str]) -> None:
    """Create and remove a file in ``folder`` (the only reliable writability test: ``/proc``
    and read-only mounts pass ``os.access`` as root)."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=".reportparse-probe-", dir=folder)
        os.close(fd)
        os.unlink(tmp)
    except OSError as e:
        raise OSError(f"cannot write output {path}: {e.strerror or e} in {folder}") from None


class OutputLock:
    """An exclusive lock on one batch output (``OUT.lock`` beside it), held for the whole run,
    so a second batch writing the same OUT — with or without ``--resume`` — is refused before
    it touches anything. The lock is released when the process ends, even by ``kill -9``."""

    def __init__(self, output: str | os.PathLike[str]) -> None:
        self.path = Path(f"{output}.lock")
        self.fd: int | None = None
        try:
            import fcntl
        except ImportError:  # pragma: no cover - no flock on this platform: no lock
            return
        for _ in range(10):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as e:
                raise OSError(f"cannot write output {output}: {e.strerror or e}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                other = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                who = f" (process {other})" if other.isdigit() else ""
                raise OSError(f"another batch is writing {output}{who}; wait for it to "
                              "finish or choose another -o") from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not a lock file its previous holder removed meanwhile
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode(), 0)
                self.fd = fd
                return
            os.close(fd)
        raise OSError(f"cannot lock {self.path}")  # pragma: no cover - a removal storm

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            self.path.unlink()  # while still held: a waiting process then re-checks the inode
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None


def open_sink(path: str | os.PathLike[str], *, resume: bool = False) -> Sink:
    """The sink for OUT's extension (.jsonl, .csv, .xlsx; anything else is SQLite).

    Raises ``OSError`` naming OUT when it cannot be opened (or, with ``resume``, is not an
    output of this kind)."""
    ext = Path(path).suffix.lower()
    kind: type[Sink] = {".jsonl": JsonlSink, ".ndjson": JsonlSink, ".csv": CsvSink,
                        ".xlsx": XlsxSink}.get(ext, SqliteSink)
    try:
        return kind(path, resume=resume)  # type: ignore[call-arg]
    except sqlite3.Error as e:
        raise OSError(f"cannot open output {path}: {e}") from e
    except UnicodeDecodeError as e:
        raise OSError(f"cannot resume {path}: not a {kind.kind} output ({e.reason})") from e
