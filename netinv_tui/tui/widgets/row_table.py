"""A table whose rows open something (a profile's form, a host's inventory): a click only moves
the cursor there, a double click or Enter opens it. DataTable selects a row clicked while the
cursor is on it, so one stray click on the first row opened it."""

from __future__ import annotations

from textual import events

from netinv_tui.tui.widgets.fit_table import FitTable


class RowTable(FitTable):
    _single_click = False
    _last_row: object = None

    async def _on_click(self, event: events.Click) -> None:
        """Runs before DataTable's own handler (Textual calls each class's, subclass first), which
        moves the cursor and then asks `_post_selected_message`."""
        row = event.style.meta.get("row")
        # a quick click on another row is a first click there, not half of a double click
        self._single_click = event.chain < 2 or row != self._last_row
        self._last_row = row

    def action_select_cursor(self) -> None:
        self._single_click = False  # Enter opens, whatever the mouse did before
        super().action_select_cursor()

    def _post_selected_message(self) -> None:
        if not self._single_click:
            super()._post_selected_message()
