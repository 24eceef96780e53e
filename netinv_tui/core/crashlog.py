"""What a face says of an unexpected failure: one line for the user, the whole traceback in
`netinv.log` in the data folder (where a bug report can pick it up).

The log holds tracebacks of device and server answers: it is private (0600 whatever the umask,
set again on every open), never written through a symlink (O_NOFOLLOW: a link planted in its
place is refused, not followed), and bounded: past MAX_LOG_BYTES it becomes `netinv.log.1`
(one kept) and a new one starts, so a device failing every minute for a year fills no disk.
"""

from __future__ import annotations

import logging
import os
import stat
import traceback
from datetime import UTC, datetime
from pathlib import Path

from netinv_tui.core import paths
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.text import clean

#: The size past which the log is rotated: a thousand tracebacks or so, each kept whole.
MAX_LOG_BYTES = 1024 * 1024
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def _open_log(log: Path) -> int:
    """The log opened to append, private, rotated when full; OSError when it cannot be."""
    for _attempt in range(2):
        descriptor = os.open(log, _FLAGS, 0o600)
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise OSError(f"{log} is not a regular file")
            os.fchmod(descriptor, 0o600)
            if info.st_size < MAX_LOG_BYTES:
                return descriptor
            # a move, not a write (no link followed): the old .1 goes, one is kept
            os.rename(log, log.with_name(log.name + ".1"))
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)
    return os.open(log, _FLAGS, 0o600)  # another process rotated it meanwhile: append to the new one


def log_exception(error: BaseException, where: str = "") -> Path | None:
    """The whole traceback in `netinv.log`, headed by `where` (the unit that failed: a device, a
    host, a message); the log's path, or None where it cannot be written (nothing else is tried:
    a failure to log must not become a second failure)."""
    head = f"{clean(where)}: " if where else ""
    return _append(head, "".join(traceback.format_exception(error)))


def _append(head: str, text: str) -> Path | None:
    try:
        log = paths.data_dir() / "netinv.log"
        descriptor = _open_log(log)
    except (OSError, NetinvError):
        return None
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    # the messages quote devices and servers: each line cleaned, so `cat netinv.log` shows, not runs, them
    entry = f"{stamp} {head}" + "\n".join(clean(line) for line in text.rstrip("\n").split("\n")) + "\n"
    try:
        os.write(descriptor, entry.encode("utf-8", "backslashreplace"))  # one write: entries never interleave
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return log


def one_line(error: BaseException, where: str = "") -> str:
    """Our errors as they are; anything else logged in full, and named in one line that says where."""
    if isinstance(error, NetinvError):
        return clean(str(error))
    log = log_exception(error, where)
    text = str(error).splitlines()[0] if str(error) else ""
    return clean(f"internal error: {type(error).__name__}{': ' + text if text else ''}") + (
        f" (details in {log})" if log else ""
    )


class _ToLog(logging.Handler):
    """A library's log record (asyncio's "Exception in callback", pysnmp's) into netinv.log."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            _append(f"{record.name}: ", self.format(record))
        except (OSError, ValueError, TypeError):  # logging's rule: a handler that fails must not raise
            self.handleError(record)


def capture_library_logs() -> None:
    """What asyncio and pysnmp log (a datagram pyasn1 refused inside pysnmp's callback, a task that
    failed unheard) goes to netinv.log, not as a multi-line traceback over a screen or into a pipe."""
    for name in ("asyncio", "pysnmp"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, _ToLog) for h in logger.handlers):
            logger.addHandler(_ToLog())
        logger.propagate = False
