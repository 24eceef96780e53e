"""Targets as users type them, and the human units both faces print."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netinv_tui.core import history, units
from netinv_tui.core.errors import UsageError
from netinv_tui.core.model import Device
from netinv_tui.core.profiles import Profile
from netinv_tui.core.targets import Target, parse_target
from netinv_tui.core.writers import registry as export


@pytest.mark.parametrize(
    ("text", "host", "port"),
    [
        ("switch1", "switch1", None),
        ("192.0.2.7", "192.0.2.7", None),
        ("192.0.2.7:1161", "192.0.2.7", 1161),
        (" core-sw.example.net ", "core-sw.example.net", None),
        ("2001:db8::1", "2001:db8::1", None),
        ("[2001:db8::1]:161", "2001:db8::1", 161),
        ("[::1]", "::1", None),
    ],
)
def test_targets_parse(text: str, host: str, port: int | None) -> None:
    assert parse_target(text) == Target(host, port)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no host"),
        ("host:0", "invalid port"),
        ("host:70000", "invalid port"),
        ("host:abc", "invalid port"),
        ("bad host", "invalid host"),
        ("[2001:db8::1", "IPv6"),
        ("2001:db8::zz", "invalid IPv6"),
    ],
)
def test_bad_targets_say_why(text: str, reason: str) -> None:
    with pytest.raises(UsageError, match=reason):
        parse_target(text)


def test_target_port_overrides_the_profile_only_when_given() -> None:
    profile = Profile("p", port=161)
    assert Target("h").apply(profile) is profile
    assert Target("h", 1161).apply(profile).port == 1161
    assert profile.port == 161
    assert str(Target("2001:db8::1", 161)) == "[2001:db8::1]:161"


def test_units() -> None:
    assert units.speed(1_000_000_000) == "1 Gb/s"
    assert units.speed(100_000_000) == "100 Mb/s"
    assert units.speed(2_500_000_000) == "2.5 Gb/s"
    assert units.speed(10_000) == "10 kb/s"
    assert units.speed(None) == "" and units.speed(0) == "0"
    assert units.octets(999) == "999 B"
    assert units.octets(1_234_567) == "1.23 MB"
    assert units.octets(512_000_000_000) == "512 GB"
    assert units.uptime(100 * (3 * 86400 + 3600 + 61)) == "3 d 01:01:01"
    assert units.uptime(6000) == "00:01:00"
    assert units.port_state(2, 1) == "disabled"
    assert units.port_state(1, 7) == "lowerLayerDown"
    assert units.duplex(3) == "full" and units.duplex(9) == "9"


def test_export_picks_format_from_the_name_and_writes_atomically(tmp_path: Path) -> None:
    device = Device(host="192.0.2.1", name="sw1")
    assert export.export([device], tmp_path / "a.json") > 0
    assert json.loads((tmp_path / "a.json").read_text())["devices"][0]["name"] == "sw1"
    export.export([device], tmp_path / "a.xml")
    assert b"<REQUEST>" in (tmp_path / "a.xml").read_bytes()
    with pytest.raises(UsageError, match="no such folder"):
        export.export([device], tmp_path / "missing" / "a.xml")
    with pytest.raises(UsageError, match="folder"):
        export.export([device], tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "a.xml"]


def test_history_keeps_most_recent_first_without_duplicates() -> None:
    assert history.load() == []
    history.remember("a")
    history.remember("b")
    assert history.remember("a") == ["a", "b"]
    assert history.load() == ["a", "b"]


def test_a_labs_ports_are_all_different() -> None:
    """Ports released one by one can come back twice before the simulators bind them."""
    from netinv_tui.core.lab import free_udp_ports

    ports = free_udp_ports(200)
    assert len(set(ports)) == 200
    assert len(free_udp_ports(3, ["127.0.0.10", "127.0.0.11"])) == 3


def test_port_names_sort_as_people_count_them() -> None:
    from netinv_tui.core.units import natural_key

    names = ["Gi1/0/10", "Gi1/0/2", "Gi1/0/1", "ether10", "ether2", "Po1", "Gi2/0/1"]
    assert sorted(names, key=natural_key) == ["ether2", "ether10", "Gi1/0/1", "Gi1/0/2", "Gi1/0/10", "Gi2/0/1", "Po1"]


@pytest.mark.parametrize(
    "spelling",
    [
        "F4CF.E2A9.F628",
        "f4-cf-e2-a9-f6-28",
        "f4cfe2a9f628",
        "F4:CF:E2:A9:F6:28",
        "0xF4CFE2A9F628",
        '"f4 cf e2 a9 f6 28"',
    ],
)
def test_one_mac_reader_takes_every_spelling(spelling: str) -> None:
    from netinv_tui.core.macs import parse_mac
    from netinv_tui.core.snmp.values import as_mac

    assert parse_mac(spelling) == "f4:cf:e2:a9:f6:28"
    assert as_mac(spelling) == "f4:cf:e2:a9:f6:28"  # the SNMP reader is the same one
    assert as_mac(bytes.fromhex("f4cfe2a9f628")) == "f4:cf:e2:a9:f6:28"


def test_junk_is_no_mac() -> None:
    from netinv_tui.core.macs import parse_mac

    assert [parse_mac(t) for t in ("", "f4cf.e2a9", "gg:cf:e2:a9:f6:28", "f4cf.e2a9.f628.0000")] == [None] * 4


def test_a_vlan_contexts_recording_sits_beside_the_device_s() -> None:
    from netinv_tui.core.files import sibling

    assert sibling(Path("/tmp/lab/switch.snmprec"), 10) == Path("/tmp/lab/switch@10.snmprec")
