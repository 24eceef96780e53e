"""GLPI 10/11 accepts every document and message netinv sends: GLPI's own converter (Converter.php,
run by PHP) and its inventory schema, through ../shared/glpi_format/check.py.

A document GLPI refuses loses the device's whole inventory on the server, silently for the user:
so every walk of the corpus, every recording, the demo lab's devices, a discovery, the control
messages and what `submit` and `agent` post are checked, in GLPI's production mode and in its
strict (unit-test) mode. Strict mode may only fail where GLPI's converter itself leaves a counter
as a numeric string (it casts a fixed list of fields, read from Converter.php below).
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fake_server import FakeServer
from lxml import etree
from written import SYSTEM, interfaces, write

from netinv_tui.core import bounds, device_type
from netinv_tui.core.inventory import inventory_session
from netinv_tui.core.lab import Lab, bundled_recordings
from netinv_tui.core.model import Device
from netinv_tui.core.server.submit import split
from netinv_tui.core.snmp.replay import ReplaySession
from netinv_tui.core.writers import netdiscovery_xml
from netinv_tui.core.writers.snmpquery_xml import write_requests

HERE = Path(__file__).parent
GLPI_FORMAT = HERE.resolve().parents[1] / "shared" / "glpi_format"
if not (GLPI_FORMAT / "check.py").is_file():
    pytest.skip(f"GLPI's converter and schema are not at {GLPI_FORMAT}", allow_module_level=True)
if shutil.which("php") is None:
    pytest.skip("php is not installed (scripts/setup.sh installs php-cli and php-xml)", allow_module_level=True)
sys.path.insert(0, str(GLPI_FORMAT))
check = pytest.importorskip("check")

#: Fields GLPI's converter casts to integers (its convertTypes list); any other integer field of
#: the schema reaches GLPI's validator as the string the XML held.
CAST = set(re.findall(r"'(\w+/\w+)'", (GLPI_FORMAT / "lib/php/Converter.php").read_text(encoding="utf-8")))
LEFT_AS_STRING = re.compile(r"\$\.content\.(\w+)(?:\[\d+\])?\.(\w+)  '\d+' is not of type 'integer'")


def _converter_leftover(problem: str) -> bool:
    found = LEFT_AS_STRING.fullmatch(problem)
    return found is not None and f"{found[1]}/{found[2]}" not in CAST


def verdicts(documents: dict[str, bytes]) -> dict[str, tuple[list[str], list[str]]]:
    """name -> (production problems, strict problems); two PHP runs at a time (2 cores)."""

    def both(body: bytes) -> tuple[list[str], list[str]]:
        return check.problems(body), check.problems(body, strict=True)

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(documents, pool.map(both, documents.values()), strict=True))


def assert_accepted(documents: dict[str, bytes]) -> dict[str, list[str]]:
    """Every document accepted in production mode, and in strict mode but for converter leftovers
    (returned, per document, for the report)."""
    assert documents
    results = verdicts(documents)
    refused = {name: found[0] for name, found in results.items() if found[0]}
    assert not refused, f"{len(refused)} of {len(results)} refused: {refused}"
    strict = {name: found[1] for name, found in results.items() if found[1]}
    wrong = {name: [p for p in found if not _converter_leftover(p)] for name, found in strict.items()}
    assert not any(wrong.values()), wrong
    return strict


def _inventory(path: Path) -> Device:
    return asyncio.run(inventory_session(ReplaySession.from_file(path)))


def _sources() -> Iterator[Path]:
    yield from sorted((HERE / "corpus" / "walks").glob("*.walk"))
    yield from sorted((HERE / "recordings").rglob("*.snmprec"))
    yield from bundled_recordings()


def test_every_inventory_netinv_writes_is_accepted() -> None:
    documents = {}
    for path in _sources():
        if "@" not in path.name:
            device = _inventory(path)
            assert device.type in device_type.GLPI_TYPES, (path.name, device.type)
            documents[f"{path.parent.name}/{path.name}"] = write_requests([device])
    assert len(documents) >= 121 + 15
    strict = assert_accepted(documents)
    print(f"\nGLPI accepts {len(documents)} of {len(documents)} inventories; strict mode "
          f"{len(documents) - len(strict)}, the rest converter leftovers: {sorted(strict)}")  # fmt: skip


def test_the_bounds_table_is_the_schemas() -> None:
    """SCHEMA_BOUNDS says what inventory.schema.json says, and misses no bound on a field netinv writes."""
    content = json.loads((GLPI_FORMAT / "inventory.schema.json").read_text())["properties"]["content"]["properties"]

    def prop(path: str) -> dict:  # type: ignore[type-arg]
        section, name = path.split(".")
        node = content[section]
        return (node.get("items", node))["properties"][name]  # type: ignore[no-any-return]

    for bound in bounds.SCHEMA_BOUNDS:
        schema = prop(bound.schema)
        if bound.address:
            formats = {each.get("format") for each in schema["items"]["anyOf"]}
            assert formats == {"ipv4", "ipv6"}, bound
        else:
            assert (schema.get("minimum"), schema.get("maximum")) == (bound.low, bound.high), bound
    written = ("network_device", "network_ports", "network_components", "pagecounters", "cartridges", "firmwares")
    elsewhere = {
        "network_device.type": "device_type.settle_type",
        "network_components.ip": "not written (COMPONENT has no IP in netinv's documents)",
    }
    for section in written:
        node = content[section].get("items", content[section])
        for name, schema in node["properties"].items():
            inner = schema.get("items", schema)
            keys = {"minimum", "maximum", "enum", "pattern", "format"} & {*inner, *schema}
            keys |= {"format" for each in inner.get("anyOf", []) if "format" in each}
            if keys:
                path = f"{section}.{name}"
                assert path in elsewhere or any(b.schema == path for b in bounds.SCHEMA_BOUNDS), path


def test_values_outside_the_schema_are_left_out_with_a_note(tmp_path: Path) -> None:
    """A port status or duplex of 0, as some walks hold: GLPI would refuse the whole device."""
    text = SYSTEM + interfaces(1, 2, 3) + "\n".join([
        "1.3.6.1.2.1.2.2.1.7.1|2|0", "1.3.6.1.2.1.2.2.1.8.1|2|0",  # ifAdminStatus, ifOperStatus 0
        "1.3.6.1.2.1.2.2.1.7.2|2|1", "1.3.6.1.2.1.2.2.1.8.2|2|9",
        "1.3.6.1.2.1.2.2.1.7.3|2|1", "1.3.6.1.2.1.2.2.1.8.3|2|1",
        "1.3.6.1.2.1.10.7.2.1.19.1|2|0", "1.3.6.1.2.1.10.7.2.1.19.2|2|0", "1.3.6.1.2.1.10.7.2.1.19.3|2|3",
    ])  # fmt: skip
    device = _inventory(write(tmp_path / "zeros.snmprec", text))
    ports = {p.index: p for p in device.ports}
    assert (ports[1].admin_status, ports[1].oper_status, ports[1].duplex) == (None, None, None)
    assert (ports[2].admin_status, ports[2].oper_status, ports[2].duplex) == (1, None, None)
    assert (ports[3].admin_status, ports[3].oper_status, ports[3].duplex) == (1, 1, 3)
    notes = [n for n in device.incidents if "GLPI's schema" in n]
    assert any(n.startswith("duplex 0 left out (port 1, port 2)") for n in notes), notes
    assert any(n.startswith("oper_status 9 left out (port 2)") for n in notes), notes
    assert any(n.startswith("admin_status 0 left out (port 1)") for n in notes), notes
    document = write_requests([device])
    assert document.count(b"<IFPORTDUPLEX>") == 1 and document.count(b"<IFSTATUS>") == 1
    assert check.problems(document, strict=True) == []


def test_addresses_that_are_not_addresses_are_left_out(tmp_path: Path) -> None:
    device = Device(host="192.0.2.1", type="NETWORKING", ips=["192.0.2.1", "fe80::1%eth0", "not an ip"])
    _losses, notes = bounds.out_of_range(device)
    assert device.ips == ["192.0.2.1"]
    assert len(notes) == 2 and all("an IPv4 or IPv6 address" in n for n in notes)
    assert check.problems(write_requests([device]), strict=True) == []


def test_a_device_nothing_identifies_is_networking_and_says_why(tmp_path: Path) -> None:
    text = "1.3.6.1.2.1.1.1.0|4|a thing\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.7\n1.3.6.1.2.1.1.5.0|4|thing\n"
    device = _inventory(write(tmp_path / "thing.snmprec", text + interfaces(1)))
    assert device.type == device_type.DEFAULT_TYPE == "NETWORKING"
    assert device.identification["type"].startswith("default NETWORKING: nothing identified the device")
    assert check.problems(write_requests([device]), strict=True) == []


@pytest.mark.parametrize("written", ["Power", "router"])
def test_a_type_glpi_does_not_know_is_settled(written: str) -> None:
    device = Device(host="192.0.2.1", type=written)
    device_type.settle_type(device)
    assert device.type == ("POWER" if written == "Power" else "NETWORKING")
    assert check.problems(write_requests([device]), strict=True) == []


def test_every_control_message_is_accepted() -> None:
    messages = {}
    for query in ("NETDISCOVERY", "SNMPQUERY"):
        for agent in ({"START": 1}, {"NBIP": 17}, {"END": 1}, {"EXIT": 1}):
            messages[f"{query} {agent}"] = netdiscovery_xml.control("4711", "netinv-test", query, **agent)
    failed = Device(host="192.0.2.99", id="199", error="no response from 192.0.2.99")
    messages["SNMPQUERY DEVICE/ERROR"] = write_requests([failed])
    # the converter casts no ERROR field: its ID stays the string "199", refused only in strict mode
    assert set(assert_accepted(messages)) == {"SNMPQUERY DEVICE/ERROR"}


@pytest.fixture()
def server() -> Iterator[FakeServer]:
    running = FakeServer()
    yield running
    running.close()


def _jobs(lab: Lab) -> str:
    """Both tasks over the demo lab, and a device that never answers (its DEVICE/ERROR)."""
    first, last = lab.addresses()[0], lab.addresses()[-1]
    query = "".join(
        f'<DEVICE TYPE="NETWORKING" ID="{100 + n}" IP="{address}" AUTHSNMP_ID="2" PORT="{lab.port}"/>'
        for n, address in enumerate(lab.addresses())
    )
    query += f'<DEVICE TYPE="PRINTER" ID="199" IP="127.0.0.99" AUTHSNMP_ID="2" PORT="{lab.port}"/>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<REPLY>
  <OPTION><NAME>NETDISCOVERY</NAME><PARAM THREADS_DISCOVERY="4" TIMEOUT="2" PID="4711"/>
    <RANGEIP ID="3" IPSTART="{first}" IPEND="{last}" ENTITY="0" PORT="{lab.port}"/>
    <AUTHENTICATION ID="2" VERSION="2c" COMMUNITY="public"/>
  </OPTION>
  <OPTION><NAME>SNMPQUERY</NAME><PARAM THREADS_QUERY="2" TIMEOUT="2" PID="4712"/>
    {query}
    <AUTHENTICATION ID="2" VERSION="2c" COMMUNITY="public"/>
  </OPTION>
  <PROLOG_FREQ>24</PROLOG_FREQ>
</REPLY>"""


def _posted(server: FakeServer) -> dict[str, bytes]:
    """The result messages the server received (not CONTACT / PROLOG), by order and query."""
    return {
        f"{n} {r.query}": r.body
        for n, r in enumerate(server.received)
        if r.content_type != "application/json" and r.query in ("NETDISCOVERY", "SNMPQUERY")
    }


def test_what_the_agent_posts_is_accepted(spread_lab: Lab, server: FakeServer) -> None:
    """`netinv agent --once` on the demo lab: discovery and inventory, control messages, an ERROR."""
    server.jobs = _jobs(spread_lab)
    done = subprocess.run(
        [sys.executable, "-m", "netinv_tui", "agent", "--server", server.url, "--once", "--device-budget", "60"],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    posted = _posted(server)
    roots = [etree.fromstring(body) for body in posted.values()]
    devices = [r for r in roots if r.find("CONTENT/DEVICE/INFO") is not None]
    assert len(devices) == len(spread_lab.addresses())
    assert sum(r.find("CONTENT/DEVICE/ERROR") is not None for r in roots) == 1
    assert sum(r.findtext("QUERY") == "NETDISCOVERY" and r.find("CONTENT/DEVICE") is not None for r in roots) >= 5
    assert {a.tag for r in roots for a in r.findall("CONTENT/AGENT/*")} >= {"START", "NBIP", "END"}
    leftovers = assert_accepted(posted)
    # strict mode: the ERROR's ID and a printer's uncast counters (COPYCOLOR), as above
    assert all(b"<ERROR>" in posted[name] or b"<PAGECOUNTERS>" in posted[name] for name in leftovers)


def test_a_discovery_file_is_what_submit_posts(spread_lab: Lab, server: FakeServer, tmp_path: Path) -> None:
    """`discover -o` writes every host in one REQUEST: GLPI refuses that as one message (its
    converter takes one DEVICE), so `submit` posts it split, and each message it posts is accepted.
    `--control` writes those messages themselves."""
    out = tmp_path / "scan.xml"
    sweep = [sys.executable, "-m", "netinv_tui", "discover", spread_lab.range_text(), "--port", str(spread_lab.port),
             "--methods", "snmp", "--community", "public", "-F", "xml", "--quiet", "--no-store"]  # fmt: skip
    done = subprocess.run([*sweep, "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    document = out.read_bytes()
    assert document.count(b"<DEVICE>") == len(spread_lab.addresses())
    assert check.problems(document)[0].startswith("CONVERT-ERROR")  # why submit splits it
    messages = {f"{n} {what}": body for n, (what, body) in enumerate(split(document, "netinv-test", "scan.xml"))}
    assert len(messages) == len(spread_lab.addresses()) + 3  # START, NBIP, a DEVICE each, END
    assert_accepted(messages)

    done = subprocess.run([sys.executable, "-m", "netinv_tui", "submit", str(out), "--server", server.url, "--quiet"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    posted = _posted(server)
    assert len(posted) == len(messages)
    assert_accepted(posted)

    control = tmp_path / "control.xml"
    done = subprocess.run([*sweep, "--control", "-o", str(control)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    parts = [b"<?xml" + p for p in control.read_bytes().split(b"<?xml") if p.strip()]
    assert len(parts) == len(spread_lab.addresses()) + 4
    assert_accepted({f"part {n}": part for n, part in enumerate(parts)})


def test_an_inventory_file_of_several_devices_is_posted_split() -> None:
    """`inventory -o` with several devices: refused as one message, accepted as `submit` splits it."""
    devices = [_inventory(path) for path in bundled_recordings()[:3]]
    document = write_requests(devices)
    assert check.problems(document)[0].startswith("CONVERT-ERROR")
    messages = {f"{n} {what}": body for n, (what, body) in enumerate(split(document, "netinv-test", "inv.xml"))}
    assert len(messages) == 3
    assert_accepted(messages)
