"""What a face says of an unexpected failure: one line for the user, the whole traceback in
`netinv.log` in the data folder (where a bug report can pick it up)."""

from __future__ import annotations

import logging
import traceback

from netinv_tui.core import paths
from netinv_tui.core.errors import NetinvError


def one_line(error: BaseException) -> str:
    """Our errors as they are; anything else logged in full, and named in one line that says where."""
    if isinstance(error, NetinvError):
        return str(error)
    try:
        log = paths.data_dir() / "netinv.log"
        handler = logging.FileHandler(log)
    except OSError:
        where = ""
    else:
        logger = logging.getLogger("netinv.crash")
        logger.propagate = False  # nothing may print over a screen or into a pipe
        logger.addHandler(handler)
        try:
            logger.error("".join(traceback.format_exception(error)))
        finally:
            logger.removeHandler(handler)
            handler.close()
        where = f" (details in {log})"
    text = str(error).splitlines()[0] if str(error) else ""
    return f"internal error: {type(error).__name__}{': ' + text if text else ''}{where}"
