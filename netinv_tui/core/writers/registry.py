"""Output formats in one place: a format's name (what `--format` takes) maps to its file suffix and
to the writers that make its documents, so the CLI, the dashboard's export, the stream, `submit`
and the agent choose a format here and switch on no format name themselves.

A format says what it can write, each a field left None when it cannot:
- `devices`: inventoried devices as one document (`netinv inventory`, the dashboard's export);
- `scan`: a discovery as one document (`netinv discover`);
- `parts`: the devices' document written a device at a time (stream.DocumentStream);
- `conversation`: the messages an agent POSTs to a server (the agent, `submit`, `discover --control`).

`xml` is SNMPQUERY for devices and NETDISCOVERY for a scan; `json` is netinv's own model, whole.
The tables and TSV of the CLI are no format of this registry: they are listings whose columns each
command picks (cli/output.print_rows), not documents of the model; `inventory -F table|tsv` is the
CLI's summary of each device (cli/summary), a face's rendering with no wire format to keep.

A new format is one `register(Format(...))` call at the end of this module, its writers imported
lazily inside small functions (lxml and the writers load only when a document is written). Two
formats may share a suffix; a file name then picks the one registered first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from netinv_tui.core.errors import UsageError

if TYPE_CHECKING:
    from netinv_tui.core.model import Device
    from netinv_tui.core.scan import Scan, ScanHost

#: What a format can write (the fields of `Format` of the same names).
Kind = Literal["devices", "scan", "parts", "conversation"]

#: The format a file name with no known suffix gets, and `netinv inventory` / `discover` by default.
DEFAULT = "xml"
#: The format a GLPI or FusionInventory server is spoken to in (agent, submit, the Server pane).
SERVER = "xml"


class Parts(Protocol):
    """The devices' document a device at a time, each call returning the bytes to append."""

    def first(self, device: Device) -> bytes:
        """The head of the document and the first device."""
        ...

    def next(self, device: Device) -> bytes:
        """One more device, with what separates it from the one before."""
        ...

    def end(self, count: int) -> bytes | None:
        """The tail after `count` devices; None when such a document is none at all (nothing kept)."""
        ...


@dataclass(frozen=True)
class Conversation:
    """The messages an agent POSTs, one document each."""

    #: (device, device_id, process_number) -> the device's inventory message.
    inventory: Callable[[Device, str, str], bytes]
    #: (hosts, process_number, device_id, entity) -> a message per host worth reporting.
    discovery: Callable[[Sequence[ScanHost], str, str, str | None], list[bytes]]
    #: (process_number, device_id, query, **AGENT) -> a control message: START=1, NBIP=n, END=1, EXIT=1.
    control: Callable[..., bytes]
    #: (scan, process_number) -> a whole discovery job: START, NBIP, a message per host, END, END.
    job: Callable[[Scan, str], list[bytes]]


@dataclass(frozen=True)
class Format:
    name: str
    #: with its dot: ".xml"
    suffix: str
    #: what its documents are, for people: "FusionInventory REQUEST"
    title: str
    devices: Callable[[Sequence[Device]], bytes] | None = None
    scan: Callable[[Scan], bytes] | None = None
    parts: Callable[[], Parts] | None = None
    conversation: Conversation | None = None

    def can(self, kind: Kind) -> bool:
        return getattr(self, kind) is not None


_FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add a format; a name is registered once."""
    if fmt.name in _FORMATS:
        raise ValueError(f"format {fmt.name!r} is already registered")
    if not fmt.suffix.startswith("."):
        raise ValueError(f"suffix {fmt.suffix!r}: give it with its dot")
    _FORMATS[fmt.name] = fmt
    return fmt


def names(kind: Kind = "devices") -> tuple[str, ...]:
    """The formats that can write `kind`, in the order registered (click's choices come from here)."""
    return tuple(name for name, fmt in _FORMATS.items() if fmt.can(kind))


def get(name: str, kind: Kind = "devices") -> Format:
    fmt = _FORMATS.get(name.lower())
    if fmt is None or not fmt.can(kind):
        raise UsageError(f"unknown format {name!r}: use {' or '.join(names(kind))}")
    return fmt


def by_suffix(kind: Kind = "devices") -> dict[str, Format]:
    """Suffix -> the format a file name with it picks (the first registered with that suffix)."""
    chosen: dict[str, Format] = {}
    for fmt in _FORMATS.values():
        if fmt.can(kind):
            chosen.setdefault(fmt.suffix, fmt)
    return chosen


def format_of(path: Path, default: str = DEFAULT, kind: Kind = "devices") -> str:
    """The format a file name asks for: its suffix (.json is JSON, .xml is XML), else the default."""
    fmt = by_suffix(kind).get(path.suffix.lower())
    return fmt.name if fmt else default


def render_devices(devices: Sequence[Device], name: str) -> bytes:
    writer = get(name, "devices").devices
    assert writer is not None
    return writer(devices)


def render_scan(scan: Scan, name: str) -> bytes:
    writer = get(name, "scan").scan
    assert writer is not None
    return writer(scan)


def export(devices: Sequence[Device], path: Path, name: str | None = None) -> int:
    """Write atomically, mode 0600 (the CLI's `-o` writes the same way); return the bytes written.
    With no format named, the file name's suffix picks it."""
    from netinv_tui.core.files import write_atomic

    return write_atomic(path, render_devices(devices, name or format_of(path)))


def server() -> Format:
    """The format the server protocol speaks."""
    return get(SERVER, "conversation")


def conversation() -> Conversation:
    """The messages of the server protocol: what the agent and `submit` send."""
    talk = server().conversation
    assert talk is not None
    return talk


# -- the formats: each writer is imported when a document is written, not when the registry is --


def _snmpquery(devices: Sequence[Device]) -> bytes:
    from netinv_tui.core.writers.snmpquery_xml import write_requests

    return write_requests(devices)


def _netdiscovery(scan: Scan) -> bytes:
    from netinv_tui.core.writers.netdiscovery_xml import write_scan

    return write_scan(scan)


def _snmpquery_parts() -> Parts:
    from netinv_tui.core.writers.stream import SnmpqueryParts

    return SnmpqueryParts()


def _inventory_message(device: Device, device_id: str, process_number: str) -> bytes:
    from netinv_tui.core.writers.snmpquery_xml import request_document, to_bytes

    return to_bytes(request_document(device, device_id, process_number=process_number))


def _discovery_messages(
    hosts: Sequence[ScanHost], process_number: str, device_id: str, entity: str | None
) -> list[bytes]:
    from netinv_tui.core.writers.netdiscovery_xml import device_messages

    return device_messages(hosts, process_number, device_id, entity)


def _control(process_number: str, device_id: str = "netinv", query: str = "NETDISCOVERY", **agent: object) -> bytes:
    from netinv_tui.core.writers.netdiscovery_xml import control

    return control(process_number, device_id, query, **agent)


def _job(scan: Scan, process_number: str) -> list[bytes]:
    from netinv_tui.core.writers.netdiscovery_xml import messages

    return messages(scan, process_number)


def _model_json(devices: Sequence[Device]) -> bytes:
    from netinv_tui.core.writers.json_writer import write_devices

    return write_devices(devices).encode()


def _scan_json(scan: Scan) -> bytes:
    from netinv_tui.core.text import to_json

    return to_json(asdict(scan)).encode()


def _model_json_parts() -> Parts:
    from netinv_tui.core.writers.stream import ModelJsonParts

    return ModelJsonParts()


register(
    Format(
        "xml",
        ".xml",
        "FusionInventory REQUEST",
        devices=_snmpquery,
        scan=_netdiscovery,
        parts=_snmpquery_parts,
        conversation=Conversation(_inventory_message, _discovery_messages, _control, _job),
    )
)
register(
    Format("json", ".json", "netinv's model as JSON", devices=_model_json, scan=_scan_json, parts=_model_json_parts)
)


def _glpi_devices(devices: Sequence[Device]) -> bytes:
    from netinv_tui.core.writers.glpi_json import write_netinventory

    return write_netinventory(devices)


def _glpi_scan(scan: Scan) -> bytes:
    from netinv_tui.core.writers.glpi_json import write_netdiscovery

    return write_netdiscovery(scan)


def _glpi_parts() -> Parts:
    from netinv_tui.core.writers.glpi_json import NetinventoryLines

    return NetinventoryLines()


def _glpi_message(device: Device, device_id: str, process_number: str) -> bytes:
    from netinv_tui.core.writers.glpi_json import job_number, netinventory, to_bytes

    return to_bytes(netinventory(device, device_id, job_number(process_number)))


def _glpi_discovery(hosts: Sequence[ScanHost], process_number: str, device_id: str, entity: str | None) -> list[bytes]:
    from netinv_tui.core.writers.glpi_json import job_number, netdiscovery, to_bytes
    from netinv_tui.core.writers.netdiscovery_xml import reported

    return [to_bytes(netdiscovery(host, device_id, job_number(process_number))) for host in hosts if reported(host)]


# GLPI's native JSON (inventory_format): one document a device or host, each what one POST carries,
# so a file of several is JSON Lines (.jsonl); `.json` keeps meaning netinv's model
register(
    Format("glpi", ".jsonl", "GLPI native inventory (a document a line)", devices=_glpi_devices, scan=_glpi_scan,
           parts=_glpi_parts,
           # GLPI's protocol has no control messages or whole jobs of its own: the XML ones, which
           # server/dialect converts as GLPI's converter reads them
           conversation=Conversation(_glpi_message, _glpi_discovery, _control, _job))
)  # fmt: skip
