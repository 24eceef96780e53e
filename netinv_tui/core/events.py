"""Progress events: the one channel from core work to a face (CLI progress bar, TUI worker)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class InventoryProgress:
    host: str
    tables_done: int
    tables_total: int
    requests: int


ProgressCallback = Callable[[InventoryProgress], None]


@dataclass(frozen=True)
class SweepProgress:
    """Where a sweep is: `phase` (liveness, probing, names), addresses done of total, hosts found."""

    phase: str
    done: int
    total: int
    found: int
    packets: int


@dataclass(frozen=True)
class HostFound:
    """A host answered for the first time in this sweep (a face adds its row at once)."""

    ip: str
    method: str


@dataclass(frozen=True)
class HostIdentified:
    """A host's SNMP identity (or that it has none) is known: a face refreshes its row."""

    ip: str


@dataclass(frozen=True)
class HostFailed:
    """A host's work failed (core/faults) with `reason`: a face marks its row; the sweep goes on."""

    ip: str
    reason: str


SweepEvent = SweepProgress | HostFound | HostIdentified | HostFailed
SweepCallback = Callable[[SweepEvent], None]
