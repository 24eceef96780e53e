"""The error tree of the core: each says in one line what went wrong, and never carries a secret."""

from __future__ import annotations


class NetinvError(Exception):
    """Base of every error a face reports as a one-line message."""

    exit_code = 1


class UsageError(NetinvError):
    """The user asked for something that cannot be done as asked (bad option, unknown profile)."""

    exit_code = 2


class ProfileError(UsageError):
    """A credential profile is missing, malformed or incomplete."""


class BadRecording(NetinvError):
    """A recording file cannot be read; `line` points at the offending line."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"bad recording: {path}:{line}: {reason}" if line else f"bad recording: {path}: {reason}")
        self.path = path
        self.line = line


class SnmpError(NetinvError):
    """An SNMP exchange with a device failed."""

    exit_code = 4


class Unreachable(SnmpError):
    """Nothing answered: host down, port filtered, or (v1/v2c) a community the agent ignores."""


class AuthFailure(SnmpError):
    """The agent answered with a USM report: `kind` says which check failed."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class UnsupportedProtocol(SnmpError):
    """A protocol the local SNMP stack or the agent cannot use."""


class AgentError(SnmpError):
    """The agent answered with an error status we cannot work around."""


class StoreUnreadable(NetinvError):
    """The local store could not be read (a damaged file, a folder the user cannot read)."""
