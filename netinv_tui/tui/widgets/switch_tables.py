"""What a switch knows about its ports: the VLAN matrix, the neighbours, the learnt MAC addresses.

Port, VLAN and neighbour names are the devices' text: every cell is `plain` (render.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from netinv_tui.core.macs import bare, parse_mac
from netinv_tui.core.macvendor import vendor
from netinv_tui.core.uplinks import uplink_reason
from netinv_tui.render import plain
from netinv_tui.tui.widgets.fit_table import FitTable

if TYPE_CHECKING:
    from netinv_tui.core.model import Device, Neighbour, Port

#: More VLAN columns than this would only scroll sideways; the legend says how many are left out.
MAX_VLAN_COLUMNS = 60


def _port_name(port: Port) -> str:
    return port.name or port.descr or str(port.index)


class VlanMatrix(Vertical):
    """Ports down, VLANs across: T tagged, U untagged (an access VLAN counts as untagged), V voice."""

    def compose(self) -> ComposeResult:
        yield FitTable(id="vlan-table", zebra_stripes=True, cursor_type="row", fixed_columns=1)
        yield Static("", id="vlan-legend")

    def show(self, device: Device | None) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.clear(columns=True)
        ports = [p for p in (device.ports if device else []) if p.vlans]
        names: dict[int, str] = {}
        for port in ports:
            for vlan in port.vlans:
                names.setdefault(vlan.number, vlan.name or "")
        numbers = sorted(names)[:MAX_VLAN_COLUMNS]
        table.add_column("Port", key="port")
        table.add_column("Trunk", key="trunk")
        table.add_column("Native", key="native")
        for number in numbers:
            table.add_column(Text(str(number), justify="center"), key=str(number))
        for port in ports:
            marks = {v.number: v.tagged for v in port.vlans}
            cells = [
                plain(_port_name(port)),
                Text("trunk" if port.trunk else "", style="bold cyan"),
                Text(str(port.native_vlan) if port.native_vlan else "", justify="right"),
            ]
            for number in numbers:
                if number not in marks:
                    cells.append(Text("·", style="dim", justify="center"))
                elif number == port.voice_vlan:
                    cells.append(Text("V", style="bold magenta", justify="center"))
                elif marks[number]:
                    cells.append(Text("T", style="bold cyan", justify="center"))
                else:
                    cells.append(Text("U", style="bold green", justify="center"))
            table.add_row(*cells, key=str(port.index))
        legend = "  ".join(f"{n} {names[n]}".strip() for n in numbers)
        more = f"  (+{len(names) - len(numbers)} more VLANs)" if len(names) > len(numbers) else ""
        text = (
            f"T tagged  U untagged  V voice  · not a member    {legend}{more}"
            if ports
            else "No VLAN read on this device."
        )
        self.query_one("#vlan-legend", Static).update(plain(text))


class NeighboursTable(FitTable):
    COLUMNS = ("Port", "Via", "Remote name", "Remote port", "Platform", "Address", "Chassis / MAC")

    def __init__(self, **kwargs: Any) -> None:
        # the platform (a sysDescr line) gives way first, then the chassis, the remote port and name,
        # and last the local port; the protocol and address are never cut
        super().__init__(
            flex=("Platform", "Chassis / MAC", ("Remote port", 12), ("Remote name", 12), ("Port", 12)), **kwargs
        )

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.fixed_columns = 1  # the local port stays in view
        for column in self.COLUMNS:
            self.add_column(column, key=column)

    def show(self, device: Device | None) -> None:
        self.clear()
        for port in device.ports if device else []:
            for number, neighbour in enumerate(port.neighbours):
                self._add(plain(_port_name(port)), neighbour, f"{port.index}/{number}")
        # seen on a local port number no interface matches: no connection to write, still there
        for number, neighbour in enumerate(device.unplaced_neighbours if device else []):
            where = plain(f"local port {neighbour.local_port} (no interface)", style="yellow")
            self._add(where, neighbour, f"unplaced/{number}")

    def _add(self, where: Text, neighbour: Neighbour, key: str) -> None:
        descr_lines = (neighbour.sys_descr or "").splitlines()
        platform = neighbour.model or (descr_lines[0][:60] if descr_lines else "")
        remote_port = neighbour.port_number or ""
        if neighbour.port_descr and neighbour.port_descr != remote_port:
            remote_port = f"{remote_port} ({neighbour.port_descr})" if remote_port else neighbour.port_descr
        self.add_row(
            where,
            plain(neighbour.protocol, style="cyan"),
            plain(neighbour.sys_name),
            plain(remote_port),
            plain(platform),
            plain(neighbour.ip),
            plain(neighbour.sys_mac or neighbour.chassis_id),
            key=key,
        )


class MacTable(Vertical):
    """Every learnt MAC with its maker, VLAN and whether its port looks like an edge port or an uplink
    (core/uplinks.py: shown, never applied); type to keep those whose MAC, vendor, port or VLAN match."""

    def compose(self) -> ComposeResult:
        # focus comes after the first key typed on the table: selecting then would let the second replace it
        yield Input(placeholder="search MAC, vendor, port or vlanN", id="mac-search", select_on_focus=False)
        yield FitTable(id="mac-table", zebra_stripes=True, cursor_type="row", fixed_columns=1, flex=("Vendor",))

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        for column in ("MAC", "Vendor", "Port", "VLAN", "Port looks like"):
            table.add_column(column, key=column)
        self.rows: list[tuple[str, str, str, str, str]] = []

    def show(self, device: Device | None) -> None:
        self.rows = []
        for port in device.ports if device else []:
            untagged = [v.number for v in port.vlans if not v.tagged]
            access = str(untagged[0]) if len(untagged) == 1 and not port.trunk else ""
            reason = uplink_reason(port)
            judged = f"uplink: {reason}" if reason else "edge"
            for entry in port.macs:
                vlan = str(entry.vlan) if entry.vlan is not None else access
                self.rows.append((entry.mac, vendor(entry.mac), _port_name(port), vlan, judged))
        self._fill()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill()

    #: Letters that keep their pane meaning on the table (next tab, export, re-poll, the device
    #: panel): no hex digit. A search by vendor that starts with one of them starts with `/`.
    PANE_KEYS = frozenset("txri")

    #: The device pane's tab keys: they switch tabs unless a search is being typed.
    TAB_DIGITS = frozenset("123456")

    def on_key(self, event: events.Key) -> None:
        """Typing on the table types into the search ("type to search"), once started by a key that
        is not the pane's: 1-6 switch tabs, t, x, r and i keep their pane meaning, `/` searches."""
        search = self.query_one(Input)
        if search.has_focus or not event.is_printable or not event.character or event.character in self.PANE_KEYS:
            return
        if event.character in self.TAB_DIGITS and not self._typing:
            return
        if event.character == "/":
            return
        event.prevent_default()
        event.stop()
        self.type_ahead(event.character)

    _typing = False

    @property
    def typing(self) -> bool:
        """A search typed from the table has started: its next keys (digits too) are the search's."""
        return self._typing

    def type_ahead(self, character: str) -> None:
        """The first key typed from the table starts a new search; the next ones (which may come
        before the search has the focus) add to it."""
        search = self.query_one(Input)
        if not self._typing:
            search.value = ""
            self._typing = True
        search.focus()
        search.insert_text_at_cursor(character)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.query_one(Input):
            self._typing = False

    def _fill(self) -> None:
        # a MAC in any spelling (Cisco's f4cf.e2a9.f628, dashes, bare) or part of one matches its row
        words = [(parse_mac(w) or "").replace(":", "") or bare(w) for w in self.query_one(Input).value.split()]
        table: DataTable[Text] = self.query_one(DataTable)
        table.clear()
        for mac, maker, port, vlan, judged in self.rows:
            haystack = f"{mac} {mac.replace(':', '')} {maker} {port} vlan{vlan} {judged}".lower()
            if all(word in haystack for word in words):
                style = "dim" if judged != "edge" else ""
                table.add_row(plain(mac), plain(maker), plain(port), plain(vlan), plain(judged, style=style))
        shown = table.row_count
        self.border_title = f"{shown} of {len(self.rows)} MACs" if shown != len(self.rows) else f"{len(self.rows)} MACs"
