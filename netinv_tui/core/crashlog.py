"""What a face says of an unexpected failure: one line for the user, the whole traceback in
`netinv.log` in the data folder (where a bug report can pick it up)."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from netinv_tui.core import paths
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.text import clean


def log_exception(error: BaseException, where: str = "") -> Path | None:
    """The whole traceback in `netinv.log`, headed by `where` (the unit that failed: a device, a
    host, a message); the log's path, or None where it cannot be written (nothing else is tried:
    a failure to log must not become a second failure)."""
    try:
        log = paths.data_dir() / "netinv.log"
        handler = logging.FileHandler(log)
    except (OSError, NetinvError):
        return None
    logger = logging.getLogger("netinv.crash")
    logger.propagate = False  # nothing may print over a screen or into a pipe
    logger.addHandler(handler)
    try:
        head = f"{clean(where)}: " if where else ""
        logger.error(head + "".join(traceback.format_exception(error)))
    finally:
        logger.removeHandler(handler)
        handler.close()
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
