"""`netinv inventory -F table|tsv`: what a technician checks first about each device, a row each.

A face's rendering of the model, not a document of it (those are core/writers): the same row is a
record per device on a terminal and a TSV line in a pipe (cli/output), written as each device's
inventory ends. Every value is network text, cleaned by cli/output on its way out.
"""

from __future__ import annotations

from typing import Any

from netinv_tui.cli.output import RowStream
from netinv_tui.core import units, verdict
from netinv_tui.core.model import Device, Neighbour, Port

#: The formats of this module (the others are the writers' registry's).
FORMATS = ("table", "tsv")

COLUMNS = (
    "name", "address", "type", "manufacturer", "model", "serial", "firmware", "uptime", "location",
    "ports", "ports up", "ports down", "VLANs", "neighbours", "supplies", "status", "notes",
)  # fmt: skip


def _runs(numbers: list[int]) -> str:
    """1, 2, 3, 7, 9, 10 as '1-3, 7, 9-10': a trunk's 4094 VLANs in a few words."""
    spans: list[list[int]] = []
    for number in sorted(set(numbers)):
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def _vlans(device: Device) -> str:
    numbers = [vlan.number for port in device.ports for vlan in port.vlans]
    return f"{len(set(numbers))}: {_runs(numbers)}" if numbers else ""


def _port_name(port: Port | None, index: int | None) -> str:
    if port is not None:
        return port.name or port.descr or str(port.index)
    return "" if index is None else str(index)


def _who(neighbour: Neighbour) -> str:
    return neighbour.sys_name or neighbour.ip or neighbour.chassis_id or neighbour.sys_mac or "?"


def _neighbours(device: Device) -> str:
    seen: list[str] = []
    for port in device.ports:
        seen += [f"{_who(n)} on {_port_name(port, None)}" for n in port.neighbours]
    seen += [f"{_who(n)} on {_port_name(None, n.local_port)}" for n in device.unplaced_neighbours]
    return f"{len(seen)}: {', '.join(seen)}" if seen else ""


def _supplies(device: Device) -> str:
    parts = []
    for supply in device.consumables:
        name = supply.description or " ".join(p for p in (supply.color, supply.kind) if p) or f"supply {supply.index}"
        level = f"{supply.percent} %" if supply.percent is not None else (supply.state or "")
        parts.append(f"{name} {level}".strip())
    return ", ".join(parts)


def _status(device: Device) -> str:
    if device.error:
        return "failed"
    if device.partial:
        return "partial"
    return "complete" if verdict.complete(device) else "not complete (see notes)"


def row(device: Device) -> tuple[Any, ...]:
    """The device's row under COLUMNS."""
    up = sum(1 for p in device.ports if p.oper_status == 1)
    down = sum(1 for p in device.ports if p.oper_status is not None and p.oper_status != 1)
    notes = ([device.error] if device.error else []) + list(device.incidents)
    return (
        device.name, device.host, device.type, device.manufacturer, device.model, device.serial, device.firmware,
        units.uptime(device.uptime), device.location, len(device.ports) if device.ports else None,
        up if device.ports else None, down if device.ports else None, _vlans(device), _neighbours(device),
        _supplies(device), _status(device), "; ".join(notes),
    )  # fmt: skip


class SummaryStream:
    """DocumentStream's two calls (`add` a device, `close`) for the summary's rows."""

    def __init__(self, output: str, fmt: str) -> None:
        self._rows = RowStream(COLUMNS, fmt, output)

    @property
    def count(self) -> int:
        return self._rows.count

    def add(self, device: Device) -> None:
        self._rows.add(row(device))

    def close(self) -> int:
        return self._rows.close()


def write_devices(devices: list[Device], chosen: str, output: str) -> None:
    """Devices read all at once (a crawl): one document of the writers' registry, or the summary."""
    if chosen not in FORMATS:
        from netinv_tui.cli.output import write_output
        from netinv_tui.core.writers import registry

        write_output(registry.render_devices(devices, chosen), output)
        return
    rows = SummaryStream(output, chosen)
    for device in devices:
        rows.add(device)
    rows.close()
