"""ICMP echo sweep on one socket, paced to a rate: the liveness test beyond the local segment.

A raw socket gives the reply's TTL (which the ipdiscover analysis reads); without root, Linux's
unprivileged ping sockets (net.ipv4.ping_group_range) still tell who answers, without the TTL.
"""

from __future__ import annotations

import asyncio
import os
import socket
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass

from netinv_tui.core.discovery.errors import MethodUnavailable

ECHO_REQUEST = 8
ECHO_REPLY = 0


@dataclass(frozen=True)
class Echo:
    ip: str
    rtt_ms: float
    ttl: int | None


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def echo_request(identifier: int, sequence: int) -> bytes:
    payload = b"netinv" + struct.pack("!d", time.time())
    header = struct.pack("!BBHHH", ECHO_REQUEST, 0, 0, identifier, sequence)
    checksum = _checksum(header + payload)
    return struct.pack("!BBHHH", ECHO_REQUEST, 0, checksum, identifier, sequence) + payload


def _open() -> tuple[socket.socket, bool]:
    try:
        return socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP), True
    except PermissionError:
        pass
    try:
        return socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP), False
    except OSError:
        raise MethodUnavailable(
            "ICMP needs a raw socket (root or CAP_NET_RAW) or a ping socket (sysctl net.ipv4.ping_group_range)"
        ) from None


async def ping_sweep(
    addresses: Sequence[str], timeout: float = 1.0, rate: float = 500.0, tries: int = 2
) -> tuple[list[Echo], int]:
    """One echo per address per try, `rate` per second; the replies and the number of requests sent."""
    sock, raw = _open()
    sock.setblocking(False)
    loop = asyncio.get_running_loop()
    identifier = os.getpid() & 0xFFFF
    sequence_of = {address: index & 0xFFFF for index, address in enumerate(addresses)}
    by_sequence = {seq: address for address, seq in sequence_of.items()}
    sent_at: dict[str, float] = {}
    replies: dict[str, Echo] = {}
    sent = 0

    def readable() -> None:
        while True:
            try:
                data, (source, _port) = sock.recvfrom(2048)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            ttl = None
            if raw:
                ttl = data[8]
                data = data[(data[0] & 0x0F) * 4 :]
            if len(data) < 8:
                continue
            kind, _code, _sum, ident, seq = struct.unpack("!BBHHH", data[:8])
            if kind != ECHO_REPLY or (raw and ident != identifier):
                continue
            address = by_sequence.get(seq)
            if address != source or address in replies or address not in sent_at:
                continue
            replies[address] = Echo(address, round((time.monotonic() - sent_at[address]) * 1000, 2), ttl)

    loop.add_reader(sock.fileno(), readable)
    try:
        for _attempt in range(max(tries, 1)):
            pending = [a for a in addresses if a not in replies]
            if not pending:
                break
            for address in pending:
                sent_at[address] = time.monotonic()
                try:
                    sock.sendto(echo_request(identifier, sequence_of[address]), (address, 0))
                    sent += 1
                except OSError:  # unreachable network: nothing left the host, nothing to wait for
                    pass
                await asyncio.sleep(1.0 / rate if rate else 0)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and any(a not in replies for a in pending):
                await asyncio.sleep(0.02)
    finally:
        loop.remove_reader(sock.fileno())
        sock.close()
    return [replies[a] for a in addresses if a in replies], sent
