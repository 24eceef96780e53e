"""The Device pane's Changes tab: what changed since the device's inventory before this one
(core/changes.py, read from the store in a thread once the inventory is noted). Ports and values
are the device's text, shown `plain`."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from netinv_tui.core.errors import NetinvError
from netinv_tui.core.text import clean
from netinv_tui.render import plain
from netinv_tui.tui.widgets.fit_table import FitTable

if TYPE_CHECKING:
    from netinv_tui.core.model import Device

STYLES = {"status": "bold", "mac appeared": "green", "mac left": "red", "mac moved": "yellow"}


class ChangesView(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="changes-note")
        yield FitTable(
            id="changes-table", cursor_type="row", zebra_stripes=True, fixed_columns=1, flex=("Before", "After")
        )

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Port", "What", "Before", "After")
        self.border_title = "Changes"

    @work(exclusive=True, group="changes")
    async def show(self, device: Device | None) -> int:
        from netinv_tui.core.changes import changes

        table: DataTable[object] = self.query_one(DataTable)
        table.clear()
        note = self.query_one("#changes-note", Static)
        if device is None:
            note.update("")
            return 0
        try:
            found = await asyncio.to_thread(changes, device.host, (device.serial, device.mac, device.host))
            for change in found.changes:
                style = STYLES.get(change.what, "red" if "errors" in change.what and "reset" not in change.what else "")
                table.add_row(plain(change.port), plain(change.what, style), plain(change.before), plain(change.after))
        except NetinvError as error:
            note.update(plain(str(error), style="dim"))
            return 0
        except Exception as error:  # the worker's boundary: this device's changes fail, not the dashboard
            from netinv_tui.core.crashlog import one_line

            note.update(plain(one_line(error, f"changes of {device.host}"), style="red"))
            return 0
        since = f"since {clean(found.before[:16]).replace('T', ' ')}"
        note.update(Text(f"{len(found.changes)} change(s) {since}" if found.changes else f"nothing changed {since}"))
        return len(found.changes)
