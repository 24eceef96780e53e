"""The footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds every key hint after each `bindings_updated` signal. While the first
frame settles (the screen mounts, the first pane takes the focus, the tabs activate) the signal
fires four or five times for the same keys, and each rebuild mounts and styles a dozen widgets:
the hints came 0.1 s after the rest of the frame. Here the signals that arrive while a rebuild
waits join it, and a rebuild that would show the same keys is skipped.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class CoalescedFooter(Footer):
    _waiting = False
    _shown: Any = None

    def _keys(self) -> Any:
        """What compose would show: each key's display, label, action, state and tooltip."""
        return (
            self.show_command_palette,
            self.compact,
            tuple(
                (self.app.get_key_display(b), b.description, b.action, enabled, tooltip, b.group)
                for _node, b, enabled, tooltip in self.screen.active_bindings.values()
                if b.show
            ),
        )

    def bindings_changed(self, screen: Screen) -> None:  # type: ignore[type-arg]
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._waiting:
            self._waiting = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._waiting = False  # a change from here on asks for a rebuild of its own
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
