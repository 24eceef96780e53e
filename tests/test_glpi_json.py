"""GLPI's native JSON (writers/glpi_json.py) against GLPI's own converter and schema.

Every corpus walk and recording is replayed into a Device; netinv's SNMPQUERY XML of it goes
through GLPI's converter (../shared/glpi_format/convert.php, PHP) and the JSON writer's document
must be that, field by field, but for the differences ALLOWED lists, each with its reason, and it
must validate against inventory.schema.json with no string tolerance (GLPI's unit-test mode),
and against 1.1.36's, which refuses any property it does not name (older GLPI 10.0 builds).
The same for the NETDISCOVERY DEVICE of a host made from each device's identity.
"""

from __future__ import annotations

import copy
import dataclasses
import ipaddress
import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
GLPI_FORMAT = HERE.parents[1] / "shared" / "glpi_format"
sys.path.insert(0, str(GLPI_FORMAT))
check = pytest.importorskip("check")  # skipped without jsonschema (or without ../shared)

from corpus_scoreboard import inventory, sources  # noqa: E402

from netinv_tui.core.model import Device, Neighbour  # noqa: E402
from netinv_tui.core.scan import ScanHost, SnmpIdentity  # noqa: E402
from netinv_tui.core.writers import glpi_json, netdiscovery_xml, snmpquery_xml  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("php") is None, reason="php-cli and php-xml not installed")

Doc = dict[str, Any]
#: inventory_format 1.1.36: additionalProperties false on every object, as older GLPI 10.0 builds check.
OLDER_SCHEMA = GLPI_FORMAT / "inventory.schema.1.1.36.json"


def refusals(document: Doc) -> list[str]:
    """Why GLPI would refuse the document, in strict mode, with today's schema or 1.1.36's."""
    return check.json_problems(document, strict=True) + check.json_problems(document, strict=True, schema=OLDER_SCHEMA)


Rule = Callable[[Doc, Doc], None]


# -- what may differ, each rule editing the converter's document into ours where it applies -------


def _no_type(converted: Doc, ours: Doc) -> None:
    """No TYPE in the XML: the converter guesses itemtype Computer and writes no type, which the
    schema requires; the writer says NETWORKING, the XML writers' default for an ERROR."""
    device = converted["content"].get("network_device")
    if device is not None and "type" not in device:
        device["type"], converted["itemtype"] = glpi_json.TYPES[glpi_json.DEFAULT_TYPE]


def _counters_as_integers(converted: Doc, ours: Doc) -> None:
    """The converter casts only ten of the fourteen page counters (COPYCOLOR, COPYBLACK_A3,
    COPYCOLOR_A3, FAXTOTAL stay text); the schema wants integers for all."""
    counters = converted["content"].get("pagecounters", {})
    for key, value in counters.items():
        if isinstance(value, str) and value.isdigit():
            counters[key] = int(value)


def _remote_port_not_a_number(converted: Doc, ours: Doc) -> None:
    """A remote port number that is not a number (an LLDP port id such as Gi0/1): the converter
    casts it to null, the writer leaves it out."""
    for port in converted["content"].get("network_ports", []):
        for connection in port.get("connections", []):
            if "ifnumber" in connection and connection["ifnumber"] is None:
                del connection["ifnumber"]


def _credentials_not_a_number(converted: Doc, ours: Doc) -> None:
    """AUTHSNMP that is not a number (a profile named, not a server's credential id): the
    converter casts it to null, which the schema refuses; the writer leaves it out."""
    device = converted["content"].get("network_device", {})
    if "credentials" in device and device["credentials"] is None:
        del device["credentials"]


def _out_of_bounds(converted: Doc, ours: Doc) -> None:
    """An integer outside the schema's bounds (IFSTATUS 0...): the converter copies it and GLPI
    refuses the whole document; the writer leaves the value out."""
    for port in converted["content"].get("network_ports", []):
        for (section, key), (low, high) in glpi_json.BOUNDS.items():
            if (
                section == "network_ports"
                and key in port
                and not (isinstance(port[key], int) and low <= port[key] <= high)
            ):
                del port[key]


def _not_an_address(converted: Doc, ours: Doc) -> None:
    """An IP that is neither IPv4 nor IPv6: the converter copies it, the schema refuses it."""

    def valid(value: str) -> bool:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            return False
        return "%" not in value

    holders = [converted["content"].get("network_device", {}), *converted["content"].get("network_ports", [])]
    for holder in holders:
        if "ips" in holder:
            holder["ips"] = [ip for ip in holder["ips"] if valid(ip)]
            if not holder["ips"]:
                del holder["ips"]


def _error_itemtype(converted: Doc, ours: Doc) -> None:
    """An ERROR has no INFO, so the converter's itemtype is its default, Computer; the writer
    takes it from the ERROR's TYPE."""
    error = converted["content"].get("error")
    if error is not None and "network_device" not in converted["content"]:
        converted["itemtype"] = glpi_json.TYPES.get(error.get("type", ""), ("", "Computer"))[1]


def _error_id_integer(converted: Doc, ours: Doc) -> None:
    """The converter casts nothing in ERROR; the schema wants its id an integer."""
    error = converted["content"].get("error", {})
    if isinstance(error.get("id"), str) and error["id"].isdigit():
        error["id"] = int(error["id"])


ALLOWED: dict[str, Rule] = {
    "no type": _no_type,
    "page counters as integers": _counters_as_integers,
    "remote port number not a number": _remote_port_not_a_number,
    "credentials not a number": _credentials_not_a_number,
    "integer out of the schema's bounds": _out_of_bounds,
    "not an IP address": _not_an_address,
    "itemtype of an error": _error_itemtype,
    "error id as an integer": _error_id_integer,
}


def differences(converted: Doc, ours: Doc, path: str = "$") -> Iterator[str]:
    if isinstance(converted, dict) and isinstance(ours, dict):
        for key in sorted(set(converted) | set(ours)):
            if key not in ours:
                yield f"{path}.{key}: only the converter's, {converted[key]!r:.80}"
            elif key not in converted:
                yield f"{path}.{key}: only ours, {ours[key]!r:.80}"
            else:
                yield from differences(converted[key], ours[key], f"{path}.{key}")
    elif isinstance(converted, list) and isinstance(ours, list) and len(converted) == len(ours):
        for index, (left, right) in enumerate(zip(converted, ours, strict=True)):
            yield from differences(left, right, f"{path}[{index}]")
    elif converted != ours or type(converted) is not type(ours):
        yield f"{path}: converter {converted!r:.80}, ours {ours!r:.80}"


def compare(converted: Doc, ours: Doc) -> tuple[list[str], list[str]]:
    """(differences left after the allowed ones, the names of the allowed ones that applied)."""
    applied = []
    for name, rule in ALLOWED.items():
        before = copy.deepcopy(converted)
        rule(converted, ours)
        if converted != before:
            applied.append(name)
    return list(differences(converted, ours)), applied


def convert_all(documents: dict[str, bytes], folder: Path) -> dict[str, Doc | str]:
    """GLPI's converter on every document (two php processes at a time): the JSON, or why not."""
    folder.mkdir(exist_ok=True)
    paths = {}
    for name, body in documents.items():
        paths[name] = folder / f"{name}.xml"
        paths[name].write_bytes(body)

    def one(name: str) -> tuple[str, Doc | str]:
        done = subprocess.run(
            ["php", str(GLPI_FORMAT / "convert.php"), str(paths[name])], capture_output=True, text=True
        )
        return name, json.loads(done.stdout) if done.returncode == 0 else done.stderr.strip()

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, documents))


# -- the corpus --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def devices() -> dict[str, Device]:
    """Every corpus walk and recording the scoreboard reads, as `netinv inventory --file` reads it."""
    return {source.ident: inventory(source.walk)[0] for source in sources()}


@pytest.fixture(scope="module")
def converted(devices: dict[str, Device], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Doc | str]:
    xml = {ident: snmpquery_xml.write_requests([device]) for ident, device in devices.items()}
    return convert_all(xml, tmp_path_factory.mktemp("snmpquery"))


def test_every_netinventory_document_validates_in_strict_mode(devices: dict[str, Device]) -> None:
    refused = {}
    for ident, device in devices.items():
        problems = refusals(glpi_json.netinventory(device))
        if problems:
            refused[ident] = problems[:3]
    assert refused == {}
    assert len(devices) == 134


def test_netinventory_is_what_the_converter_makes_of_the_xml(
    devices: dict[str, Device], converted: dict[str, Doc | str]
) -> None:
    left: dict[str, list[str]] = {}
    applied: Counter[str] = Counter()
    for ident, device in devices.items():
        theirs = converted[ident]
        assert isinstance(theirs, dict), f"{ident}: the converter refused netinv's XML: {theirs}"
        remaining, rules = compare(theirs, glpi_json.netinventory(device))
        applied.update(rules)
        if remaining:
            left[ident] = remaining[:5]
    assert left == {}
    # what the corpus needs today (the XML writers may come to need less, never more)
    assert set(applied) <= {"no type", "page counters as integers"}, applied
    print(dict(applied))


def test_every_type_gets_the_converters_type_and_itemtype(devices: dict[str, Device], tmp_path: Path) -> None:
    typed = {name: dataclasses.replace(devices["ln-ios_2960x"], type=name) for name in glpi_json.TYPES}
    converted = convert_all({name: snmpquery_xml.write_requests([d]) for name, d in typed.items()}, tmp_path)
    for name, device in typed.items():
        theirs, ours = converted[name], glpi_json.netinventory(device)
        assert isinstance(theirs, dict), theirs
        assert compare(theirs, ours) == ([], []), name
        assert (ours["content"]["network_device"]["type"], ours["itemtype"]) == glpi_json.TYPES[name]
        assert refusals(ours) == [], name


def test_the_jobid_deviceid_and_versionclient_are_the_xmls(devices: dict[str, Device], tmp_path: Path) -> None:
    """PROCESSNUMBER is jobid and DEVICEID deviceid in the converter's document; so they are here."""
    device = devices["ln-ios_2960x"]
    xml = snmpquery_xml.to_bytes(snmpquery_xml.request_document(device, "switch-agent-7", "42"))
    theirs = convert_all({"one": xml}, tmp_path)["one"]
    assert isinstance(theirs, dict)
    ours = glpi_json.netinventory(device, "switch-agent-7", 42)
    assert compare(theirs, ours) == ([], [])
    assert (ours["jobid"], ours["deviceid"], ours["itemtype"]) == (42, "switch-agent-7", "NetworkEquipment")


# -- values the schema refuses ------------------------------------------------------------------


def _hostile(device: Device) -> Device:
    """A real device given the values GLPI refuses after conversion, and text XML cannot carry."""
    device = copy.deepcopy(device)
    first, second = sorted(device.ports, key=lambda p: p.index)[:2]
    first.oper_status, first.admin_status, first.duplex = 0, 4, 0
    second.ips = ["not-an-address", "192.0.2.7", "fe80::1%eth0"]
    second.neighbours = [Neighbour("CDP", sys_name="peer", port_number="Gi0/1", port_descr="GigabitEthernet0/1")]
    device.ips = ["192.0.2.7", "300.1.1.1"]
    device.name = " \t "
    device.location = "rack\x01 4"
    return device


def test_values_the_schema_refuses_are_left_out_and_only_they(devices: dict[str, Device], tmp_path: Path) -> None:
    device = _hostile(devices["ln-ios_2960x"])
    theirs = convert_all({"hostile": snmpquery_xml.write_requests([device])}, tmp_path)["hostile"]
    assert isinstance(theirs, dict)
    ours = glpi_json.netinventory(device)
    assert refusals(ours) == []
    remaining, applied = compare(theirs, ours)
    assert remaining == []
    assert set(applied) <= {
        "integer out of the schema's bounds",
        "not an IP address",
        "remote port number not a number",
    }
    first, second = ours["content"]["network_ports"][:2]
    assert not {"ifstatus", "ifinternalstatus", "ifportduplex"} & set(first)
    assert second["ips"] == ["192.0.2.7"]
    assert second["connections"] == [{"ifdescr": "GigabitEthernet0/1", "sysname": "peer"}]
    assert ours["content"]["network_device"]["ips"] == ["192.0.2.7"]
    assert "name" not in ours["content"]["network_device"]  # blank, as the converter drops it
    assert ours["content"]["network_device"]["location"] == "rack\\x01 4"  # the XML's text


def test_bounds_are_the_schemas() -> None:
    """BOUNDS holds every minimum and maximum the schema puts on what the writer emits."""
    schema = json.loads((GLPI_FORMAT / "inventory.schema.json").read_text())["properties"]["content"]["properties"]
    found = {}
    for section in ("network_device", "network_ports", "network_components", "firmwares", "pagecounters", "cartridges"):
        node = schema[section]
        properties = node.get("items", node).get("properties", {})
        for key, spec in properties.items():
            if "minimum" in spec or "maximum" in spec:
                found[(section, key)] = (spec["minimum"], spec["maximum"])
    assert found == glpi_json.BOUNDS


def test_a_device_whose_reading_failed_sends_its_error(tmp_path: Path) -> None:
    device = Device(host="192.0.2.9", id=12, type="PRINTER", error="no answer to SNMP (timeout)")
    theirs = convert_all({"error": snmpquery_xml.write_requests([device])}, tmp_path)["error"]
    assert isinstance(theirs, dict)
    ours = glpi_json.netinventory(device)
    assert compare(theirs, ours) == ([], ["itemtype of an error", "error id as an integer"])
    assert ours["itemtype"] == "Printer" and refusals(ours) == []


# -- netdiscovery -------------------------------------------------------------------------------


def _hosts(devices: dict[str, Device]) -> dict[str, ScanHost]:
    """A host per device, its identity as discovery/snmp_probe.identify_host builds it, and
    hosts found without SNMP: by ARP only, by NetBIOS, by DNS after a ping."""
    hosts = {}
    for number, (ident, device) in enumerate(sorted(devices.items())):
        ip = f"198.51.100.{number + 1}"
        identity = SnmpIdentity(
            profile="public",
            auth_id=str(number % 3 + 1),
            sys_name=device.name,
            description=device.description,
            location=device.location,
            contact=device.contact,
            uptime=device.uptime,
            type=device.type,
            manufacturer=device.manufacturer,
            model=device.model,
            serial=device.serial,
            firmware=device.firmware,
            mac=device.mac,
            ips=list(dict.fromkeys([ip, *(a.address for a in device.ip_addresses if a.family == 4)])),
        )
        hosts[ident] = ScanHost(ip, mac=device.mac, dns_name=f"{ident}.example.net", snmp=identity, methods=["snmp"])
    hosts["arp-only"] = ScanHost("192.0.2.20", mac="00:11:22:33:44:55", methods=["arp"])
    hosts["netbios"] = ScanHost(
        "192.0.2.21",
        mac="00:11:22:33:44:56",
        netbios_name="PC-21",
        workgroup="OFFICE",
        user_session="bob",
        methods=["netbios"],
    )
    hosts["ping-dns"] = ScanHost("192.0.2.22", dns_name="printer.example.net", methods=["icmp", "dns"])
    hosts["ping-only"] = ScanHost("192.0.2.23", methods=["icmp"])
    named = SnmpIdentity(profile="lab-v3", auth_id="lab-v3", sys_name="sw-lab", type="NETWORKING", uptime=4711)
    hosts["named-credential"] = ScanHost("192.0.2.24", snmp=named, methods=["snmp"])
    return hosts


def test_netdiscovery_is_what_the_converter_makes_of_the_xml(devices: dict[str, Device], tmp_path: Path) -> None:
    hosts = _hosts(devices)
    xml = {name: netdiscovery_xml.device_messages([host], "1", entity="0")[0] for name, host in hosts.items()}
    converted = convert_all(xml, tmp_path)
    left, refused = {}, {}
    applied: Counter[str] = Counter()
    for name, host in hosts.items():
        theirs = converted[name]
        assert isinstance(theirs, dict), f"{name}: the converter refused netinv's XML: {theirs}"
        ours = glpi_json.netdiscovery(host)
        remaining, rules = compare(theirs, ours)
        applied.update(rules)
        if remaining:
            left[name] = remaining[:5]
        problems = refusals(ours)
        if problems:
            refused[name] = problems[:3]
    assert left == {} and refused == {}
    assert dict(applied) == {"credentials not a number": 1}  # the named credential, nothing else
    assert glpi_json.netdiscovery(hosts["netbios"])["content"]["hardware"] == {"workgroup": "OFFICE"}
    assert glpi_json.netdiscovery(hosts["arp-only"])["itemtype"] == "Unmanaged"


def test_a_file_of_devices_is_one_document_a_line(devices: dict[str, Device]) -> None:
    chosen = [devices["ln-ios_2960x"], devices["ln-sharp"]]
    before = [dataclasses.asdict(d) for d in chosen]
    lines = glpi_json.write_netinventory(chosen, "agent-1").decode().splitlines()
    assert [json.loads(line) for line in lines] == [glpi_json.netinventory(d, "agent-1") for d in chosen]
    assert [dataclasses.asdict(d) for d in chosen] == before  # the writer changes nothing in the model
    body = json.loads(glpi_json.to_bytes(glpi_json.netinventory(chosen[1])))
    assert body["itemtype"] == "Printer" and isinstance(body["content"]["pagecounters"]["copycolor"], int)
