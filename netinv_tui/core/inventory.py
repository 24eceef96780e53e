"""Inventory of one device: every area's scalars in one GET, one GETNEXT to see which table
columns hold anything, then every non-empty table walked concurrently.

The first GET doubles as the reachability and credentials check: if it fails the device fails
with that one-line reason; after it, a failing walk only marks the result partial.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence

from netinv_tui.core import identify, vendors
from netinv_tui.core.collectors import REGISTRY
from netinv_tui.core.collectors.base import Answers, Index
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.events import InventoryProgress, ProgressCallback
from netinv_tui.core.model import Device
from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp.oids import Oid
from netinv_tui.core.snmp.session import SnmpSession
from netinv_tui.core.snmp.values import VarBind
from netinv_tui.core.targets import Target, parse_target

#: Devices inventoried at once by `inventory_many`; each also limits its own requests in flight.
DEVICE_CONCURRENCY = 16


def _all_scalars() -> dict[str, Oid]:
    merged: dict[str, Oid] = {}
    for area in REGISTRY:
        merged.update(area.scalars)
    merged.update(identify.SCALARS)
    merged.update(vendors.scalars())
    return merged


def _all_tables() -> dict[str, dict[str, Oid]]:
    return {name: dict(columns) for area in REGISTRY for name, columns in area.tables.items()}


def _rows(columns: dict[str, Oid], walked: dict[Oid, list[VarBind]]) -> dict[Index, dict[str, VarBind]]:
    rows: dict[Index, dict[str, VarBind]] = {}
    for name, column in columns.items():
        width = len(column)
        for vb in walked.get(column, []):
            rows.setdefault(vb.oid[width:], {})[name] = vb
    return rows


async def inventory_session(
    session: SnmpSession, device_id: int = 0, progress: ProgressCallback | None = None
) -> Device:
    """Read a device through an open session; raises NetinvError only if it never answers."""
    device = Device(host=session.host, id=device_id)
    scalars = _all_scalars()
    got = await session.get(list(scalars.values()))
    answers = Answers(scalars={name: got[oid] for name, oid in scalars.items() if oid in got})
    tables = _all_tables()
    present = await session.present([oid for columns in tables.values() for oid in columns.values()])
    done = 0

    async def walk(name: str, columns: dict[str, Oid]) -> None:
        nonlocal done
        wanted = {column: oid for column, oid in columns.items() if oid in present}
        walked = await session.walk_columns(list(wanted.values())) if wanted else {}
        answers.tables[name] = _rows(wanted, walked)
        done += 1
        if progress:
            progress(InventoryProgress(session.host, done, len(tables), session.counters.requests))

    await asyncio.gather(*(walk(name, columns) for name, columns in tables.items()))
    for area in REGISTRY:
        area.parse(answers, device)
    identify.identify(answers, device)
    device.partial = session.partial
    device.incidents = list(session.incidents) + device.incidents  # the areas' notes after the session's
    device.requests = session.counters.requests
    return device


async def inventory_host(
    host: str, profile: Profile, device_id: int = 0, progress: ProgressCallback | None = None
) -> Device:
    """Live inventory; a device that cannot be read comes back with `error` set, never raised."""
    from netinv_tui.core.snmp.live import open_session

    session = open_session(host, profile)
    try:
        return await inventory_session(session, device_id, progress)
    except NetinvError as error:
        return Device(host=host, id=device_id, error=str(error), requests=session.counters.requests)
    finally:
        await session.close()


async def inventory_many(
    hosts: Sequence[str | Target], profile: Profile, progress: ProgressCallback | None = None
) -> list[Device]:
    """Several hosts ('host' or 'host:port') at once under a limit; results keep the order given.

    Progress events name the target as given, so two agents on one address (ports) stay apart.
    """
    limit = asyncio.Semaphore(DEVICE_CONCURRENCY)
    targets = [host if isinstance(host, Target) else parse_target(host) for host in hosts]

    async def one(target: Target) -> Device:
        def relabel(event: InventoryProgress) -> None:
            if progress:
                progress(dataclasses.replace(event, host=str(target)))

        async with limit:
            return await inventory_host(target.host, target.apply(profile), progress=relabel)

    return list(await asyncio.gather(*(one(target) for target in targets)))
