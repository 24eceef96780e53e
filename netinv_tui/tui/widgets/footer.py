"""The footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds every key hint after each `bindings_updated` signal. While the first
frame settles (the screen mounts, the first pane takes the focus, the tabs activate) the signal
fires four or five times for the same keys, and each rebuild mounts and styles a dozen widgets:
the hints came 0.1 s after the rest of the frame. Here the signals that arrive while a rebuild
waits join it, and a rebuild that would show the same keys is skipped.

Textual's Footer also lets keys that do not fit run under the palette's key (docked right), so a
key in the middle showed half its name at 80 columns. Here the keys that do not fit are left out
from the end (the registry lists each pane's keys most used first), whole; the palette (Ctrl+P)
and the help (F1) still list every one.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget
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
            self.call_after_refresh(self._fit)

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Show the keys, in order, while they fit beside the palette's key; leave out the rest."""
        if not self.is_attached:
            return
        docked = [c for c in self.children if c.styles.dock != "none"]
        room = self.size.width - sum(c.outer_size.width for c in docked)
        used, fits = 0, True
        for child in self.children:
            if child in docked:
                continue
            used += self._width(child)
            fits = fits and used <= room
            if child.display != fits:
                child.display = fits

    @staticmethod
    def _width(child: Widget) -> int:
        """The cells a key takes with its margins, as measured while it was shown (a key's width does
        not depend on the footer's)."""
        if child.display and child.outer_size.width:
            child._fit_width = child.outer_size.width + child.styles.margin.width  # type: ignore[attr-defined]
        return getattr(child, "_fit_width", 0)
