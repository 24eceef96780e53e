"""Write inventoried devices to a file as SNMPQUERY REQUEST XML or JSON of the same model."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from netinv_tui.core.errors import UsageError
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
    """Write atomically (a half-written export is worse than none); return the bytes written."""
    payload = render(devices, fmt or format_of(path))
    path = path.expanduser()
    if path.is_dir():
        raise UsageError(f"{path} is a folder: give a file name")
    if not path.parent.is_dir():
        raise UsageError(f"no such folder: {path.parent}")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
    return len(payload)
