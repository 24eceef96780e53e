"""A host field that remembers: Up/Down walk through earlier hosts, typing completes from them."""

from __future__ import annotations

from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input


class HistoryInput(Input):
    BINDINGS = [
        Binding("up", "older", "Earlier host", show=False),
        Binding("down", "newer", "Later host", show=False),
    ]

    def __init__(self, history: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.set_history(history)

    def set_history(self, history: list[str]) -> None:
        self.history = list(history)
        self.position = -1
        self.suggester = SuggestFromList(self.history, case_sensitive=False)

    def action_older(self) -> None:
        if self.position + 1 < len(self.history):
            self.position += 1
            self.value = self.history[self.position]
            self.cursor_position = len(self.value)

    def action_newer(self) -> None:
        if self.position > 0:
            self.position -= 1
            self.value = self.history[self.position]
        else:
            self.position = -1
            self.value = ""
        self.cursor_position = len(self.value)
