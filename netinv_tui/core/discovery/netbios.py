"""NetBIOS node status (NBSTAT, RFC 1002 4.2.17-18): a Windows or Samba host's name, workgroup,
logged-in user and MAC, from one UDP datagram to port 137 (what `nmblookup -A` asks)."""

from __future__ import annotations

import asyncio
import os
import struct
from dataclasses import dataclass, field

from netinv_tui.core.macs import format_mac

PORT = 137
#: The wildcard name "*" padded with NULs, first-level encoded (RFC 1001 14.1).
WILDCARD = b"\x20" + b"CK" + b"AA" * 15 + b"\x00"
NBSTAT = 0x21
GROUP_FLAG = 0x8000


@dataclass
class NodeStatus:
    names: list[tuple[str, int, bool]] = field(default_factory=list)  # (name, suffix, group)
    mac: str | None = None

    def _pick(self, suffix: int, group: bool) -> str | None:
        return next((n for n, s, g in self.names if s == suffix and g == group and not n.startswith("IS~")), None)

    @property
    def name(self) -> str | None:
        """The workstation name (suffix 00, unique), as the agents take it."""
        return self._pick(0x00, False)

    @property
    def workgroup(self) -> str | None:
        return self._pick(0x00, True)

    @property
    def user(self) -> str | None:
        """A messenger name (suffix 03, unique) other than the host's own: the user logged in."""
        return next((n for n, s, g in self.names if s == 0x03 and not g and n != self.name), None)


def query(transaction: int) -> bytes:
    header = struct.pack("!HHHHHH", transaction, 0x0000, 1, 0, 0, 0)
    return header + WILDCARD + struct.pack("!HH", NBSTAT, 1)


def parse(data: bytes) -> NodeStatus | None:
    """The node status answer, or None for anything else (short, not an answer, not NBSTAT)."""
    try:
        _tid, flags, _qd, answers, _ns, _ar = struct.unpack("!HHHHHH", data[:12])
        if not flags & 0x8000 or answers < 1:
            return None
        offset = 12
        while data[offset] != 0:  # the answer's name, as encoded labels
            offset += data[offset] + 1
        offset += 1
        rr_type, _cls, _ttl, _length = struct.unpack("!HHIH", data[offset : offset + 10])
        if rr_type != NBSTAT:
            return None
        offset += 10
        count = data[offset]
        offset += 1
        status = NodeStatus()
        for _ in range(count):
            raw = data[offset : offset + 15]
            suffix = data[offset + 15]
            (name_flags,) = struct.unpack("!H", data[offset + 16 : offset + 18])
            offset += 18
            name = raw.decode("ascii", "replace").rstrip(" \x00")
            clean = "".join(ch for ch in name if ch.isprintable())
            status.names.append((clean, suffix, bool(name_flags & GROUP_FLAG)))
        unit = data[offset : offset + 6]
        if len(unit) == 6 and any(unit):
            status.mac = format_mac(unit)
        return status
    except (IndexError, struct.error):
        return None


class _Protocol(asyncio.DatagramProtocol):
    """Keeps an answer only from an address it asked, from the NetBIOS port: anyone can send a
    node status to the socket, and a host outside the sweep must not enter its results."""

    def __init__(self, asked: set[str], port: int) -> None:
        self.answers: dict[str, NodeStatus] = {}
        self.asked = asked
        self.port = port
        self.strays = 0

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:  # type: ignore[override]
        if addr[0] not in self.asked or addr[1] != self.port:
            self.strays += 1
            return
        status = parse(data)
        if status is not None and addr[0] not in self.answers:
            self.answers[addr[0]] = status


class _Own(asyncio.DatagramProtocol):
    """One address's socket, connected: only that address can answer on it, and a closed port
    (ICMP port unreachable) is reported at once instead of being waited out."""

    def __init__(self, address: str, shared: _Protocol, refused: set[str]) -> None:
        self.address = address
        self.shared = shared
        self.refused = refused

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:  # type: ignore[override]
        self.shared.datagram_received(data, addr)

    def error_received(self, exc: Exception) -> None:
        if isinstance(exc, ConnectionRefusedError):
            self.refused.add(self.address)


#: Addresses asked on a socket of their own; past them, one shared socket, on which a host that
#: does not answer is waited for until the timeout (a sweep's live hosts are seldom that many).
OWN_SOCKETS = 256


async def node_status(
    addresses: list[str], timeout: float = 1.0, rate: float = 500.0, port: int = PORT
) -> tuple[dict[str, NodeStatus], int]:
    """Ask every address; the answers by address, and the number of queries sent. The wait ends
    when every address has answered or said that nothing listens on the port."""
    loop = asyncio.get_running_loop()
    asked = set(addresses)
    shared_transport, shared = await loop.create_datagram_endpoint(
        lambda: _Protocol(asked, port), local_addr=("0.0.0.0", 0)
    )
    own: list[asyncio.DatagramTransport] = []
    refused: set[str] = set()
    sent = 0
    try:
        transaction = os.getpid() & 0xFFFF
        for number, address in enumerate(addresses):
            try:
                if number < OWN_SOCKETS:
                    transport, _protocol = await loop.create_datagram_endpoint(
                        lambda address=address: _Own(address, shared, refused),  # type: ignore[misc]
                        remote_addr=(address, port),
                    )
                    own.append(transport)
                    transport.sendto(query(transaction))
                else:
                    shared_transport.sendto(query(transaction), (address, port))
                sent += 1
            except OSError:
                pass
            await asyncio.sleep(1.0 / rate if rate else 0)
        deadline = loop.time() + timeout
        while loop.time() < deadline and len(shared.answers.keys() | refused) < len(addresses):
            await asyncio.sleep(0.02)
    finally:
        shared_transport.close()
        for transport in own:
            transport.close()
    return dict(shared.answers), sent
