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
