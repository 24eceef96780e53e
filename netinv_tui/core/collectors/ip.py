"""IP-MIB addresses: the old ipAddrTable (IPv4) and ipAddressTable (IPv4 and IPv6), per port."""

from __future__ import annotations

import ipaddress

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import ArpEntry, Device, IpAddress
from netinv_tui.core.snmp.values import as_int, as_ip, as_mac

IP_ADDR = oids(
    ip_ad_ent_addr="1.3.6.1.2.1.4.20.1.1",
    ip_ad_ent_if_index="1.3.6.1.2.1.4.20.1.2",
    ip_ad_ent_net_mask="1.3.6.1.2.1.4.20.1.3",
)
IP_ADDRESS = oids(
    ip_address_if_index="1.3.6.1.2.1.4.34.1.3",
    ip_address_type="1.3.6.1.2.1.4.34.1.4",
)
#: The ARP cache is ipNetToMediaTable (ifIndex.a.b.c.d), which the bridge area walks (the agents'
#: last resort for a port's addresses), and its successor ipNetToPhysicalTable (ifIndex, address
#: type, length, address: IPv6 neighbours too), which devices that dropped the old table (or keep
#: only IPv4 in it) fill. Junos answers its IPv6 rows out of order: the walker keeps them and says
#: so in a note (snmp/session.py), the inventory is not partial for it.
IP_NET_TO_PHYSICAL = oids(
    ip_net_to_physical_phys_address="1.3.6.1.2.1.4.35.1.4",
    ip_net_to_physical_type="1.3.6.1.2.1.4.35.1.6",
)
INVALID = 2  # ipNetToMediaType / ipNetToPhysicalType invalid(2): an entry being removed


def _prefix(mask: str | None) -> int | None:
    try:
        return ipaddress.IPv4Network(f"0.0.0.0/{mask}").prefixlen if mask else None
    except ValueError:
        return None


#: The length of an InetAddress by its InetAddressType (INET-ADDRESS-MIB): ipv4, ipv6, and both
#: with a 4-octet zone index after the address.
LENGTHS = {1: 4, 2: 16, 3: 8, 4: 20}


def _address_from_index(index: tuple[int, ...]) -> tuple[str, int] | None:
    """ipAddressTable index: addrType, length, octets (types 1/2 = IPv4/IPv6, 3/4 with zone).
    An address of another length is read only where its octets spell the address as text (Brocade
    FabOS writes an IPv6 address as its 39 characters): their first bytes are no address."""
    if len(index) < 2:
        return None
    kind, length, octets = index[0], index[1], index[2:]
    if kind not in LENGTHS or len(octets) != length or any(o > 255 for o in octets):
        return None
    family = 4 if kind in (1, 3) else 6
    if length == LENGTHS[kind]:
        return str(ipaddress.ip_address(bytes(octets[: 4 if family == 4 else 16]))), family
    try:
        address = ipaddress.ip_address(bytes(octets).decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None
    return (str(address), family) if address.version == family else None


def parse(answers: Answers, device: Device) -> None:
    seen: dict[str, IpAddress] = {}
    for index, row in answers.values("ip_addr").items():
        address = as_ip(row.get("ip_ad_ent_addr"))
        if address is None and len(index) == 4:
            address = ".".join(map(str, index))
        if address is None:
            continue
        if_index = as_int(row.get("ip_ad_ent_if_index"))
        mask = as_ip(row.get("ip_ad_ent_net_mask"))
        seen[address] = IpAddress(address, if_index, _prefix(mask), 4)
    for index, row in answers.values("ip_address").items():
        decoded = _address_from_index(index)
        if decoded is None or decoded[0] in seen:
            continue
        if as_int(row.get("ip_address_type")) == 3:  # broadcast
            continue
        if_index = as_int(row.get("ip_address_if_index"))
        seen[decoded[0]] = IpAddress(decoded[0], if_index, None, decoded[1])
    device.ip_addresses = list(seen.values())
    device.arp = _arp(answers)
    device.ips = sorted(a.address for a in device.ip_addresses if a.family == 4) + sorted(
        a.address for a in device.ip_addresses if a.family == 6
    )
    for entry in device.ip_addresses:
        port = device.port(entry.if_index) if entry.if_index is not None else None
        if port is not None:
            port.ips.append(entry.address)


def _arp(answers: Answers) -> list[ArpEntry]:
    """Each resolved address once, IPv4 then IPv6; the old table first where both say it."""
    found: dict[str, ArpEntry] = {}
    for index, row in answers.values("arp").items():
        mac = as_mac(row.get("ip_net_to_media_phys_address"))
        if len(index) == 5 and mac and as_int(row.get("ip_net_to_media_type")) != INVALID:
            ip = ".".join(map(str, index[1:]))
            found.setdefault(ip, ArpEntry(ip, mac, index[0]))
    for index, row in answers.values("ip_neighbours").items():
        decoded = _address_from_index(index[1:])
        mac = as_mac(row.get("ip_net_to_physical_phys_address"))
        if decoded and mac and as_int(row.get("ip_net_to_physical_type")) != INVALID:
            found.setdefault(decoded[0], ArpEntry(decoded[0], mac, index[0]))
    entries = list(found.values())
    return [e for e in entries if "." in e.ip] + [e for e in entries if ":" in e.ip]


AREA = Area(
    "ip",
    parse,
    tables={"ip_addr": IP_ADDR, "ip_address": IP_ADDRESS, "ip_neighbours": IP_NET_TO_PHYSICAL},
    after=("interfaces",),
)
