"""What a sweep covers: CIDR blocks, 'first-last' ranges and single addresses, checked before
any packet leaves, so a typo never turns into a scan of someone else's network."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from netinv_tui.core.errors import UsageError
from netinv_tui.core.targets import check_ipv4

#: A /16: the largest sweep netinv runs without being told `--max-hosts`.
DEFAULT_MAX_HOSTS = 65536


class TooManyHosts(UsageError):
    """A sweep larger than the limit: refused until the user says they mean it."""

    def __init__(self, total: int, limit: int) -> None:
        super().__init__(f"{total} addresses to sweep is more than --max-hosts {limit}; raise it if you mean it")
        self.total = total
        self.limit = limit


@dataclass(frozen=True)
class Range:
    """One target as the user wrote it, and the first and last address it covers (inclusive)."""

    text: str
    first: int
    last: int
    version: int = 4
    #: The CIDR block it is, if it is one: its hosts leave out the network and broadcast addresses.
    prefix: int | None = None

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def addresses(self) -> Iterator[str]:
        from netaddr import IPAddress

        first, last = self.first, self.last
        if self.version == 4 and self.prefix is not None and self.prefix < 31:
            first, last = first + 1, last - 1
        for value in range(first, last + 1):
            yield str(IPAddress(value, self.version))

    def host_count(self) -> int:
        if self.version == 4 and self.prefix is not None and self.prefix < 31:
            return max(self.size - 2, 0)
        return self.size


#: Addresses no sweep sends to: "this network", multicast, reserved and the limited broadcast
#: (IPv4), unspecified and multicast (IPv6). A probe there reaches many hosts, or none on purpose.
NOT_SWEPT = (
    ("0.0.0.0/8", "'this network' (0.0.0.0/8)"),
    ("224.0.0.0/4", "multicast addresses"),
    ("240.0.0.0/4", "reserved addresses and the broadcast address"),
    ("::/128", "the unspecified address"),
    ("ff00::/8", "multicast addresses"),
)


def _refuse_special(target: Range) -> None:
    from netaddr import IPNetwork

    for block, what in NOT_SWEPT:
        network = IPNetwork(block)
        if network.version == target.version and target.first <= network.last and network.first <= target.last:
            raise UsageError(f"{target.text!r} covers {what}, which netinv never sweeps")


def parse_range(text: str) -> Range:
    """'192.0.2.0/24', '192.0.2.10-192.0.2.50', '192.0.2.10-50', '192.0.2.7', '2001:db8::/120';
    refused whole if it covers a multicast, reserved or broadcast block."""
    target = _parse_range(text)
    _refuse_special(target)
    return target


def _parse_range(text: str) -> Range:
    from netaddr import AddrFormatError, IPAddress, IPNetwork

    def address(part: str) -> IPAddress:
        check_ipv4(part.strip())  # '10.0.0.300' is "not an address", with why
        return IPAddress(part.strip())

    spec = text.strip()
    if not spec:
        raise UsageError("empty target")
    try:
        if "/" in spec:
            base, _, length = spec.partition("/")
            if not length.isdigit():
                raise UsageError(f"invalid CIDR {text!r}: the prefix length must be a number")
            network = IPNetwork(f"{address(base)}/{length}")
            if address(base) != network.network:
                raise UsageError(f"invalid CIDR {text!r}: host bits set; did you mean {network.cidr}?")
            return Range(spec, network.first, network.last, network.version, network.prefixlen)
        if "-" in spec:
            start_text, _, end_text = spec.partition("-")
            start = address(start_text)
            end_text = end_text.strip()
            if start.version == 4 and end_text.isdigit():  # 192.0.2.10-50: the last byte
                end_text = str(start).rsplit(".", 1)[0] + "." + end_text
            end = address(end_text)
            if start.version != end.version:
                raise UsageError(f"invalid range {text!r}: both ends must be IPv4 or both IPv6")
            if end < start:
                raise UsageError(f"invalid range {text!r}: it ends before it starts")
            return Range(spec, int(start), int(end), start.version)
        single = address(spec)
        return Range(spec, int(single), int(single), single.version)
    except (AddrFormatError, ValueError) as error:
        raise UsageError(f"invalid target {text!r}: give a CIDR block, a range or an address") from error


def parse_ranges(texts: Sequence[str], max_hosts: int = DEFAULT_MAX_HOSTS) -> list[Range]:
    """Every target parsed, refused as a whole if one is invalid or they add up to too many hosts."""
    if not texts:
        raise UsageError("give at least one target (CIDR, range or address): netinv never picks one itself")
    ranges = [parse_range(text) for text in texts]
    total = sum(r.host_count() for r in ranges)
    if total > max_hosts:
        raise TooManyHosts(total, max_hosts)
    return ranges


def addresses(ranges: Sequence[Range]) -> list[str]:
    """Each address once, in the order given."""
    return list(dict.fromkeys(address for r in ranges for address in r.addresses()))


def local_broadcasts() -> set[str]:
    """The directed broadcast address of every IPv4 network this host is on (Linux's routing table):
    192.0.2.255 is a host of 192.0.2.0-255 on paper and every host of a /24 on the wire."""
    import socket
    import struct

    found: set[str] = set()
    from pathlib import Path

    try:
        lines = Path("/proc/net/route").read_text(encoding="ascii").splitlines()[1:]
    except OSError:
        return found
    for line in lines:
        fields = line.split()
        if len(fields) < 8:
            continue
        destination, mask = (struct.unpack("<I", bytes.fromhex(fields[i]))[0] for i in (1, 7))
        if mask in (0, 0xFFFFFFFF):
            continue  # the default route, and routes to one host, have no broadcast address
        found.add(socket.inet_ntoa(struct.pack(">I", (destination | ~mask) & 0xFFFFFFFF)))
    return found
