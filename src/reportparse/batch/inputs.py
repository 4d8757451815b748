"""Batch inputs: files, folders, globs and .zip archives → a stream of :class:`Item`.

An :class:`Item` is a small, picklable *reference* to one input (a path, or an archive path plus
the chain of member names inside it, or inline bytes); its content is read by the worker that
processes it (:func:`load`), so the parent never holds more than the in-flight items. Archives
are never extracted to disk: members are read into memory with guards (member count, declared
and actual uncompressed size, compression ratio, ``..``/absolute/link names, encryption, nesting
depth), and every rejected member becomes one error :class:`Item` — it still yields a record.

Naming: a file is named by its path as given (``dir/a.txt``); an archive member by
``archive.zip!member/path.txt``; a member of a nested archive by ``a.zip!inner.zip!x.txt``.
Names are unique keys: when two *different* inputs would get one name (a real file called
``a.zip!x.txt`` beside ``a.zip`` holding ``x.txt``; two members of one archive with the same
name), the later one in input order is named ``x#2.txt`` (``#3`` …), so every input keeps its own
record. The same input reached twice (a file and its folder) stays one record.
"""

from __future__ import annotations

import glob
import io
import os
import stat
import zipfile
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..errors import ReportParseError
from ..limits import DEFAULT_LIMITS, Limits

ARCHIVE_EXTENSIONS: frozenset[str] = frozenset({".zip"})
#: nesting depth of archives inside archives (a.zip!b.zip!c.txt is depth 2)
MAX_ZIP_DEPTH = 3
#: the ratio guard applies to members larger than this (small text compresses well too); the
#: same as ``ingest.zipsafe.RATIO_CHECK_ABOVE`` (not imported: it would load lxml on import)
RATIO_CHECK_ABOVE = 1 << 20
_SEP = "!"
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Item:
    """One input of a batch: what to read, and under which name it is recorded."""

    name: str
    path: str | None = None  # the file, or the outermost archive
    members: tuple[str, ...] = ()  # member chain inside the archive(s)
    #: position of each member of the chain in its archive's directory (duplicate names)
    indices: tuple[int, ...] = ()
    data: bytes | None = None  # inline content (bytes given to the API; shipped to Dask)
    error: tuple[str, str] | None = None  # rejected before reading: (reason, message)
    skip_sha: str | None = None  # resume: the sha256 already recorded under this name

    def failure(self) -> ReportParseError | None:
        if self.error is None:
            return None
        return ReportParseError(self.name, self.error[0], self.error[1])


def _bad(name: str, reason: str, message: str, path: str | None = None,
         indices: tuple[int, ...] = ()) -> Item:
    return Item(name=name, path=path, indices=indices, error=(reason, message))


def _unsafe_member(name: str) -> str | None:
    n = name.replace("\\", "/")
    if n.startswith("/") or (len(n) > 1 and n[1] == ":"):
        return "absolute member path"
    if ".." in PurePosixPath(n).parts:
        return "member path escapes the archive ('..')"
    if "\x00" in n:
        return "NUL in member name"
    return None


def _skipped_name(name: str) -> bool:
    base = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return (base.startswith((".", "~$")) or name.startswith("__MACOSX/")
            or "/__MACOSX/" in name)


class _Budget:
    """Items one archive tree (nested archives included) may still expand to: nesting
    multiplies member counts, so the bound is on the whole tree, counted as it expands."""

    def __init__(self, limits: Limits) -> None:
        self.left = limits.max_archive_items
        self.cap = limits.max_archive_items

    def take(self, n: int = 1) -> bool:
        self.left -= n
        return self.left >= 0


def _zip_items(label: str, path: str, chain: tuple[str, ...], zf: zipfile.ZipFile,
               limits: Limits, ichain: tuple[int, ...] = (),
               budget: _Budget | None = None) -> Iterator[Item]:
    budget = budget or _Budget(limits)
    infos = zf.infolist()
    if not budget.take(len(infos)):
        yield _bad(label, "too_large", f"archive expands to more than {budget.cap:,} items "
                                       "(nested archives included; Limits.max_archive_items)")
        return
    if len(infos) > limits.max_zip_members:
        yield _bad(label, "unsafe", f"archive has {len(infos)} members, over the "
                                    f"{limits.max_zip_members}-member limit")
        return
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_zip_uncompressed:
        yield _bad(label, "too_large", f"archive declares {declared} uncompressed bytes, over "
                                       f"the {limits.max_zip_uncompressed}-byte limit")
        return
    for pos, info in enumerate(infos):
        if info.is_dir():
            continue
        mname = info.filename
        name = f"{label}{_SEP}{mname}"
        where = (*ichain, pos)

        def bad(reason: str, message: str, name: str = name,
                where: tuple[int, ...] = where) -> Item:
            return _bad(name, reason, message, path, where)

        why = _unsafe_member(mname)
        if why:
            yield bad("unsafe", why)
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            yield bad("unsafe", "symbolic link member")
            continue
        if _skipped_name(mname):
            continue
        if not is_report_name(mname):
            continue
        ext = PurePosixPath(mname).suffix.lower()
        if info.flag_bits & 0x1:
            yield bad("encrypted", "password-protected archive member")
            continue
        problem = _size_problem(info, limits)
        if problem:
            yield bad(*problem)
            continue
        if ext in ARCHIVE_EXTENSIONS:
            if len(chain) + 1 >= MAX_ZIP_DEPTH:
                yield bad("unsafe", f"archive nested deeper than {MAX_ZIP_DEPTH} levels")
                continue
            if budget.left <= 0:  # do not even open it
                yield bad("too_large", f"archive expands to more than {budget.cap:,} items "
                                       "(nested archives included; Limits.max_archive_items)")
                continue
            try:
                inner = read_member(zf, info, limits, name)
                with zipfile.ZipFile(io.BytesIO(inner)) as izf:
                    yield from _or_empty(name, _zip_items(name, path, (*chain, mname), izf,
                                                          limits, where, budget))
            except ReportParseError as e:
                yield bad(e.reason, e.message)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
                yield bad("corrupt", f"damaged archive: {e}")
            continue
        yield Item(name=name, path=path, members=chain + (mname,), indices=where)


def _or_empty(label: str, items: Iterator[Item]) -> Iterator[Item]:
    empty = True
    for it in items:
        empty = False
        yield it
    if empty:
        yield _bad(label, "empty", "no report files in the archive")


def _is_office_document(zf: zipfile.ZipFile) -> bool:
    names = set(zf.namelist()[:50])
    return "word/document.xml" in names or ("mimetype" in names and "content.xml" in names)


def _size_problem(info: zipfile.ZipInfo, limits: Limits) -> tuple[str, str] | None:
    """(reason, message) when a member's declared sizes break a limit (reasons as in
    :mod:`reportparse.ingest.zipsafe`: over a size → ``too_large``, a bomb → ``unsafe``)."""
    if info.file_size > limits.max_file_bytes:
        return "too_large", (f"member is {info.file_size} bytes uncompressed, over the "
                             f"{limits.max_file_bytes}-byte limit")
    if info.file_size > RATIO_CHECK_ABOVE:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_zip_ratio:
            return "unsafe", (f"compression ratio {ratio:.0f}:1 over the "
                              f"{limits.max_zip_ratio}:1 limit (zip bomb?)")
    return None


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits,
                label: str) -> bytes:
    """The member's bytes, read in chunks and never more than the limits allow."""
    problem = _size_problem(info, limits)
    if problem:
        raise ReportParseError(label, *problem)
    cap = min(limits.max_file_bytes, limits.max_zip_uncompressed, info.file_size)
    buf = bytearray()
    try:
        with zf.open(info) as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                buf += chunk
                if len(buf) > cap:
                    raise ReportParseError(label, "unsafe",
                                           "member inflates beyond its declared size")
                if (len(buf) > RATIO_CHECK_ABOVE
                        and len(buf) / max(info.compress_size, 1) > limits.max_zip_ratio):
                    raise ReportParseError(label, "unsafe",
                                           "compression ratio over the limit (zip bomb?)")
    except ReportParseError:
        raise
    except RuntimeError as e:  # zipfile: encrypted member, password required
        raise ReportParseError(label, "encrypted", f"cannot read member: {e}") from None
    except NotImplementedError as e:
        raise ReportParseError(label, "unsupported_format", f"cannot read member: {e}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as e:
        raise ReportParseError(label, "corrupt", f"damaged archive member: {e}") from None
    except Exception as e:  # zlib.error and friends  # noqa: BLE001
        raise ReportParseError(label, "corrupt", f"damaged archive member: {e}") from None
    return bytes(buf)


def _archive(path: str, label: str, limits: Limits) -> Iterator[Item]:
    try:
        size = os.path.getsize(path)
        if size > limits.max_file_bytes:
            yield _bad(label, "too_large", f"archive is {size} bytes, over the "
                                           f"{limits.max_file_bytes}-byte limit")
            return
        with zipfile.ZipFile(path) as zf:
            if _is_office_document(zf):  # a .docx/.odt named .zip: the file is the report
                yield Item(name=label, path=path)
                return
            yield from _or_empty(label, _zip_items(label, path, (), zf, limits))
    except (zipfile.BadZipFile, EOFError, ValueError) as e:
        yield _bad(label, "corrupt", f"damaged archive: {e}")
    except OSError as e:
        yield _bad(label, "not_found", f"cannot read: {e.strerror or e}")


def _file(path: str, limits: Limits) -> Iterator[Item]:
    if Path(path).suffix.lower() in ARCHIVE_EXTENSIONS:
        yield from _archive(path, path, limits)
    else:
        yield Item(name=path, path=path)


def is_report_name(name: str) -> bool:
    """Whether walking a folder or an archive picks this file: its extension names a format in
    the readers' registry (page scans and user-registered formats included), or it is an
    archive. A file without an extension is skipped (README, LICENSE), though given by name it
    is read as text."""
    from ..ingest.registry import format_for_suffix

    ext = PurePosixPath(name).suffix.lower()
    return ext in ARCHIVE_EXTENSIONS or (ext != "" and format_for_suffix(ext) is not None)


def _folder(folder: str, limits: Limits) -> Iterator[Item]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__MACOSX")))
        for f in sorted(files):
            if _skipped_name(f):
                continue
            if is_report_name(f):
                yield from _file(os.path.join(root, f), limits)


InputSpec = "str | os.PathLike[str] | tuple[str, bytes] | Item"


def iter_items(inputs: Iterable[object], limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    """Expand inputs into items, each name once, in a stable order.

    An input is a path (file, folder walked recursively by extension, or ``.zip``), a glob
    (``reports/**/*.docx``), a ``(name, bytes)`` pair or an :class:`Item`. A path, glob or
    folder that gives no file yields one ``not_found`` item, so it is recorded too.
    """
    names: set[str] = set()
    identities: set[object] = set()
    for spec in inputs:
        if isinstance(spec, Item):
            produced: Iterable[Item] = [spec]
        elif isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1],
                                                                        (bytes, bytearray)):
            produced = [Item(name=str(spec[0]), data=bytes(spec[1]))]
        else:
            produced = _expand(os.fspath(spec), limits)  # type: ignore[call-overload]
        for it in produced:
            ident = _identity(it)
            if ident in identities:
                continue  # the same input reached twice
            identities.add(ident)
            name = it.name
            n = 1
            while name in names:  # a different input with this name: make the key unique
                n += 1
                name = _numbered(it.name, n)
            names.add(name)
            yield it if name == it.name else replace(it, name=name)


def _numbered(name: str, n: int) -> str:
    """``dir/a.zip!x.txt`` → ``dir/a.zip!x#2.txt`` (the extension still tells the format)."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(_SEP, 1)[-1]
    ext = PurePosixPath(last).suffix if not last.startswith(".") else ""
    return f"{name[: len(name) - len(ext)]}#{n}{ext}"


def _identity(it: Item) -> object:
    """What makes two items the same input: the real file and the member positions."""
    if it.path is None:
        return ("data", id(it)) if it.data is not None else ("name", it.name)
    try:
        real = os.path.realpath(it.path)
    except (OSError, ValueError):
        real = it.path
    return ("path", real, it.indices or it.members)


def _expand(spec: str, limits: Limits) -> Iterator[Item]:
    if os.path.isdir(spec):
        empty = True
        for it in _folder(spec, limits):
            empty = False
            yield it
        if empty:
            yield _bad(spec, "not_found", "no report files in this folder")
    elif os.path.exists(spec):
        yield from _file(spec, limits)
    elif _GLOB_CHARS & set(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield _bad(spec, "not_found", "the pattern matches no file")
        for m in matches:
            if os.path.isdir(m):
                yield from _folder(m, limits)
            else:
                yield from _file(m, limits)
    else:
        yield _bad(spec, "not_found", "no such file or folder")


# --------------------------------------------------------------------------- reading (worker)
class ArchiveCache:
    """Open archives kept by the worker between items (members of one archive arrive in a
    row; reopening the central directory per member would be quadratic)."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._open: OrderedDict[tuple[str, tuple[str, ...], tuple[int, ...]],
                                zipfile.ZipFile] = OrderedDict()

    def get(self, path: str, chain: tuple[str, ...], limits: Limits,
            label: str, indices: tuple[int, ...] = ()) -> zipfile.ZipFile:
        key = (path, chain, indices)
        zf = self._open.get(key)
        if zf is not None:
            self._open.move_to_end(key)
            return zf
        if not chain:
            zf = zipfile.ZipFile(path)
        else:
            outer = self.get(path, chain[:-1], limits, label, indices[:-1])
            data = read_member(outer, member_info(outer, chain[-1], indices[-1:]), limits,
                               label)
            zf = zipfile.ZipFile(io.BytesIO(data))
        self._open[key] = zf
        while len(self._open) > self.size:
            _, old = self._open.popitem(last=False)
            old.close()
        return zf

    def close(self) -> None:
        for zf in self._open.values():
            zf.close()
        self._open.clear()


def member_info(zf: zipfile.ZipFile, name: str, index: tuple[int, ...]) -> zipfile.ZipInfo:
    """The member at ``index`` (when known and still named ``name``), else by name; two members
    may share a name, and ``getinfo`` only finds the last."""
    if index:
        infos = zf.infolist()
        if 0 <= index[0] < len(infos) and infos[index[0]].filename == name:
            return infos[index[0]]
    return zf.getinfo(name)


def load(item: Item, limits: Limits = DEFAULT_LIMITS,
         cache: ArchiveCache | None = None) -> bytes:
    """The item's content, within the limits; raises :class:`ReportParseError`."""
    err = item.failure()
    if err is not None:
        raise err
    if item.data is not None:
        if len(item.data) > limits.max_file_bytes:
            raise ReportParseError(item.name, "too_large",
                                   f"input over the {limits.max_file_bytes}-byte limit")
        return item.data
    assert item.path is not None
    if not item.members:
        try:
            size = os.path.getsize(item.path)
            if size > limits.max_file_bytes:
                raise ReportParseError(item.name, "too_large",
                                       f"file is {size} bytes, over the "
                                       f"{limits.max_file_bytes}-byte limit")
            with open(item.path, "rb") as f:
                return f.read(limits.max_file_bytes + 1)
        except ReportParseError:
            raise
        except OSError as e:
            raise ReportParseError(item.name, "not_found",
                                   f"cannot read: {e.strerror or e}") from None
    cache = cache or ArchiveCache(size=1)
    try:
        zf = cache.get(item.path, item.members[:-1], limits, item.name, item.indices[:-1])
        info = member_info(zf, item.members[-1], item.indices[-1:])
    except ReportParseError:
        raise
    except KeyError:
        raise ReportParseError(item.name, "not_found", "member not in archive") from None
    except (zipfile.BadZipFile, EOFError, ValueError) as e:
        raise ReportParseError(item.name, "corrupt", f"damaged archive: {e}") from None
    except OSError as e:
        raise ReportParseError(item.name, "not_found",
                               f"cannot read: {e.strerror or e}") from None
    return read_member(zf, info, limits, item.name)


def materialize(item: Item, limits: Limits = DEFAULT_LIMITS,
                cache: ArchiveCache | None = None) -> Item:
    """The item with its content inline (for engines whose workers cannot see the files);
    an unreadable item becomes an error item."""
    if item.error is not None or item.data is not None:
        return item
    try:
        return replace(item, data=load(item, limits, cache), path=None, members=())
    except ReportParseError as e:
        return replace(item, error=(e.reason, e.message), path=None, members=())
