"""Crawl the neighbours: inventory a seed, then every device whose management address its LLDP,
CDP or EDP neighbours give, breadth first, each device once, several at once under a limit.

Only addresses inside the ranges the user gave are ever contacted, the seed included; every other
address a neighbour named is reported as refused, with who named it. The crawl stops at
`max_devices` (the rest reported as left out), so a mistyped range cannot walk a campus.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from netinv_tui.core.discovery.ranges import Range
from netinv_tui.core.errors import UsageError
from netinv_tui.core.faults import unit
from netinv_tui.core.model import Device
from netinv_tui.core.profiles import Profile
from netinv_tui.core.targets import Target

#: Devices a crawl reads unless told otherwise: a closet, not a campus.
DEFAULT_MAX_DEVICES = 32
#: Devices read at once.
AT_ONCE = 8


@dataclass
class Crawled:
    devices: list[Device] = field(default_factory=list)
    #: Addresses outside the ranges, each with the device that named it: never contacted.
    refused: list[tuple[str, str]] = field(default_factory=list)
    #: Addresses inside the ranges left for the device limit.
    left_out: list[str] = field(default_factory=list)


def inside(ip: str, ranges: Sequence[Range]) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(r.version == address.version and r.first <= int(address) <= r.last for r in ranges)


def management_addresses(device: Device) -> list[str]:
    """The addresses the device's neighbours gave, in port order, each once."""
    found: list[str] = []
    for neighbour in [n for p in device.ports for n in p.neighbours] + device.unplaced_neighbours:
        if neighbour.ip and neighbour.ip not in found:
            found.append(neighbour.ip)
    return found


async def crawl(
    seed: Target,
    profile: Profile,
    within: Sequence[Range],
    max_devices: int = DEFAULT_MAX_DEVICES,
    on_device: Callable[[Device, int, int], None] | None = None,
) -> Crawled:
    """`on_device(device, read, queued)` is called as each device is read (progress for a face)."""
    from netinv_tui.core.inventory import inventory_host

    if not within:
        raise UsageError("a crawl needs --within: the ranges it may contact")
    if not inside(seed.host, within):
        raise UsageError(f"the seed {seed.host} is outside --within: nothing would be contacted")
    result = Crawled()
    seen = {seed.host}
    queue = [seed.host]
    planned = 1  # devices read or queued: the limit counts these
    limit = asyncio.Semaphore(AT_ONCE)

    async def read(host: str) -> Device:
        async with limit:
            target = Target(host, seed.port)  # every device on the seed's port (the profile's, usually)
            return await inventory_host(host, target.apply(profile))

    while queue:
        batch, queue = queue, []
        for device in await asyncio.gather(*(read(host) for host in batch)):
            result.devices.append(device)
            for ip in management_addresses(device):
                if ip in seen:
                    continue
                seen.add(ip)
                if not inside(ip, within):
                    result.refused.append((ip, device.name or device.host))
                elif planned >= max_devices:
                    result.left_out.append(ip)
                else:
                    planned += 1
                    queue.append(ip)
            if on_device:  # the face's rendering of one device is that device's business
                with unit(f"device {device.host}: progress", lambda _reason: None):
                    on_device(device, len(result.devices), len(queue))
    return result
