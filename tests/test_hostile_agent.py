"""A hostile SNMP peer cannot pass its answers off as another device's: a relay on 127.0.0.97
forwards each request to a real agent (snmpsim) and answers from another address, or from another
port; netinv must take neither, and must still read the device when the relay answers honestly."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import pytest

from netinv_tui.core.inventory import inventory_host
from netinv_tui.core.lab import Lab, free_udp_port
from netinv_tui.core.profiles import Profile

ASKED = "127.0.0.97"


class Relay:
    """Receives on ASKED:port, asks the real agent, answers from `answer_from` (address, port)."""

    def __init__(self, agent: tuple[str, int], answer_from: tuple[str, int] | None) -> None:
        self.port = free_udp_port([ASKED])
        self.inbound = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.inbound.bind((ASKED, self.port))
        self.inbound.settimeout(0.2)
        self.outbound = None
        if answer_from is not None:
            self.outbound = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.outbound.bind(answer_from)
        self.agent = agent
        self.relayed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        upstream.settimeout(2)
        while not self._stop.is_set():
            try:
                request, client = self.inbound.recvfrom(65536)
            except TimeoutError:
                continue
            upstream.sendto(request, self.agent)
            try:
                answer, _ = upstream.recvfrom(65536)
            except TimeoutError:
                continue
            (self.outbound or self.inbound).sendto(answer, client)
            self.relayed += 1
        upstream.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.inbound.close()
        if self.outbound is not None:
            self.outbound.close()


@pytest.fixture
def agent(lab: Lab) -> Iterator[tuple[str, int]]:
    device = lab.device("ln-sharp")
    yield (device.host, device.port)


def read_through(relay: Relay) -> object:
    profile = Profile("t", community="public", port=relay.port, timeout=0.5, retries=1)
    return asyncio.run(inventory_host(ASKED, profile))


def test_an_honest_relay_is_read(agent: tuple[str, int]) -> None:
    relay = Relay(agent, answer_from=None)
    try:
        device = read_through(relay)
    finally:
        relay.close()
    assert device.error is None and device.type == "PRINTER"  # type: ignore[attr-defined]


@pytest.mark.parametrize("elsewhere", ["another address", "another port"])
def test_answers_from_elsewhere_are_not_taken(agent: tuple[str, int], elsewhere: str) -> None:
    from netinv_tui.core.snmp.network import STRAYS

    source = ("127.0.0.98", 0) if elsewhere == "another address" else (ASKED, 0)
    relay = Relay(agent, answer_from=source)
    before = STRAYS.requests
    try:
        device = read_through(relay)
    finally:
        relay.close()
    assert relay.relayed >= 1, "the hostile peer did answer"
    assert device.error is not None and "no response" in device.error  # type: ignore[attr-defined]
    assert device.type is None  # type: ignore[attr-defined]
    assert STRAYS.requests > before


def test_a_netbios_answer_from_an_address_not_asked_is_dropped() -> None:
    """127.0.0.2 is asked and answers from 127.0.0.3 (a host outside the sweep speaking for it);
    127.0.0.4 answers honestly. Only 127.0.0.4 is reported."""
    from lab_responders import node_status_answer

    from netinv_tui.core.discovery.netbios import node_status

    port = free_udp_port(["127.0.0.2", "127.0.0.3", "127.0.0.4"])
    asked, liar, honest = (socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(3))
    asked.bind(("127.0.0.2", port))
    liar.bind(("127.0.0.3", port))
    honest.bind(("127.0.0.4", port))
    stop = threading.Event()

    def serve(sock: socket.socket, reply_from: socket.socket, name: str) -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                data, peer = sock.recvfrom(1024)
            except TimeoutError:
                continue
            answer = node_status_answer(data, "02:00:00:00:00:09", name, "EVIL", "mallory")
            if answer is not None:
                reply_from.sendto(answer, peer)

    threads = [threading.Thread(target=serve, args=(asked, liar, "IMPOSTOR"), daemon=True),
               threading.Thread(target=serve, args=(honest, honest, "HONEST"), daemon=True)]  # fmt: skip
    for thread in threads:
        thread.start()
    try:
        answers, sent = asyncio.run(node_status(["127.0.0.2", "127.0.0.4"], timeout=1.0, port=port))
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        for sock in (asked, liar, honest):
            sock.close()
    assert sent == 2
    assert set(answers) == {"127.0.0.4"} and answers["127.0.0.4"].name == "HONEST"
