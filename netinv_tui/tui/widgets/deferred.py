"""A widget mounted after the first refresh, or never if its place is gone by then.

Textual's `Lazy` does the same, but mounts into its parent whatever became of it: a quit in the
first tenth of a second of a returning user's start (the Device pane's hidden tabs still waiting)
printed Textual's traceback of a MountError on the user's terminal. Here the widget is not
mounted once the parent is detached (the app is closing).
"""

from __future__ import annotations

from textual.widget import Widget


class Deferred(Widget):
    """Stands where `widget` goes until the first refresh, then gives it its place."""

    DEFAULT_CSS = "Deferred { display: none; }"

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def on_mount(self) -> None:
        self.call_after_refresh(self._swap)

    async def _swap(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget) or not parent.is_attached or not self.is_attached:
            return  # the app is closing: its screen's widgets are being detached
        await parent.mount(self.widget, after=self)
        await self.remove()
