"""Ctrl+F: where is it plugged in? A MAC (any spelling), an IP or a name, looked up in the store's
forwarding tables as the user types (core/locate.py, in a thread); Enter opens the device on
that port. Edge ports first: where the host is; the uplinks are the way to it. Device and port
names are the store's text (read from devices): every cell is `plain`."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from netinv_tui.core.errors import NetinvError
from netinv_tui.core.locate import Match, locate
from netinv_tui.render import plain
from netinv_tui.tui.stylesheets import DIALOGS
from netinv_tui.tui.widgets.row_table import RowTable

COLUMNS = ("Device", "Port", "VLAN", "Port looks like", "MAC", "IPs", "Seen", "Found by")
#: A pause in typing before the store is asked (a MAC is typed in a burst).
SETTLE = 0.15


class FindScreen(ModalScreen[Match | None]):
    CSS_PATH = DIALOGS
    BINDINGS = [Binding("escape", "cancel", "Close"), Binding("down", "to_results", "Results", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.matches: list[Match] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="find"):
            yield Static("Where is it plugged in? A MAC (any spelling), an IP or a host name", id="find-title")
            yield Input(placeholder="f8b1.56b9.810e, 10.1.2.3, printer-2 ...", id="find-query", select_on_focus=False)
            yield RowTable(
                id="find-results", cursor_type="row", zebra_stripes=True, fixed_columns=2,
                flex=("Found by", "Port looks like", "IPs", "Device"),
            )  # fmt: skip
            yield Static("", id="find-status")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self._say("Searches each device's latest inventory in the store; Enter opens the device on that port.")
        self.query_one(Input).focus()

    def _say(self, text: str, style: str = "dim") -> None:
        self.query_one("#find-status", Static).update(plain(text, style=style))

    @on(Input.Changed, "#find-query")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(exclusive=True, group="find")
    async def _search(self, query: str) -> None:
        await asyncio.sleep(SETTLE)  # exclusive: a newer key cancels this one while it waits
        if not query.strip():
            self._show([], "")
            return
        try:
            found = await asyncio.to_thread(locate, query)
        except NetinvError as error:
            self._show([], str(error), "red")
            return
        except Exception as error:  # the search's boundary: one line here, the traceback in netinv.log
            from netinv_tui.core.crashlog import one_line

            self._show([], one_line(error, f"finding {query!r}"), "red")
            return
        where = (
            "the device itself first"
            if found and found[0].itself
            else "edge port first"
            if found and found[0].edge
            else "no edge port: the uplinks that learnt it"
        )
        self._show(found, f"{len(found)} place(s), {where}" if found else f"no match for {query!r} in the store")

    def _show(self, found: list[Match], status: str, style: str = "dim") -> None:
        self.matches = found
        table = self.query_one(DataTable)
        table.clear()
        for number, m in enumerate(found):
            judged = plain(m.role, style="bold green" if m.edge else "bold" if m.itself else "yellow")
            cells = (
                f"{m.device or ''} {m.device_ip}".strip(),
                m.place,
                "" if m.vlan is None else str(m.vlan),
                m.mac,
                ", ".join(m.ips),
                m.seen[5:16].replace("T", " "),
                m.via,
            )
            device, port, vlan, mac, ips, seen, via = map(plain, cells)
            table.add_row(device, port, vlan, judged, mac, ips, seen, via, key=str(number))
        self._say(status, style)

    @on(Input.Submitted, "#find-query")
    def _first(self) -> None:
        if self.matches:
            self.dismiss(self.matches[0])

    @on(DataTable.RowSelected, "#find-results")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self.dismiss(self.matches[int(str(event.row_key.value))])

    def action_to_results(self) -> None:
        if self.matches:
            self.query_one(DataTable).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
