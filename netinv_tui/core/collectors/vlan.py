"""VLANs per port and the trunk flag: Cisco VTP/vmVlan, Q-BRIDGE-MIB port bitmaps, LLDP-EXT-DOT1.

Q-BRIDGE bitmaps count bridge ports (bit 1 = the first octet's high bit = bridge port 1), mapped
to ifIndexes through dot1dBasePortIfIndex; a bitmap shorter than the port count simply leaves the
ports past its end out, a longer one is read only as far as it goes. A VLAN whose row is not
active (dot1qVlanStaticRowStatus) is skipped, as the agent does.

Cisco says more than the agent reads: a trunk's native VLAN (untagged) and the VLANs it allows
(vlanTrunkPortVlansEnabled*, tagged, where VTP knows them), an access port's voice VLAN, and
whether a port trunks at all (DTP status, else the encapsulation it runs: dot1Q or ISL).
"""

from __future__ import annotations

from netinv_tui.core.collectors import bridge
from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.collectors.vtp import VTP_VLANS, vtp_vlans
from netinv_tui.core.model import Device, Vlan
from netinv_tui.core.snmp.values import Value, as_int, as_text

VM_VLAN = oids(vm_vlan="1.3.6.1.4.1.9.9.68.1.2.2.1.2")
VOICE_VLAN = oids(vm_voice_vlan_id="1.3.6.1.4.1.9.9.68.1.5.1.1.1")
CISCO_TRUNK = oids(
    vlans_enabled="1.3.6.1.4.1.9.9.46.1.6.1.1.4",
    native_vlan="1.3.6.1.4.1.9.9.46.1.6.1.1.5",
    dynamic_status="1.3.6.1.4.1.9.9.46.1.6.1.1.14",
    encapsulation_oper_type="1.3.6.1.4.1.9.9.46.1.6.1.1.16",
    vlans_enabled_2k="1.3.6.1.4.1.9.9.46.1.6.1.1.17",
    vlans_enabled_3k="1.3.6.1.4.1.9.9.46.1.6.1.1.18",
    vlans_enabled_4k="1.3.6.1.4.1.9.9.46.1.6.1.1.19",
)
PVID = oids(dot1q_pvid="1.3.6.1.2.1.17.7.1.4.5.1.1")
STATIC = oids(
    name="1.3.6.1.2.1.17.7.1.4.3.1.1",
    egress="1.3.6.1.2.1.17.7.1.4.3.1.2",
    untagged="1.3.6.1.2.1.17.7.1.4.3.1.4",
    row_status="1.3.6.1.2.1.17.7.1.4.3.1.5",
)
CURRENT = oids(egress="1.3.6.1.2.1.17.7.1.4.2.1.4", untagged="1.3.6.1.2.1.17.7.1.4.2.1.5")
JUNIPER_MODE = oids(access_mode="1.3.6.1.4.1.2636.3.40.1.5.1.7.1.5")
LLDP_PVID = oids(port_vlan_id="1.0.8802.1.1.2.1.5.32962.1.2.1.1.1")
LLDP_VLAN_NAME = oids(vlan_name="1.0.8802.1.1.2.1.5.32962.1.2.3.1.2")

ACTIVE = 1
TRUNKING = 1
ISL, DOT1Q, NOT_APPLICABLE = 1, 4, 6
#: vlanTrunkPortVlansEnabled and its 2k/3k/4k siblings: 1024 VLANs each, the first bit is VLAN 0/1024/...
ENABLED_COLUMNS = (
    ("vlans_enabled", 0),
    ("vlans_enabled_2k", 1024),
    ("vlans_enabled_3k", 2048),
    ("vlans_enabled_4k", 3072),
)


def _bits(value: Value) -> list[int]:
    """Bridge port numbers set in a PortList bitmap (octet 0 high bit = port 1)."""
    data = value if isinstance(value, bytes) else b""
    if data.startswith(b"0x"):
        try:
            data = bytes.fromhex(data[2:].decode())
        except ValueError:
            return []
    return [8 * octet + bit + 1 for octet, byte in enumerate(data) for bit in range(8) if byte & (0x80 >> bit)]


def _vtp_names(answers: Answers) -> dict[int, str | None]:
    return {number: vlan.name for number, vlan in vtp_vlans(answers).items()}


def _cisco(answers: Answers, device: Device) -> None:
    names = _vtp_names(answers)
    for index, value in sorted(answers.column("vm_vlan", "vm_vlan").items()):
        number = as_int(value)
        port = device.port(index[-1])
        if number is not None and port is not None:
            port.vlans.append(Vlan(number, names.get(number)))  # an access VLAN: the MIB says no more


def _cisco_voice(answers: Answers, device: Device) -> None:
    names = _vtp_names(answers)
    for index, value in sorted(answers.column("voice_vlan", "vm_voice_vlan_id").items()):
        number = as_int(value)
        port = device.port(index[-1])
        if number is None or not 1 <= number <= 4094 or port is None:
            continue  # 0 and 4095-4098: dot1p, untagged, none: no VLAN of its own
        port.voice_vlan = number
        if not any(v.number == number for v in port.vlans):
            port.vlans.append(Vlan(number, names.get(number), tagged=True))


def _cisco_is_trunk(row: dict[str, Value]) -> bool | None:
    status = as_int(row.get("dynamic_status"))
    if status is not None:
        return status == TRUNKING
    encapsulation = as_int(row.get("encapsulation_oper_type"))
    if encapsulation in (ISL, DOT1Q):
        return True
    return False if encapsulation == NOT_APPLICABLE else None


def _enabled(row: dict[str, Value]) -> list[int]:
    found: list[int] = []
    for column, first in ENABLED_COLUMNS:
        if row.get(column) is not None:
            found.extend(first + bit - 1 for bit in _bits(row[column]))
    return found


def _cisco_trunks(answers: Answers, device: Device) -> dict[int, bool]:
    """Trunk flags, and on trunks the native VLAN (untagged) and the allowed VLANs VTP knows (tagged)."""
    vtp = vtp_vlans(answers)
    flags: dict[int, bool] = {}
    for index, row in answers.values("cisco_trunk").items():
        trunk = _cisco_is_trunk(row)
        port = device.port(index[-1])
        if trunk is None or port is None:
            continue
        flags[port.index] = trunk
        if not trunk:
            continue
        native = as_int(row.get("native_vlan"))
        port.native_vlan = native
        known_name = vtp[native].name if native in vtp else None
        carried = [Vlan(native, known_name, tagged=False)] if native else []
        carried += [
            Vlan(n, vtp[n].name, tagged=True) for n in _enabled(row) if n in vtp and vtp[n].active and n != native
        ]
        known = {v.number for v in port.vlans}
        port.vlans.extend(v for v in carried if v.number not in known)
    return flags


def _pvid(answers: Answers, device: Device) -> None:
    ports = bridge.base_port_map(answers)
    for index, value in answers.column("pvid", "dot1q_pvid").items():
        port = device.port(ports.get(index[-1], index[-1]))
        number = as_int(value)
        if port is not None and number and port.native_vlan is None:
            port.native_vlan = number


def _qbridge(answers: Answers, device: Device) -> None:
    ports = bridge.base_port_map(answers)
    # hook points: a vendor's own spelling of a PortList, and where its VLAN names are (Juniper's)
    port_list = answers.bends.get("port_list")
    other_names = answers.bends["names"](answers) if "names" in answers.bends else {}

    def members(value: Value) -> list[int]:
        listed = port_list(value) if port_list is not None else None
        return listed if listed is not None else _bits(value)

    current = {index[-1]: row for index, row in answers.values("qbridge_current").items()}
    for index, row in answers.values("qbridge_static").items():
        # a row the agent says is not active is skipped; one that has no status column is taken as is
        if len(index) != 1 or as_int(row.get("row_status", ACTIVE)) != ACTIVE:
            continue
        number = index[0]
        live = current.get(number, {})
        egress = live.get("egress", row.get("egress"))
        untagged = live.get("untagged", row.get("untagged"))
        if egress is None or untagged is None:
            continue
        name = as_text(row["name"]) if "name" in row else other_names.get(number)
        plain = set(members(untagged))
        for bridge_port in members(egress) + sorted(plain - set(members(egress))):
            port = device.port(ports.get(bridge_port, bridge_port))
            if port is not None and not any(v.number == number for v in port.vlans):
                port.vlans.append(Vlan(number, name, tagged=bridge_port not in plain))


def _lldp_dot1(answers: Answers, device: Device) -> None:
    """Alcatel-Lucent, Extreme: VLAN names per LLDP local port, when neither table above answers."""
    for index, value in sorted(answers.column("lldp_vlan_name", "vlan_name").items()):
        if len(index) != 2:
            continue
        port = device.port(index[0])
        if port is not None:
            port.vlans.append(Vlan(index[1], as_text(value)))


def _trunks(answers: Answers, device: Device) -> None:
    juniper = answers.column("juniper_mode", "access_mode")
    pvid = answers.column("lldp_pvid", "port_vlan_id")
    flags: dict[int, bool] = {}
    ports = bridge.base_port_map(answers)
    if answers.rows("cisco_trunk"):
        flags = _cisco_trunks(answers, device)
    elif juniper:
        for index, value in juniper.items():
            if index[-1] in ports:
                flags[ports[index[-1]]] = as_int(value) == 2
    elif pvid:
        for index, value in pvid.items():
            flags[ports.get(index[-1], index[-1])] = as_int(value) == 0
    else:  # 802.1Q alone: a port that carries tagged VLANs is a trunk, unless it is one access VLAN and a
        # tagged one beside it (a phone's voice VLAN)
        for candidate in device.ports:
            tagged = sum(1 for v in candidate.vlans if v.tagged)
            untagged = sum(1 for v in candidate.vlans if v.tagged is False)
            if candidate.vlans:
                flags[candidate.index] = tagged > 1 or (tagged == 1 and untagged == 0)
    for if_index, trunk in flags.items():
        port = device.port(if_index)
        if port is not None:
            port.trunk = trunk


def parse(answers: Answers, device: Device) -> None:
    if answers.rows("vtp_vlans") and answers.rows("vm_vlan"):
        _cisco(answers, device)
    _qbridge(answers, device)
    if not any(port.vlans for port in device.ports):
        _lldp_dot1(answers, device)
    _trunks(answers, device)
    _cisco_voice(answers, device)
    _pvid(answers, device)


AREA = Area(
    "vlan",
    parse,
    tables={
        "vtp_vlans": VTP_VLANS,
        "vm_vlan": VM_VLAN,
        "voice_vlan": VOICE_VLAN,
        "cisco_trunk": CISCO_TRUNK,
        "pvid": PVID,
        "qbridge_static": STATIC,
        "qbridge_current": CURRENT,
        "juniper_mode": JUNIPER_MODE,
        "lldp_pvid": LLDP_PVID,
        "lldp_vlan_name": LLDP_VLAN_NAME,
    },
    after=("system", "interfaces"),
)
