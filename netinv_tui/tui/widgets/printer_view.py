"""What a technician at a printer looks at: a bar per supply in its colour, warnings first, then
page counters (with where each came from), paper trays and covers. Supply, counter, tray and cover
names are the printer's text: `plain` cells (a rich Table reads a str cell as markup)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from netinv_tui.core.text import clean
from netinv_tui.render import plain

if TYPE_CHECKING:
    from netinv_tui.core.model import Consumable, Device, PageCounter, PaperTray

BAR = 24
#: Supply colours as terminal colours; black toner is drawn in the text colour so it shows on dark themes.
COLOURS = {"cyan": "cyan", "magenta": "magenta", "yellow": "yellow", "black": "bright_white"}
WARN_STATES = {"low", "empty", "unknown", "nearly full", "full"}
COUNTER_NAMES = {
    "TOTAL": "Total",
    "BLACK": "Black and white",
    "COLOR": "Colour",
    "RECTOVERSO": "Duplex",
    "SCANNED": "Scans",
    "PRINTTOTAL": "Prints",
    "PRINTBLACK": "Prints, black and white",
    "PRINTCOLOR": "Prints, colour",
    "COPYTOTAL": "Copies",
    "COPYBLACK": "Copies, black and white",
    "COPYBLACK_A3": "Copies, black and white, A3",
    "COPYCOLOR": "Copies, colour",
    "COPYCOLOR_A3": "Copies, colour, A3",
    "FAXTOTAL": "Faxes",
}


def supply_name(consumable: Consumable) -> str:
    return consumable.description or (consumable.kind or f"supply {consumable.index}").lower()


def bar(percent: int | None, colour: str) -> Text:
    if percent is None:
        return Text("·" * BAR, style="dim")
    filled = round(BAR * max(0, min(percent, 100)) / 100)
    return Text("█" * filled, style=colour) + Text("░" * (BAR - filled), style="dim")


def level_text(consumable: Consumable) -> str:
    if consumable.percent is not None:
        return f"{consumable.percent} %"
    if consumable.level is not None and consumable.level >= 0:
        unit = f" {consumable.unit}" if consumable.unit and consumable.unit != "percent" else ""
        return f"{consumable.level:,}{unit}" + ("" if unit else " (no maximum)")
    return ""


def warnings(device: Device) -> list[str]:
    """One line per supply that needs a look, worst first."""
    order = {"empty": 0, "full": 0, "low": 1, "nearly full": 1, "unknown": 2}
    flagged = sorted((c for c in device.consumables if c.state in WARN_STATES), key=lambda c: order[c.state or ""])
    return [f"{supply_name(c)}: {c.state}" + (f" ({c.percent} %)" if c.percent is not None else "") for c in flagged]


def _supplies(device: Device) -> Table:
    table = Table(box=None, expand=False, padding=(0, 1), show_header=True, header_style="bold")
    for column in ("Supply", "Level", "", "State"):
        table.add_column(column)
    for consumable in device.consumables:
        colour = COLOURS.get(consumable.color or "", "bright_white" if consumable.color else "green")
        state = consumable.state or ""
        table.add_row(
            plain(supply_name(consumable)),
            bar(consumable.percent, colour),
            Text(clean(level_text(consumable)), justify="right"),
            plain(state, style="bold red" if state in WARN_STATES else "green"),
        )
    return table


def _counters(counters: list[PageCounter]) -> Table:
    table = Table(box=None, padding=(0, 1), show_header=True, header_style="bold")
    table.add_column("Page counter")
    table.add_column("Pages", justify="right")
    table.add_column("From", style="dim")
    for counter in counters:
        source = counter.label or ", ".join(counter.oids)
        table.add_row(plain(COUNTER_NAMES.get(counter.name, counter.name)), f"{counter.value:,}", plain(source))
    return table


def _trays(trays: list[PaperTray]) -> Table:
    table = Table(box=None, padding=(0, 1), show_header=True, header_style="bold")
    for column in ("Tray", "Paper", "", "Sheets"):
        table.add_column(column)
    for tray in trays:
        if tray.level is not None and tray.level >= 0:
            sheets = f"{tray.level:,}" + (
                f" of {tray.max_capacity:,}" if tray.max_capacity and tray.max_capacity > 0 else ""
            )
        else:
            sheets = {-3: "some", -2: "unknown"}.get(tray.level or 0, "")
        table.add_row(plain(tray.name or str(tray.index)), plain(tray.media), bar(tray.percent, "blue"), sheets)
    return table


class PrinterView(VerticalScroll, can_focus=True):
    """The printer tab; empty devices say so instead of showing empty tables."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("", id="printer-body")

    def show(self, device: Device | None) -> None:
        body = self.query_one("#printer-body", Static)
        if device is None or not (device.consumables or device.page_counters or device.trays):
            body.update(Text("No Printer-MIB supplies, counters or trays on this device.", style="dim"))
            self.border_title = "Printer"
            return
        parts: list[object] = []
        alerts = warnings(device)
        if alerts:
            parts.append(plain("⚠ " + "   ⚠ ".join(alerts), style="bold red"))
            parts.append(Text(""))
        if device.consumables:
            parts.append(_supplies(device))
            parts.append(Text(""))
        if device.page_counters:
            parts.append(_counters(device.page_counters))
            parts.append(Text(""))
        if device.trays:
            parts.append(_trays(device.trays))
        open_covers = [c for c in device.covers if c.status in ("open", "interlock open")]
        if device.covers:
            covers = ", ".join(f"{c.description or c.index}: {c.status}" for c in device.covers)
            parts.append(
                plain(("⚠ " if open_covers else "") + "Covers: " + covers, style="bold red" if open_covers else "")
            )
        body.update(Group(*parts))  # type: ignore[arg-type]
        self.border_title = f"Printer: {len(device.consumables)} supplies, {len(alerts)} to check"
