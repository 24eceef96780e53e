"""Write inventoried devices to a file as SNMPQUERY REQUEST XML or JSON of the same model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from netinv_tui.core.errors import UsageError
from netinv_tui.core.files import write_atomic
from netinv_tui.core.model import Device

FORMATS = ("xml", "json")


def render(devices: Sequence[Device], fmt: str) -> bytes:
    if fmt == "json":
        from netinv_tui.core.writers.json_writer import write_devices

        return write_devices(devices).encode()
    if fmt == "xml":
        from netinv_tui.core.writers.snmpquery_xml import write_requests

        return write_requests(devices)
    raise UsageError(f"unknown format {fmt!r}: use xml or json")


def format_of(path: Path, default: str = "xml") -> str:
    """The format a file name asks for: .json is JSON, .xml is XML, anything else the default."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else default


def export(devices: Sequence[Device], path: Path, fmt: str | None = None) -> int:
    """Write atomically, mode 0600 (the CLI's `-o` writes the same way); return the bytes written."""
    return write_atomic(path, render(devices, fmt or format_of(path)))
