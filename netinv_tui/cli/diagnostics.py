"""Exit codes and stderr messages of the CLI: stdout carries data only, stderr one line per event."""

from __future__ import annotations

import sys
from enum import IntEnum


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


def _one_line(message: str) -> str:
    return " ".join(message.split("\n")).strip()


def show_progress() -> bool:
    """Progress bars only where someone watches: a terminal on stderr, and not -q."""
    return not _quiet and sys.stderr.isatty()
