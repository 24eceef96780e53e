"""Messages workers post to the panes: the only way background work reaches the screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from netinv_tui.core.events import InventoryProgress
from netinv_tui.core.model import Device
from netinv_tui.core.probe import ProbeResult


@dataclass
class InventoryStep(Message):
    run: int
    progress: InventoryProgress


@dataclass
class InventoryFinished(Message):
    run: int
    label: str
    device: Device
    seconds: float


@dataclass
class InventoryStopped(Message):
    """Cancelled by the user, or broken by an internal error (the reason says which)."""

    run: int
    label: str
    reason: str


@dataclass
class ProbeFinished(Message):
    profile: str
    host: str
    result: ProbeResult | None
    error: str


@dataclass
class LabStarted(Message):
    error: str
