"""The inventory model: plain dataclasses with Python names; writers own the wire tags."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IpAddress:
    address: str
    if_index: int | None = None
    prefix_length: int | None = None
    family: int = 4


@dataclass
class Vlan:
    number: int
    name: str | None = None
    #: True tagged, False untagged, None where the MIB does not say (Cisco vmVlan: access ports).
    tagged: bool | None = None


@dataclass(slots=True)
class MacEntry:
    """An address a port has learnt (forwarding table), with the VLAN it was learnt in when known.

    Slotted: a core switch has a hundred thousand of them."""

    mac: str
    vlan: int | None = None


@dataclass(slots=True)
class ArpEntry:
    """An address the device resolved to a MAC (its ARP or neighbour cache): how `locate` turns an
    IP into the MAC a switch learnt. Slotted: a core router keeps tens of thousands."""

    ip: str
    mac: str
    if_index: int | None = None


@dataclass
class StackMember:
    """One switch of a stack or virtual chassis; `number` is what port names and the CLI call it."""

    number: int
    role: str | None = None
    model: str | None = None
    serial: str | None = None
    firmware: str | None = None
    mac: str | None = None
    priority: int | None = None
    state: str | None = None
    #: entPhysicalIndex of the member's chassis, where ENTITY-MIB has one.
    entity: int | None = None


@dataclass
class Neighbour:
    """A device seen on a port by a discovery protocol (LLDP, CDP, EDP)."""

    protocol: str
    sys_name: str | None = None
    sys_descr: str | None = None
    sys_mac: str | None = None
    chassis_id: str | None = None
    chassis_id_subtype: int | None = None
    ip: str | None = None
    #: The remote port as a number (IFNUMBER), as a name (IFDESCR), or by its MAC (LLDP subtype 3).
    port_number: str | None = None
    port_descr: str | None = None
    port_mac: str | None = None
    #: LLDP's port id and its subtype as the device sent them (the dashboard shows both).
    port_id: str | None = None
    port_id_subtype: int | None = None
    model: str | None = None
    #: The local port number the device gave, for a neighbour on a port it could not map to an
    #: interface (Device.unplaced_neighbours); None on a port's own neighbours.
    local_port: int | None = None

    @property
    def reported(self) -> bool:
        """Whether the agents report it: an LLDP neighbour with a MAC chassis id that names or
        describes itself, a CDP neighbour other than a Cisco IP Communicator softphone, any EDP one.

        The protocol carries one CONNECTIONS per port: the neighbours (CDP=1) or the addresses the
        port learnt. Where only other neighbours are seen (a bare LLDP row, an ESXi host by its
        interface name), the learnt addresses say more and are written instead; the neighbours stay
        in the model, and the dashboard lists them. A port that learnt nothing still gets them."""
        if self.protocol == "LLDP":
            return self.chassis_id_subtype == 4 and bool(self.sys_name or self.sys_descr)
        if self.protocol == "CDP":
            return not (self.model or "").startswith("Communicator")
        return True


@dataclass
class Port:
    index: int
    descr: str | None = None
    name: str | None = None
    alias: str | None = None
    type: int | None = None
    mtu: int | None = None
    speed: int | None = None
    admin_status: int | None = None
    oper_status: int | None = None
    last_change: int | None = None
    in_octets: int | None = None
    out_octets: int | None = None
    octets_64bit: bool = False
    in_errors: int | None = None
    out_errors: int | None = None
    duplex: int | None = None
    mac: str | None = None
    ips: list[str] = field(default_factory=list)
    vlans: list[Vlan] = field(default_factory=list)
    trunk: bool | None = None
    #: The VLAN untagged frames belong to: a trunk's native VLAN, or the 802.1Q PVID.
    native_vlan: int | None = None
    #: Cisco's auxiliary (voice) VLAN of an access port.
    voice_vlan: int | None = None
    #: Which stack member (StackMember.number) the port belongs to, on a stack.
    stack_member: int | None = None
    #: ifIndex of the member ports, on the logical (aggregate) port.
    aggregate: list[int] = field(default_factory=list)
    neighbours: list[Neighbour] = field(default_factory=list)
    #: Power over Ethernet the port delivers, in milliwatts (collectors/poe.py); None: not said.
    poe_mw: int | None = None
    #: What the port's PSE says (pethPsePortDetectionStatus: delivering, searching, disabled, fault...).
    poe_status: str | None = None
    #: The IEEE class (0-4) of what it powers, while it delivers.
    poe_class: int | None = None
    #: MAC addresses learnt on the port (forwarding table), when no neighbour explains it.
    macs: list[MacEntry] = field(default_factory=list)


@dataclass
class Component:
    index: int
    name: str | None = None
    description: str | None = None
    type: str | None = None
    contained_in: int | None = None
    serial: str | None = None
    model: str | None = None
    manufacturer: str | None = None
    firmware: str | None = None
    software: str | None = None
    hardware: str | None = None
    #: entPhysicalIsFRU as the device sends it: a TruthValue (1 true, 2 false), or what it sends instead
    fru: int | None = None


@dataclass
class Firmware:
    name: str
    version: str
    description: str = "device firmware"
    type: str = "device"
    manufacturer: str | None = None


@dataclass
class Consumable:
    """A marker supply (Printer-MIB prtMarkerSuppliesTable): toner, drum, waste toner, fuser...

    `level` and `max` are as the printer says them, special values included (-1 other, -2 unknown,
    -3 some remaining); `percent` is set only where both allow it.
    """

    index: int
    description: str | None = None
    #: The agent's supply name (TONER, DRUM, WASTETONER, FUSERKIT...); None for a type it has no name for.
    kind: str | None = None
    #: Colour name (from prtMarkerColorantValue, else the description), for coloured supplies.
    color: str | None = None
    level: int | None = None
    max: int | None = None
    #: prtMarkerSuppliesSupplyUnit as a word (percent, sheets, tenths of grams...).
    unit: str | None = None
    percent: int | None = None
    #: "unknown" (-2), "some remaining" (-3), "other" (-1), "empty", "low" or "ok".
    state: str | None = None


@dataclass
class PageCounter:
    """A page count and where it came from: one OID, or several added up."""

    name: str
    value: int
    oids: list[str] = field(default_factory=list)
    label: str | None = None


@dataclass
class PaperTray:
    index: int
    name: str | None = None
    media: str | None = None
    max_capacity: int | None = None
    #: Sheets in the tray, or the MIB's -2 unknown / -3 some remaining.
    level: int | None = None
    percent: int | None = None


@dataclass
class Cover:
    index: int
    description: str | None = None
    status: str | None = None


@dataclass
class PowerStatus:
    """A UPS's battery and output as it reports them (UPS-MIB, or APC PowerNet's high-precision values)."""

    source: str
    battery_status: str | None = None
    charge_percent: float | None = None
    runtime_minutes: float | None = None
    temperature_c: float | None = None
    battery_voltage: float | None = None
    replace_battery: bool | None = None
    output_status: str | None = None
    output_voltage: float | None = None
    load_percent: float | None = None


@dataclass
class Radio:
    """An access point's radio and what it serves."""

    index: int
    band: str | None = None
    channel: int | None = None
    tx_power_dbm: int | None = None
    ssids: list[str] = field(default_factory=list)
    clients: int | None = None


@dataclass
class Device:
    """Everything read from one device, and how complete the reading is."""

    host: str
    id: int = 0
    name: str | None = None
    description: str | None = None
    contact: str | None = None
    location: str | None = None
    uptime: int | None = None
    sys_object_id: str | None = None
    type: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    serial: str | None = None
    #: What the owner tagged the device with (a Dell service tag where no asset tag is set).
    asset_tag: str | None = None
    firmware: str | None = None
    mac: str | None = None
    cpu: int | None = None
    memory_mb: int | None = None
    ram_mb: int | None = None
    ips: list[str] = field(default_factory=list)
    ip_addresses: list[IpAddress] = field(default_factory=list)
    ports: list[Port] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    firmwares: list[Firmware] = field(default_factory=list)
    stack: list[StackMember] = field(default_factory=list)
    consumables: list[Consumable] = field(default_factory=list)
    page_counters: list[PageCounter] = field(default_factory=list)
    trays: list[PaperTray] = field(default_factory=list)
    covers: list[Cover] = field(default_factory=list)
    power: PowerStatus | None = None
    radios: list[Radio] = field(default_factory=list)
    #: The device's ARP / neighbour cache (ipNetToPhysicalTable, ipNetToMediaTable).
    arp: list[ArpEntry] = field(default_factory=list)
    #: Neighbours seen on local ports the device names but no interface matches: no CONNECTION to
    #: write for them, still shown to the user.
    unplaced_neighbours: list[Neighbour] = field(default_factory=list)
    identification: dict[str, str] = field(default_factory=dict)
    #: The vendor definitions (vendors/defs) that stated a fact or ran a hook on this device.
    vendor_definitions: list[str] = field(default_factory=list)
    partial: bool = False
    incidents: list[str] = field(default_factory=list)
    requests: int = 0
    error: str | None = None

    def port(self, index: int) -> Port | None:
        """By ifIndex; the areas ask this for every VLAN member and learnt MAC, so it is a lookup."""
        by_index = self.__dict__.get("_ports_by_index")  # not a field: JSON and equality ignore it
        if by_index is None or len(by_index) != len(self.ports):
            by_index = {p.index: p for p in self.ports}
            self.__dict__["_ports_by_index"] = by_index
        return by_index.get(index)
