"""The ports of a device: sortable by any column, filtered by words, status in colour."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from netinv_tui.core import units
from netinv_tui.render import plain
from netinv_tui.tui import keys
from netinv_tui.tui.widgets.fit_table import FitTable

if TYPE_CHECKING:
    from netinv_tui.core.model import Port

STATUS_STYLE = {"up": "bold green", "down": "red", "disabled": "dim", "lowerLayerDown": "red", "dormant": "yellow"}


def _state(port: Port) -> str:
    return units.port_state(port.admin_status, port.oper_status)


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Port], str]
    sort: Callable[[Port], tuple[int, Any]]
    numeric: bool = False


def _num(value: int | None) -> tuple[int, Any]:
    """Unknown values sort after every known one, in either order."""
    return (1, 0) if value is None else (0, value)


def _txt(value: str | None) -> tuple[int, Any]:
    return (1, "") if not value else (0, value.lower())


def _name(value: str | None) -> tuple[int, Any]:
    """Names in natural order (Gi1/0/2 before Gi1/0/10)."""
    return (1, ()) if not value else (0, units.natural_key(value))


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _clip(text: str | None, width: int) -> str:
    """Long aliases would push the counters off screen; the whole text stays searchable."""
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


COLUMNS = (
    Column("#", lambda p: str(p.index), lambda p: _num(p.index), numeric=True),
    Column("Name", lambda p: _clip(p.name or p.descr, 24), lambda p: _name(p.name or p.descr)),
    Column("Status", _state, lambda p: _txt(_state(p))),
    Column("Alias", lambda p: _clip(p.alias, 22), lambda p: _name(p.alias)),
    Column("Speed", lambda p: units.speed(p.speed), lambda p: _num(p.speed), numeric=True),
    Column("Duplex", lambda p: units.duplex(p.duplex), lambda p: _txt(units.duplex(p.duplex))),
    Column("MTU", lambda p: "" if p.mtu is None else str(p.mtu), lambda p: _num(p.mtu), numeric=True),
    Column("In", lambda p: units.octets(p.in_octets), lambda p: _num(p.in_octets), numeric=True),
    Column("Out", lambda p: units.octets(p.out_octets), lambda p: _num(p.out_octets), numeric=True),
    Column("In err", lambda p: _count(p.in_errors), lambda p: _num(p.in_errors), numeric=True),
    Column("Out err", lambda p: _count(p.out_errors), lambda p: _num(p.out_errors), numeric=True),
    Column("PoE", lambda p: units.poe(p.poe_mw, p.poe_status, p.poe_class), lambda p: _num(p.poe_mw), numeric=True),
    Column("MAC", lambda p: p.mac or "", lambda p: _txt(p.mac)),
)


def matches(port: Port, words: list[str]) -> bool:
    """Every word must appear in one of the columns a technician searches by."""
    fields = (
        port.name,
        port.descr,
        port.alias,
        _state(port),
        units.speed(port.speed),
        port.mac,
        units.duplex(port.duplex),
    )
    haystack = " ".join([str(port.index), *(f or "" for f in fields)]).lower()
    return all(word in haystack for word in words)


class PortsTable(FitTable):
    BINDINGS = keys.bindings("ports")

    class Shown(Message):
        """Posted when the rows on screen change (new device, sort or filter)."""

        def __init__(self, shown: int, total: int, description: str) -> None:
            super().__init__()
            self.shown, self.total, self.description = shown, total, description

    def __init__(self, **kwargs: object) -> None:
        # the port number, its name and its status stay in view while the counters scroll sideways;
        # the alias gives way (to 12 cells) so that more counters come into view
        super().__init__(cursor_type="row", zebra_stripes=True, fixed_columns=3, flex=(("Alias", 12),), **kwargs)  # type: ignore[arg-type]
        self.ports: list[Port] = []
        self.words: list[str] = []
        self.sort_column = 0
        self.reverse = False

    def on_mount(self) -> None:
        self._columns()

    def _columns(self) -> None:
        self.clear(columns=True)
        for number, column in enumerate(COLUMNS):
            mark = (" ▼" if self.reverse else " ▲") if number == self.sort_column else ""
            self.add_column(Text(column.title + mark, justify="right" if column.numeric else "left"), key=str(number))

    def show(self, ports: list[Port]) -> None:
        self.ports = list(ports)
        self._fill()

    def set_filter(self, text: str) -> None:
        self.words = text.lower().split()
        self._fill()

    def shown_ports(self) -> list[Port]:
        chosen = [p for p in self.ports if matches(p, self.words)]
        key = COLUMNS[self.sort_column].sort
        known = sorted((p for p in chosen if key(p)[0] == 0), key=key, reverse=self.reverse)
        return known + [p for p in chosen if key(p)[0] != 0]

    def _fill(self) -> None:
        self._columns()
        rows = self.shown_ports()
        for port in rows:
            cells = []
            for column in COLUMNS:
                text = plain(column.text(port))  # names and aliases are the device's text, never markup
                text.justify = "right" if column.numeric else "left"
                if column.title == "Status":
                    text.stylize(STATUS_STYLE.get(text.plain, "yellow"))
                elif column.title in ("In err", "Out err") and text.plain not in ("", "0"):
                    text.stylize("red")
                cells.append(text)
            self.add_row(*cells, key=str(port.index))
        order = "descending" if self.reverse else "ascending"
        self.post_message(self.Shown(len(rows), len(self.ports), f"{COLUMNS[self.sort_column].title} {order}"))

    def sort_by(self, column: int, reverse: bool | None = None) -> None:
        self.reverse = (not self.reverse if column == self.sort_column else False) if reverse is None else reverse
        self.sort_column = column
        self._fill()

    def select_port(self, index: int) -> bool:
        """The cursor on the port with this ifIndex, if it is shown."""
        from textual.widgets.data_table import RowDoesNotExist

        try:
            self.move_cursor(row=self.get_row_index(str(index)))
        except RowDoesNotExist:
            return False
        return True

    def action_sort_next(self) -> None:
        self.sort_by((self.sort_column + 1) % len(COLUMNS), reverse=False)

    def action_sort_reverse(self) -> None:
        self.sort_by(self.sort_column, reverse=not self.reverse)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(int(str(event.column_key.value)))
