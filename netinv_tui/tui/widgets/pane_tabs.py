"""The dashboard's tab strip: one line naming the panes and their keys, the shown one marked.

Textual's TabbedContent (a Tabs widget of one Tab each, an animated Underline, a ContentSwitcher
of TabPanes around the panes) made the first frame half again as slow as a bare Textual app:
each widget and each level of nesting costs style, layout and compositing, before anything the
user reads. This is one widget that draws five labels; the panes sit straight under the screen
and the app shows one at a time (`NetinvApp.show_pane`). A click on a label shows its pane, as
its key does.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget


class PaneTabs(Widget):
    """`labels`: (pane id, label) in tab order; `active` is the pane shown, which the app sets."""

    DEFAULT_CSS = """
    PaneTabs {
        height: 1;
        background: $panel;
        color: $text-muted;
    }
    PaneTabs > .pane-tabs--active {
        background: $accent;
        color: $background;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {"pane-tabs--active"}

    active: reactive[str] = reactive("")

    def __init__(self, labels: list[tuple[str, str]], active: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.set_reactive(PaneTabs.active, active)

    def spans(self) -> list[tuple[str, int, int]]:
        """Each pane's label: its id and the cells it covers, [start, end)."""
        spans, x = [], 1
        for pane_id, label in self.labels:
            width = len(label) + 2
            spans.append((pane_id, x, x + width))
            x += width + 1
        return spans

    def render(self) -> Text:
        shown = self.get_component_rich_style("pane-tabs--active")
        text = Text(" ", no_wrap=True, overflow="crop", end="")
        for pane_id, label in self.labels:
            text.append(f" {label} ", shown if pane_id == self.active else "")
            text.append(" ")
        return text

    async def on_click(self, event: events.Click) -> None:
        for pane_id, start, end in self.spans():
            if start <= event.x < end:
                await self.app.run_action(f"show_pane({pane_id!r})")
                return
