"""The Subnets pane: the subnets the store knows with their counts, a subnet's hosts, and sweeps
run from here in a worker (rows appear as hosts answer); register a host, or open it in the
Device pane with the profile that answered. Names, vendors and models are the network's text:
every cell and line is `plain` (render.py)."""

from __future__ import annotations

import asyncio
import copy
import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Button, DataTable, Input, Label, ProgressBar, Static
from textual.worker import get_current_worker

from netinv_tui.core import macvendor
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.text import clean
from netinv_tui.render import plain
from netinv_tui.tui import keys
from netinv_tui.tui.messages import HostSeen, OpenHost, StoreRead, SweepEnded, SweepStepped
from netinv_tui.tui.widgets.fit_table import FitTable
from netinv_tui.tui.widgets.row_table import RowTable
from netinv_tui.tui.workers import one_line, run_cancellable

if TYPE_CHECKING:
    from netinv_tui.core.events import SweepEvent
    from netinv_tui.core.scan import Scan, ScanHost
    from netinv_tui.core.store.scans import SubnetSummary
    from netinv_tui.tui.app import NetinvApp

SUBNET_COLUMNS = ("Subnet", "Name", "Inv.", "Unkn.", "Reg.", "Last scan")
#: The MAC next to the IP: at 80 columns the table scrolls, and what a technician matches a host by
#: stays in the first screenful; the vendor and the methods, least useful, come last of the text.
HOST_COLUMNS = ("IP", "", "Status", "MAC", "Name", "Type", "Model", "Vendor", "Found by", "First seen", "Last seen")
STATUS_STYLE = {"inventoried": "green", "registered": "cyan", "unknown": "yellow"}
DEFAULT_METHODS = "arp,icmp,snmp,dns,netbios"


def _when(stamp: str | None) -> str:
    """'2026-12-01T08:40:12+00:00' as '12-01 08:40': the year is rarely news on a sweep."""
    return (stamp or "")[5:16].replace("T", " ")


def _short(text: str | None, width: int = 22) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def host_row(host: ScanHost) -> tuple[object, ...]:
    snmp = host.snmp
    kind = (snmp.type if snmp and snmp.type else host.kind) or ""
    if host.kind == "phantom":
        status = Text("phantom", style="dim")
    else:
        status = plain(host.status, style=STATUS_STYLE.get(host.status, ""))
    mark = (
        Text("new", style="bold green") if host.new else Text("gone", style="dim") if host.kind == "phantom" else Text()
    )
    return (
        plain(host.ip),
        mark,
        status,
        plain(host.mac),
        plain(_short(host.name, 24)),
        plain(kind),
        plain(_short(snmp.model if snmp else None, 26)),
        plain(_short(host.vendor or (macvendor.vendor(host.mac) if host.mac else ""))),
        plain(",".join(host.methods)),
        plain(_when(host.first_seen)),
        plain(_when(host.last_seen)),
    )


def shown_row(host: ScanHost) -> tuple[object, ...]:
    """The host's row, or its failure in its row: the host's boundary, so that one host's odd
    values cost that row only (the traceback goes to netinv.log)."""
    try:
        return host_row(host)
    except Exception as error:  # the host's boundary on screen
        from netinv_tui.core.crashlog import one_line

        why = one_line(error, f"showing host {clean(host.ip)}")
        return (plain(host.ip), Text(), Text("error", style="bold red"), Text(), plain(why), *[Text()] * 6)


def detail(host: ScanHost) -> Text:
    """One host's names, what it is and why, for the lines under the table (each name cleaned: the
    line breaks are ours)."""
    text = Text()
    text.append(clean(host.ip), style="bold")
    names = [
        f"DNS {host.dns_name}" if host.dns_name else "",
        f"NetBIOS {host.netbios_name}" + (f" in {host.workgroup}" if host.workgroup else "")
        if host.netbios_name
        else "",
        f"user {host.user_session}" if host.user_session else "",
    ]
    for name in filter(None, names):
        text.append(f" · {clean(name)}")
    snmp = host.snmp
    if snmp is not None:
        what = " ".join(filter(None, (snmp.manufacturer, snmp.model))) or "SNMP agent"
        text.append(f"\n{clean(snmp.type or 'SNMP')}: {clean(what)}", style="bold")
        if snmp.serial:
            text.append(f" · serial {clean(snmp.serial)}")
        if snmp.profile:
            text.append(f" · answers profile {clean(snmp.profile)} on UDP port {snmp.port}")
        if snmp.identification.get("type"):
            text.append(f" · type from {clean(snmp.identification['type'])}", style="dim")
    elif host.kind:
        text.append(f"\n{clean(host.kind)}", style="bold")
        if host.evidence:
            text.append(": " + clean("; ".join(host.evidence)), style="dim")
    if host.rtt_ms is not None:
        text.append(f"\nround trip {host.rtt_ms:g} ms" + (f", TTL {host.ttl}" if host.ttl else ""), style="dim")
    return text


class SubnetsPane(Vertical):
    BINDINGS = keys.bindings("subnets")

    #: A sweep is running: Esc cancels it, and the footer says so.
    running: reactive[bool] = reactive(False, bindings=True, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.run_number = 0
        self.subnet: str | None = None
        self.hosts: dict[str, ScanHost] = {}
        self.unknown_only = False
        #: Store reads are numbered: only the newest one's answer is shown.
        self.read_number = 0
        #: The host the cursor goes back to once the store has been read again.
        self._keep_host: str | None = None

    @property
    def netinv(self) -> NetinvApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="sweep-bar", classes="bar"):
            yield Label("Sweep", classes="field-label")
            yield Input(placeholder="CIDR, range a-b or address (several with spaces)", id="targets")
            yield Label("Methods", classes="field-label")
            yield Input(DEFAULT_METHODS, id="methods")
            yield Button("Scan \\[enter]", variant="primary", id="scan")
        with Horizontal(id="sweep-progress"):
            yield ProgressBar(id="sweep-bar-progress", show_eta=False)
            yield Label("", id="sweep-label")
        yield Static("", id="sweep-status")
        with Horizontal(id="subnet-results"):
            subnets = FitTable(id="subnet-table", cursor_type="row", fixed_columns=1, flex=("Name",))
            subnets.border_title = "Subnets"
            yield subnets
            with Vertical(id="host-box"):
                # the maker gives way first, the name last; the IP, status, MAC and times are never cut;
                # at 160 columns the maker, the methods and then the model fold away if that lets the rest fit
                hosts = RowTable(
                    id="host-table", cursor_type="row", zebra_stripes=True, fixed_columns=3,
                    flex=("Vendor", "Found by", "Model", ("Type", 7), ("Name", 10)),
                    fold=("Vendor", "Found by", "Model"),
                )  # fmt: skip
                hosts.border_title = "Hosts"
                yield hosts
                yield Static("", id="host-detail")

    def on_mount(self) -> None:
        self.query_one("#sweep-progress").display = False
        self.query_one("#subnet-table", DataTable).add_columns(*SUBNET_COLUMNS)
        self.query_one("#host-table", DataTable).add_columns(*HOST_COLUMNS)
        lab = self.netinv.lab
        if self.netinv.demo:
            self.query_one("#targets", Input).value = lab.range_text() if lab and lab.devices else ""
            self.query_one("#methods", Input).value = "icmp,snmp"  # loopback: no segment to ARP, no resolver
        self.reload()
        self._status("Type what to sweep and press Enter; nothing is scanned that you did not name.", "hint")

    def focus_default(self) -> None:
        table = self.query_one("#subnet-table", DataTable)
        (table if table.row_count else self.query_one("#targets", Input)).focus()

    def show_lab(self) -> None:
        lab = self.netinv.lab
        targets = self.query_one("#targets", Input)
        if self.netinv.demo and lab is not None and lab.devices and not targets.value:
            targets.value = lab.range_text()

    # -- the store's view ---------------------------------------------------------------------

    def reload(self, keep_host: str | None = None) -> None:
        """Subnets and the chosen subnet's hosts, as the store has them, read in a worker."""
        self._keep_host = keep_host
        self.read_number += 1
        self._read_store(self.read_number, self.subnet, summaries=True)

    @work(thread=True, group="store")
    def _read_store(self, run: int, subnet: str | None, summaries: bool) -> None:
        """The subnets' counts (when asked) and one subnet's hosts: SQLite, off the drawing thread."""
        from netinv_tui.core.store import scans

        try:
            found = scans.subnets() if summaries else None
            if subnet is None and found:
                subnet = found[0].cidr
            hosts = scans.hosts_in(subnet) if subnet is not None else []
        except Exception as error:  # the read's boundary: a damaged or locked store, said in one line
            self.post_message(StoreRead(run, subnet, None, [], one_line(error, f"reading subnet {subnet}")))
            return
        self.post_message(StoreRead(run, subnet, found, hosts, ""))

    def on_store_read(self, message: StoreRead) -> None:
        if message.run != self.read_number or self.running:
            return  # a newer read is on its way, or a sweep owns the hosts table
        if message.error:
            self.notify(f"local store: {message.error}", severity="error")
            return
        if message.summaries is not None:
            self._fill_subnets(message.summaries, message.subnet)
        self.subnet = message.subnet
        self.hosts = {h.ip: h for h in message.hosts}
        self._fill_hosts()
        if self._keep_host is not None:
            self._select_host(self._keep_host)  # the cursor stays on the host it was on
            self._keep_host = None

    def _fill_subnets(self, summaries: list[SubnetSummary], subnet: str | None) -> None:
        table = self.query_one("#subnet-table", DataTable)
        table.clear()
        for s in summaries:
            table.add_row(
                plain(s.cidr),
                plain(_short(s.name, 14)),
                Text(str(s.inventoried), justify="right"),
                Text(str(s.unknown), justify="right", style="yellow" if s.unknown else ""),
                Text(str(s.registered), justify="right"),
                plain(_when(s.last_scan) or "never"),
                key=s.cidr,
            )
        if subnet is not None and subnet in {s.cidr for s in summaries}:
            table.move_cursor(row=table.get_row_index(subnet))

    def _select_host(self, ip: str) -> None:
        from textual.widgets.data_table import RowDoesNotExist

        table = self.query_one("#host-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(ip))
        except RowDoesNotExist:  # not listed any more (the unknown-only view): nothing to keep
            return

    def _fill_hosts(self) -> None:
        table = self.query_one("#host-table", DataTable)
        table.clear()
        shown = [h for h in self.hosts.values() if not self.unknown_only or h.status == "unknown"]
        for host in shown:
            table.add_row(*shown_row(host), key=host.ip)
        title = self.subnet or "Hosts"
        table.border_title = plain(f"{title}: {len(shown)} hosts" + (" (unknown only)" if self.unknown_only else ""))

    @on(DataTable.RowHighlighted, "#subnet-table")
    def _subnet_chosen(self, event: DataTable.RowHighlighted) -> None:
        if self.running or event.row_key.value is None or event.row_key.value == self.subnet:
            return
        self.subnet = str(event.row_key.value)
        self.read_number += 1
        self._read_store(self.read_number, self.subnet, summaries=False)

    # -- sweeping -----------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#scan")
    def scan(self) -> None:
        self._start()

    def _start(self, max_hosts: int | None = None) -> None:
        """Sweep what the targets field says; a sweep over the limit asks first (the CLI's
        --max-hosts, which the dashboard has no field for)."""
        from netinv_tui.core.discovery.ranges import DEFAULT_MAX_HOSTS, TooManyHosts, parse_ranges
        from netinv_tui.core.discovery.snmp_probe import Credential
        from netinv_tui.core.discovery.sweep import check_methods
        from netinv_tui.tui.screens.confirm import Confirm

        if self.running:
            return
        try:
            ranges = parse_ranges(self.query_one("#targets", Input).value.split(), max_hosts or DEFAULT_MAX_HOSTS)
            methods = check_methods([m.strip() for m in self.query_one("#methods", Input).value.split(",") if m])
        except TooManyHosts as large:
            total, limit = large.total, large.limit  # the exception's name is gone once this block ends

            def answered(yes: bool | None) -> None:
                if yes:
                    self._start(total)

            self.app.push_screen(
                Confirm(f"Sweep {total:,} addresses? That is more than {limit:,} and takes a while."), answered
            )
            return
        except NetinvError as error:
            self.notify(str(error), severity="error")
            self.query_one("#targets", Input).focus()
            return
        profiles = self.netinv.sweep_profiles()
        if self.netinv.demo and not profiles:
            self.notify("the demo lab is not running yet: its sweep waits for it", severity="warning")
            return
        credentials = [Credential(p, str(n)) for n, p in enumerate(profiles, 1)]
        self.run_number += 1
        self.running = True
        self.subnet = None
        self.hosts = {}
        self._fill_hosts()
        table = self.query_one("#host-table", DataTable)
        table.border_title = "sweeping ..."
        table.focus()  # the hosts as they come; and Esc, as the footer says, cancels (not leaves a field)
        self.query_one("#sweep-progress").display = True
        self.query_one(ProgressBar).update(total=None, progress=0)
        names = ", ".join(p.profile.name for p in credentials) or "no profile"
        self._status(
            f"Sweeping {' '.join(r.text for r in ranges)} ({', '.join(methods)}; {names}). Esc cancels.", "hint"
        )
        self._sweep(self.run_number, ranges, methods, credentials)

    @work(thread=True, exclusive=True, group="sweep")
    def _sweep(self, run: int, ranges: list, methods: list[str], credentials: list) -> None:  # type: ignore[type-arg]
        from netinv_tui.core.discovery.sweep import Sweeper, SweepOptions
        from netinv_tui.core.events import HostFound, HostIdentified, SweepProgress
        from netinv_tui.core.workflows import preferred_profiles

        worker = get_current_worker()
        preferred = preferred_profiles(ranges)
        sweeper = Sweeper(ranges, SweepOptions(methods=methods, credentials=credentials, preferred=preferred), None)

        def event(happened: SweepEvent) -> None:
            if isinstance(happened, SweepProgress):
                self.post_message(SweepStepped(run, happened))
            elif isinstance(happened, HostFound | HostIdentified):
                host = sweeper.hosts.get(happened.ip)
                if host is not None:  # a copy: the sweep goes on filling its own in this thread
                    self.post_message(HostSeen(run, copy.deepcopy(host)))

        sweeper.on_event = event
        reason = ""
        where = f"sweep of {' '.join(r.text for r in ranges)}"
        try:
            run_cancellable(sweeper.run(), worker)
        except BaseException as error:  # the sweep's boundary: cancelled or broken, what was found is kept
            reason = "cancelled" if worker.is_cancelled else one_line(error, where)
            sweeper.scan.partial = True
        from netinv_tui.core.workflows import record_scan

        scan, view = sweeper.scan, None
        try:
            scan = record_scan(sweeper.scan)
            view = self._view_of(run, scan)
        except Exception as error:  # the store's half of the unit: the hosts found are still shown
            reason = reason or one_line(error, f"recording the {where}")
        self.post_message(SweepEnded(run, scan, reason, view))

    @staticmethod
    def _view_of(run: int, scan: Scan) -> StoreRead:
        """The store as this sweep left it, read here in the worker, so the rows shown when it ends
        are the recorded ones (new, gone, status) with no second trip through another worker."""
        from netinv_tui.core.store import scans

        subnet = scans.subnet_for(scan.targets[0]) if scan.targets else None
        return StoreRead(run, subnet, scans.subnets(), scans.hosts_in(subnet) if subnet else [], "")

    def on_sweep_stepped(self, message: SweepStepped) -> None:
        if message.run != self.run_number:
            return
        step = message.progress
        self.query_one(ProgressBar).update(total=step.total, progress=step.done)
        self.query_one("#sweep-label", Label).update(
            f"{step.phase}: {step.done}/{step.total} · {step.found} found · {step.packets} sent"
        )

    def on_host_seen(self, message: HostSeen) -> None:
        if message.run != self.run_number:
            return
        host = message.host
        table = self.query_one("#host-table", DataTable)
        row = shown_row(host)
        if host.ip in self.hosts:
            for column, value in zip(table.columns, row, strict=False):
                table.update_cell(host.ip, column, value)
        else:
            table.add_row(*row, key=host.ip)
        self.hosts[host.ip] = host
        table.border_title = f"sweeping: {len(self.hosts)} hosts so far"

    def on_sweep_ended(self, message: SweepEnded) -> None:
        if message.run != self.run_number:
            return
        self.running = False
        self.query_one("#sweep-progress").display = False
        scan: Scan = message.scan
        self.netinv.last_scan = scan
        if message.view is not None:
            self.read_number += 1
            self.on_store_read(dataclasses.replace(message.view, run=self.read_number))
        else:
            self.reload()
        sent = ", ".join(f"{n} {m}" for m, n in scan.packets.items()) or "nothing"
        new = sum(h.new for h in scan.hosts)
        summary = f"{len(scan.hosts)} hosts ({new} new, {len(scan.gone)} gone) in {scan.probed} addresses; sent {sent}"
        skipped = "".join(f" · {m} skipped: {why}" for m, why in scan.skipped.items())
        if message.reason:
            self._status(f"PARTIAL sweep ({message.reason}): {summary}{skipped}", "partial")
            self.notify(f"sweep {message.reason}: {len(scan.hosts)} hosts kept", severity="warning")
        else:
            self._status(f"Sweep done: {summary}{skipped}", "ok")
            self.notify(summary, title="sweep done")
        self.query_one("#host-table", DataTable).focus()

    def _status(self, text: str, kind: str) -> None:
        status = self.query_one("#sweep-status", Static)
        status.set_classes(kind)
        status.update(plain(text))

    # -- actions ------------------------------------------------------------------------------

    def selected_host(self) -> ScanHost | None:
        table = self.query_one("#host-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.hosts.get(str(key)) if key is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.running
        return True  # every other key in the footer acts, or its action says why it cannot

    def action_focus_targets(self) -> None:
        self.query_one("#targets", Input).focus()

    def action_cancel(self) -> None:
        for worker in self.workers:
            if worker.group == "sweep":
                worker.cancel()

    def action_reload(self) -> None:
        self.reload()

    def action_only_unknown(self) -> None:
        self.unknown_only = not self.unknown_only
        self._fill_hosts()

    async def action_register(self) -> None:
        """The store is read and written in a thread: the screen keeps drawing however slow the disk."""
        from netinv_tui.core.workflows import device_types, register_device
        from netinv_tui.tui.screens.register import RegisterPrompt

        host = self.selected_host()
        if host is None:
            self.notify("no host to register: sweep a subnet first (Ctrl+L)", severity="warning")
            return
        if not host.mac:
            self.notify(f"{host.ip} has no known MAC: a registration is by MAC", severity="warning")
            return
        try:
            known = await asyncio.to_thread(device_types)
        except NetinvError as error:
            self.notify(str(error), severity="error")
            return

        async def register(kind: str, description: str | None) -> None:
            try:
                mac = await asyncio.to_thread(register_device, host.mac or "", kind, description)
            except NetinvError as error:
                self.notify(str(error), severity="error")
                return
            except Exception as error:  # the registration's boundary (a worker): one line, traceback logged
                self.notify(one_line(error, f"registering {host.mac}"), severity="error")
                return
            self.notify(f"{mac} registered as {kind}", title="registered")
            self.reload(keep_host=host.ip)  # the cursor stays on the host just registered

        def chosen(answer: object) -> None:
            if isinstance(answer, tuple):
                kind, description = answer
                self.run_worker(register(kind, description or None), group="store")

        self.app.push_screen(RegisterPrompt(host.ip, host.mac, known), chosen)

    def action_open_host(self) -> None:
        """The host in the Device pane, inventoried with the profile that answered its SNMP."""
        host = self.selected_host()
        if host is None:
            self.notify("no host to open: sweep a subnet first (Ctrl+L)", severity="warning")
            return
        profile = host.snmp.profile if host.snmp and host.snmp.profile else None
        self.post_message(OpenHost(host.ip, profile))  # the app shows the Device pane and opens it there

    @on(DataTable.RowHighlighted, "#host-table")
    def _host_highlighted(self, event: DataTable.RowHighlighted) -> None:
        host = self.hosts.get(str(event.row_key.value))
        self.query_one("#host-detail", Static).update(detail(host) if host else "")
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#host-table")
    def _host_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_host()

    def commands(self) -> Iterable[SystemCommand]:
        yield from keys.commands(self, "subnets", "subnets")
