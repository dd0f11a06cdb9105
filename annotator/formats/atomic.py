"""Atomic writes of exported files and folders (DESIGN.md rule 6).

Data goes to a temporary file in the target's own folder (same file system, so ``os.replace`` is
atomic), is fsynced, and only then replaces the target: an existing file is never left half-written,
and a failed export leaves no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import queue
import secrets
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")


class WriteTargetError(Exception):
    """The export target cannot be written; the message is one sentence for the user."""


def _check_folder(path: Path) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WriteTargetError(f"Cannot write {path}: the folder {folder} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriteTargetError(f"Cannot write {path}: the folder {folder} is not writable.")
    return folder


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not possible on every platform (Windows); the data is synced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temp_name(path: Path, kind: str) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.{kind}")


# The writer thread has the disk start on what it wrote after about this much data.
WRITEBACK_EVERY_BYTES = 8 << 20


def _start_writeback(fd: int, offset: int, length: int) -> None:
    """Start writing a range to disk without waiting (on Linux POSIX_FADV_DONTNEED starts the writeback of
    dirty pages, and drops them from the cache once written), so that the fsync before the rename finds
    little left to flush. Elsewhere the fsync does it all."""
    with contextlib.suppress(AttributeError, OSError):
        os.posix_fadvise(fd, offset, length, os.POSIX_FADV_DONTNEED)


def _write_chunks(handle: BinaryIO, chunks: Iterable[bytes]) -> None:
    """Write the chunks from a second thread, so that producing the next chunk (SQLite reading) overlaps
    with the kernel copying the last one and with the disk writing it: all three release the GIL.
    Writing and fsyncing 60 MB took as long as reading it out of SQLite, done one after the other."""
    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=16)  # bounds the memory held in flight
    failed: list[BaseException] = []

    def drain() -> None:
        synced = written = 0
        while (chunk := pending.get()) is not None:
            if failed:
                continue  # keep taking chunks so that the producer never blocks
            try:
                handle.write(chunk)
                written += len(chunk)
                if written - synced >= WRITEBACK_EVERY_BYTES:
                    handle.flush()
                    _start_writeback(handle.fileno(), synced, written - synced)
                    synced = written
            except BaseException as exc:  # re-raised in the calling thread
                failed.append(exc)

    writer = threading.Thread(target=drain, name="atomic-write", daemon=True)
    writer.start()
    try:
        for chunk in chunks:
            if failed:
                break
            pending.put(chunk)
    finally:
        pending.put(None)
        writer.join()
    if failed:
        raise failed[0]


def atomic_write(
    path: str | os.PathLike[str], content: bytes | Iterable[bytes] | Callable[[BinaryIO], T]
) -> T | None:
    """Write ``content`` (bytes, an iterable of byte chunks, or a function given the open binary file)
    to ``path`` atomically; returns what the function returned."""
    path = Path(path)
    if path.is_dir():
        raise WriteTargetError(f"Cannot write {path}: it is a folder; give a file name.")
    folder = _check_folder(path)
    if path.exists() and not os.access(path, os.W_OK):
        raise WriteTargetError(f"Cannot write {path}: the file is read-only; it was left as it was.")
    temp = _temp_name(path, "tmp")
    try:
        # os.open with 0o666 lets the umask decide the permissions, as for any new file.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise WriteTargetError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    result: T | None = None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, bytes | bytearray):
                handle.write(content)
            elif callable(content):
                result = content(handle)
            else:
                _write_chunks(handle, content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, WriteTargetError):
            raise WriteTargetError(
                f"Cannot write {path}: {exc.strerror or exc}; the previous file (if any) was left as it was."
            ) from exc
        raise
    _fsync_folder(folder)
    return result


@contextlib.contextmanager
def atomic_folder(path: str | os.PathLike[str], replaceable: Callable[[Path], bool]) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``path``; when the block succeeds, it takes ``path``'s place.

    An existing folder at ``path`` is only replaced when ``replaceable(path)`` says it holds nothing
    but an earlier export, so that a mistyped ``-o ~/Documents`` cannot delete anyone's files.
    POSIX has no atomic swap of two folders: the old one is renamed aside first and renamed back if the
    new one cannot be moved in, so the target is always either the old or the complete new export.
    """
    path = Path(path)
    folder = _check_folder(path)
    if path.exists() and not path.is_dir():
        raise WriteTargetError(f"Cannot write {path}: it is a file, and this format writes a folder.")
    if path.is_dir() and any(path.iterdir()) and not replaceable(path):
        raise WriteTargetError(
            f"Cannot write {path}: the folder holds files that are not from an earlier export; "
            "choose an empty or new folder."
        )
    temp = _temp_name(path, "tmpdir")
    try:
        temp.mkdir()
    except OSError as exc:
        raise WriteTargetError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    try:
        yield temp
        for child in temp.iterdir():
            with child.open("rb") as handle:
                os.fsync(handle.fileno())
        _fsync_folder(temp)
        old = _temp_name(path, "old") if path.exists() else None
        if old is not None:
            os.replace(path, old)
        try:
            os.replace(temp, path)
        except BaseException:
            if old is not None:
                os.replace(old, path)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        _fsync_folder(folder)
    except BaseException as exc:
        shutil.rmtree(temp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise WriteTargetError(
                f"Cannot write {path}: {exc.strerror or exc}; the earlier export (if any) is unchanged."
            ) from exc
        raise
