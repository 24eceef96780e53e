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


def on_link(addresses: Sequence[str], interface: str | None = None) -> tuple[dict[str, list[str]], list[str]]:
    """Addresses grouped by the interface whose segment they are on, and those that are not on one."""
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
