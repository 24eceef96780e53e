"""A sweep: cheap liveness first (ARP on the segment and ICMP, together), then the slow probes
(SNMP with every credential, NetBIOS) on what answered, names last (reverse DNS), each method
optional; events tell a face as hosts appear. `all_probes` sends every probe to every address."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from netinv_tui.core import macvendor
from netinv_tui.core.discovery import classify
from netinv_tui.core.discovery.errors import MethodUnavailable
from netinv_tui.core.discovery.ranges import Range, addresses
from netinv_tui.core.discovery.snmp_probe import Credential, identify_host
from netinv_tui.core.events import HostFailed, HostFound, HostIdentified, SweepCallback, SweepEvent, SweepProgress
from netinv_tui.core.faults import unit
from netinv_tui.core.scan import Scan, ScanHost

METHODS = ("arp", "icmp", "snmp", "dns", "netbios")
#: How a host was found that is not a method: it is this machine.
LOCAL = "local"
LIVENESS = ("arp", "icmp")


@dataclass
class SweepOptions:
    methods: Sequence[str] = METHODS
    credentials: Sequence[Credential] = ()
    interface: str | None = None
    #: Packets per second for ARP, ICMP and NetBIOS; SNMP runs `snmp_at_once` hosts at a time.
    rate: float = 500.0
    #: Seconds to wait for liveness, NetBIOS and DNS answers.
    timeout: float = 1.0
    all_probes: bool = False
    dns_servers: Sequence[str] | None = None
    snmp_at_once: int = 32
    #: The profile that last answered for an address (from the store): tried first and alone.
    preferred: dict[str, str] = field(default_factory=dict)
    netbios_port: int = 137


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_methods(methods: Sequence[str]) -> list[str]:
    from netinv_tui.core.errors import UsageError

    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise UsageError(f"unknown method {unknown[0]!r}: use {', '.join(METHODS)}")
    return list(dict.fromkeys(methods))


class Sweeper:
    """One sweep; `scan` holds what was found so far, also after a cancellation."""

    def __init__(self, ranges: Sequence[Range], options: SweepOptions, on_event: SweepCallback | None) -> None:
        self.options = options
        self.methods = check_methods(options.methods)
        from netinv_tui.core.discovery.ranges import local_broadcasts

        broadcasts = local_broadcasts()  # a directed broadcast reaches every host of a segment
        self.addresses = [a for a in addresses(ranges) if a not in broadcasts]
        self.wanted = set(self.addresses)
        self.strays = 0
        self.v4 = [a for a in self.addresses if ipaddress.ip_address(a).version == 4]
        self.scan = Scan(targets=[r.text for r in ranges], methods=self.methods, started=now())
        self.scan.probed = len(self.addresses)
        self.hosts: dict[str, ScanHost] = {}
        self.on_event = on_event
        self.done = 0

    def emit(self, event: SweepEvent) -> None:
        if self.on_event is not None:
            self.on_event(event)

    def failing(self, ip: str) -> Callable[[str], None]:
        return lambda reason: self.failed(ip, reason)

    def failed(self, ip: str, reason: str) -> None:
        """One host's work failed (core/faults): kept with why; the sweep goes on."""
        self.scan.failed[ip] = reason
        with unit(f"host {ip}: telling the face", lambda _reason: None):  # the face may be what failed
            self.emit(HostFailed(ip, reason))

    def progress(self, phase: str) -> None:
        packets = sum(self.scan.packets.values())
        self.emit(SweepProgress(phase, self.done, len(self.addresses), len(self.hosts), packets))

    def wait(self, addresses: list[str]) -> float:
        """How long to wait for answers from hosts whose round trips are known: four times the
        slowest, at least 0.3 s, never more than the user's `--wait`."""
        rtts = [self.hosts[a].rtt_ms for a in addresses if a in self.hosts]
        if not rtts or any(rtt is None for rtt in rtts) or len(rtts) < len(addresses):
            return self.options.timeout
        return min(self.options.timeout, max(0.3, 4 * max(r or 0.0 for r in rtts) / 1000 + 0.25))

    def found(self, ip: str, method: str) -> ScanHost:
        if ip not in self.wanted:  # an answer from outside the sweep never enters its results:
            self.strays += 1  # the caller fills a host that is kept nowhere
            return ScanHost(ip=ip)
        host = self.hosts.get(ip)
        if host is None:
            host = self.hosts[ip] = ScanHost(ip=ip)
            host.found_by(method)
            self.emit(HostFound(ip, method))
        else:
            host.found_by(method)
        return host

    async def liveness(self) -> bool:
        """ARP on the segment while ICMP pings what is off it; then one echo to each host ARP
        found, for its TTL (an on-link address silent to ARP cannot answer a ping). False when
        neither method could run, and then every address is probed."""
        if not self.v4 or not any(m in self.methods for m in LIVENESS):
            return False
        self.progress("liveness")
        routed = list(self.v4)
        if "arp" in self.methods:
            from netinv_tui.core.discovery import arp as arp_module

            try:
                on_segment, routed = await asyncio.to_thread(arp_module.on_link, self.v4, self.options.interface)
            except MethodUnavailable as why:
                self.scan.skipped["arp"] = str(why)
                on_segment = {}
            targets = [a for addresses in on_segment.values() for a in addresses]
            if not targets:
                self.scan.skipped.setdefault("arp", "no target is on a directly connected segment")
        else:
            targets = []
        results = list(
            await asyncio.gather(
                self.arp(targets) if targets else _false(),
                self.icmp(routed, tries=2) if "icmp" in self.methods else _false(),
            )
        )
        if "icmp" in self.methods and targets and not results[0]:  # ARP could not run: ping the segment too
            results.append(await self.icmp(targets, tries=2))
        elif "icmp" in self.methods:
            answered = [a for a in targets if a in self.hosts and self.hosts[a].ttl is None]
            results.append(await self.icmp(answered, tries=1, wait=self.wait(answered)))
        self.done = len(self.addresses)
        self.progress("liveness")
        return any(results)

    async def arp(self, targets: list[str]) -> bool:
        from netinv_tui.core.discovery import arp as arp_module

        try:
            answers, _routed, sent = await asyncio.to_thread(
                arp_module.arp_sweep, targets, self.options.interface, self.options.timeout, self.options.rate
            )
        except MethodUnavailable as why:
            self.scan.skipped["arp"] = str(why)
            return False
        self.scan.count("arp", sent)
        own = set(arp_module.local_addresses())
        for answer in answers:
            host = self.found(answer.ip, LOCAL if answer.ip in own else "arp")
            host.mac = answer.mac
            host.rtt_ms = answer.rtt_ms if host.rtt_ms is None else min(host.rtt_ms, answer.rtt_ms)
        return True

    async def icmp(self, addresses: list[str], tries: int, wait: float | None = None) -> bool:
        from netinv_tui.core.discovery.icmp import ping_sweep

        if not addresses:
            return False
        try:
            echoes, sent = await ping_sweep(addresses, wait or self.options.timeout, self.options.rate, tries)
        except MethodUnavailable as why:
            self.scan.skipped["icmp"] = str(why)
            return False
        self.scan.count("icmp", sent)
        for echo in echoes:
            host = self.found(echo.ip, "icmp")
            host.ttl = echo.ttl
            host.rtt_ms = echo.rtt_ms if host.rtt_ms is None else min(host.rtt_ms, echo.rtt_ms)
        return True

    async def probes(self, candidates: list[str]) -> None:
        """SNMP and NetBIOS on the candidates, at once."""
        self.done = 0
        self.progress("probing")
        jobs = []
        if "snmp" in self.methods and self.options.credentials:
            jobs.append(self.snmp(candidates))
        elif "snmp" in self.methods:
            self.scan.skipped["snmp"] = "no credential profile given (--profile or --community)"
        if "netbios" in self.methods:
            jobs.append(self.netbios([a for a in candidates if ipaddress.ip_address(a).version == 4]))
        await asyncio.gather(*jobs)

    async def snmp(self, candidates: list[str]) -> None:
        limit = asyncio.Semaphore(self.options.snmp_at_once)

        async def one(ip: str) -> None:
            with unit(f"host {ip}", self.failing(ip)):
                known = self.hosts.get(ip)
                async with limit:
                    outcome = await identify_host(
                        ip, self.options.credentials, known.rtt_ms if known else None, self.options.preferred.get(ip)
                    )
                self.scan.count("snmp", outcome.requests)
                if outcome.identity is not None:
                    host = self.found(ip, "snmp")
                    host.snmp = outcome.identity
                    host.mac = host.mac or outcome.identity.mac  # the MAC on the wire; the document writes the device's
                    self.emit(HostIdentified(ip))
            self.done += 1
            self.progress("probing")

        await asyncio.gather(*(one(ip) for ip in candidates))

    async def netbios(self, candidates: list[str]) -> None:
        from netinv_tui.core.discovery.netbios import node_status

        answers, sent = await node_status(
            candidates, self.wait(candidates), self.options.rate, self.options.netbios_port
        )
        self.scan.count("netbios", sent)
        for ip, status in answers.items():
            with unit(f"host {ip}", self.failing(ip)):
                host = self.found(ip, "netbios")
                host.netbios_name = status.name
                host.workgroup = status.workgroup
                host.user_session = status.user
                host.mac = host.mac or status.mac
                self.emit(HostIdentified(ip))

    async def names(self) -> None:
        from netinv_tui.core.discovery.dns import ReverseResolver

        if "dns" not in self.methods or not self.hosts:
            return
        self.progress("names")
        resolver = ReverseResolver(self.options.dns_servers, self.options.timeout)
        names = await resolver.names(list(self.hosts))
        self.scan.count("dns", resolver.queries)
        for ip, name in names.items():
            with unit(f"host {ip}", self.failing(ip)):
                host = self.hosts[ip]
                host.dns_name = name
                host.found_by("dns")
                self.emit(HostIdentified(ip))

    async def run(self) -> Scan:
        try:
            if "snmp" in self.methods and any(c.profile.version == "3" for c in self.options.credentials):
                from netinv_tui.core.snmp.live import preload

                # pysnmp (SNMPv3 only: v1/v2c go through snmp/community.py): half a second
                loading = asyncio.ensure_future(asyncio.to_thread(preload))
                alive = await self.liveness()
                await loading
            else:
                alive = await self.liveness()
            everything = self.options.all_probes or not alive
            candidates = list(self.addresses) if everything else [a for a in self.addresses if a in self.hosts]
            await self.probes(candidates)
            await self.names()
        except asyncio.CancelledError:
            self.scan.partial = True
            raise
        finally:
            self.finish()
        return self.scan

    def finish(self) -> None:
        for host in self.hosts.values():
            with unit(f"host {host.ip}", self.failing(host.ip)):
                if host.mac:
                    host.vendor = macvendor.vendor(host.mac) or None
                classify.classify(host)
        order = {a: i for i, a in enumerate(self.addresses)}
        self.scan.hosts = sorted(self.hosts.values(), key=lambda h: order.get(h.ip, len(order)))
        self.scan.ended = now()


async def _false() -> bool:
    return False


async def sweep(ranges: Sequence[Range], options: SweepOptions, on_event: SweepCallback | None = None) -> Scan:
    """Sweep `ranges`; cancelling keeps what was found (the Scan is marked partial)."""
    return await Sweeper(ranges, options, on_event).run()
