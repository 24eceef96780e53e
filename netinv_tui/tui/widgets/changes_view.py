"""The Device pane's Changes tab: what changed since the device's inventory before this one
(core/changes.py, read from the store in a thread once the inventory is noted)."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from netinv_tui.core.errors import NetinvError
from netinv_tui.core.model import Device

STYLES = {"status": "bold", "mac appeared": "green", "mac left": "red", "mac moved": "yellow"}


class ChangesView(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="changes-note")
        yield DataTable(id="changes-table", cursor_type="row", zebra_stripes=True, fixed_columns=1)

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
        except NetinvError as error:
            note.update(Text(str(error), style="dim"))
            return 0
        for change in found.changes:
            style = STYLES.get(change.what, "red" if "errors" in change.what and "reset" not in change.what else "")
            table.add_row(change.port, Text(change.what, style=style), change.before, change.after)
        since = f"since {found.before[:16].replace('T', ' ')}"
        note.update(Text(f"{len(found.changes)} change(s) {since}" if found.changes else f"nothing changed {since}"))
        return len(found.changes)
