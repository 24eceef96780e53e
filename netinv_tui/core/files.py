"""Files netinv writes for the user (exports, recordings, documents): checked before the work that
fills them, written whole or not at all, private from the first byte.

A half-written export is worse than none (kill -9, a full disk): the data goes to a temporary file
beside the target, which then replaces it in one rename. mkstemp makes that file 0600 whatever the
umask, so an inventory (addresses, serials, topology) is no more readable than the profiles.
"""

from __future__ import annotations

import os
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


def _temporary(path: Path) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as error:
        raise UsageError(f"cannot write {path}: cannot create a file in {path.parent} ({error.strerror})") from None


def check_writable(path: Path) -> Path:
    """Refuse now, before any packet, what `write_atomic` would fail to write after the work."""
    path = _usable(path)
    fd, tmp = _temporary(path)  # the only honest test: make the temporary file the write will use
    os.close(fd)
    os.unlink(tmp)
    return path


def write_atomic(path: Path, payload: bytes, mode: int = 0o600) -> int:
    """Write `payload` to `path` in one rename; return the bytes written."""
    out, tmp, target = open_atomic(path)
    try:
        out.write(payload)
    except OSError as error:
        discard_atomic(out, tmp)
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from None
    commit_atomic(out, tmp, target, mode)
    return len(payload)


def open_atomic(path: Path) -> tuple[IO[bytes], str, Path]:
    """A file written a part at a time that appears whole: (the open file, its temporary name,
    the target), for `commit_atomic` or `discard_atomic`."""
    target = _usable(path)
    fd, tmp = _temporary(target)
    return os.fdopen(fd, "wb"), tmp, target


def commit_atomic(out: IO[bytes], tmp: str, path: Path, mode: int = 0o600) -> None:
    """Flush, make private and put in place in one rename; on failure nothing is left behind."""
    try:
        out.flush()
        os.fsync(out.fileno())
        out.close()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None


def discard_atomic(out: IO[bytes], tmp: str) -> None:
    out.close()
    Path(tmp).unlink(missing_ok=True)


def sibling(path: Path, tag: object) -> Path:
    """`<stem>@<tag><suffix>` beside `path`: where a VLAN context's recording lives (`switch@10.snmprec`)."""
    return path.with_name(f"{path.stem}@{tag}{path.suffix}")
