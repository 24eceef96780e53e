"""The Server pane: saved GLPI / FusionInventory servers, submitting what the app holds (the
inventory on the Device pane, the last sweep of the Subnets pane), one agent round on demand, and
the last exchanges with their status. Network work runs in a worker; secrets never show. Server
names, URLs, job ids and statuses are text from the settings or the server: shown `plain`."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from netinv_tui.core.errors import NetinvError
from netinv_tui.render import plain
from netinv_tui.tui import keys
from netinv_tui.tui.messages import ServerWorkDone
from netinv_tui.tui.widgets.fit_table import FitTable
from netinv_tui.tui.workers import one_line, run_cancellable

if TYPE_CHECKING:
    from netinv_tui.core.server.client import Connection, Exchange
    from netinv_tui.tui.app import NetinvApp

SERVER_COLUMNS = ("Name", "URL", "User", "TLS", "Proxy")
EXCHANGE_COLUMNS = ("Time", "Message", "Status", "Seconds")


class ServerPane(Vertical):
    BINDINGS = keys.bindings("server")

    #: A request to the server is under way: Esc cancels it, and the footer says so.
    busy: reactive[bool] = reactive(False, bindings=True, init=False)

    @property
    def netinv(self) -> NetinvApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        servers = FitTable(id="server-table", cursor_type="row", flex=("Proxy", "URL", "Name"))
        servers.border_title = "Servers"
        yield servers
        yield Static("", id="server-status")
        exchanges = FitTable(id="exchange-table", cursor_type="row", zebra_stripes=True, flex=("Message",))
        exchanges.border_title = "Last exchanges"
        yield exchanges

    def on_mount(self) -> None:
        self.query_one("#server-table", DataTable).add_columns(*SERVER_COLUMNS)
        self.query_one("#exchange-table", DataTable).add_columns(*EXCHANGE_COLUMNS)
        self.refresh_servers()
        self._status("a adds a server; i sends the Device pane's inventory, c the last sweep, r runs its jobs.", "hint")

    def focus_default(self) -> None:
        self.query_one("#server-table", DataTable).focus()

    def _servers(self) -> dict[str, Connection]:
        from netinv_tui.core.server import settings

        try:
            return settings.load_all()
        except NetinvError as error:
            self.notify(str(error), severity="error")
            return {}

    def refresh_servers(self, select: str | None = None) -> None:
        table = self.query_one("#server-table", DataTable)
        keep = select or self.selected()
        table.clear()
        for name, c in self._servers().items():
            tls = (
                ""
                if not c.url.startswith("https")
                else ("CA file" if c.ca_cert else "checked" if c.verify else "NOT checked")
            )
            table.add_row(plain(name), plain(c.url), plain(c.user), plain(tls), plain(c.proxy), key=name)
        if keep and keep in self._servers():
            table.move_cursor(row=table.get_row_index(keep))

    def selected(self) -> str | None:
        table = self.query_one("#server-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def _status(self, text: str, kind: str) -> None:
        status = self.query_one("#server-status", Static)
        status.set_classes(kind)
        status.update(plain(text))

    # -- settings -----------------------------------------------------------------------------

    def _edit(self, name: str = "", connection: Connection | None = None) -> None:
        from netinv_tui.core.server import settings
        from netinv_tui.tui.screens.server_form import ServerForm

        def saved(answer: object) -> None:
            if not isinstance(answer, tuple):
                return
            new_name, new_connection = answer
            if name and new_name != name:
                settings.remove(name)
            settings.save(new_name, new_connection)
            self.refresh_servers(new_name)
            self.notify(f"server {new_name} saved")

        self.app.push_screen(ServerForm(name, connection), saved)

    def action_add(self) -> None:
        self._edit()

    def action_edit(self) -> None:
        name = self.selected()
        if name is None:
            self.notify("no server to edit: add one first (a)", severity="warning")
            return
        self._edit(name, self._servers()[name])

    def action_delete(self) -> None:
        from netinv_tui.core.server import settings
        from netinv_tui.tui.screens.confirm import Confirm

        name = self.selected()
        if name is None:
            self.notify("no server to forget: none is saved", severity="warning")
            return

        def answered(yes: object) -> None:
            if yes:
                settings.remove(name)
                self.refresh_servers()

        self.app.push_screen(Confirm(Text.assemble("Forget server ", plain(name, "bold"), "?")), answered)

    # -- work with the server -----------------------------------------------------------------

    def _target(self) -> Connection | None:
        from netinv_tui.core.server import settings

        name = self.selected()
        if name is None:
            self.notify("add a server first (a)", severity="warning")
            return None
        connection = self._servers()[name]
        connection.agent_id = settings.identity()[1]
        return connection

    def action_submit_inventory(self) -> None:
        device = self.netinv.device
        if device is None:
            self.notify("nothing to send: inventory a device in the Device pane first", severity="warning")
            return
        from netinv_tui.core.writers.registry import SERVER, render_devices

        self._start(f"inventory of {device.name or device.host}", documents=[render_devices([device], SERVER)])

    def action_submit_scan(self) -> None:
        scan = self.netinv.last_scan
        if scan is None or not scan.hosts:
            self.notify("nothing to send: sweep a subnet in the Subnets pane first", severity="warning")
            return
        from netinv_tui.core.writers.registry import SERVER, render_scan

        self._start(f"sweep of {' '.join(scan.targets)}", documents=[render_scan(scan, SERVER)])

    def action_round(self) -> None:
        self._start("agent round", documents=None)

    def _start(self, what: str, documents: list[bytes] | None) -> None:
        if self.busy:
            self.notify("the server is busy with the last request (Esc cancels it)", severity="warning")
            return
        target = self._target()
        if target is None:
            return
        self.busy = True
        self._status(f"{what}: talking to {target.url} ...", "hint")
        self._work(what, target, documents)

    @work(thread=True, exclusive=True, group="server")
    def _work(self, what: str, target: Connection, documents: list[bytes] | None) -> None:
        from netinv_tui.core.server import settings
        from netinv_tui.core.server.agent import AgentOptions, run_round
        from netinv_tui.core.workflows import submit as submit_documents

        worker = get_current_worker()
        exchanges: list[Exchange] = []
        lines: list[str] = []

        async def submit() -> str:
            outcome = await submit_documents(target, [(d, what) for d in documents or []], device_id)
            exchanges.extend(outcome.exchanges)
            if outcome.refused:
                raise NetinvError(
                    f"{what}: {len(outcome.refused)} message(s) refused, kept in the outbox: {outcome.refused[0]}"
                )
            return f"{what}: {outcome.sent} messages sent"

        async def agent_round() -> str:
            result = await run_round(AgentOptions(target, device_id), log=lines.append)
            exchanges.extend(result.exchanges)
            if result.error:
                raise NetinvError(result.error)
            return f"{len(result.jobs)} job(s) run: {result.sent} sent, {result.resent} resent, {result.kept} kept" + (
                f" · {lines[-1]}" if lines and not result.jobs else ""
            )

        try:
            device_id = settings.identity()[0]
            outcome = run_cancellable(submit() if documents is not None else agent_round(), worker)
            ok = True
        except BaseException as error:  # the exchange's boundary: cancelled, refused or broken, in one line
            outcome, ok = ("cancelled" if worker.is_cancelled else one_line(error, f"{what} with {target.url}")), False
        self.post_message(ServerWorkDone(what, outcome, ok, exchanges))

    def on_server_work_done(self, message: ServerWorkDone) -> None:
        self.busy = False
        table = self.query_one("#exchange-table", DataTable)
        stamp = time.strftime("%H:%M:%S")
        for exchange in message.exchanges:
            style = "green" if exchange.status.startswith("HTTP 2") else "red"
            table.add_row(stamp, plain(exchange.what), plain(exchange.status, style), f"{exchange.seconds:.2f}")
        if not message.exchanges:
            table.add_row(
                stamp,
                plain(message.what),
                Text("ok" if message.ok else "failed", style="green" if message.ok else "red"),
                "",
            )
        table.move_cursor(row=table.row_count - 1)
        self._status(message.outcome, "ok" if message.ok else "error")
        self.notify(message.outcome, title="server", severity="information" if message.ok else "error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.busy
        # every key in the footer acts, or its action says why it cannot (no server, nothing to send)
        return True

    def action_cancel(self) -> None:
        for worker in self.workers:
            if worker.group == "server":
                worker.cancel()

    def commands(self) -> Iterable[SystemCommand]:
        yield from keys.commands(self, "server", "server")
