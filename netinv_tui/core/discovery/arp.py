"""ARP sweep of the local segment with scapy: the cheapest liveness test, and the MAC with it.

Only addresses on a directly connected network are asked (the routing table says which, or
`--interface`); scapy is imported here only, and it blocks, so callers run it in a thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from netinv_tui.core.discovery.errors import MethodUnavailable


@dataclass(frozen=True)
class ArpAnswer:
    ip: str
    mac: str
    rtt_ms: float


def _scapy():  # type: ignore[no-untyped-def]
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)  # no "No IPv4 route" chatter on stderr
    import scapy.all as scapy

    scapy.conf.verb = 0
    return scapy


#: The kernel's IPv4 routing table (Linux): read directly, so that deciding which addresses are on
#: a segment costs no scapy import (a second) when none is, as on loopback or across a router.
PROC_ROUTES = "/proc/net/route"


def _kernel_routes() -> list[tuple[int, int, bool, int, str]] | None:
    """(network, mask, on-link, metric, interface) of every route, or None where unreadable."""
    try:
        with open(PROC_ROUTES, encoding="ascii") as table:
            lines = table.read().splitlines()[1:]
    except OSError:
        return None
    routes = []
    for line in lines:
        fields = line.split()
        if len(fields) < 8:
            continue
        try:
            destination, gateway, flags, metric, mask = (int(fields[i], 16 if i != 6 else 10) for i in (1, 2, 3, 6, 7))
        except ValueError:
            continue
        if not flags & 0x1:  # RTF_UP
            continue
        routes.append((_network_order(destination), _network_order(mask), gateway == 0, metric, fields[0]))
    return routes


def _network_order(raw: int) -> int:
    """/proc/net/route writes addresses as the host stores them (little-endian on x86 and ARM)."""
    import struct
    import sys

    return raw if sys.byteorder == "big" else int(struct.unpack("!I", struct.pack("<I", raw))[0])


def _route(address: str, routes: list[tuple[int, int, bool, int, str]]) -> tuple[str | None, bool]:
    """The interface the kernel would use for `address` and whether it is on that link."""
    import ipaddress

    value = int(ipaddress.IPv4Address(address))
    best = None
    for network, mask, link, metric, iface in routes:
        if value & mask == network and (best is None or (mask, -metric) > (best[0], -best[1])):
            best = (mask, metric, link, iface)
    return (best[3], best[2]) if best else (None, False)


def on_link(addresses: Sequence[str], interface: str | None = None) -> tuple[dict[str, list[str]], list[str]]:
    """Addresses grouped by the interface whose segment they are on, and those that are not on one."""
    routes = _kernel_routes()
    if routes is None:
        return _on_link_scapy(addresses, interface)
    by_interface: dict[str, list[str]] = {}
    routed: list[str] = []
    for address in addresses:
        iface, link = _route(address, routes) if not address.startswith("127.") else (None, False)
        if link and iface and iface != "lo" and (interface is None or iface == interface):
            by_interface.setdefault(iface, []).append(address)
        else:
            routed.append(address)
    return by_interface, routed


def _on_link_scapy(addresses: Sequence[str], interface: str | None) -> tuple[dict[str, list[str]], list[str]]:
    """The same from scapy's copy of the routing table, where the kernel's cannot be read."""
    scapy = _scapy()
    scapy.conf.route.resync()
    by_interface: dict[str, list[str]] = {}
    routed: list[str] = []
    for address in addresses:
        iface, _source, gateway = scapy.conf.route.route(address)
        if interface is not None:
            if iface == interface and gateway == "0.0.0.0":
                by_interface.setdefault(iface, []).append(address)
            else:
                routed.append(address)
        elif gateway == "0.0.0.0" and iface and iface != scapy.conf.loopback_name:
            by_interface.setdefault(str(iface), []).append(address)
        else:
            routed.append(address)
    return by_interface, routed


def local_addresses() -> dict[str, str]:
    """This machine's own IPv4 addresses and their interface MACs: ARP never answers for itself."""
    scapy = _scapy()
    found = {}
    for iface in scapy.conf.ifaces.values():
        ip, mac = getattr(iface, "ip", None), getattr(iface, "mac", None)
        if ip and mac and not ip.startswith("127.") and mac != "00:00:00:00:00:00":
            found[str(ip)] = str(mac).lower()
    return found


def arp_sweep(
    addresses: Sequence[str], interface: str | None = None, timeout: float = 1.0, rate: float | None = None
) -> tuple[list[ArpAnswer], list[str], int]:
    """Who-has for every on-link address: the answers (this machine's own addresses with its own
    MACs, RTT 0), the addresses that are not on a segment ARP can ask, and the requests sent."""
    scapy = _scapy()
    by_interface, routed = on_link(addresses, interface)
    answers: list[ArpAnswer] = []
    sent = 0
    own = local_addresses()
    for iface, targets in by_interface.items():
        answers += [ArpAnswer(ip, own[ip], 0.0) for ip in targets if ip in own]
        targets = [ip for ip in targets if ip not in own]
        if not targets:
            continue
        packets = [scapy.Ether(dst="ff:ff:ff:ff:ff:ff") / scapy.ARP(pdst=target) for target in targets]
        try:
            answered, _unanswered = scapy.srp(
                packets, iface=iface, timeout=timeout, inter=(1.0 / rate) if rate else 0, verbose=False
            )
        except PermissionError:
            raise MethodUnavailable("ARP needs raw sockets: run as root or give python CAP_NET_RAW") from None
        except OSError as error:
            raise MethodUnavailable(f"ARP on {iface}: {error.strerror or error}") from None
        sent += len(packets)
        for request, reply in answered:
            rtt = max(float(reply.time) - float(request.sent_time or reply.time), 0.0) * 1000
            answers.append(ArpAnswer(reply.psrc, str(reply.hwsrc).lower(), round(rtt, 2)))
    return answers, routed, sent
