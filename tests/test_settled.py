"""Every settled disagreement (settled.py) is proved from its recording's text, and netinv writes the
right value: the agents' documents are corrected only where the MIB and the walk say they are wrong.

The proofs read the .walk / .snmprec text themselves (`recorded`), not through netinv's walk reader:
a proof that ran netinv's own code would check netinv against itself. Where the walk proves netinv
wrong too, the netinv half is an expected failure listed in NETINV_WRONG, for whoever fixes netinv.
"""

from __future__ import annotations

import ipaddress
import re
from functools import cache
from pathlib import Path

import pytest
from corpus_scoreboard import CORPUS, inventory, sources
from lxml import etree
from settled import MEMORY_RIGHT, MIRRORS, SETTLED, Settled, added, corrected, fingerprint, mirror

HERE = Path(__file__).parent
ENTRIES = [s for s in SETTLED if s.kind != "fidelity"]

#: Entries the walk proves and netinv still gets wrong (recording, path): netinv_tui's to fix.
NETINV_WRONG: set[tuple[str, str]] = set()

_LINE = re.compile(r"^\.?(\d+(?:\.\d+)+) = (?:([A-Za-z0-9-]+): ?)?(.*)$")


def walk_path(recording: str) -> Path:
    walk = CORPUS / "walks" / f"{recording}.walk"
    return walk if walk.exists() else HERE / "recordings" / f"{recording}.snmprec"


@cache
def recorded(recording: str) -> dict[str, tuple[str, str]]:
    """OID -> (type, text) as the recording's text states them: Net-SNMP's `OID = TYPE: VALUE` lines
    (a value may continue on the next lines), or snmpsim's `OID|TAG|VALUE`; the first record wins."""
    path = walk_path(recording)
    text = path.read_text(encoding="utf-8", errors="replace")
    found: dict[str, tuple[str, str]] = {}
    if path.suffix == ".snmprec":
        for line in text.splitlines():
            oid, _, rest = line.partition("|")
            tag, _, value = rest.partition("|")
            found.setdefault(oid, (tag, value))
        return found
    last = None
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            last = match[1]
            found.setdefault(last, (match[2] or "", match[3]))
        elif last is not None and found[last][0] == "Hex-STRING":
            found[last] = (found[last][0], f"{found[last][1]} {line}")
        elif last is not None:
            found[last] = (found[last][0], f"{found[last][1]}\n{line}")
    return found


def value(recording: str, oid: str) -> str | None:
    """The value's text: quotes of a STRING removed, an OID without its leading dot."""
    kind, text = recorded(recording).get(oid, ("", None))  # type: ignore[arg-type]
    if text is None:
        return None
    text = text.strip()
    if kind == "STRING" and len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text.lstrip(".") if kind in ("OID", "6") else text


def number(recording: str, oid: str) -> int | None:
    text = value(recording, oid)
    found = re.search(r"-?\d+", text or "")
    return int(found[0]) if found else None


def octets(recording: str, oid: str) -> bytes:
    kind, text = recorded(recording)[oid]
    if kind in ("Hex-STRING", "4x"):
        return bytes.fromhex("".join(text.split()))
    return (value(recording, oid) or "").encode()


def column(recording: str, prefix: str) -> dict[str, str]:
    """The rows of a table column: index -> value text."""
    return {
        oid[len(prefix) + 1 :]: value(recording, oid) or ""
        for oid in recorded(recording)
        if oid.startswith(prefix + ".")
    }


@cache
def ours(recording: str) -> etree._Element:
    return etree.fromstring(inventory(walk_path(recording))[1])


@cache
def agents(recording: str) -> dict[str, etree._Element]:
    found = {}
    for agent in ("fusion", "glpi"):
        path = CORPUS / agent / f"{recording}.xml"
        if not path.exists():
            path = HERE / "oracle" / (f"{recording}.xml" if agent == "fusion" else f"glpi/{recording}.xml")
        if path.exists():
            text = re.sub(rb"&#(0|[1-8]|1[1-24-9]|2[0-9]|3[01]);", b"", path.read_bytes())
            found[agent] = etree.fromstring(text)
    return found


def prove_escape(entry: Settled) -> None:
    raw = walk_path(entry.recording).read_text(errors="replace")
    assert re.search(r'STRING: ".*\\\\', raw), "the walk escapes a backslash inside a quoted string"


def prove_c_buffer(entry: Settled) -> None:
    rows = [oid for oid in recorded(entry.recording) if oid.startswith("1.3.6.1.2.1.47.1.1.1.1.7.")]
    names = [octets(entry.recording, oid) for oid in rows]
    assert names and all(b"\x00" in n and n.index(b"\x00") > 0 for n in names)


def prove_hc_counter(entry: Settled) -> None:
    port = re.search(r"IFNUMBER='(\d+)'", entry.path)
    assert port is not None
    hc, low = ("1.3.6.1.2.1.31.1.1.1.6", "1.3.6.1.2.1.2.2.1.10") if "IFIN" in entry.path else (
        "1.3.6.1.2.1.31.1.1.1.10", "1.3.6.1.2.1.2.2.1.16")  # fmt: skip
    assert value(entry.recording, f"{hc}.{port[1]}") == entry.right
    assert value(entry.recording, f"{low}.{port[1]}") == entry.wrote
    assert int(entry.right) % 2**32 == int(entry.wrote) or entry.wrote == "0"


def prove_phantom_duplex(entry: Settled) -> None:
    rows = [oid for oid in recorded(entry.recording) if oid.startswith("1.3.6.1.2.1.10.7.2.1.19.")]
    assert rows and all(len(oid.split(".")) > 12 for oid in rows), "indexed by more than one ifIndex"


#: What an hrStorageRam row's description (hrStorageDescr, free text: "the type and instance of the storage",
#: HOST-RESOURCES-MIB) says when the row is one part of the memory, not the memory: written from that
#: definition and from the RAM rows the recordings hold, not from netinv's collector. A kernel allocator's
#: zone (FreeBSD's 'MALLOC: x' and 'UMA: x' rows, one per zone); a file system held in RAM (Net-SNMP's
#: 're0:tmpfs, mounted on /run', any mount point); a share of the memory set aside as buffers, a cache or a
#: pool ('Buffer Pool', 'Fast Buffers', 'RAM (Buffers)', 'RAM (Cache)').
RAM_PART_WORDS = {"buffer", "buffers", "cache", "pool", "tmpfs", "devtmpfs"}


def is_part_of_memory(descr: str) -> bool:
    """Whether an hrStorageRam row's description names a part of the memory (see RAM_PART_WORDS)."""
    head, _, _rest = descr.partition(":")
    if head in ("MALLOC", "UMA"):
        return True  # an allocator zone
    if "mounted on" in descr or descr.startswith("/"):
        return True  # a file system in RAM
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", descr)}
    return bool(words & RAM_PART_WORDS)


def memory_mib(recording: str) -> int | None:
    """The device's memory in MiB: its total where it states one, else its lowest hrStorageRam row that is
    neither a pool nor a file system held in RAM (is_part_of_memory: this test's own reading of the rows'
    descriptions, not netinv's pattern)."""
    for oid in ("1.3.6.1.2.1.25.2.2.0", "1.3.6.1.4.1.2021.4.5.0"):  # hrMemorySize, UCD memTotalReal: KiB
        kib = number(recording, oid)
        if kib:
            return kib // 1024
    engine = number(recording, "1.3.6.1.4.1.2636.3.1.13.1.15.9.1.0.0")  # jnxOperatingMemory, routing engine: MiB
    if engine:
        return engine
    types = column(recording, "1.3.6.1.2.1.25.2.3.1.2")
    rows = [int(i) for i, kind in types.items() if kind == "1.3.6.1.2.1.25.2.1.2"]
    memory = [i for i in rows if not is_part_of_memory(value(recording, f"1.3.6.1.2.1.25.2.3.1.3.{i}") or "")]
    ram = min(memory, default=None)
    if ram is None:
        return None
    units = number(recording, f"1.3.6.1.2.1.25.2.3.1.4.{ram}")
    size = number(recording, f"1.3.6.1.2.1.25.2.3.1.5.{ram}")
    assert units is not None and size is not None
    return size * units // 2**20


def prove_memory(entry: Settled) -> None:
    """MEMORY recomputed from the walk by memory_mib, whose reading of hrStorageDescr is this test's own."""
    assert str(memory_mib(entry.recording) or "") == entry.right


def _inet_address(index: list[int]) -> str | None:
    """An InetAddress index (type, length, octets) as text: octets of the type's length (a zone
    index after them), or the address written as characters (Brocade FabOS)."""
    kind, length, octets = index[0], index[1], bytes(index[2:])
    size = {1: 4, 2: 16, 3: 8, 4: 20}.get(kind)
    if size is None or len(octets) != length:
        return None
    if length == size:
        return str(ipaddress.ip_address(octets[: 4 if kind in (1, 3) else 16]))
    try:
        return str(ipaddress.ip_address(octets.decode("ascii")))
    except (UnicodeDecodeError, ValueError):
        return None


def prove_unseen_address(entry: Settled) -> None:
    """ipAddressIfIndex puts the address on the port; it is IPv6, which the agents' ipAddrTable cannot hold."""
    on = {_inet_address([int(x) for x in index.split(".")]): number
          for index, number in column(entry.recording, "1.3.6.1.2.1.4.34.1.3").items()}  # fmt: skip
    assert ipaddress.ip_address(entry.right).version == 6 and entry.right in on
    port = re.search(r"PORT\[(IFNUMBER|IFDESCR)='(.*)'\]", entry.path)
    if port is None:
        assert entry.path == "INFO/IPS/IP"
    elif port[1] == "IFNUMBER":
        assert on[entry.right] == port[2]
    else:
        assert value(entry.recording, f"1.3.6.1.2.1.2.2.1.2.{on[entry.right]}") == port[2]


def prove_if_mib_name(entry: Settled) -> None:
    port = re.search(r"PORT\[IFDESCR='(.*)'\]/(IFNAME|IFALIAS)$", entry.path)
    assert port is not None
    index = next(i for i, descr in column(entry.recording, "1.3.6.1.2.1.2.2.1.2").items() if descr == port[1])
    column_oid = "1.3.6.1.2.1.31.1.1.1.1" if port[2] == "IFNAME" else "1.3.6.1.2.1.31.1.1.1.18"
    assert (value(entry.recording, f"{column_oid}.{index}") or "").strip('"') == entry.right != entry.wrote


def prove_indexed_address(entry: Settled) -> None:
    """The row is there (its index is the address), its ipAdEntAddr cell is not."""
    assert value(entry.recording, f"1.3.6.1.2.1.4.20.1.2.{entry.right}") is not None
    assert value(entry.recording, f"1.3.6.1.2.1.4.20.1.1.{entry.right}") is None


def prove_trunk_native_vlan(entry: Settled) -> None:
    """The port trunks, its native VLAN is the entry's (named as VTP names it), and vmVlan has no row for it."""
    port = re.search(r"PORT\[IFDESCR='(.*)'\]", entry.path)
    assert port is not None
    index = next(i for i, descr in column(entry.recording, "1.3.6.1.2.1.2.2.1.2").items() if descr == port[1])
    trunk = "1.3.6.1.4.1.9.9.46.1.6.1.1"
    status, encapsulation = (
        number(entry.recording, f"{trunk}.14.{index}"),
        number(entry.recording, f"{trunk}.16.{index}"),
    )
    assert status == 1 or (status is None and encapsulation in (1, 4))
    vlan = added(entry)
    native = number(entry.recording, f"{trunk}.5.{index}")
    assert str(native) == vlan.findtext("NUMBER") and vlan.findtext("TAGGED") == "0"
    assert (value(entry.recording, f"1.3.6.1.4.1.9.9.46.1.3.1.1.4.1.{native}") or "") == vlan.findtext("NAME", "")
    assert value(entry.recording, f"1.3.6.1.4.1.9.9.68.1.2.2.1.2.{index}") is None


UPS_MIBS = ("1.3.6.1.2.1.33.1.1.", "1.3.6.1.4.1.318.1.1.", "1.3.6.1.4.1.705.1.1.", "1.3.6.1.4.1.534.6.6.7.")


def prove_ups_type(entry: Settled) -> None:
    assert any(oid.startswith(UPS_MIBS) for oid in recorded(entry.recording))


def prove_model(entry: Settled) -> None:
    texts = {value(entry.recording, oid) for oid in recorded(entry.recording)}
    if entry.right and entry.right != "device":
        assert entry.right in texts, "the device names itself so"
    elif entry.path == "INFO/MODEL":  # the agent's model is a port's transceiver
        rows = [i for i, model in column(entry.recording, "1.3.6.1.2.1.47.1.1.1.1.13").items() if model == entry.wrote]
        assert rows and all(number(entry.recording, f"1.3.6.1.2.1.47.1.1.1.1.5.{row}") == 10 for row in rows)


def prove_firmware(entry: Settled) -> None:
    assert value(entry.recording, "1.3.6.1.4.1.2620.1.6.4.2.0") is None  # no svnBuild
    assert value(entry.recording, "1.3.6.1.4.1.2620.1.6.4.1.0") == entry.right


def prove_manufacturer(entry: Settled) -> None:
    assert (value(entry.recording, "1.3.6.1.2.1.1.2.0") or "").startswith("1.3.6.1.4.1.2620.")


def prove_fdb_row_number(entry: Settled) -> None:
    rows = [oid for oid in recorded(entry.recording) if oid.startswith("1.3.6.1.2.1.17.4.3.1.2.")]
    assert rows and all(len(oid.split(".")) == 12 for oid in rows), "one sub-identifier, not a 6-octet MAC"


def prove_own_mac(entry: Settled) -> None:
    oids = [oid for oid in recorded(entry.recording) if oid.startswith("1.3.6.1.2.1.2.2.1.6.")]
    own = {":".join(f"{b:02x}" for b in octets(entry.recording, oid)) for oid in [*oids, "1.3.6.1.2.1.17.1.1.0"]
           if oid in recorded(entry.recording)}  # fmt: skip
    assert entry.wrote in own


LLDP_REMOTE = "1.0.8802.1.1.2.1.4.1.1"  # lldpRemTable: .6 port id subtype, .7 port id, .8 port description


def lldp_port_ids(recording: str) -> list[tuple[int | None, str, str]]:
    """Every lldpRemTable row as (lldpRemPortIdSubtype, lldpRemPortId, lldpRemPortDesc): a Hex-STRING id as
    its text (NULs ended), Net-SNMP's backslash escapes undone."""
    found = []
    for index in column(recording, f"{LLDP_REMOTE}.7"):
        oid = f"{LLDP_REMOTE}.7.{index}"
        kind = recorded(recording)[oid][0]
        raw = octets(recording, oid).rstrip(b"\x00").decode(errors="replace")
        text = raw if kind in ("Hex-STRING", "4x") else re.sub(r'\\([\\"])', r"\1", value(recording, oid) or "")
        descr = re.sub(r'\\([\\"])', r"\1", value(recording, f"{LLDP_REMOTE}.8.{index}") or "").strip('"')
        found.append((number(recording, f"{LLDP_REMOTE}.6.{index}"), text, descr))
    return found


def prove_lldp_port_id(entry: Settled) -> None:
    rows = lldp_port_ids(entry.recording)
    if entry.path.endswith("/IFNUMBER") and entry.rename:  # a name id: IFDESCR
        assert entry.rename == "IFDESCR" and entry.right == entry.wrote and not entry.wrote.isdigit()
        assert any(
            (subtype in (5, 7) or (subtype == 1 and not descr)) and text == entry.wrote for subtype, text, descr in rows
        )
    elif entry.path.endswith("/IFNUMBER"):  # the id itself, and no number
        assert not entry.wrote.isdigit() and not entry.right
        assert any(text == entry.wrote for _subtype, text, _descr in rows)
    else:  # the port description, where the id is a name
        assert entry.path.endswith("/IFDESCR") and not entry.right.isdigit()
        assert (5, entry.right, entry.wrote) in rows or (7, entry.right, entry.wrote) in rows


def prove_lldp_port_alias(entry: Settled) -> None:
    """The row's id is an interfaceAlias (subtype 1) and is the agent's IFDESCR (Net-SNMP's escapes undone);
    the same row's lldpRemPortDesc, the Port Description TLV, is `right`."""
    wrote = re.sub(r'\\([\\"])', r"\1", entry.wrote)
    assert entry.right and (1, wrote, entry.right) in lldp_port_ids(entry.recording)


def prove_lldp_local_port(entry: Settled) -> None:
    """A local port number of the remote table is, as a bridge port (or as an ifIndex where the bridge has
    no such port), the agents' port; the local port table names another port for that number."""
    wrong = re.search(r"IFDESCR='([^']+)'", entry.path)
    right = re.search(r"IFDESCR='([^']+)'", entry.move)
    assert wrong and right and wrong[1] != right[1]
    descrs = column(entry.recording, "1.3.6.1.2.1.2.2.1.2")
    assert right[1] in descrs.values()
    bridge = column(entry.recording, "1.3.6.1.2.1.17.1.4.1.2")
    numbers = {index.split(".")[1] for index in column(entry.recording, f"{LLDP_REMOTE}.7")}
    taken = [n for n in numbers if descrs.get(bridge.get(n, n)) == wrong[1]]
    assert len(taken) == 1, "one local port number is the agents' port, as a bridge port or an ifIndex"
    named = {value(entry.recording, f"1.0.8802.1.1.2.1.3.7.1.{c}.{taken[0]}") for c in (3, 4)}
    assert right[1] in named, "lldpLocPortId (or lldpLocPortDesc) of that number names the other port"


def prove_lldp_each_neighbour(entry: Settled) -> None:
    """The added connection is a lldpRemTable row; the one the agent kept on that port is another row on
    the same local port number."""
    row_added = dict(entry.connection)
    rows: dict[str, dict[str, str]] = {}
    for column_number, tag in ((5, "SYSMAC"), (7, "IFDESCR"), (9, "SYSNAME"), (10, "SYSDESCR")):
        for index, text in column(entry.recording, f"{LLDP_REMOTE}.{column_number}").items():
            rows.setdefault(index, {})[tag] = text.lower() if tag == "SYSMAC" else text
    mine = [i for i, row in rows.items() if all(row.get(tag) == text for tag, text in row_added.items())]
    assert mine, "a row of the walk is the added neighbour"
    local_ports = {i.split(".")[1] for i in mine}
    for agent, document in agents(entry.recording).items():
        if entry.agent not in (agent, "*"):
            continue
        kept = document.findall(f"CONTENT/DEVICE/{_written_at(entry)}/CONNECTION/SYSMAC")
        assert len(kept) == 1 and kept[0].text != row_added["SYSMAC"]
        others = [i for i, row in rows.items() if row.get("SYSMAC") == kept[0].text]
        assert {i.split(".")[1] for i in others} & local_ports, "the kept one is on the same local port"


def _written_at(entry: Settled) -> str:
    """Where the agent wrote the connections at `entry.path`: a settled move's source, if one brings them there."""
    moves = [s for s in SETTLED if s.recording == entry.recording and s.move and s.agent in (entry.agent, "*")]
    return next((s.path for s in moves if f"{s.move}/CONNECTIONS" == entry.path), entry.path)


MTXR_NEIGHBOUR_IF = "1.3.6.1.4.1.14988.1.1.11.1.1.8"  # MIKROTIK-MIB mtxrNeighborInterfaceID, by remIndex
BRIDGE_PORT_IF = "1.3.6.1.2.1.17.1.4.1.2"  # dot1dBasePortIfIndex
Q_FDB_PORT = "1.3.6.1.2.1.17.7.1.2.2.1.2"  # dot1qTpFdbPort, indexed fdbId.MAC


def prove_lldp_vendor_port(entry: Settled) -> None:
    """Every lldpRemTable row has local port 0, outside LldpPortNumber's 1..4096; bridge port 0 is the agents'
    port; the device's own neighbour table puts every row on the other port, and the forwarding table learnt
    every neighbour's chassis MAC on that port; where the agents' learnt addresses are dropped, the port held
    only addresses (the agents write neighbours in their place)."""
    move = next(s for s in SETTLED if s.recording == entry.recording and s.kind == entry.kind and s.move)
    wrong = re.search(r"IFDESCR='([^']+)'", move.path)
    right = re.search(r"IFDESCR='([^']+)'", move.move)
    assert wrong and right and wrong[1] != right[1]
    descrs = column(entry.recording, "1.3.6.1.2.1.2.2.1.2")
    rows = column(entry.recording, f"{LLDP_REMOTE}.5")
    assert rows and all(index.split(".")[1] == "0" for index in rows), "lldpRemLocalPortNum 0: no port"
    assert descrs.get(value(entry.recording, f"{BRIDGE_PORT_IF}.0") or "") == wrong[1], "bridge port 0 is theirs"
    vendor = column(entry.recording, MTXR_NEIGHBOUR_IF)
    assert all(descrs.get(vendor.get(index.split(".")[2], "")) == right[1] for index in rows)
    bridge = column(entry.recording, BRIDGE_PORT_IF)
    learnt = {
        ":".join(f"{int(b):02x}" for b in index.split(".")[1:]): descrs.get(bridge.get(port, ""))
        for index, port in column(entry.recording, Q_FDB_PORT).items()
    }
    assert all(learnt.get(mac.lower()) == right[1] for mac in rows.values()), "their chassis MACs learnt there"
    if entry.drop:
        for agent, document in agents(entry.recording).items():
            held = document.findall(f"CONTENT/DEVICE/{entry.path}/CONNECTION/*")
            assert entry.agent not in (agent, "*") or (held and {n.tag for n in held} == {"MAC"})


ENTITY = "1.3.6.1.2.1.47.1.1.1.1"
PLACEHOLDER_MODELS = {"", "na", "n/a"}


def _by_index(rows: dict[str, str]) -> list[str]:
    return sorted(rows, key=lambda index: [int(arc) for arc in index.split(".")])


def prove_chassis_model(entry: Settled) -> None:
    """`right` is the model of the first chassis row (or of a row contained in nothing, where the walk kept
    no class): the device's own unit; the agent's value is not."""
    assert unit_model(entry.recording) == entry.right != entry.wrote


def unit_model(recording: str) -> str | None:
    """entPhysicalModelName of the first chassis row naming one (or of a row contained in nothing, where the
    walk kept no class)."""
    models = column(recording, f"{ENTITY}.13")
    classes = column(recording, f"{ENTITY}.5")
    contained = column(recording, f"{ENTITY}.4")
    named = [i for i in _by_index(models) if models[i].strip().strip('"').lower() not in PLACEHOLDER_MODELS]
    unit = [i for i in named if classes.get(i) == "3" or (i not in classes and contained.get(i) == "0")]
    return models[unit[0]] if unit else None


def prove_not_chassis(entry: Settled) -> None:
    """Every row holding the agent's model is of another class than chassis(3), and no chassis row names one."""
    models = column(entry.recording, f"{ENTITY}.13")
    classes = column(entry.recording, f"{ENTITY}.5")
    holding = [i for i, model in models.items() if model == entry.wrote]
    assert holding and all(classes.get(i) not in (None, "3") for i in holding)
    chassis = [i for i, kind in classes.items() if kind == "3"]
    assert chassis and all(models.get(i, "").strip().strip('"').lower() in PLACEHOLDER_MODELS for i in chassis)


def prove_family_model(entry: Settled) -> None:
    """The device states `right`; the agent's model appears nowhere in the walk."""
    texts = [value(entry.recording, oid) or "" for oid in recorded(entry.recording)]
    assert entry.right in texts
    assert not any(entry.wrote.lower() in text.lower() for text in texts)


def prove_model_maker(entry: Settled) -> None:
    """The device names its maker, whatever its model: sysDescr starts with it and the chassis row's
    entPhysicalMfgName is it; the agent's maker appears nowhere in the walk."""
    classes = column(entry.recording, f"{ENTITY}.5")
    makers = {value(entry.recording, f"{ENTITY}.12.{i}") for i, kind in classes.items() if kind == "3"}
    assert {(m or "").lower() for m in makers} == {entry.right.lower()} != {entry.wrote.lower()}
    assert (value(entry.recording, "1.3.6.1.2.1.1.1.0") or "").lower().startswith(entry.right.lower())
    texts = [value(entry.recording, oid) or "" for oid in recorded(entry.recording)]
    assert not any(entry.wrote.lower() in text.lower() for text in texts)


def prove_descr_model(entry: Settled) -> None:
    """sysDescr states the model in parentheses, '(MODEL: X)'; the agent wrote something else."""
    found = re.search(r"\(MODEL: ([^)]+)\)", value(entry.recording, "1.3.6.1.2.1.1.1.0") or "")
    assert found and found[1] == entry.right != entry.wrote


PROOFS = {name.removeprefix("prove_"): function for name, function in globals().items() if name.startswith("prove_")}


def _id(entry: Settled) -> str:
    return f"{entry.recording}:{entry.agent}:{entry.path}:{entry.wrote[:20]}"


def test_every_kind_has_a_proof() -> None:
    assert {s.kind for s in SETTLED} - {"fidelity"} <= set(PROOFS)


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_the_recording_proves_it(entry: Settled) -> None:
    PROOFS[entry.kind](entry)


def test_the_memory_rule_reads_a_total_before_a_storage_row() -> None:
    """pfsense's first hrStorageRam row is 230 MiB of 'Real Memory Metrics'; hrMemorySize says 4049."""
    assert memory_mib("lc-pfsense") == 4146732 // 1024 == 4049
    assert value("lc-pfsense", "1.3.6.1.2.1.25.2.3.1.3.1") == "Real Memory Metrics"
    assert memory_mib("ln-sharp") == 4096  # hrMemorySize 4194304 KiB; its storage row is 4 MiB
    # its RAM rows are a buffer pool and fast buffers, and it states no total: no MEMORY
    assert value("lc-allied_alliedware", "1.3.6.1.2.1.25.2.3.1.3.1") == "Buffer Pool"
    assert memory_mib("lc-allied_alliedware") is None and MEMORY_RIGHT["lc-allied_alliedware"] == ""
    # the reading of the RAM rows' descriptions, on descriptions the recordings hold
    parts = (
        "Fast Buffers",
        "RAM (Buffers)",
        "RAM (Cache)",
        "UMA: mbuf",
        "MALLOC: devbuf",
        "re0:tmpfs, mounted on /run",
    )
    wholes = ("Physical memory", "Real Memory Metrics", "RAM", "main memory", "Random Access Memory", "RAM(main)")
    assert all(map(is_part_of_memory, parts)) and not any(map(is_part_of_memory, wholes))


@pytest.mark.parametrize("recording", [s.ident for s in sources()])
def test_netinv_memory_follows_the_rule_on_every_walk(recording: str) -> None:
    """MEMORY is the device's total where it states one, else its memory's own hrStorageRam row, on
    every walk: the rule, recomputed from the walk's text, not only where an agent disagrees."""
    info = ours(recording).find("CONTENT/DEVICE/INFO")
    assert info is not None
    assert info.findtext("MEMORY", "") == str(memory_mib(recording) or "")


def test_no_entry_only_mirrors_another() -> None:
    """Firmware-entry copies of a settled INFO field are derived (settled.mirror), never written."""
    written = {(s.recording, s.agent, s.path, s.wrote) for s in SETTLED}
    for entry in SETTLED:
        copy = mirror(entry)
        if copy is not None:
            assert (copy.recording, copy.agent, copy.path, copy.wrote) not in written, entry
    gaia = next(s for s in SETTLED if s.recording == "lc-gaia_1490" and s.path == "INFO/FIRMWARE")
    assert mirror(gaia) == Settled("lc-gaia_1490", "glpi", MIRRORS["INFO/FIRMWARE"], gaia.wrote, "R77.20",
                                   "mirrors INFO/FIRMWARE", "firmware")  # fmt: skip


def _netinv_case(entry: Settled):  # type: ignore[no-untyped-def]
    if (entry.recording, entry.path) in NETINV_WRONG:
        return pytest.param(entry, id=_id(entry), marks=pytest.mark.xfail(strict=True, reason="netinv is wrong too"))
    return pytest.param(entry, id=_id(entry))


def _after_moves(entry: Settled, path: str) -> str:
    """Where netinv writes what an entry corrects on a port whose connections a later `move` takes away."""
    for move in ENTRIES[ENTRIES.index(entry) :]:
        if move.move and move.recording == entry.recording and path.startswith(f"{move.path}/"):
            return move.move + "/CONNECTIONS/" + path.removeprefix(f"{move.path}/")
    return path


def _before_moves(entry: Settled) -> str:
    """The entry's path in the agent's document as written: a port a `move` entry fills is its source."""
    for move in ENTRIES:
        if move.move and move.recording == entry.recording and entry.path.startswith(f"{move.move}/CONNECTIONS/"):
            return move.path + entry.path.removeprefix(f"{move.move}/CONNECTIONS")
    return entry.path


@pytest.mark.parametrize("entry", [_netinv_case(e) for e in ENTRIES])
def test_netinv_writes_the_right_value(entry: Settled) -> None:
    device = ours(entry.recording).find("CONTENT/DEVICE")
    assert device is not None
    if entry.add:
        have_added = {fingerprint(n) for n in device.findall(entry.path)}
        assert fingerprint(added(entry)) in have_added, "netinv writes it"
        return
    if entry.connection:  # netinv writes the added connection, every field of it
        assert any(
            all(connection.findtext(tag) == text for tag, text in entry.connection)
            for connection in device.findall(f"{entry.path}/CONNECTION")
        )
        return
    if entry.move:  # netinv has the neighbours on the right port, none on the agents' port
        assert device.find(f"{entry.path}/CONNECTION/SYSMAC") is None
        assert device.find(f"{entry.move}/CONNECTIONS/CONNECTION/SYSMAC") is not None
        return
    if entry.drop and entry.path.endswith("/CONNECTIONS"):  # addresses the neighbours replace
        assert device.find(f"{entry.path}/CONNECTION/MAC") is None, "netinv writes the neighbours there instead"
        return
    path = entry.path.rpartition("/")[0] + "/" + entry.rename if entry.rename else entry.path
    have = {node.text or "" for node in device.findall(_after_moves(entry, path))}
    wanted = set()
    for agent, document in agents(entry.recording).items():
        if entry.agent not in (agent, "*"):
            continue
        for node in document.findall(f"CONTENT/DEVICE/{_before_moves(entry)}"):
            if entry.wrote in ("*", node.text) or (
                entry.wrote.startswith("re:") and re.search(entry.wrote[3:], node.text or "")
            ):
                wanted.add(corrected(entry, node.text))
    assert wanted, "the entry corrects something an agent wrote"
    if entry.drop:
        kept = {
            n for n in have if entry.wrote == n or (entry.wrote.startswith("re:") and re.search(entry.wrote[3:], n))
        }
        assert not kept, "netinv writes none of what the entry drops"
    elif wanted == {""}:
        assert not have - {""}, "netinv states nothing there either"
    else:
        assert wanted - {""} <= have, (wanted, have)
