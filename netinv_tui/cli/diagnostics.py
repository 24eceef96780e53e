"""Exit codes and stderr messages of the CLI: stdout carries data only."""

from __future__ import annotations

import sys
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    PARTIAL = 3
    DEVICE_FAILED = 4


def error(message: str) -> None:
    """One line, no traceback: what went wrong and, where it helps, what to do."""
    print(f"netinv: error: {message}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"netinv: warning: {message}", file=sys.stderr)


def info(message: str) -> None:
    print(f"netinv: {message}", file=sys.stderr)
