"""Recordings: .snmprec and `snmpwalk -On` read alike; malformed lines named by number."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from netinv_tui.core.errors import BadRecording
from netinv_tui.core.snmp import values as v
from netinv_tui.core.snmp.replay import ReplaySession, load_recording, parse_snmprec, parse_snmpwalk

WALK = """\
.1.3.6.1.2.1.1.1.0 = STRING: "Linux box 5.10
second line"
.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.8072.3.2.10
.1.3.6.1.2.1.1.3.0 = Timeticks: (12345) 0:02:03.45
.1.3.6.1.2.1.2.2.1.6.2 = Hex-STRING: 00 11 22 AA BB CC
.1.3.6.1.2.1.2.2.1.7.2 = INTEGER: up(1)
.1.3.6.1.2.1.2.2.1.10.2 = Counter32: 4000
.1.3.6.1.2.1.4.20.1.1.10.0.0.1 = IpAddress: 10.0.0.1
.1.3.6.1.2.1.31.1.1.1.6.2 = Counter64: 123456789012
.1.3.6.1.2.1.1.4.0 = ""
"""


def test_snmpwalk_text_is_read_with_types() -> None:
    rows = {vb.oid: vb for vb in parse_snmpwalk(WALK.splitlines())}
    assert rows[(1, 3, 6, 1, 2, 1, 1, 1, 0)].value == b"Linux box 5.10\nsecond line"
    assert rows[(1, 3, 6, 1, 2, 1, 1, 2, 0)].value == "1.3.6.1.4.1.8072.3.2.10"
    assert rows[(1, 3, 6, 1, 2, 1, 1, 3, 0)] == ((1, 3, 6, 1, 2, 1, 1, 3, 0), v.TIMETICKS, 12345)
    assert rows[(1, 3, 6, 1, 2, 1, 2, 2, 1, 6, 2)].value == bytes.fromhex("001122aabbcc")
    assert rows[(1, 3, 6, 1, 2, 1, 2, 2, 1, 7, 2)].value == 1
    assert rows[(1, 3, 6, 1, 2, 1, 4, 20, 1, 1, 10, 0, 0, 1)].value == "10.0.0.1"
    assert rows[(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 2)].tag == v.COUNTER64
    assert rows[(1, 3, 6, 1, 2, 1, 1, 4, 0)].value == b""


def test_walk_file_and_snmprec_file_give_the_same_inventory(tmp_path: Path) -> None:
    from netinv_tui.core.inventory import inventory_session

    walk = tmp_path / "box.walk"
    walk.write_text(WALK)
    device = asyncio.run(inventory_session(ReplaySession.from_file(walk)))
    assert device.description == "Linux box 5.10\nsecond line"
    assert device.ports[0].mac == "00:11:22:aa:bb:cc"
    assert device.ports[0].in_octets == 123456789012 and device.ports[0].octets_64bit
    assert device.ips == ["10.0.0.1"]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("1.3.6.1.2.1.1.1.0|4|ok\n1.3.6.1.2.1.1.2.0|4\n", 2, "expected OID|TAG|VALUE"),
        ("1.3.6.1.2.1.1.1.0|4|ok\n\n1.3.6.x|4|a\n", 3, "bad OID"),
        ("1.3.6.1.2.1.1.3.0|67|soon\n", 1, "does not fit tag"),
        ("1.3.6.1.2.1.1.3.0|99|1\n", 1, "unsupported tag"),
    ],
)
def test_malformed_snmprec_names_the_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = tmp_path / "bad.snmprec"
    path.write_text(text)
    with pytest.raises(BadRecording, match=reason) as caught:
        load_recording(path)
    assert caught.value.line == line
    assert f"bad.snmprec:{line}:" in str(caught.value)


def test_getbulk_semantics_match_an_agent() -> None:
    rows = parse_snmprec(["1.3.6.1.2.1.1.1.0|4|a", "1.3.6.1.2.1.1.5.0|4|b", "1.3.6.1.2.1.2.1.0|2|3"])
    session = ReplaySession(rows)
    answer = asyncio.run(session._getbulk([(1, 3, 6, 1, 2, 1, 1)], 5))
    assert [vb.oid for vb in answer[:3]] == [
        (1, 3, 6, 1, 2, 1, 1, 1, 0),
        (1, 3, 6, 1, 2, 1, 1, 5, 0),
        (1, 3, 6, 1, 2, 1, 2, 1, 0),
    ]
    assert answer[-1].tag == v.END_OF_MIB_VIEW
    walked = asyncio.run(session.walk((1, 3, 6, 1, 2, 1, 1)))
    assert [vb.value for vb in walked] == [b"a", b"b"]


@pytest.mark.live
def test_a_recording_made_live_reads_as_the_device_did(lab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`netinv record` keeps everything an inventory reads, LLDP (1.0.8802) and the IEEE LAG MIB
    (1.2.840.10006) included: the copy inventories exactly as the original recording."""
    import subprocess
    import sys

    from fidelity import RECORDINGS

    from netinv_tui.core.inventory import inventory_session
    from netinv_tui.core.writers.snmpquery_xml import write_requests

    served = lab.device("ln-arubaos-cx_10.07")
    copy = tmp_path / "copy.snmprec"
    result = subprocess.run(
        [sys.executable, "-m", "netinv_tui", "record", f"{served.host}:{served.port}", "-o", str(copy)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    original = asyncio.run(inventory_session(ReplaySession.from_file(RECORDINGS / "ln-arubaos-cx_10.07.snmprec")))
    recorded = asyncio.run(inventory_session(ReplaySession.from_file(copy)))
    assert sum(len(p.neighbours) for p in recorded.ports) == sum(len(p.neighbours) for p in original.ports) > 0
    assert write_requests([recorded]) == write_requests([original])
