"""Any text a device, DNS or NetBIOS can send, through every writer: each output stays what it
claims to be (valid XML under its DTD, JSON, one TSV line per row, a rich table with no terminal
control from the data, valid Graphviz DOT), and the text itself survives, as written or as a
visible escape. Hypothesis with derandomize=True: CI runs the same examples every time."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from netinv_tui.core.model import Component, Device, MacEntry, Neighbour, Port, Vlan
from netinv_tui.core.scan import Scan, ScanHost, SnmpIdentity
from netinv_tui.core.text import clean
from netinv_tui.core.topology import Link, Node, Topology, to_dot
from netinv_tui.core.writers import json_writer, netdiscovery_xml, snmpquery_xml
from netinv_tui.core.writers.stream import DocumentStream

FUZZ = settings(derandomize=True, max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: What the network sends: anything, and the hostile strings of issue 25 among it.
HOSTILE = (
    "[/]",
    "[link=http://evil.example]x[/link]",
    "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07",
    "\x1b]0;title\x07",
    "\x1b[2J",
    "sw\r\nfake line",
    "\u202egi0/1",
    "a\u2028b",
    'q"uote\\',
    "{<brace>}",
    "\\",
    "---",
    "-",
)
texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
optional = st.one_of(st.none(), texts)


@st.composite
def devices(draw: st.DrawFn) -> Device:
    neighbours = [
        Neighbour(
            draw(st.sampled_from(["LLDP", "CDP", "EDP"])), sys_name=draw(optional), sys_descr=draw(optional),
            chassis_id=draw(optional), chassis_id_subtype=4, port_descr=draw(optional), port_id=draw(optional),
            model=draw(optional), ip="192.0.2.7",
        )
        for _ in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    ports = [
        Port(index, descr=draw(optional), name=draw(optional), alias=draw(optional), mac="00:00:5e:00:53:01",
             vlans=[Vlan(10, draw(optional))], neighbours=neighbours if index == 1 else [],
             macs=[MacEntry("00:00:5e:00:53:99", 10)])
        for index in range(1, draw(st.integers(1, 3)) + 1)
    ]  # fmt: skip
    return Device(
        host="192.0.2.1",
        name=draw(optional),
        description=draw(optional),
        contact=draw(optional),
        location=draw(optional),
        manufacturer=draw(optional),
        model=draw(optional),
        serial=draw(optional),
        firmware=draw(optional),
        type=draw(st.sampled_from([None, "NETWORKING", "PRINTER"])),
        ports=ports,
        components=[Component(1, name=draw(optional), description=draw(optional), serial=draw(optional))],
        incidents=draw(st.lists(texts, max_size=2)),
        partial=draw(st.booleans()),
        error=draw(st.one_of(st.none(), texts)),
    )


def strings_of(device: Device) -> list[str]:
    """Every non-empty string of the device's fields the writers carry as text."""
    found = [device.name, device.description, device.serial, device.model]
    for port in device.ports:
        found += [port.name, port.descr, port.alias]
    return [s for s in found if s]


@FUZZ
@given(devices())
def test_snmpquery_xml_parses_and_follows_its_dtd(device: Device) -> None:
    document = snmpquery_xml.write_requests([device])
    root = etree.fromstring(document)
    assert root.tag == "REQUEST"
    if not device.error:
        assert snmpquery_xml.validate(document) == [], document.decode()
        if device.name:
            shown = root.findtext(".//INFO/NAME")
            assert shown is not None and "\x1b" not in shown
            # the name is there: as it was, or with controls as visible escapes
            assert shown.strip() in (device.name.strip(), clean(device.name).strip()) or "\\x" in shown


@FUZZ
@given(devices(), devices())
def test_the_streamed_documents_parse_whole(first: Device, second: Device) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("xml", "json"):
            target = Path(folder) / f"out.{fmt}"
            stream = DocumentStream(str(target), fmt)
            stream.add(first)
            stream.add(second)
            assert stream.close() == 2
            data = target.read_bytes()
            if fmt == "xml":
                assert len(etree.fromstring(data).findall(".//DEVICE")) == 2
            else:
                loaded = json.loads(data)
                assert [d["name"] for d in loaded["devices"]] == [first.name, second.name]


@FUZZ
@given(devices())
def test_model_json_loads_back_to_the_same_strings(device: Device) -> None:
    loaded = json.loads(json_writer.write_devices([device]))["devices"][0]
    assert loaded == json.loads(json.dumps(asdict(device)))
    assert loaded["name"] == device.name and loaded["ports"][0]["alias"] == device.ports[0].alias


@st.composite
def hosts(draw: st.DrawFn) -> ScanHost:
    identity = SnmpIdentity(
        "public", "1", sys_name=draw(optional), description=draw(optional), location=draw(optional),
        contact=draw(optional), model=draw(optional), serial=draw(optional), firmware=draw(optional),
    )  # fmt: skip
    return ScanHost(
        ip="192.0.2.9", mac="00:00:5e:00:53:09", dns_name=draw(optional), netbios_name=draw(optional),
        workgroup=draw(optional), user_session=draw(optional), snmp=identity if draw(st.booleans()) else None,
        methods=["arp"],
    )  # fmt: skip


@FUZZ
@given(st.lists(hosts(), min_size=1, max_size=3))
def test_netdiscovery_xml_parses_and_follows_its_dtd(found: list[ScanHost]) -> None:
    scan = Scan(["192.0.2.0/24"], ["arp"], "2026-01-01 00:00:00", hosts=found, probed=256, partial=True)
    document = netdiscovery_xml.write_scan(scan)
    assert netdiscovery_xml.validate(document) == [], document.decode()
    assert len(etree.fromstring(document).findall(".//DEVICE")) == len(found)
    for message in netdiscovery_xml.messages(scan, "7"):
        assert netdiscovery_xml.validate(message) == []


@contextmanager
def terminal_colours() -> Iterator[None]:
    """rich draws for a colour terminal (FORCE_COLOR), as on a technician's screen."""
    before = os.environ.get("FORCE_COLOR")
    os.environ["FORCE_COLOR"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["FORCE_COLOR"]
        else:
            os.environ["FORCE_COLOR"] = before


#: What rich itself sends for the table's own styles: SGR sequences, nothing else.
SGR = re.compile(r"\x1b\[[0-9;]*m")
ROW_COLUMNS = ("device", "port", "remote", "count")


@FUZZ
@given(st.lists(st.tuples(texts, optional, texts, st.integers(0, 9)), min_size=1, max_size=4), texts)
def test_tsv_and_table_rows_stay_rows(rows: list[tuple[str, str | None, str, int]], title: str) -> None:
    from netinv_tui.cli.output import print_rows

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out"
        print_rows(ROW_COLUMNS, rows, "tsv", title=title, output=str(target))
        data = target.read_bytes().decode()
        lines = data.split("\n")
        assert lines[-1] == "" and len(lines) == len(rows) + 2, repr(data)
        for line, row in zip(lines[1:], rows, strict=False):
            cells = line.split("\t")
            assert len(cells) == len(ROW_COLUMNS), repr(line)
            assert cells[0] == clean(row[0]) and cells[3] == str(row[3])
            assert not any(re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202e]", cell) for cell in cells), repr(line)
        with terminal_colours():
            print_rows(ROW_COLUMNS, rows, "table", title=title, output=str(target))
        drawn = target.read_text()
        # the CLI's table (cli/table.py) is plain text even for a colour terminal: no escape at all,
        # so none can come from the data (no SGR, no OSC 8 hyperlink or OSC 0 title)
        assert "\x1b" not in drawn and "\x07" not in drawn and "\x9b" not in drawn and "\x9d" not in drawn
        assert "\r" not in drawn and "\u202e" not in drawn and "\u2028" not in drawn


@FUZZ
@given(st.lists(st.tuples(texts, optional, optional), min_size=1, max_size=4))
def test_a_one_column_table_shows_each_value_as_written(values: list[tuple[str, str | None, str | None]]) -> None:
    from netinv_tui.cli.output import print_rows

    with tempfile.TemporaryDirectory() as folder, terminal_colours():
        target = Path(folder) / "out"
        print_rows(("name",), [(v[0],) for v in values], "table", output=str(target))
        drawn = SGR.sub("", target.read_text())
    for value, _x, _y in values:
        shown = clean(value).strip()
        if shown and " " not in shown:  # rich may wrap at spaces; a word is whole
            assert shown in drawn, (shown, drawn)


DOT_TOKEN = re.compile(r'\s*(?:(?P<q>"(?:\\.|[^"\\\n])*")|(?P<w>[A-Za-z_][A-Za-z_0-9]*)|(?P<p>--|[{}\[\];=,]))')


def dot_tokens(document: str) -> list[tuple[str, str]]:
    """The DOT document as tokens under the language's quoted-ID rule; anything else fails."""
    tokens, at = [], 0
    while document[at:].strip():
        match = DOT_TOKEN.match(document, at)
        assert match is not None, f"not DOT at {at}: {document[at : at + 40]!r}"
        kind = match.lastgroup
        assert kind is not None
        tokens.append((kind, match.group(kind)))
        at = match.end()
    return tokens


def label_lines(token: str) -> list[str]:
    """The lines Graphviz draws for a quoted label: `\\\\` a backslash, `\\"` a quote, `\\n` a line break."""
    text = re.sub(r"\\(.)", lambda m: {"\\": "\\", '"': '"', "n": "\n"}.get(m[1], "\\" + m[1]), token[1:-1])
    return text.split("\n")


@FUZZ
@given(st.lists(st.tuples(optional, optional, optional, texts), min_size=1, max_size=4))
def test_dot_is_valid_and_labels_carry_the_names(entries: list[tuple[str | None, str | None, str | None, str]]) -> None:
    nodes: dict[str, Node] = {}
    for number, (name, model, _port, key) in enumerate(entries):
        nodes[f"{key}#{number}"] = Node(f"{key}#{number}", name, "192.0.2.1", None, model, known=bool(number % 2))
    keys = list(nodes)
    links = [Link(keys[i], entries[i][2], keys[-1 - i], entries[i][3], ["LLDP"]) for i in range(len(keys))]
    document = to_dot(Topology(nodes, links))
    tokens = dot_tokens(document)
    assert tokens[:3] == [("w", "graph"), ("w", "netinv"), ("p", "{")] and tokens[-1] == ("p", "}")
    assert sum(t == ("p", "{") for t in tokens) == 1 and sum(t == ("p", "}") for t in tokens) == 1
    assert sum(t == ("p", "--") for t in tokens) == len(links)
    labels = [label_lines(value) for kind, value in tokens if kind == "q"]
    for node in nodes.values():
        lines = [clean(part) for part in (node.name, node.ip, node.model) if part]
        assert lines in labels, (lines, document)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202e]", document.replace("\n", "")), document


@FUZZ
@given(st.dictionaries(texts, st.one_of(texts, st.lists(optional, max_size=3)), max_size=4))
def test_cli_json_keeps_values_and_sends_no_terminal_controls(data: dict[str, object]) -> None:
    from netinv_tui.cli.output import to_json

    written = to_json(data)
    assert json.loads(written) == data
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]", written), written
