"""Where the focus goes when Esc leaves a field: one rule for every pane (the app's Esc binding),
so that the next key is the pane's (a tab's digit, `a`, `u` ...) and is never typed."""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input


def in_field(screen: Screen, base: Screen) -> bool:  # type: ignore[type-arg]
    """A field of the panes has the focus (a dialog's Esc is its own: it cancels the dialog)."""
    return screen is base and isinstance(screen.focused, Input)


def leave_field(screen: Screen, pane_classes: set[str]) -> None:  # type: ignore[type-arg]
    """To the pane's own `leave_input` (the Device pane: its results), else to the pane's first
    table, else to its first other focusable widget, else nowhere."""
    focused = screen.focused
    pane = next((w for w in focused.ancestors if type(w).__name__ in pane_classes), None) if focused else None
    if pane is not None and hasattr(pane, "leave_input"):
        pane.leave_input()
        return
    inside: list[Widget] = [
        w for w in screen.focus_chain if not isinstance(w, Input) and pane is not None and pane in w.ancestors
    ]
    tables = [w for w in inside if isinstance(w, DataTable)]
    screen.set_focus((tables or inside or [None])[0])
