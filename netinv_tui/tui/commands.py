"""Command palette entries for a pane's actions: the palette shows the pane, then acts, like its key would."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.widget import Widget

if TYPE_CHECKING:
    from netinv_tui.tui.app import NetinvApp


def pane_command(pane: Widget, pane_id: str, action: str, title: str, help_text: str) -> SystemCommand:
    def run() -> None:
        app: NetinvApp = pane.app  # type: ignore[assignment]
        app.action_show_pane(pane_id)
        handler: Callable[[], object] = getattr(pane, f"action_{action}")
        handler()

    return SystemCommand(title, help_text, run)
