"""A sweep's cost in requests, counted where an agent would count them: every recording served by
snmpsim, each behind a counting UDP relay on its own loopback address, swept as one range.

The sweep ends when its slowest identity read ends, so what bounds it is the requests one device
needs, not their sum: a chassis with hundreds of interfaces must not need more than a small switch.
Requests, not seconds: a loaded CI machine slows every reply, never the count.
"""

from __future__ import annotations

import asyncio
import select
import socket
import threading
from collections.abc import Iterator

import pytest
from fidelity import NAMES, RECORDINGS

from netinv_tui.core.discovery.ranges import parse_ranges
from netinv_tui.core.discovery.snmp_probe import Credential
from netinv_tui.core.discovery.sweep import SweepOptions, sweep
from netinv_tui.core.lab import Lab, free_udp_port
from netinv_tui.core.profiles import Profile
from netinv_tui.core.scan import Scan

#: The relays' addresses: 127.0.0.(FIRST + n); two silent addresses on each side of them are swept too.
FIRST = 40
#: Requests one device's identity may take, the credential probe and the port check included
#: (12 at most on these recordings: snmpsim answers a GETBULK with 64 varbinds at most; two spare
#: for a retry on a loaded machine).
PER_DEVICE = 14


class CountingRelay:
    """address:port -> the simulator on 127.0.0.1, counting the datagrams that clients send."""

    def __init__(self, address: str, port: int, upstream: int) -> None:
        self.upstream = ("127.0.0.1", upstream)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((address, port))
        self.requests = 0
        self._out: dict[tuple[str, int], socket.socket] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.sock, *self._out.values()], [], [], 0.05)
            for sock in ready:
                try:
                    data, peer = sock.recvfrom(65535)
                except OSError:
                    continue
                if sock is self.sock:
                    self.requests += 1
                    out = self._out.get(peer)
                    if out is None:
                        out = self._out[peer] = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                        out.bind(("127.0.0.1", 0))
                    out.sendto(data, self.upstream)
                else:
                    client = next(c for c, s in self._out.items() if s is sock)
                    self.sock.sendto(data, client)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for sock in [self.sock, *self._out.values()]:
            sock.close()


@pytest.fixture(scope="module")
def relayed() -> Iterator[tuple[dict[str, CountingRelay], int]]:
    addresses = [f"127.0.0.{FIRST + n}" for n in range(len(NAMES))]
    with Lab([RECORDINGS / f"{name}.snmprec" for name in NAMES], startup_timeout=120) as lab:
        port = free_udp_port(addresses)
        relays = {
            device.name: CountingRelay(address, port, device.port)
            for address, device in zip(addresses, lab.devices, strict=True)
        }
        try:
            yield relays, port
        finally:
            for relay in relays.values():
                relay.close()


@pytest.fixture(scope="module")
def swept(relayed: tuple[dict[str, CountingRelay], int]) -> tuple[Scan, dict[str, int]]:
    relays, port = relayed
    profile = Profile("lab", community="public", port=port, timeout=2, retries=1)
    options = SweepOptions(methods=["icmp", "snmp"], credentials=[Credential(profile, "1")])
    last = FIRST + len(NAMES) + 1
    scan = asyncio.run(sweep(parse_ranges([f"127.0.0.{FIRST - 2}-{last}"]), options))
    return scan, {name: relay.requests for name, relay in relays.items()}


def test_every_recording_is_identified(swept: tuple[Scan, dict[str, int]]) -> None:
    scan, _requests = swept
    identified = {h.ip for h in scan.hosts if h.snmp is not None}
    assert identified == {f"127.0.0.{FIRST + n}" for n in range(len(NAMES))}


def test_no_device_needs_more_than_a_few_requests(swept: tuple[Scan, dict[str, int]]) -> None:
    """The Junos chassis (800 interfaces in ifXTable, of which 40 have a MAC) took 26 requests when
    its identity walked every interface's speed and every storage column: now the speeds of the
    MAC-holding interfaces only, and only when the MACs alone do not decide the device's, and the
    storage's mount points only (11 requests)."""
    _scan, requests = swept
    assert max(requests.values()) <= PER_DEVICE, requests
    assert requests["ln-junos_ex4600mp"] < 20  # 26 when every interface's speed was walked


def test_the_counts_at_the_agents_are_the_sweeps_own(swept: tuple[Scan, dict[str, int]]) -> None:
    """What the sweep reports sending is what reached the agents (the silent addresses got none:
    nothing listens there, and the port check ends them at once)."""
    scan, requests = swept
    assert sum(requests.values()) <= scan.packets["snmp"] + len(requests)  # + one port check each


def test_netbios_waits_for_no_host_whose_port_is_closed() -> None:
    """A host without NetBIOS says so (ICMP port unreachable) and the query ends there, not at
    its timeout; one that answers is kept. The timeout here is far beyond what either takes."""
    import time

    from lab_responders import node_status_answer

    from netinv_tui.core.discovery.netbios import node_status

    closed = ["127.0.0.71", "127.0.0.72", "127.0.0.73"]
    port = free_udp_port(["127.0.0.74", *closed])
    responder = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    responder.bind(("127.0.0.74", port))
    responder.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                data, peer = responder.recvfrom(1024)
            except TimeoutError:
                continue
            answer = node_status_answer(data, "02:00:00:00:00:74", "PC74", "LAB", "alice")
            if answer is not None:
                responder.sendto(answer, peer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        answers, sent = asyncio.run(node_status([*closed, "127.0.0.74"], timeout=60.0, port=port))
        took = time.monotonic() - started
    finally:
        stop.set()
        thread.join()
        responder.close()
    assert sent == 4 and set(answers) == {"127.0.0.74"} and answers["127.0.0.74"].name == "PC74"
    assert took < 30.0  # it waited out none of the 60 s
