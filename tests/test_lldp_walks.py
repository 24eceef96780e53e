"""LLDP neighbours on every recorded walk, checked against the walk's own rows (read by test_settled's
parser, not netinv's): the remote port id goes where its subtype says, the neighbour sits on the port
lldpLocPortTable names, and every remote system on a port is kept.

These are the rules the settled entries of the neighbours area rest on (settled.LLDP_PORT_ID,
LLDP_LOCAL_PORT, LLDP_EACH_NEIGHBOUR): the FusionInventory agent ignored the subtype, both agents take
the local port number for a bridge port or an ifIndex, and both keep one neighbour per port.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from corpus_scoreboard import inventory, sources
from test_settled import LLDP_REMOTE, column, lldp_port_ids, number, octets, recorded, value, walk_path

from netinv_tui.core.model import Device, Neighbour

LOCAL_PORT = "1.0.8802.1.1.2.1.3.7.1"  # lldpLocPortTable: .3 port id, .4 port description
NAMED, MAC = (1, 5, 7), 3  # LldpPortIdSubtype: interfaceAlias, interfaceName, local; macAddress


def _walks_with_lldp() -> list[str]:
    found = []
    for source in sources():
        if any(oid.startswith(f"{LLDP_REMOTE}.7.") for oid in recorded(source.ident)):
            found.append(source.ident)
    return found


WALKS = _walks_with_lldp()


@cache
def device(recording: str) -> Device:
    return inventory(walk_path(recording))[0]


def lldp_neighbours(recording: str) -> list[tuple[int | None, Neighbour]]:
    """(ifIndex or None when unplaced, neighbour) for every LLDP neighbour netinv found."""
    found: list[tuple[int | None, Neighbour]] = []
    for port in device(recording).ports:
        found += [(port.index, n) for n in port.neighbours if n.protocol == "LLDP"]
    return found + [(None, n) for n in device(recording).unplaced_neighbours if n.protocol == "LLDP"]


def chassis_mac(recording: str, index: str) -> str | None:
    """A MAC chassis id (subtype 4) as text, from six octets or from the text the walk shows."""
    oid = f"{LLDP_REMOTE}.5.{index}"
    if oid not in recorded(recording):
        return None
    raw = octets(recording, oid)
    if len(raw) == 6:
        return ":".join(f"{b:02x}" for b in raw)
    pairs = re.split(r"[ :.-]", raw.decode(errors="replace").strip().lower())
    return ":".join(pairs) if len(pairs) == 6 and all(re.fullmatch("[0-9a-f]{2}", p) for p in pairs) else None


def remote_rows(recording: str) -> list[dict[str, object]]:
    """Every lldpRemTable row: its index, local port number, subtype, id, description, name, chassis."""
    ids = dict(zip(column(recording, f"{LLDP_REMOTE}.7"), lldp_port_ids(recording), strict=True))
    rows = []
    for index, (subtype, port_id, descr) in ids.items():
        name = (value(recording, f"{LLDP_REMOTE}.9.{index}") or "").strip('"')
        rows.append(
            {
                "index": index,
                "local": index.split(".")[1] if index.count(".") == 2 else None,
                "subtype": subtype,
                "id": port_id,
                "descr": descr,
                "name": name,
                "chassis_subtype": number(recording, f"{LLDP_REMOTE}.4.{index}"),
                "mac": chassis_mac(recording, index),
            }
        )
    return rows


def expected_port(row: dict[str, object]) -> tuple[str | None, str | None]:
    """(IFNUMBER, IFDESCR) by the GLPI agent's rule (_getLLDPInfo), but for an alias: an interfaceName or
    local id is IFDESCR unless it is a number; a MAC id names no port; an interfaceAlias id (the remote's
    ifAlias, free text) counts only where the remote sent no lldpRemPortDesc (the Port Description TLV,
    its ifDescr, 802.1AB), where the GLPI agent takes it for a name; lldpRemPortDesc fills IFNUMBER when
    it is a number and IFNUMBER is empty, else IFDESCR when that is empty."""
    number = descr = None
    port_id, subtype, text = str(row["id"]), row["subtype"], str(row["descr"])
    if port_id and (subtype in (5, 7) or (subtype == 1 and not text)):
        number, descr = (port_id, None) if port_id.isdigit() else (None, port_id)
    if text:
        if text.isdigit() and not number:
            number = text
        elif not descr:
            descr = text
    return number, descr


@pytest.mark.parametrize("recording", WALKS)
def test_the_remote_port_id_goes_where_its_subtype_says(recording: str) -> None:
    rows = [r for r in remote_rows(recording) if r["subtype"] in (*NAMED, MAC) and (r["name"] or r["descr"])]
    found = lldp_neighbours(recording)
    checked = 0
    for row in rows:
        mine = [n for _port, n in found if n.sys_name == (row["name"] or None) and n.port_id_subtype == row["subtype"]]
        mine = [n for n in mine if row["mac"] is None or n.sys_mac in (None, row["mac"])]
        if not mine or row["local"] is None:
            continue  # a row netinv does not read (no local port, no such neighbour): another test's
        expected = expected_port(row)
        assert expected in {(n.port_number, n.port_descr) for n in mine}, (row, mine)
        if row["subtype"] == MAC:
            assert all(n.port_descr != row["id"] or row["id"] == row["descr"] for n in mine)
        checked += 1
    assert checked or not rows or all(r["local"] is None for r in rows)


def test_the_subtype_rule_is_exercised_by_every_kind_of_id() -> None:
    """The walks hold each case the rule tells apart: an alias, a name, a local id, a numeric local id,
    a MAC, a local id sent as NUL-ended octets, and a description the id left to fill IFDESCR."""
    seen = {(r["subtype"], str(r["id"]).isdigit()) for w in WALKS for r in remote_rows(w)}
    assert {(1, False), (5, False), (7, False), (7, True), (3, False)} <= seen
    arista = {r["id"]: expected_port(r) for r in remote_rows("lc-arista_eos")}
    assert arista["Te1/3"] == (None, "Te1/3")  # not lldpRemPortDesc TenGigabitEthernet1/3
    alias = "\\A 7050s-estudio Et47\\"  # an interfaceAlias id: the Port Description TLV names the port
    assert arista[alias] == (None, "TenGigabitEthernet1/0/1")
    junos = {r["id"]: expected_port(r) for r in remote_rows("lc-junos_mx5t-isis")}
    assert junos["612"] == ("612", "ge-0/1/2")
    dlink = {r["id"]: expected_port(r) for r in remote_rows("lc-dlink_dgs-3620-28sc")}
    assert dlink["1/25"] == (None, "1/25")  # 31 2F 32 35 00: a local id with its C terminator


def local_names(recording: str) -> dict[str, int]:
    """Interface names and descriptions (ifName, ifDescr) -> ifIndex, from the walk."""
    names: dict[str, int] = {}
    for prefix in ("1.3.6.1.2.1.31.1.1.1.1", "1.3.6.1.2.1.2.2.1.2"):
        for index, text in column(recording, prefix).items():
            names.setdefault(text.strip('"'), int(index))
    return names


@pytest.mark.parametrize("recording", WALKS)
def test_a_neighbour_sits_on_the_port_the_local_port_table_names(recording: str) -> None:
    names = local_names(recording)
    placed: dict[tuple[str | None, str | None], set[int | None]] = {}
    for if_index, neighbour in lldp_neighbours(recording):
        placed.setdefault((neighbour.sys_name, neighbour.port_id), set()).add(if_index)
    for row in remote_rows(recording):
        if row["local"] is None:
            continue
        named = [value(recording, f"{LOCAL_PORT}.{c}.{row['local']}") for c in (3, 4)]
        ports = [names[n.strip('"')] for n in named if n and n.strip('"') in names]
        where = placed.get((row["name"] or None, row["id"] or None))
        if ports and where:
            assert ports[0] in where, (row, ports, where)


def test_the_local_port_number_is_neither_a_bridge_port_nor_an_ifindex() -> None:
    """vrp_5720 numbers LLDP local port 14 for GigabitEthernet0/0/14 (ifIndex 19; ifIndex 14 is
    GigabitEthernet0/0/9); dell-os10's local port 4 is mgmt1/1/1, bridge port 4 ethernet1/1/3."""
    for recording, local, bridge_or_index in (("lc-vrp_5720", "14", "14"), ("lc-dell-os10", "4", "15")):
        named = (value(recording, f"{LOCAL_PORT}.3.{local}") or "").strip('"')
        names = local_names(recording)
        other = {v: k for k, v in names.items()}[int(bridge_or_index)]
        assert named in names and named != other
        holders = {i for i, n in lldp_neighbours(recording) if any(r["local"] == local and r["name"] == n.sys_name
                                                                   for r in remote_rows(recording))}  # fmt: skip
        assert holders == {names[named]}


@pytest.mark.parametrize("recording", WALKS)
def test_every_remote_system_on_a_port_is_kept(recording: str) -> None:
    by_local: dict[str, set[str]] = {}
    for row in remote_rows(recording):
        # local port 0 is no port (LldpPortNumber 1..4096): rows there are not said to share one
        if (
            row["local"] not in (None, "0")
            and row["chassis_subtype"] == 4
            and row["mac"]
            and (row["name"] or row["descr"])
        ):
            by_local.setdefault(str(row["local"]), set()).add(str(row["mac"]))
    kept: dict[int | None, set[str | None]] = {}
    for if_index, neighbour in lldp_neighbours(recording):
        kept.setdefault(if_index, set()).add(neighbour.sys_mac)
    for macs in by_local.values():
        if len(macs) > 1:
            assert any(macs <= held for held in kept.values()), (macs, kept)


def test_two_systems_on_one_port_are_both_written() -> None:
    """FortiSwitch's MLAG trunk sees both switches of the pair; a MikroTik radio sees its peer and what
    is behind it: the agents kept one each (not the same one), netinv writes both."""
    from netinv_tui.core.writers.snmpquery_xml import write_requests

    for recording, port, count in (("lc-fortiswitch_148f-fpoe", "_FlInK1_MLAG0_(primary)", 2),
                                   ("lc-routeros_wifi", "wlan60-station-1", 2)):  # fmt: skip
        xml = write_requests([device(recording)]).decode()
        (mine,) = [p for p in device(recording).ports if p.descr == port]
        assert len({n.sys_mac for n in mine.neighbours if n.protocol == "LLDP"}) == count
        assert all(n.sys_name and f"<SYSNAME>{n.sys_name}</SYSNAME>" in xml for n in mine.neighbours)


MTXR_NEIGHBOUR_IF = "1.3.6.1.4.1.14988.1.1.11.1.1.8"  # MIKROTIK-MIB mtxrNeighborInterfaceID, by remIndex


def test_a_local_port_number_out_of_range_is_no_bridge_port(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """RouterOS sends lldpRemLocalPortNum 0 (LldpPortNumber is 1..4096) on every row; bridge port 0 is ether1,
    where the agents put the neighbours. The device's own neighbour table (read by the MikroTik definition)
    states each row's ifIndex: netinv places them there. Without that table, nothing is guessed: the
    neighbours stay unplaced, on no port."""
    recording = "lc-routeros_wifi"
    rows = remote_rows(recording)
    assert rows and {r["local"] for r in rows} == {"0"}
    vendor = column(recording, MTXR_NEIGHBOUR_IF)
    names = {int(i): d for i, d in column(recording, "1.3.6.1.2.1.2.2.1.2").items()}
    stated = {names[int(vendor[str(r["index"]).split(".")[2]])] for r in rows}
    assert stated == {"wlan60-station-1"}
    placed = {names.get(i) if i is not None else None for i, _n in lldp_neighbours(recording)}
    assert placed == stated
    bare = tmp_path / "routeros-without-mtxr.walk"
    text = walk_path(recording).read_text(errors="replace")
    bare.write_text("".join(line for line in text.splitlines(keepends=True) if MTXR_NEIGHBOUR_IF not in line))
    without = inventory(bare)[0]
    assert not any(n.protocol == "LLDP" for p in without.ports for n in p.neighbours)
    assert {n.sys_name for n in without.unplaced_neighbours} == {r["name"] for r in rows}


def test_a_vendor_row_two_lldp_rows_claim_places_neither() -> None:
    """ln-routeros answers rows indexed by remIndex alone (11, 12) beside rows on local port 0 ending in the
    same numbers (0.0.11, 0.0.12): which of them mtxrNeighborTable's row 11 describes the walk does not say,
    so the port-0 rows stay unplaced rather than take another neighbour's interface."""
    recording = "ln-routeros"
    rows = {str(r["index"]) for r in remote_rows(recording)}
    port_zero = [r for r in remote_rows(recording) if r["local"] == "0"]
    assert port_zero and all(str(r["index"]).split(".")[2] in rows for r in port_zero)
    assert all(i is None for i, n in lldp_neighbours(recording) if n.sys_name in {r["name"] for r in port_zero})
