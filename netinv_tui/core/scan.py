"""The model of a sweep: each host found, what found it, what it is; plain dataclasses like model.py."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SnmpIdentity:
    """What an SNMP agent said of itself, as a NETDISCOVERY document carries it."""

    profile: str
    #: The credential's ID where a server handed it out (AUTHSNMP), else the profile's rank.
    auth_id: str
    port: int = 161
    sys_name: str | None = None
    description: str | None = None
    location: str | None = None
    contact: str | None = None
    uptime: int | None = None
    type: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    serial: str | None = None
    firmware: str | None = None
    mac: str | None = None
    ips: list[str] = field(default_factory=list)
    identification: dict[str, str] = field(default_factory=dict)
    #: The agent stopped answering mid-read: the facts are those it gave before.
    partial: bool = False


@dataclass
class ScanHost:
    ip: str
    mac: str | None = None
    vendor: str | None = None
    dns_name: str | None = None
    netbios_name: str | None = None
    workgroup: str | None = None
    user_session: str | None = None
    snmp: SnmpIdentity | None = None
    #: Methods that got an answer: arp, icmp, snmp, dns, netbios.
    methods: list[str] = field(default_factory=list)
    #: Round trip of the fastest liveness answer, and the TTL of the ICMP echo reply.
    rtt_ms: float | None = None
    ttl: int | None = None
    #: For hosts without SNMP, the ipdiscover analysis: windows, unix, network or phantom.
    kind: str | None = None
    evidence: list[str] = field(default_factory=list)
    #: Filled from the store: first and last seen, whether it is new since the previous scan.
    first_seen: str | None = None
    last_seen: str | None = None
    new: bool = False
    status: str = "unknown"  # inventoried, registered or unknown

    @property
    def name(self) -> str | None:
        """The name a server would give it: SNMP's, else NetBIOS's, else DNS's (FIP's precedence)."""
        return (self.snmp.sys_name if self.snmp else None) or self.netbios_name or self.dns_name

    @property
    def type(self) -> str | None:
        return self.snmp.type if self.snmp else None

    def found_by(self, method: str) -> None:
        if method not in self.methods:
            self.methods.append(method)


@dataclass
class Scan:
    targets: list[str]
    methods: list[str]
    started: str
    ended: str | None = None
    hosts: list[ScanHost] = field(default_factory=list)
    #: Addresses probed, and what was sent to them: packets per method and SNMP requests.
    probed: int = 0
    packets: dict[str, int] = field(default_factory=dict)
    #: Methods that could not run (no privilege, no interface on the segment), each with why.
    skipped: dict[str, str] = field(default_factory=dict)
    #: Addresses the store knew in these targets that did not answer this time.
    gone: list[str] = field(default_factory=list)
    partial: bool = False
    id: int | None = None
    #: Addresses whose own work failed (core/faults), each with why: the sweep went on without them.
    failed: dict[str, str] = field(default_factory=dict)

    def count(self, method: str, packets: int = 1) -> None:
        self.packets[method] = self.packets.get(method, 0) + packets
