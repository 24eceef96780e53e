"""What a broken or hostile agent sends stays in that device: each case is answered by a real UDP
peer on 127.0.0.60 (tests/crafted_agent.py) whose BER is written by hand, and the device is then
written as XML and JSON and kept in the store, as a run would.

Each case: the device comes back (never an exception), the bad value is not in any output, and
the device's notes say what was dropped.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from crafted_agent import IF, IFX, SYS, CraftedAgent, Request, integer, ip, octets, oid, running, switch, unsigned

from netinv_tui.core.inventory import inventory_host
from netinv_tui.core.model import Device
from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp import ber
from netinv_tui.core.snmp.connect import ENGINE_VARIABLE
from netinv_tui.core.snmp.network import STRAYS
from netinv_tui.core.store import devices as store
from netinv_tui.core.writers.json_writer import write_devices
from netinv_tui.core.writers.snmpquery_xml import validate, write_requests

CDP = (1, 3, 6, 1, 4, 1, 9, 9, 23, 1, 2, 1, 1)
LLDP_REM = (1, 0, 8802, 1, 1, 2, 1, 4, 1, 1)
LLDP_MAN = (1, 0, 8802, 1, 1, 2, 1, 4, 2, 1, 3)


def read(agent: CraftedAgent, timeout: float = 1.0) -> Device:
    with running(agent):
        return asyncio.run(inventory_host(agent.address, Profile("p", port=agent.port, timeout=timeout, retries=0)))


def written(device: Device) -> str:
    """The device through every output a run writes it to: XML (valid), JSON, the store."""
    xml = write_requests([device])
    assert validate(xml) == []
    store.record_inventory(device)
    return xml.decode() + write_devices([device])


def with_row(change: Callable[[dict], None]) -> CraftedAgent:
    table = switch()
    change(table)
    return CraftedAgent(table)


def test_a_plain_crafted_switch_is_read_whole() -> None:
    device = read(CraftedAgent(switch()))
    assert device.error is None and not device.partial and device.incidents == []
    assert device.name == "crafted" and [p.name for p in device.ports] == ["Gi0/1", "Gi0/2"]


HUGE = 10**5000  # str() of it raises ValueError (Python's limit on int-to-str digits)


@pytest.mark.parametrize(
    ("case", "change", "dropped"),
    [
        ("integer of 5,000 digits", lambda t: t.update({(*IF, 3, 1): integer(HUGE)}), "1.3.6.1.2.1.2.2.1.3.1"),
        ("OID value with a 5,000-digit arc", lambda t: t.update({(*SYS, 2, 0): oid((1, 3, 6, 1, 4, 1, HUGE))}),
         "1.3.6.1.2.1.1.2.0"),
        ("Gauge32 of 2^63", lambda t: t.update({(*IF, 5, 1): unsigned(2**63, 0x42)}), "1.3.6.1.2.1.2.2.1.5.1"),
        ("Counter32 of 2^40", lambda t: t.update({(*IF, 10, 1): unsigned(2**40, 0x41)}), "1.3.6.1.2.1.2.2.1.10.1"),
        ("Counter64 of 2^64", lambda t: t.update({(*IFX, 6, 1): unsigned(2**64, 0x46)}), "1.3.6.1.2.1.31.1.1.1.6.1"),
        ("Integer32 of 2^31", lambda t: t.update({(*IF, 4, 1): integer(2**31)}), "1.3.6.1.2.1.2.2.1.4.1"),
        ("IpAddress of 5 octets", lambda t: t.update({(1, 3, 6, 1, 2, 1, 4, 20, 1, 1, 10, 0, 0, 1): ip(b"\n\0\0\1\5"),
                                                     (1, 3, 6, 1, 2, 1, 4, 20, 1, 2, 10, 0, 0, 1): integer(1)}),
         "1.3.6.1.2.1.4.20.1.1.10.0.0.1"),
        ("non-minimal OID arc", lambda t: t.update({(*SYS, 2, 0): oid((1, 3, 6, 1, 4, 1, 9, 1, 1208), pad_arc=6)}),
         "1.3.6.1.2.1.1.2.0"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("engine", ["ber", "pysnmp"])
def test_a_value_out_of_its_range_is_no_value_with_a_note(case: str, change: Callable[[dict], None], dropped: str,
                                                          engine: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Both transports (netinv's BER, and pysnmp, which SNMPv3 uses) hold values to the same rules."""
    if engine == "pysnmp":
        monkeypatch.setenv(ENGINE_VARIABLE, "pysnmp")
    device = read(with_row(change))
    if engine == "pysnmp" and (device.error or device.partial):
        # pyasn1 refuses some of these whole (a constraint error on a Gauge32 of 2^63): pysnmp
        # drops the datagram and the request times out. Still this device's business alone.
        assert "no response" in (device.error or "") or "went silent" in "; ".join(device.incidents), case
        assert device.error or written(device)
        return
    assert device.error is None, case
    assert not device.partial  # nothing was lost but the value itself
    assert any(dropped in note and "value dropped" in note for note in device.incidents), device.incidents
    xml = written(device).split("</REQUEST>")[0]  # the note may quote the value; the facts may not
    for huge in (str(2**63), str(2**40), str(2**64), str(2**31), "0.1.2", "10.0.0.1.5"):
        assert huge not in xml
    assert device.name == "crafted" and len(device.ports) == 2


def test_an_ifindex_past_what_an_oid_may_hold_leaves_that_row_out() -> None:
    def beyond(table: dict) -> None:
        for key in [k for k in table if (k[:9] == IF or k[:10] == IFX) and k[-1] == 2]:
            table[(*key[:-1], 2**63 + 5)] = table.pop(key)

    device = read(with_row(beyond))
    assert device.error is None
    assert [p.index for p in device.ports] == [1]
    assert any("name was dropped" in note for note in device.incidents)
    assert str(2**63 + 5) not in written(device)


def test_digits_in_an_octet_string_where_a_number_is_due_are_that_number() -> None:
    device = read(
        with_row(lambda t: t.update({(*IFX, 15, 1): octets("40000"), (*IF, 5, 1): unsigned(2**32 - 1, 0x42)}))
    )
    assert device.error is None
    assert device.ports[0].speed == 40_000_000_000
    written(device)


def test_a_cdp_address_that_is_not_hex_is_no_address() -> None:
    def cdp(table: dict) -> None:
        table[(*CDP, 3, 1, 1)] = integer(1)
        table[(*CDP, 4, 1, 1)] = octets("0xZZZZ")
        table[(*CDP, 6, 1, 1)] = octets("peer")
        table[(*CDP, 7, 1, 1)] = octets("Gi0/9")

    device = read(with_row(cdp))
    assert device.error is None and not device.partial, device.incidents
    [neighbour] = [n for p in device.ports for n in p.neighbours]
    assert neighbour.sys_name == "peer" and neighbour.ip is None
    written(device)


def test_an_lldp_management_address_with_an_octet_over_255_is_no_address() -> None:
    def lldp(table: dict) -> None:
        table[(*LLDP_REM, 9, 0, 1, 1)] = octets("nbr")
        table[(*LLDP_MAN, 0, 1, 1, 1, 4, 10, 0, 0, 300)] = integer(2)

    device = read(with_row(lldp))
    assert device.error is None
    neighbours = [n for p in device.ports for n in p.neighbours] + device.unplaced_neighbours
    assert neighbours and all(n.ip != "10.0.0.300" for n in neighbours)
    assert "10.0.0.300" not in written(device)


def rewrite(kind: str, how: Callable[[list], list]) -> Callable[[Request, list], tuple[int, int, list]]:
    return lambda request, binds: (0, 0, how(binds) if request.kind == kind else binds)


FORGED = (oid((*SYS, 5, 0)), octets("forged"))


@pytest.mark.parametrize(
    ("case", "rewriting", "expect_name"),
    [
        ("GET answered one short", rewrite("get", lambda b: b[:-1]), "crafted"),
        ("GET answered with nothing", rewrite("get", lambda b: []), None),
        ("GETNEXT answered one short", rewrite("next", lambda b: b[:-1]), "crafted"),
        ("GET answered with a foreign varbind", rewrite("get", lambda b: [*b, FORGED]), "crafted"),
        ("GET answered with its varbinds reversed", rewrite("get", lambda b: b[::-1]), "crafted"),
        ("GETBULK answered with more than asked", rewrite("bulk", lambda b: b + b), "crafted"),
    ],
)
def test_an_answer_of_the_wrong_shape_is_taken_as_asked(
    case: str, rewriting: Callable, expect_name: str | None
) -> None:
    table = switch()
    device = read(CraftedAgent(table, rewriting))
    assert device.error is None, case
    assert device.name == expect_name
    assert "forged" not in written(device)
    assert any("answered with" in note or "GETBULK" in note for note in device.incidents), device.incidents


@pytest.mark.parametrize(
    ("status", "index", "kind"), [(5, 1, "bulk"), (5, 0, "get"), (2, 99, "get"), (2, 99, "bulk"), (18, 3, "get")]
)
def test_an_error_status_ends_that_request_only(status: int, index: int, kind: str) -> None:
    """genErr, or noSuchName at a position the request does not have: the device fails or is
    partial with the agent's words; no exception, no task left to fail at shutdown."""
    failing = CraftedAgent(switch(), lambda r, b: (status, index, b) if r.kind == kind else (0, 0, b))
    device = read(failing)
    reason = device.error or "; ".join(device.incidents)
    assert ber.ERROR_STATUS[status] in reason


def test_an_answer_in_another_version_or_community_is_not_taken() -> None:
    before = STRAYS.requests
    device = read(CraftedAgent(switch(), header=(7, b"other")), timeout=0.3)
    assert device.error is not None and "no response" in device.error
    assert STRAYS.requests > before


def test_a_strangers_spray_costs_microseconds_and_the_device_is_read_whole() -> None:
    """A peer that floods the client's port with 65 KB datagrams (a huge OID, a valid header) from
    an address never asked: they are dropped on their header, so the inventory of the real agent
    takes its usual time and nothing of it is lost."""
    huge_oid = oid((1, 3, *([2**31] * 11000)))  # > 60 KB
    junk = b"\x30\x84" + (65000).to_bytes(4, "big") + integer(1) + octets("public") + b"\xa2\x84" + b"\0" * 60000

    agent = CraftedAgent(switch(), delay=0.03)  # a slow agent: the spray has time to do its worst
    stop = threading.Event()
    sent = [0]

    def spray() -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as out:
            out.bind(("127.0.0.61", 0))
            datagram = b"\x30" + b"\x83" + (len(huge_oid) + 40).to_bytes(3, "big") + integer(1) + octets("public")
            datagram += huge_oid
            while not stop.is_set():
                for client in list(agent.clients):
                    for payload in (datagram, junk):
                        try:
                            out.sendto(payload, client)
                            sent[0] += 1
                        except OSError:
                            pass
                time.sleep(0.005)

    thread = threading.Thread(target=spray, daemon=True)
    with running(agent):
        thread.start()
        started = time.process_time()
        device = asyncio.run(inventory_host(agent.address, Profile("p", port=agent.port, timeout=2, retries=1)))
        cpu = time.process_time() - started
        stop.set()
        thread.join()
    assert device.error is None and not device.partial and len(device.ports) == 2
    assert sent[0] > 20
    assert cpu < 5.0


def test_the_header_is_checked_before_anything_costly() -> None:
    """65 KB of varbinds behind a header nobody asked for: refused in microseconds."""
    body = b"".join(b"\x30" + bytes((len(oid((1, 3, 6, 1, i)) + b"\x05\x00"),)) + oid((1, 3, 6, 1, i)) + b"\x05\x00"
                    for i in range(1, 5000))  # fmt: skip
    pdu = integer(12345) + integer(0) + integer(0) + b"\x30\x83" + len(body).to_bytes(3, "big") + body
    message = integer(1) + octets("public") + b"\xa2\x83" + len(pdu).to_bytes(3, "big") + pdu
    datagram = b"\x30\x83" + len(message).to_bytes(3, "big") + message
    started = time.perf_counter()
    for _ in range(1000):
        head = ber.decode_header(datagram)
    per_datagram = (time.perf_counter() - started) / 1000
    assert head.request_id == 12345
    assert per_datagram < 50e-6  # the whole body would take milliseconds to decode
    started = time.perf_counter()
    ber.decode_body(datagram, head)
    assert time.perf_counter() - started > 10 * per_datagram


def test_json_of_a_device_is_valid_whatever_its_numbers() -> None:
    device = Device(host="x", uptime=2**70, cpu=-(2**64))
    from netinv_tui.core import bounds

    losses, notes = bounds.out_of_range(device)
    assert device.uptime is None and device.cpu is None and losses == []
    assert len(notes) == 2 and all("out of range" in note for note in notes)
    json.loads(write_devices([device]))


@pytest.mark.parametrize(("status", "index", "kind"), [(5, 1, "bulk"), (2, 99, "get"), (5, 0, "get")])
def test_an_error_status_costs_one_line_on_the_command_line(status: int, index: int, kind: str) -> None:
    """genErr or a noSuchName pointing nowhere, with a second device beside it: one line for the
    device, the other device written, no asyncio traceback at shutdown."""
    failing = CraftedAgent(switch(), lambda r, b: (status, index, b) if r.kind == kind else (0, 0, b))
    good = CraftedAgent(switch("beside"), address="127.0.0.62")
    with running(failing), running(good):
        done = subprocess.run(
            [sys.executable, "-m", "netinv_tui", "inventory", f"{failing.address}:{failing.port}",
             f"{good.address}:{good.port}", "--community", "public", "--timeout", "1", "--retries", "0"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode in (3, 4), done.stderr
    assert "Traceback" not in done.stderr and "Task exception" not in done.stderr and "unhandled" not in done.stderr
    assert all(line.startswith("netinv:") for line in done.stderr.splitlines()), done.stderr
    assert ber.ERROR_STATUS[status] in done.stderr
    assert "<NAME>beside</NAME>" in done.stdout


def test_a_device_pysnmp_refuses_costs_one_line_on_the_command_line() -> None:
    """pyasn1 refuses a Gauge32 of 2^63 inside pysnmp's datagram callback: the request times out,
    the device is partial, and stderr keeps one line per event."""
    table = switch()
    table[(*IF, 5, 1)] = unsigned(2**63, 0x42)
    agent = CraftedAgent(table)
    env = {**os.environ, ENGINE_VARIABLE: "pysnmp"}
    with running(agent):
        done = subprocess.run(
            [sys.executable, "-m", "netinv_tui", "inventory", f"{agent.address}:{agent.port}", "--community",
             "public", "--timeout", "1", "--retries", "0"],
            capture_output=True, text=True, timeout=120, env=env,
        )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and "Exception in callback" not in done.stderr, done.stderr
    assert all(line.startswith("netinv:") for line in done.stderr.splitlines()), done.stderr


def test_what_asyncio_and_pysnmp_log_goes_to_netinv_log(private_dirs: Path) -> None:
    """A task that failed unheard, or a callback's exception, is logged by asyncio itself: into
    netinv.log (cleaned), never over the screen."""
    import logging

    from netinv_tui.core import crashlog

    crashlog.capture_library_logs()
    try:
        raise ValueError("from \x1b[2Jsomewhere")
    except ValueError:
        logging.getLogger("asyncio").exception("Exception in callback")
    log = (private_dirs / "data" / "netinv.log").read_text()
    assert "asyncio: Exception in callback" in log and "ValueError: from \\x1b[2Jsomewhere" in log
    assert "\x1b" not in log
