"""The legacy agent/server messages (shared/protocol.md 2-3): the PROLOG request, and the
server's XML answers parsed into jobs (the GLPI agent protocol's JSON is in native.py). XML is
read without entities or network access; credentials a server sends become in-memory profiles
only, never written anywhere."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from netinv_tui import __version__
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.profiles import Profile

#: Constant in both agents' PROLOG.
TOKEN = "12345678"
USER_AGENT = f"netinv/{__version__}"
TASKS = ("netdiscovery", "netinventory")


class ServerError(NetinvError):
    """The server refused, answered an error, or answered something that is not the protocol."""


class ServerUnreachable(ServerError):
    """Nothing answered (refused, timed out, dropped, TLS failed): worth trying again later."""


class ServerRefused(ServerError):
    """The server read the request and said no (HTTP 4xx): sending it again will not help."""


class ServerRedirected(ServerRefused):
    """The server answered 3xx: netinv does not follow (results stay with the URL the user gave)."""


class ServerSaid(ServerRefused):
    """A GLPI server answered in its own protocol with `{"status": "error", "message": ...}`: it
    understood the message and refused it (the message says why, one clean line)."""


@dataclass(frozen=True)
class Range:
    id: str
    start: str
    end: str
    entity: str | None = None
    port: int | None = None


@dataclass(frozen=True)
class QueryDevice:
    id: str
    ip: str
    type: str
    auth_id: str
    port: int | None = None


@dataclass
class Job:
    """One OPTION: a NETDISCOVERY of ranges or an SNMPQUERY of devices, with its credentials."""

    kind: str  # NETDISCOVERY or SNMPQUERY
    pid: str
    threads: int = 1
    timeout: float | None = None
    ranges: list[Range] = field(default_factory=list)
    devices: list[QueryDevice] = field(default_factory=list)
    credentials: dict[str, Profile] = field(default_factory=dict)


@dataclass
class Reply:
    jobs: list[Job] = field(default_factory=list)
    prolog_freq_hours: float | None = None
    #: Server values netinv clamped to a sane range, and jobs it refused, one line each.
    notes: list[str] = field(default_factory=list)
    #: The server wants a computer inventory too (RESPONSE=SEND): netinv has none to give.
    wants_inventory: bool = False


def prolog(device_id: str) -> bytes:
    root = etree.Element("REQUEST")
    etree.SubElement(root, "DEVICEID").text = device_id
    etree.SubElement(root, "QUERY").text = "PROLOG"
    etree.SubElement(root, "TOKEN").text = TOKEN
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


#: What a server may set, and the range netinv holds it to: a value outside is clamped, with a note.
PROLOG_FREQ_HOURS = (1 / 60, 24 * 30)  # a minute to a month between rounds
JOB_TIMEOUT = (1, 60)  # seconds per SNMP request
JOB_THREADS = (1, 64)


def clamp(value: float, bounds: tuple[float, float], what: str, notes: list[str]) -> float:
    low, high = bounds
    if value != value or value < low or value > high:  # NaN compares false with everything
        kept = low if value != value or value < low else high
        notes.append(f"the server's {what} {value!r} is out of range: {kept:g} used")
        return kept
    return value


def expiration_hours(value: object) -> float | None:
    """'24', '90s', '15m', '2h', '1d' (the GLPI agent's expiration forms) in hours."""
    text = str(value).strip().lower() if value is not None else ""
    units = {"s": 1 / 3600, "m": 1 / 60, "h": 1.0, "d": 24.0}
    try:
        if text and text[-1] in units:
            return float(text[:-1]) * units[text[-1]]
        return float(text) if text else None
    except ValueError:
        return None


def _xml(body: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    start = body.find(b"<")
    if start < 0:
        raise ServerError("the server answered no XML")
    try:
        return etree.fromstring(body[start:], parser)
    except etree.XMLSyntaxError as error:
        raise ServerError(f"the server's answer is not well-formed XML: {error.msg}") from None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default  # type: ignore[arg-type]
    except ValueError:
        return default


def credential(element: etree._Element) -> Profile:
    """An AUTHENTICATION entry as a profile that lives in memory for the job only."""
    get = element.get
    version = (get("VERSION") or "2c").lower().removeprefix("v")
    profile = Profile(
        name=f"server credential {get('ID', '?')}",
        version="2c" if version in ("2", "2c") else version,
        community=get("COMMUNITY") or "",
        user=get("USERNAME") or "",
        auth_protocol=get("AUTHPROTOCOL") or "",
        auth_pass=get("AUTHPASSPHRASE") or get("AUTHPASSWORD") or "",
        priv_protocol=get("PRIVPROTOCOL") or get("PRIVHPROTOCOL") or "",
        priv_pass=get("PRIVPASSPHRASE") or get("PRIVPASSWORD") or "",
        port=_int(get("PORT"), 161),
    )
    return profile.validate()


def parse_reply(body: bytes) -> Reply:
    """A PROLOG REPLY: its jobs (OPTION), PROLOG_FREQ, or the ERROR it carries (raised)."""
    root = _xml(body)
    if root.tag != "REPLY":
        raise ServerError(f"the server answered <{root.tag}>, not a REPLY")
    error = root.findtext("ERROR")
    if error:
        raise ServerError(f"server error: {error.strip()}")
    reply = Reply(wants_inventory=(root.findtext("RESPONSE") or "").strip() == "SEND")
    freq = expiration_hours(root.findtext("PROLOG_FREQ"))
    if freq is not None:
        reply.prolog_freq_hours = clamp(freq, PROLOG_FREQ_HOURS, "PROLOG_FREQ (hours)", reply.notes)
    for option in root.findall("OPTION"):
        name = (option.findtext("NAME") or "").strip().upper()
        if name not in ("NETDISCOVERY", "SNMPQUERY"):
            continue  # jobs for tasks netinv does not run (ESX, deploy, ...)
        param = option.find("PARAM")
        if param is None or not param.get("PID"):
            raise ServerError(f"{name} job without PARAM PID")
        threads = _int(param.get("THREADS_DISCOVERY") or param.get("THREADS_QUERY"), 1)
        timeout = _int(param.get("TIMEOUT"), 0)
        job = Job(
            kind=name,
            pid=str(param.get("PID"))[:64],
            threads=int(clamp(threads, JOB_THREADS, "THREADS", reply.notes)),
            timeout=clamp(timeout, JOB_TIMEOUT, "TIMEOUT (s)", reply.notes) if timeout else None,
        )
        for auth in option.findall("AUTHENTICATION"):
            try:
                job.credentials[str(auth.get("ID"))] = credential(auth)
            except NetinvError:
                continue  # a v3 entry without user, an unknown protocol: the agents skip it too
        for rng in option.findall("RANGEIP"):
            if rng.get("IPSTART") and rng.get("IPEND"):
                port = _int(rng.get("PORT", "").split(",")[0], 0) or None
                job.ranges.append(Range(rng.get("ID", ""), rng.get("IPSTART", ""), rng.get("IPEND", ""),
                                        rng.get("ENTITY"), port))  # fmt: skip
        for device in option.findall("DEVICE"):
            if device.get("IP"):
                job.devices.append(
                    QueryDevice(
                        id=device.get("ID", "0"),
                        ip=device.get("IP", ""),
                        type=device.get("TYPE", "NETWORKING"),
                        auth_id=device.get("AUTHSNMP_ID", ""),
                        port=_int(device.get("PORT"), 0) or None,
                    )
                )
        reply.jobs.append(job)
    return reply
