"""Exit codes and stderr messages of the CLI: stdout carries data only, stderr one line per event.

A message often quotes the network (a sysName, a server's error, a job id): each line is made
safe here, once, with core/text's `clean`, so no caller can send a terminal an escape sequence, a
carriage return that hides the line's start, or a line break that makes one event two.
"""

from __future__ import annotations

import sys
from enum import IntEnum

from netinv_tui.core.text import clean


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    PARTIAL = 3
    DEVICE_FAILED = 4
    INTERRUPTED = 130  # Ctrl+C: what was finished is kept


_quiet = False


def set_quiet(quiet: bool) -> None:
    """`-q`: errors only. Warnings go too: a script asked for silence and reads the exit code."""
    global _quiet
    _quiet = quiet


def quiet() -> bool:
    return _quiet


def error(message: str) -> None:
    """One line, no traceback: what went wrong and, where it helps, what to do."""
    print(f"netinv: error: {_one_line(message)}", file=sys.stderr)


def warn(message: str) -> None:
    if not _quiet:
        print(f"netinv: warning: {_one_line(message)}", file=sys.stderr)


def info(message: str) -> None:
    if not _quiet:
        print(f"netinv: {_one_line(message)}", file=sys.stderr)


def _one_line(message: object) -> str:
    """One line a terminal shows as written: the lines of a multi-line message (an exception's)
    joined, and every other control, CR included, made a visible escape."""
    text = message if isinstance(message, str) else str(message)
    return clean(" ".join(text.split("\n")).strip())


def show_progress() -> bool:
    """Progress bars only where someone watches: a terminal on stderr, and not -q."""
    return not _quiet and sys.stderr.isatty()
