"""Agent mode: ask the server for jobs (CONTACT, then PROLOG), run them with the same core as the
CLI, send each result as the agents do, and keep what the server did not take for the next round.

A discovery job is START, NBIP, one DEVICE per message, END twice; an inventory job START, one
DEVICE (or DEVICE/ERROR) per device, END twice; a job stopped by a signal ends with EXIT. Each
device has its own time budget, so one slow device fails alone and the job goes on.

The log lines of a round quote the server (its errors, job ids, the ranges it sent) and devices:
each goes out through `clean` (core/text), so a server cannot retitle or clear the terminal, or
split a log line, with what it answers.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from netinv_tui.core.discovery.ranges import Range as DiscoveryRange
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.faults import unit
from netinv_tui.core.model import Device
from netinv_tui.core.profiles import Profile
from netinv_tui.core.server import outbox
from netinv_tui.core.server.client import Client, Connection, Exchange
from netinv_tui.core.server.dialect import LEGACY, NATIVE, Dialect
from netinv_tui.core.server.native import ContactAnswer, contact, parse_contact
from netinv_tui.core.server.protocol import (
    Job,
    Range,
    Reply,
    ServerError,
    ServerRedirected,
    ServerRefused,
    ServerSaid,
    ServerUnreachable,
    parse_reply,
    prolog,
)
from netinv_tui.core.text import clean

#: Discovery methods a server's job runs: what the agents do (no reverse DNS: they write the IP).
JOB_METHODS = ("arp", "icmp", "snmp", "netbios")
Log = Callable[[str], None]


@dataclass
class AgentOptions:
    connection: Connection
    device_id: str
    tag: str | None = None
    methods: tuple[str, ...] = JOB_METHODS
    #: Seconds one device may take in an inventory job before it is reported as failed.
    device_budget: float = 300.0
    #: Hours between rounds when the server does not say (PROLOG_FREQ).
    default_freq_hours: float = 24.0
    #: The most addresses one discovery job may sweep, as the CLI's --max-hosts.
    max_hosts: int = 65536
    #: Ranges a server may have swept (CIDR blocks); empty: any unicast range within max_hosts.
    allowed: tuple[str, ...] = ()
    #: Processes reading an inventory job's devices; 0: as many as the job's size earns (core/processes).
    processes: int = 0
    #: The port of this agent's listener, announced in CONTACT (`httpd-port`) when it listens.
    httpd_port: int | None = None


@dataclass
class RoundResult:
    jobs: list[str] = field(default_factory=list)
    sent: int = 0
    kept: int = 0
    #: Messages from an earlier round that this one delivered.
    resent: int = 0
    #: Messages the server refused this round: kept apart in the outbox (netinv outbox), reported.
    refused: int = 0
    #: Jobs netinv would not run (too large, special or disallowed ranges), each failed to the server.
    refused_jobs: list[str] = field(default_factory=list)
    next_hours: float = 24.0
    error: str | None = None
    #: Every HTTP request of the round and how it went (the dashboard lists them).
    exchanges: list[Exchange] = field(default_factory=list)
    #: How each kind of job's results went this round: "native" (JSON) or "legacy" (XML).
    protocols: dict[str, str] = field(default_factory=dict)


class Sender:
    """Posts messages in order; once the server is unreachable, keeps the rest in the outbox."""

    def __init__(self, client: Client, result: RoundResult, log: Log) -> None:
        self.client = client
        self.result = result
        self.log = log
        self.down: str | None = None

    async def send(self, body: bytes, what: str) -> None:
        """One message, one unit (core/faults): whatever fails in its exchange, it is kept in the
        outbox (refused apart, the rest for the next round) and the next message goes."""
        failures: list[str] = []
        with unit(f"message {what}", failures.append):
            await self._send(body, what)
            return
        self.log(f"{what}: not delivered, kept in the outbox for the next round: {failures[0]}")
        outbox.keep(self.client.connection.url, body, what)
        self.result.kept += 1

    async def _send(self, body: bytes, what: str) -> None:
        if self.down is None:
            try:
                answer = await self.client.post(body, what)
            except ServerRefused as error:  # the server read it and said no: kept apart, never lost
                outbox.keep(self.client.connection.url, body, what, refused=str(error))
                self.result.refused += 1
                self.log(f"{what}: refused, kept in the outbox (netinv outbox): {error}")
                return
            except ServerError as error:
                self.down = str(error)
                self.log(f"server unreachable, results kept for the next round: {error}")
            else:
                self.result.sent += 1
                _check_answer(answer, what, self.log)
                return
        outbox.keep(self.client.connection.url, body, what)
        self.result.kept += 1

    async def flush(self) -> None:
        """What earlier rounds could not deliver goes first."""
        for item in outbox.pending(self.client.connection.url):
            try:
                answer = await self.client.post(item.body, item.what)
            except ServerRefused as error:  # one message the server will never take blocks nothing
                outbox.refuse(item, str(error))
                self.result.refused += 1
                self.log(f"{item.what}: refused, kept apart in the outbox (netinv outbox): {error}")
                continue
            except ServerError as error:
                self.down = str(error)
                return
            outbox.sent(item)
            self.result.resent += 1
            _check_answer(answer, item.what, self.log)


def _check_answer(answer: bytes, what: str, log: Log) -> None:
    """Agents ignore the body of an answer to a result, except an <ERROR> ('Task not found')."""
    if b"<ERROR>" in answer:
        from lxml import etree

        try:
            text = etree.fromstring(answer[answer.find(b"<") :]).findtext(".//ERROR") or ""
        except etree.XMLSyntaxError:
            text = answer[:120].decode("utf-8", "replace")
        log(f"{what}: server says: {text.strip()}")


@dataclass
class Jobs:
    """What the server said at the start of a round, and so how each job's results go to it."""

    reply: Reply
    #: The CONTACT answer of a GLPI server; None: the server does not speak the GLPI agent protocol.
    contact: ContactAnswer | None = None

    def dialect(self, device_id: str) -> Dialect:
        """Native JSON to a server that answered CONTACT as a GLPI server (GA `isGlpiServer`),
        the legacy XML to one that did not: decided once, for every job of the round."""
        return Dialect(NATIVE if self.contact is not None else LEGACY, device_id)


async def ask_for_jobs(client: Client, options: AgentOptions, log: Log) -> Jobs:
    """CONTACT first; a server that does not understand it (FusionInventory) is spoken to in the
    legacy protocol for the round. PROLOG follows when GA would send it (`doProlog`): for a legacy
    server, or a GLPI one whose network tasks the plugin serves, as its jobs come only that way."""
    answer: ContactAnswer | None = None
    try:
        answer = parse_contact(
            await client.post(contact(options.device_id, options.tag, options.httpd_port), "CONTACT")
        )
    except (ServerUnreachable, ServerSaid, ServerRedirected):
        raise  # down, or a GLPI server that refuses this agent: the round ends with its word
    except ServerError as error:  # a FusionInventory server does not speak the JSON protocol
        log(f"the server does not speak the GLPI agent protocol ({error}); using the legacy protocol")
    if answer is not None:
        for note in answer.notes:
            log(note)
        if answer.message:
            log(f"server message: {answer.message}")
        if answer.status != "ok":
            log(f"server {answer.status}: no job this round")
            return Jobs(Reply(prolog_freq_hours=answer.expiration_hours), answer)
        if not answer.needs_prolog():
            log("the server hands out no network job (no plugin serves netdiscovery or netinventory)")
            return Jobs(Reply(prolog_freq_hours=answer.expiration_hours), answer)
    reply = parse_reply(await client.post(prolog(options.device_id), "PROLOG"))
    if answer is not None and answer.expiration_hours is not None:
        reply.prolog_freq_hours = answer.expiration_hours  # GA: a GLPI server's CONTACT sets the delay
    return Jobs(reply, answer)


def cleaned(log: Log) -> Log:
    """The log, each line made one line of visible text (it quotes the server and the devices)."""

    def write(line: str) -> None:
        log(clean(line))

    return write


async def run_round(options: AgentOptions, log: Log = print) -> RoundResult:
    log = cleaned(log)
    result = RoundResult(next_hours=options.default_freq_hours)
    async with Client(options.connection) as client:
        result.exchanges = client.exchanges  # the same list, filled as the round goes
        sender = Sender(client, result, log)
        await sender.flush()
        if sender.down is not None:
            result.error = sender.down
            log(f"server unreachable: {sender.down}; {len(outbox.pending(options.connection.url))} messages kept")
            return result
        try:
            asked = await ask_for_jobs(client, options, log)
        except ServerError as error:
            result.error = str(error)
            log(str(error))
            return result
        reply = asked.reply
        result.next_hours = reply.prolog_freq_hours or options.default_freq_hours
        for note in reply.notes:
            log(note)
        for job in reply.jobs:
            log(f"{job.kind} job {job.pid}: " + _describe(job))
            dialect = asked.dialect(options.device_id)
            result.protocols[job.kind] = dialect.kind
            await run_job(job, options, sender, dialect)
            result.jobs.append(f"{job.kind} {job.pid}")
        if not reply.jobs:
            log(f"no job; next contact in {result.next_hours:g} h")
    return result


def _describe(job: Job) -> str:
    if job.kind == "NETDISCOVERY":
        return ", ".join(f"{r.start}-{r.end}" for r in job.ranges) + f" with {len(job.credentials)} credential(s)"
    return f"{len(job.devices)} device(s), {job.threads} at a time"


async def run_job(job: Job, options: AgentOptions, sender: Sender, dialect: Dialect | None = None) -> None:
    """START ... END END; a cancellation (signal, expiration) sends EXIT instead, then stops.
    Every body comes from `dialect` (the legacy XML when none is given)."""
    dialect = dialect or Dialect(LEGACY, options.device_id)
    pid, kind = job.pid, job.kind
    await sender.send(dialect.control(kind, pid, START=1), f"{kind} {pid} START")
    failures: list[str] = []
    try:
        # a job is a unit: one netinv refuses, or that fails whole, is failed to the server and
        # the agent goes on with the next
        with unit(f"{kind} job {pid}", failures.append):
            if kind == "NETDISCOVERY":
                await _discovery(job, options, sender, dialect)
            else:
                await _inventory(job, options, sender, dialect)
    except asyncio.CancelledError:
        await sender.send(dialect.control(kind, pid, EXIT=1), f"{kind} {pid} EXIT")
        raise
    if failures:
        sender.log(f"{kind} job {pid} not run: {failures[0]}")
        sender.result.refused_jobs.append(f"{kind} {pid}: {failures[0]}")
        await sender.send(dialect.job_error(kind, pid, failures[0]), f"{kind} {pid} ERROR")
        await sender.send(dialect.control(kind, pid, EXIT=1), f"{kind} {pid} EXIT")
        return
    for _ in range(2):  # both agents send END twice; servers finish the job on the first
        await sender.send(dialect.control(kind, pid, END=1), f"{kind} {pid} END")


def _job_profile(job: Job, auth_id: str, port: int | None) -> Profile:
    """The job's credential on the range's or device's port, with the job's request timeout."""
    profile = job.credentials[auth_id]
    profile = dataclasses.replace(profile, port=port) if port else profile
    return dataclasses.replace(profile, timeout=job.timeout) if job.timeout else profile


class JobRefused(NetinvError):
    """A job netinv will not run as given (too large a sweep, a special or disallowed range)."""


def checked_ranges(job: Job, options: AgentOptions) -> list[tuple[Range, DiscoveryRange]]:
    """The job's ranges, held to the CLI's limits and the allow-list; JobRefused names the first fault."""
    from netaddr import IPNetwork

    from netinv_tui.core.discovery.ranges import parse_range

    ranges = []
    for server_range in job.ranges:
        try:
            target = parse_range(f"{server_range.start}-{server_range.end}")
        except NetinvError as error:
            raise JobRefused(f"range {server_range.start}-{server_range.end}: {error}") from None
        if options.allowed and not any(
            (block := IPNetwork(allowed)).version == target.version
            and block.first <= target.first <= target.last <= block.last
            for allowed in options.allowed
        ):
            raise JobRefused(
                f"range {target.text} is outside the ranges this agent may sweep ({', '.join(options.allowed)})"
            )
        ranges.append((server_range, target))
    total = sum(target.host_count() for _r, target in ranges)
    if total > options.max_hosts:
        raise JobRefused(f"{total} addresses to sweep is more than this agent's limit of {options.max_hosts}")
    return ranges


async def _discovery(job: Job, options: AgentOptions, sender: Sender, dialect: Dialect) -> None:
    from netinv_tui.core.discovery.snmp_probe import Credential
    from netinv_tui.core.discovery.sweep import SweepOptions, sweep

    ranges = checked_ranges(job, options)
    total = sum(target.host_count() for _r, target in ranges)
    await sender.send(dialect.control(job.kind, job.pid, NBIP=total), f"NETDISCOVERY {job.pid} NBIP")
    for server_range, target in ranges:
        credentials = [
            Credential(_job_profile(job, auth_id, server_range.port), auth_id) for auth_id in job.credentials
        ]
        sweep_options = SweepOptions(
            methods=[m for m in options.methods if m != "snmp" or credentials],
            credentials=credentials,
            snmp_at_once=max(job.threads, 1),
        )
        scan = await sweep([target], sweep_options)
        for host in scan.hosts:
            messages: list[bytes] = []
            failures: list[str] = []
            with unit(f"host {host.ip}", failures.append):
                messages = dialect.discovery([host], job.pid, server_range.entity)
            if failures:
                sender.log(f"{host.ip}: not sent: {failures[0]}")
            for message in messages:
                await sender.send(message, f"NETDISCOVERY {job.pid} DEVICE")


async def _inventory(job: Job, options: AgentOptions, sender: Sender, dialect: Dialect) -> None:
    from netinv_tui.core.processes import DeviceJob, process_count, read_devices

    jobs, unknown = [], []
    for entry in job.devices:
        number = int(entry.id) if entry.id.isdigit() else 0
        if entry.auth_id in job.credentials:
            jobs.append(DeviceJob(entry.ip, _job_profile(job, entry.auth_id, entry.port), number))
        else:
            unknown.append(Device(host=entry.ip, id=number, error=f"no credential {entry.auth_id!r} in the job"))
    devices = read_devices(jobs, process_count(len(jobs), options.processes), max(job.threads, 1),
                           options.device_budget)  # fmt: skip
    try:
        for device in unknown:
            await sender.send(dialect.inventory(device, job.pid), f"SNMPQUERY {job.pid} {device.host}")
        async for _position, device in devices:  # each device is sent as soon as it is read
            await sender.send(_document(device, dialect, job.pid), f"SNMPQUERY {job.pid} {device.host}")
    finally:
        await devices.aclose()


def _document(device: Device, dialect: Dialect, pid: str) -> bytes:
    """The device's message; a device the writer fails on is sent as a DEVICE/ERROR, with why."""
    failures: list[str] = []
    with unit(f"device {device.host}", failures.append):
        return dialect.inventory(device, pid)
    failed = Device(host=device.host, id=device.id, error=f"not written: {failures[0]}", requests=device.requests)
    return dialect.inventory(failed, pid)


async def run_forever(options: AgentOptions, log: Log = print, wake: asyncio.Event | None = None) -> None:
    """Round after round, PROLOG_FREQ apart; `wake` (the listener's "run now") starts one early."""
    wake = wake or asyncio.Event()
    while True:
        failures: list[str] = []
        result = RoundResult(next_hours=options.default_freq_hours)
        with unit("agent round", failures.append):  # the daemon outlives any one round
            result = await run_round(options, log)
        if failures:
            result.error = failures[0]
            log(f"round failed: {failures[0]}")
        delay = result.next_hours * 3600 if result.error is None else min(result.next_hours * 3600, 300.0)
        wake.clear()
        try:
            await asyncio.wait_for(wake.wait(), timeout=delay)
            log("run now requested")
        except TimeoutError:
            pass
