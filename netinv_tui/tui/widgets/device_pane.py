"""The Device pane: pick a host and a profile, inventory it in a worker, read its identity and ports."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from netinv_tui.core import history
from netinv_tui.core.errors import NetinvError
from netinv_tui.render import plain
from netinv_tui.tui import keys
from netinv_tui.tui.messages import InventoryFinished, InventoryStep, InventoryStopped
from netinv_tui.tui.widgets.changes_view import ChangesView
from netinv_tui.tui.widgets.deferred import Deferred
from netinv_tui.tui.widgets.device_info import DeviceInfo
from netinv_tui.tui.widgets.history_input import HistoryInput
from netinv_tui.tui.widgets.ports_table import PortsTable
from netinv_tui.tui.widgets.printer_view import PrinterView
from netinv_tui.tui.widgets.switch_tables import MacTable, NeighboursTable, VlanMatrix
from netinv_tui.tui.workers import one_line, run_cancellable

if TYPE_CHECKING:
    from netinv_tui.core.lab import Lab
    from netinv_tui.core.model import Device
    from netinv_tui.core.profiles import Profile
    from netinv_tui.core.targets import Target
    from netinv_tui.tui.app import NetinvApp


class FilterInput(Input):
    BINDINGS = [Binding("escape,enter", "done", "Back to ports")]

    def action_done(self) -> None:
        self.screen.query_one(PortsTable).focus()


class DevicePane(Vertical):
    BINDINGS = keys.bindings("device")

    #: An inventory is running: Esc cancels it, and the footer says so.
    running: reactive[bool] = reactive(False, bindings=True, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.last: tuple[Target, Profile, str] | None = None
        self.run_number = 0
        self.started = 0.0
        #: The port Find asked for: the cursor goes there when the inventory arrives.
        self.focus_port: int | None = None
        self._pending_port: int | None = None

    @property
    def netinv(self) -> NetinvApp:
        return self.app  # type: ignore[return-value]

    @property
    def device(self) -> Device | None:
        """The inventory on screen, which the app keeps (the Server pane submits it)."""
        return self.netinv.device

    @property
    def label(self) -> str:
        return self.netinv.device_label

    def compose(self) -> ComposeResult:
        with Horizontal(id="target-bar", classes="bar"):
            yield Label("Host", classes="field-label")
            yield HistoryInput(history.load(), placeholder="address, name or address:port", id="host")
            yield Label("Profile", classes="field-label")
            yield Select[str]([], prompt="profile", allow_blank=True, id="profile")
            yield Button("Inventory \\[enter]", variant="primary", id="go")
        if self.netinv.demo:
            with Horizontal(id="lab-bar", classes="bar"):
                yield Label("Demo lab", classes="field-label")
                yield Select[str]([], prompt="starting the lab ...", id="lab-device", disabled=True)
        with _titled(Horizontal(id="progress-row"), display=False):
            yield Label("", id="progress-label")  # the bar is mounted by the first inventory
        yield Static("", id="status")
        with Horizontal(id="results"):
            with _titled(VerticalScroll(id="info-box"), "Device"):
                yield DeviceInfo(id="info")
            with TabbedContent(id="device-tabs"):
                with TabPane("Ports 1", id="tab-ports"), _titled(Vertical(id="ports-box"), "Ports"):
                    yield FilterInput(
                        placeholder="/ filter ports: words matched against name, alias, status, speed, MAC",
                        id="port-filter",
                        select_on_focus=False,
                    )
                    yield PortsTable(id="ports")
                # hidden tabs mount after the first paint (a result that comes sooner waits for them)
                with TabPane("VLANs 2", id="tab-vlans"):
                    yield Deferred(VlanMatrix(id="vlans"))
                with TabPane("Neighbours 3", id="tab-neighbours"):
                    yield Deferred(NeighboursTable(id="neighbours"))
                with TabPane("MAC table 4", id="tab-macs"):
                    yield Deferred(MacTable(id="macs"))
                with TabPane("Printer 5", id="tab-printer"):
                    yield Deferred(PrinterView(id="printer"))
                with TabPane("Changes 6", id="tab-changes"):
                    yield Deferred(ChangesView(id="changes"))

    def on_mount(self) -> None:
        self.refresh_profiles()
        if self.netinv.lab is not None:
            self.show_lab(self.netinv.lab)
        self._status(
            "Type a host and press Enter." + (" Or pick a device of the demo lab." if self.netinv.demo else ""), "hint"
        )

    def focus_default(self) -> None:
        """The demo starts at its lab picker; otherwise at the host field."""
        pickers = self.query("#lab-device").results(Select)
        lab_picker = next(pickers, None)
        if lab_picker is not None and self.device is None and not lab_picker.disabled:
            lab_picker.focus()
        else:
            self.query_one("#host", Input).focus()

    def refresh_profiles(self) -> None:
        select: Select[str] | None = next(self.query("#profile").results(Select), None)
        if select is None:  # the pane is being torn down (a quit while it mounts): nothing to refresh
            return
        current = select.value
        names = list(self.netinv.profiles())
        select.set_options([(plain(name), name) for name in names])
        if current in names:
            select.value = current
        elif names:
            select.value = "demo" if "demo" in names else names[0]

    def show_lab(self, lab: Lab | None) -> None:
        select: Select[str] | None = next(self.query("#lab-device").results(Select), None)
        if select is None:  # not a demo
            return
        if lab is None or not lab.devices:
            select.set_options([])
            select.prompt = "the lab did not start"
            return
        select.set_options([(plain(f"{d.name}: {d.kind} · {d.label}"), d.name) for d in lab.devices])
        select.prompt = f"pick one of {len(lab.devices)} recorded devices"
        select.disabled = False
        if (
            self.device is None
            and not self.query_one("#host", Input).value
            and self.app.focused in (None, self.query_one("#host"))
        ):
            select.focus()

    # -- starting and stopping ----------------------------------------------------------------

    @on(Select.Changed, "#lab-device")
    def _lab_device_chosen(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or not isinstance(event.value, str):
            return
        self.query_one("#host", Input).value = event.value
        self.query_one("#profile", Select).value = "demo"
        self.inventory()

    @on(Input.Submitted, "#host")
    @on(Button.Pressed, "#go")
    def inventory(self) -> None:
        """Resolve what the user typed and chose; say what is missing instead of starting."""
        self.focus_port, self._pending_port = self._pending_port, None  # only open_host names a port
        text = self.query_one("#host", Input).value.strip()
        if not text:
            self.notify("type a host first (address, name or address:port)", severity="warning")
            self.query_one("#host", Input).focus()
            return
        profile = self._chosen_profile()
        if profile is None:
            return
        lab_device = self.netinv.lab.find(text) if self.netinv.lab else None
        try:
            from netinv_tui.core.targets import parse_target

            target = lab_device.target if lab_device else parse_target(text)
        except NetinvError as error:
            self.notify(str(error), severity="error")
            return
        self.start(target, profile, text)

    def open_host(self, host: str, profile: str | None, port: int | None = None) -> None:
        """Inventory `host` now (from the Subnets pane, from Find), with `profile` when SNMP answered
        to it, and the cursor on `port` (an ifIndex) once it is read."""
        self._pending_port = port
        self.query_one("#host", Input).value = host
        if profile is not None and profile in self.netinv.profiles():
            self.query_one("#profile", Select).value = profile
        self.inventory()

    def _chosen_profile(self) -> Profile | None:
        name = self.query_one("#profile", Select).value
        profiles = self.netinv.profiles()
        if not isinstance(name, str) or name not in profiles:
            self.notify("choose a profile (add one in the Profiles pane, F2)", severity="warning")
            return None
        return profiles[name]

    def start(self, target: Target, profile: Profile, label: str) -> None:
        self.run_number += 1
        self.running = True
        self.started = time.perf_counter()
        self.last = (target, profile, label)
        bars = list(self.query(ProgressBar))
        bar = bars[0] if bars else ProgressBar(id="progress", show_eta=False)
        if not bars:
            self.query_one("#progress-row").mount(bar, before=0)
        bar.update(total=None, progress=0)
        self.query_one("#progress-label", Label).update(plain(f"connecting to {label} ..."))
        self.query_one("#progress-row").display = True
        self._status(f"Reading {label} with profile {profile.name} (Esc cancels)", "hint")
        if isinstance(self.app.focused, Input):
            self._focus_results()  # Esc, as the footer says, cancels (in a field it would leave the field)
        self._inventory(self.run_number, target, profile, label)

    @work(thread=True, exclusive=True, group="inventory")
    def _inventory(self, run: int, target: Target, profile: Profile, label: str) -> None:
        from netinv_tui.core.inventory import inventory_host

        worker = get_current_worker()
        started = time.perf_counter()

        def progress(event: object) -> None:
            self.post_message(InventoryStep(run, event))  # type: ignore[arg-type]

        try:
            device = run_cancellable(inventory_host(target.host, target.apply(profile), progress=progress), worker)
            seconds = time.perf_counter() - started
            store_error, hosts = "", None
            if not device.error:  # the store and the history note it here, off the thread that draws the screen
                from netinv_tui.core.workflows import StoreError, record_inventories

                try:
                    record_inventories([device])
                except StoreError as error:
                    store_error = str(error)
                hosts = history.remember(label)
        except BaseException as error:  # the device's boundary (cancellation included): the pane hears of every end
            reason = "cancelled" if worker.is_cancelled else one_line(error, f"inventory of {label}")
            self.post_message(InventoryStopped(run, label, reason))
            return
        self.post_message(InventoryFinished(run, label, device, seconds, store_error, hosts))

    def on_inventory_step(self, message: InventoryStep) -> None:
        if message.run != self.run_number:
            return
        event = message.progress
        self.query_one(ProgressBar).update(total=event.tables_total, progress=event.tables_done)
        elapsed = time.perf_counter() - self.started
        self.query_one("#progress-label", Label).update(
            Text(f"{event.tables_done}/{event.tables_total} tables · {event.requests} requests · {elapsed:.1f} s")
        )

    def on_inventory_finished(self, message: InventoryFinished) -> None:
        if message.run != self.run_number:
            return
        if not all(self.query(kind) for kind in (VlanMatrix, NeighboursTable, MacTable, PrinterView, ChangesView)):
            # the hidden tabs mount after the first paint; a warm engine can answer before it
            self.set_timer(0.05, lambda: self.on_inventory_finished(message))
            return
        self._idle()
        try:
            self._finished(message)
        except Exception as error:  # the device's boundary, on screen: its odd values cost it, not the app
            reason = one_line(error, f"showing the inventory of {message.label}")
            self._show(None, message.label)
            self._status(f"{message.label}: {reason}", "error")
            self.notify(reason, title=message.label, severity="error", timeout=10)

    def _finished(self, message: InventoryFinished) -> None:
        device = message.device
        if device.error:
            self.notify(f"{message.label}: {device.error}", title="inventory failed", severity="error", timeout=10)
            self._status(f"{message.label}: {device.error}", "error")
            self._show(None, message.label)
            return
        self._show(device, message.label)
        self._focus_results()
        if self.focus_port is not None:
            self.action_tab("tab-ports")
            self.query_one(PortsTable).select_port(self.focus_port)
            self.focus_port = None
        if message.store_error:
            self.notify(message.store_error, severity="warning")
        if message.history is not None:
            self.query_one(HistoryInput).set_history(message.history)
        summary = f"{len(device.ports)} ports, {device.requests} requests"
        timing = f"{summary} in {message.seconds:.2f} s"
        if device.partial:
            self._status(f"PARTIAL result for {message.label}: {'; '.join(device.incidents)}", "partial")
            self.notify(f"{message.label}: partial result ({timing})", severity="warning")
        else:
            from netinv_tui.core.verdict import complete, unread_notes

            notes = f" · {len(device.incidents)} note(s), listed in the device panel" if device.incidents else ""
            name = device.name or device.host
            name = name if len(name) <= 80 else name[:79] + "…"  # a 10 kB sysName is for the identity box
            if complete(device):
                self._status(f"{message.label}: {name} read completely: {summary}{notes}", "ok")
            else:  # never "completely" beside a note of what was not read
                unread = len(unread_notes(device))
                self._status(
                    f"{message.label}: {name} read, not completely: {summary} · {unread} note(s) of what was"
                    " not read, listed in the device panel",
                    "partial",
                )
            self.notify(f"{message.label}: {timing}", title="inventory done")

    def on_inventory_stopped(self, message: InventoryStopped) -> None:
        if message.run != self.run_number:
            return
        self._idle()
        if message.reason == "cancelled":
            self._status(f"Inventory of {message.label} cancelled; the table shows the previous result.", "hint")
            self.notify(f"inventory of {message.label} cancelled", severity="warning")
        else:
            self._status(f"{message.label}: {message.reason}", "error")
            self.notify(message.reason, title=message.label, severity="error", timeout=10)

    def _idle(self) -> None:
        self.running = False
        self.query_one("#progress-row").display = False

    def _show(self, device: Device | None, label: str) -> None:
        # another device: another target than the one shown (two agents may share an address)
        another = device is not None and (self.device is None or self.label != label)
        self.netinv.device, self.netinv.device_label = device, label
        if another:  # a filter or a search made for one device says nothing of the next: reset them
            self.query_one("#port-filter", Input).value = ""
            for search in self.query("#mac-search").results(Input):
                search.value = ""
        self.query_one(DeviceInfo).show(device)
        self.query_one(PortsTable).show(device.ports if device else [])
        self.query_one(VlanMatrix).show(device)
        self.query_one(NeighboursTable).show(device)
        self.query_one(MacTable).show(device)
        self.query_one(PrinterView).show(device)
        self.query_one(ChangesView).show(device)
        if device is not None:
            vlans = sum(1 for p in device.ports if p.vlans)
            neighbours = sum(len(p.neighbours) for p in device.ports) + len(device.unplaced_neighbours)
            macs = sum(len(p.macs) for p in device.ports)
            tabs = self.query_one("#device-tabs", TabbedContent)
            tabs.get_tab("tab-vlans").label = f"VLANs ({vlans} ports) 2"
            tabs.get_tab("tab-neighbours").label = f"Neighbours ({neighbours}) 3"
            tabs.get_tab("tab-macs").label = f"MAC table ({macs}) 4"
            supplies = len(device.consumables)
            tabs.get_tab("tab-printer").label = f"Printer ({supplies}) 5" if supplies else "Printer 5"
            if another:  # at a printer, its supplies are what one came for; elsewhere, the ports
                tabs.active = (
                    "tab-printer" if supplies else ("tab-ports" if tabs.active == "tab-printer" else tabs.active)
                )
        info_box = self.query_one("#info-box")
        info_box.border_title = plain(device.name or label) if device else "Device"
        info_box.border_subtitle = "partial" if device and device.partial else ""
        self.refresh_bindings()

    def _status(self, text: str, kind: str) -> None:
        status = self.query_one("#status", Static)
        status.set_classes(kind)
        status.update(plain(text))

    @on(PortsTable.Shown)
    def _ports_shown(self, event: PortsTable.Shown) -> None:
        box = self.query_one("#ports-box")
        count = f"{event.shown} of {event.total}" if event.shown != event.total else str(event.total)
        box.border_title = f"Ports: {count}" if event.total else "Ports"
        box.border_subtitle = f"sorted by {event.description}" if event.total else ""

    @on(Input.Changed, "#port-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_one(PortsTable).set_filter(event.value)

    # -- actions ------------------------------------------------------------------------------

    #: What a MAC is typed with, in any spelling.
    MAC_CHARACTERS = frozenset("0123456789abcdefABCDEF.:-")

    def on_key(self, event: events.Key) -> None:
        """A MAC typed right after `4`: the focus moves to the MAC table after the keys already
        queued, so those reach the tab left behind; they go to the MAC search instead."""
        character = event.character
        if not event.is_printable or character not in self.MAC_CHARACTERS or isinstance(self.app.focused, Input):
            return
        if self.query_one("#device-tabs", TabbedContent).active != "tab-macs":
            return
        macs, focused = self.query_one(MacTable), self.app.focused
        if character in macs.TAB_DIGITS and not macs.typing:
            return  # a tab's digit, not the start of a search
        if focused is not None and (
            macs in focused.ancestors_with_self or self.query_one("#results") not in focused.ancestors_with_self
        ):
            return  # the MAC table's own type-to-search has it, or a field or list above the tabs

        event.prevent_default()
        event.stop()
        macs.type_ahead(character)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.running
        return True  # every other key in the footer acts, or its action says why it cannot

    TABS = ("tab-ports", "tab-vlans", "tab-neighbours", "tab-macs", "tab-printer", "tab-changes")

    #: What each tab's keys go to, and what `/` searches in it.
    TAB_FOCUS = {
        "tab-ports": "#ports",
        "tab-vlans": "#vlan-table",
        "tab-neighbours": "#neighbours",
        "tab-macs": "#mac-table",
        "tab-printer": "#printer",
        "tab-changes": "#changes-table",
    }
    TAB_SEARCH = {"tab-ports": "#port-filter", "tab-macs": "#mac-search"}

    def action_tab(self, tab: str) -> None:
        self.query_one("#device-tabs", TabbedContent).active = tab
        self.query_one(self.TAB_FOCUS[tab]).focus()

    def _focus_results(self) -> None:
        """Results take the focus when they arrive, so the next key (a tab's number, `s`, `/`)
        acts on them instead of typing into the host field."""
        active = self.query_one("#device-tabs", TabbedContent).active
        self.query_one(self.TAB_FOCUS.get(active, "#ports")).focus()

    def action_next_tab(self) -> None:
        active = self.query_one("#device-tabs", TabbedContent).active
        self.action_tab(
            self.TABS[(self.TABS.index(active) + 1) % len(self.TABS)] if active in self.TABS else self.TABS[0]
        )

    def action_toggle_panel(self) -> None:
        """The identity panel: beside the tabs on a wide screen (where `i` hides it for room), in
        their place on a narrow one (80 columns), where it is hidden until asked for."""
        self.toggle_class("-panel-flipped")
        if self.has_class("-panel-flipped") and self.screen.has_class("-narrow"):
            self.query_one("#info-box").focus()
        else:
            self._focus_results()

    def action_focus_host(self) -> None:
        self.query_one("#host", Input).focus()

    def action_repoll(self) -> None:
        if self.last is None:
            self.notify("nothing to re-poll yet: inventory a device first", severity="warning")
            return
        self.start(*self.last)

    def action_cancel(self) -> None:
        """Esc while an inventory runs: stop it."""
        for worker in self.workers:
            if worker.group == "inventory":
                worker.cancel()

    def leave_input(self) -> None:
        """Esc in a field (the host, a search; the app's rule): back to the results on screen,
        also before there are any, so that a tab's digit switches tabs."""
        self._focus_results()

    def action_filter(self) -> None:
        """`/`: the search of the tab on screen (the ports filter, the MAC search)."""
        active = self.query_one("#device-tabs", TabbedContent).active
        self.query_one(self.TAB_SEARCH.get(active, "#port-filter"), Input).focus()

    def action_export(self) -> None:
        from netinv_tui.core.writers.registry import DEFAULT, export, format_of, get
        from netinv_tui.tui.screens.export import ExportPrompt

        device = self.device
        if device is None:
            self.notify("nothing to export yet: inventory a device first", severity="warning")
            return
        # a file name a file system takes: safe characters, and short (a 10 kB sysName is no name)
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", device.name or self.label or device.host).strip("_")[:80] or "device"

        def chosen(path: object) -> None:
            from pathlib import Path

            if not isinstance(path, Path):
                return
            try:
                size = export([device], path)
            except NetinvError as error:
                self.notify(str(error), title="export failed", severity="error")
                return
            self.notify(f"wrote {size:,} bytes of {format_of(path).upper()} to {path}", title="exported")

        self.app.push_screen(ExportPrompt(f"{stem}{get(DEFAULT).suffix}"), chosen)

    def commands(self) -> Iterable[SystemCommand]:
        yield from keys.commands(self, "device", "device")
        for table in self.query(PortsTable):  # mounted after the first paint: none before it
            yield from keys.commands(table, "ports", "device")

    def action_sort_next(self) -> None:
        self.query_one(PortsTable).action_sort_next()


W = TypeVar("W", bound=Widget)


def _titled(widget: W, title: str | None = None, display: bool = True) -> W:
    """A container with its border title (and visibility) set as it is made: a nested
    TabbedContent may mount its panes after this pane's on_mount, where a query finds nothing."""
    if title is not None:
        widget.border_title = title
    if not display:  # an inline display would overrule the stylesheet's (styles/device.tcss hides boxes at 80 columns)
        widget.display = False
    return widget
