"""What both faces do the same way, in one place: keep an inventory or a sweep in the store, check a
server's settings, send documents to a server. The CLI and the dashboard call these and nothing
else for it; they get dataclasses back and netinv errors (StoreError, UsageError, ServerError),
never a sqlite3 error or row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from netinv_tui.core.discovery.ranges import Range
from netinv_tui.core.errors import NetinvError, UsageError
from netinv_tui.core.faults import unit
from netinv_tui.core.model import Device
from netinv_tui.core.scan import Scan
from netinv_tui.core.server.client import CONTENT_TYPES, Connection, Exchange


class StoreError(NetinvError):
    """The local store could not be read or written (a full disk, a folder the user cannot write)."""


def record_inventories(devices: Sequence[Device]) -> None:
    """Note each inventory in the store: its host counts as inventoried in the subnets' views."""
    from netinv_tui.core.store import devices as store

    try:
        for device in devices:
            store.record_inventory(device)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"inventories not kept in the local store: {error}") from None


def preferred_profiles(ranges: Sequence[Range]) -> dict[str, str]:
    """The profile each known address of the ranges last answered with (a sweep tries it first);
    none when the store cannot be read, which only costs the sweep a few more requests."""
    from netinv_tui.core.discovery.ranges import addresses
    from netinv_tui.core.store import scans

    try:
        return scans.preferred_profiles(addresses(list(ranges)))
    except (OSError, sqlite3.Error):
        return {}


def device_types() -> list[str]:
    """The types a registered device can have."""
    from netinv_tui.core.store import devices

    try:
        return devices.types()
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"the local store could not be read: {error}") from None


def register_device(mac: str, kind: str, description: str | None = None) -> str:
    """Vouch for a device by its MAC (any spelling): its host is no longer unknown. The MAC as kept."""
    from netinv_tui.core.store import devices

    try:
        return devices.register(mac, kind, description)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"{mac} was not registered: {error}") from None


def record_scan(scan: Scan) -> Scan:
    """Keep a sweep in the store; the scan comes back with new, gone and each host's status.
    A sweep stopped before it sent anything leaves no trace: no subnet, no scan, no phantoms."""
    from netinv_tui.core.store import scans

    if scan.partial and not any(scan.packets.values()) and not scan.hosts:
        return scan
    try:
        return scans.record(scan)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"the sweep was not kept in the local store: {error}") from None


def check_server(base: Connection, **changes: object) -> Connection:
    """A server's settings as either face gives them, checked the same way: a URL, a password
    written in it moved out of it, a CA file that exists, a compression the protocol knows."""
    import dataclasses

    from netinv_tui.core.server import settings

    given = {name: value for name, value in changes.items() if value is not None}
    result = dataclasses.replace(base, **given)  # type: ignore[arg-type]
    if "://" not in result.url or not result.url.startswith(("http://", "https://")):
        raise UsageError(f"{result.url!r} is not a server URL: give http(s)://host/path")
    url, user, password = settings.split_userinfo(result.url)
    result.url = url
    result.user = result.user or user or ""
    result.password = result.password or password or ""
    if result.ca_cert and not Path(result.ca_cert).expanduser().is_file():
        raise UsageError(f"CA file {result.ca_cert}: no such file")
    if result.compression not in CONTENT_TYPES:
        raise UsageError(f"compression must be zlib, gzip or none, not {result.compression!r}")
    return result


@dataclass
class Submitted:
    sent: int = 0
    #: Messages the server refused, with why: kept in the outbox (netinv outbox), never lost.
    refused: list[str] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    #: "native" (JSON, a GLPI server) or "legacy" (XML): how the messages went.
    protocol: str = ""
    #: What the server said that the user should read (its CONTACT message), one clean line each.
    notes: list[str] = field(default_factory=list)


async def submit(
    connection: Connection,
    documents: Sequence[tuple[bytes, str]],
    device_id: str,
    observe: Callable[[Exchange], None] | None = None,
    advance: Callable[[str], None] | None = None,
) -> Submitted:
    """Send documents one DEVICE per message, as the agents do: to a GLPI server (it answers
    CONTACT) as JSON `action: netdiscovery|netinventory`, each device alone (no job frames it);
    to a legacy server as XML, a discovery framed by START, NBIP and END. A message the server
    refuses is kept apart in the outbox and the others still go; an unreachable server, or a
    GLPI server that refuses this agent, raises."""
    from netinv_tui.core.server import outbox
    from netinv_tui.core.server.client import Client
    from netinv_tui.core.server.dialect import LEGACY, NATIVE, Dialect
    from netinv_tui.core.server.native import contact, parse_contact
    from netinv_tui.core.server.protocol import (
        ServerError,
        ServerRedirected,
        ServerRefused,
        ServerSaid,
        ServerUnreachable,
    )
    from netinv_tui.core.server.submit import split

    outcome = Submitted()
    async with Client(connection, observe=observe) as client:
        try:
            try:
                answer = parse_contact(await client.post(contact(device_id), "CONTACT"))
            except (ServerUnreachable, ServerSaid, ServerRedirected):
                raise
            except ServerError:  # a FusionInventory server refuses CONTACT: the legacy protocol
                answer = None
            native = answer is not None and answer.status == "ok"
            if answer is not None and answer.message:
                outcome.notes.append(f"server message: {answer.message}")
            dialect = Dialect(NATIVE if native else LEGACY, device_id)
            outcome.protocol = dialect.kind
            messages = [
                m for document, label in documents for m in split(document, device_id, label, framed=not native)
            ]
            for what, xml in messages:
                failures: list[str] = []
                down: ServerError | None = None
                body = xml
                with unit(f"message {what}", failures.append):  # one message's fault is its own
                    try:
                        body = dialect.message(xml)
                        await client.post(body, what)
                        outcome.sent += 1
                    except ServerRefused as error:
                        failures.append(str(error))
                    except ServerError as error:  # the server, not this message: the run stops
                        down = error
                if down is not None:
                    raise down
                if failures:
                    outbox.keep(connection.url, body, what, refused=failures[0])
                    outcome.refused.append(failures[0])
                if advance is not None:
                    advance(what)
        finally:
            outcome.exchanges = list(client.exchanges)
    return outcome
