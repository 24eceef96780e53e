"""Files netinv writes for the user (exports, recordings, documents): checked before the work that
fills them, written whole or not at all, private from the first byte.

A half-written export is worse than none (kill -9, a full disk): the data goes to a temporary file
beside the target, which then replaces it in one rename. mkstemp makes that file 0600 whatever the
umask, so an inventory (addresses, serials, topology) is no more readable than the profiles.
No temporary file outlives a failure: every exception (Ctrl+C and a SystemExit raised by a signal
handler included) removes it, and one still open when the process exits is removed then.

Files netinv reads from the user (recordings) are read within a bound and only when regular: a
FIFO, /dev/zero or a 2 GB file is one line, not a reader that blocks or eats the memory.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import stat
import tempfile
from pathlib import Path
from typing import IO

from netinv_tui.core.errors import UsageError


def _usable(path: Path) -> Path:
    """What can be told of `path` without touching the disk: a file name in a folder that exists."""
    path = path.expanduser()
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder, give a file name")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: no such folder {path.parent}")
    if path.exists() and not path.is_file():
        raise UsageError(f"cannot write {path}: not a regular file")
    return path


#: Temporary files made and not yet renamed or removed: what the exit hook removes.
_pending: set[str] = set()


@atexit.register
def _remove_pending() -> None:
    """A run that ends through an exception nobody caught, or a SystemExit from a signal handler,
    leaves no `.NAME.XXXX` behind (kill -9 alone can: nothing runs then)."""
    for tmp in list(_pending):
        Path(tmp).unlink(missing_ok=True)
        _pending.discard(tmp)


#: Signals whose handlers may end the run: held back while a temporary file is made and noted, so
#: that none lands between the two (the file would outlive the run, noted nowhere).
_STOPS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM}


def _temporary(path: Path) -> tuple[int, str]:
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        _pending.add(tmp)
    except OSError as error:
        raise UsageError(f"cannot write {path}: cannot create a file in {path.parent} ({error.strerror})") from None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return fd, tmp


def _remove(tmp: str) -> None:
    Path(tmp).unlink(missing_ok=True)
    _pending.discard(tmp)


def check_writable(path: Path) -> Path:
    """Refuse now, before any packet, what `write_atomic` would fail to write after the work."""
    path = _usable(path)
    fd, tmp = _temporary(path)  # the only honest test: make the temporary file the write will use
    try:
        os.close(fd)
    finally:
        _remove(tmp)
    return path


def write_atomic(path: Path, payload: bytes, mode: int = 0o600) -> int:
    """Write `payload` to `path` in one rename; return the bytes written."""
    out, tmp, target = open_atomic(path)
    try:
        out.write(payload)
    except OSError as error:
        discard_atomic(out, tmp)
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from None
    except BaseException:
        discard_atomic(out, tmp)
        raise
    commit_atomic(out, tmp, target, mode)
    return len(payload)


def open_atomic(path: Path) -> tuple[IO[bytes], str, Path]:
    """A file written a part at a time that appears whole: (the open file, its temporary name,
    the target), for `commit_atomic` or `discard_atomic`."""
    target = _usable(path)
    fd, tmp = _temporary(target)
    try:
        return os.fdopen(fd, "wb"), tmp, target
    except BaseException:
        os.close(fd)
        _remove(tmp)
        raise


def commit_atomic(out: IO[bytes], tmp: str, path: Path, mode: int = 0o600) -> None:
    """Flush, make private and put in place in one rename; on failure nothing is left behind."""
    try:
        out.flush()
        os.fsync(out.fileno())
        out.close()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as error:
        _close_quietly(out)
        _remove(tmp)
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        _close_quietly(out)
        _remove(tmp)
        raise
    _pending.discard(tmp)


def discard_atomic(out: IO[bytes], tmp: str) -> None:
    """Forget a file opened by `open_atomic`: closed, and its temporary file removed."""
    try:
        _close_quietly(out)
    finally:
        _remove(tmp)


def _close_quietly(out: IO[bytes]) -> None:
    """Close a file being given up; a write it still held that fails (a full disk) changes nothing."""
    with contextlib.suppress(OSError):
        out.close()


class Unreadable(Exception):
    """A file that is not read: not a regular file, larger than the bound, or an OS error."""


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them. A FIFO, a device or a folder
    is refused before a byte is read (opened non-blocking: a FIFO without a writer cannot hold the
    open), and so is a file that holds, or grows to hold, more than `limit` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("not a regular file (a FIFO, a device or a folder is not read)")
        if info.st_size > limit:
            raise Unreadable(f"too large: {info.st_size} bytes (at most {limit} are read)")
        os.set_blocking(fd, True)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise Unreadable(f"too large: more than {limit} bytes (it grew while read)")
    return data


def sibling(path: Path, tag: object) -> Path:
    """`<stem>@<tag><suffix>` beside `path`: where a VLAN context's recording lives (`switch@10.snmprec`)."""
    return path.with_name(f"{path.stem}@{tag}{path.suffix}")
