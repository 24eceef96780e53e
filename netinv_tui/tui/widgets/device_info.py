"""Who the device is: identity, firmware, addresses, and how complete the reading was.

Every value is network text: each is cleaned (core/text) before lines are joined, so a name's
own line break or ESC shows as an escape, and the panel shows it as a `Text`, never markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from netinv_tui.core import units
from netinv_tui.core.text import clean

if TYPE_CHECKING:
    from netinv_tui.core.model import Device


def _first_line(text: str | None, width: int = 200) -> str:
    return clean((text or "").strip().splitlines()[0][:width]) if (text or "").strip() else ""


def _stack(device: Device) -> str:
    """A line per member: number, role, serial, and the model where the members are not all alike."""
    if len(device.stack) < 2:
        return ""
    mixed = len({m.model for m in device.stack}) > 1
    lines = []
    for member in device.stack:
        facts = [str(member.number), member.role or "", member.serial or ""]
        if member.state and member.state != "ready":
            facts.append(f"({member.state})")
        lines.append(clean(" ".join(f for f in facts if f)))
        if mixed and member.model:
            lines.append(f"  {clean(member.model)}")
    return "\n".join(lines)


def _battery(device: Device) -> str:
    power = device.power
    if power is None:
        return ""
    parts = []
    if power.charge_percent is not None:
        parts.append(f"{power.charge_percent:g} %")
    if power.runtime_minutes is not None:
        hours, minutes = divmod(round(power.runtime_minutes), 60)
        parts.append(f"{hours} h {minutes:02d} min left" if hours else f"{minutes} min left")
    if power.battery_status and power.battery_status != "normal":
        parts.append(clean(power.battery_status))
    if power.replace_battery:
        parts.append("REPLACE BATTERY")
    if power.temperature_c is not None:
        parts.append(f"{power.temperature_c:g} °C")
    return " · ".join(parts)


def _output(device: Device) -> str:
    power = device.power
    if power is None:
        return ""
    parts = [f"on {clean(power.output_status)}" if power.output_status else ""]
    if power.output_voltage is not None:
        parts.append(f"{power.output_voltage:g} V")
    if power.load_percent is not None:
        parts.append(f"load {power.load_percent:g} %")
    return " · ".join(p for p in parts if p)


def _radios(device: Device) -> str:
    lines = []
    for radio in device.radios:
        facts = [clean(radio.band) or f"radio {radio.index}"]
        facts += [f"ch {radio.channel}"] if radio.channel else []
        facts += [f"{radio.tx_power_dbm} dBm"] if radio.tx_power_dbm is not None else []
        facts += [f"{radio.clients} clients"] if radio.clients is not None else []
        lines.append(" · ".join(facts))
    ssids = sorted({ssid for radio in device.radios for ssid in radio.ssids})
    if ssids:
        lines.append("SSIDs: " + ", ".join(map(clean, ssids)))
    return "\n".join(lines)


def _decided_by(device: Device) -> str:
    """The identification trace, one line per rule: which facts it decided."""
    facts: dict[str, list[str]] = {}
    for fact, rule in device.identification.items():
        facts.setdefault(clean(rule), []).append(clean(fact))
    return "\n".join(f"{', '.join(names)}: {rule}" for rule, names in facts.items())


def info_rows(device: Device) -> list[tuple[str, str]]:
    """The facts in the order a technician checks them, cleaned; blank facts are left out, not shown empty."""
    ips = device.ips or [ip.address for ip in device.ip_addresses]
    up = sum(1 for p in device.ports if p.oper_status == 1)
    rows = [
        ("Name", clean(device.name)),
        ("Type", clean(device.type)),
        ("Manufacturer", clean(device.manufacturer)),
        ("Model", clean(device.model)),
        ("Serial", clean(device.serial)),
        ("Asset tag", clean(device.asset_tag)),
        ("Firmware", clean(device.firmware)),
        ("Stack", _stack(device)),
        ("Battery", _battery(device)),
        ("Output", _output(device)),
        ("Radios", _radios(device)),
        ("Uptime", units.uptime(device.uptime)),
        ("Location", clean(device.location)),
        ("Contact", clean(device.contact)),
        ("MAC", clean(device.mac)),
        ("IPs", "\n".join(map(clean, ips[:8])) + (f"\n… {len(ips) - 8} more" if len(ips) > 8 else "")),
        ("Ports", f"{len(device.ports)} ({up} up)" if device.ports else ""),
        ("Memory", f"{device.memory_mb} MB" if device.memory_mb else ""),
        ("CPU", f"{device.cpu} %" if device.cpu is not None else ""),
        ("Description", _first_line(device.description)),
        ("sysObjectID", clean(device.sys_object_id)),
        ("Requests", str(device.requests) if device.requests else ""),
        # every note, not the first: a context that did not answer, a neighbour on no interface
        ("Partial" if device.partial else "Notes", "\n".join(f"• {clean(note)}" for note in device.incidents)),
        ("Decided by", _decided_by(device)),
    ]
    return [(k, v) for k, v in rows if v]


class DeviceInfo(Static):
    rows: list[tuple[str, str]] = []

    def show(self, device: Device | None) -> None:
        self.rows = info_rows(device) if device else []
        if device is None:
            self.update("")
            return
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for key, value in self.rows:
            grid.add_row(key, Text(value))
        self.update(grid)
