"""SNMPv3 over UDP with pysnmp 7 (`v3arch.asyncio`): the only module that imports pysnmp, a
sibling of community.py's BER transport over their shared base (network.NetworkSession).

pysnmp's 4-tuples become VarBinds or NetinvErrors here. Engines are shared: one for all
community-based sessions, one per distinct SNMPv3 credential (pysnmp keys USM users by name
alone, so two profiles with the same user name and other keys must not share an engine).
Packets and bytes are counted per target by an engine observer, so retries are counted too.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from netinv_tui.core.errors import AuthFailure, SnmpError, Unreachable, UnsupportedProtocol
from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp import auth, ber
from netinv_tui.core.snmp import values as v
from netinv_tui.core.snmp.hlapi import hlapi
from netinv_tui.core.snmp.network import COUNTERS, STRAYS, NetworkSession, PduError, resolvable
from netinv_tui.core.snmp.oids import Oid
from netinv_tui.core.snmp.values import VarBind

#: Engines per event loop: a pysnmp engine's transport belongs to the loop that opened it, and each
#: `asyncio.run` (one per CLI command, one per test) brings a new loop.
_ENGINES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, ...], Any]] = weakref.WeakKeyDictionary()

_TAGS = {
    "Integer32": v.INTEGER,
    "Integer": v.INTEGER,
    "OctetString": v.OCTET_STRING,
    "Bits": v.OCTET_STRING,
    "DisplayString": v.OCTET_STRING,
    "Null": v.NULL,
    "ObjectIdentifier": v.OBJECT_IDENTIFIER,
    "ObjectName": v.OBJECT_IDENTIFIER,
    "IpAddress": v.IP_ADDRESS,
    "Counter32": v.COUNTER32,
    "Gauge32": v.GAUGE32,
    "Unsigned32": v.GAUGE32,
    "TimeTicks": v.TIMETICKS,
    "Opaque": v.OPAQUE,
    "Counter64": v.COUNTER64,
    "NoSuchObject": v.NO_SUCH_OBJECT,
    "NoSuchInstance": v.NO_SUCH_INSTANCE,
    "EndOfMibView": v.END_OF_MIB_VIEW,
}


def _observe(engine: Any, point: str, variables: dict[str, Any], context: Any) -> None:
    address = variables.get("transportAddress")
    if not address:
        return
    key = (str(address[0]), int(address[1]))
    for counters in COUNTERS.get(key, ()):
        if point == "rfc3412.sendPdu":
            counters.requests += 1
            counters.bytes_sent += len(variables.get("outgoingMessage") or b"")
        else:
            counters.bytes_received += len(variables.get("wholeMsg") or b"")


class _NoMibCompiler:
    """Stands in for pysmi's compiler: every request carries numeric OIDs, nothing needs compiling.

    pysnmp builds a pysmi MIB parser the first time it resolves a var-bind (2 s of CPU, in every
    process and for every engine), only to compile MIBs it would fetch on demand: this says 'missing'.
    """

    def compile(self, *names: str, **options: Any) -> dict[str, str]:
        return dict.fromkeys(names, "missing")


def _without_mib_compiler(engine: Any) -> None:
    from pysnmp.hlapi.varbinds import CommandGeneratorVarBinds

    view = CommandGeneratorVarBinds.get_mib_view_controller(engine.cache)
    view.mibBuilder._MibBuilder__mibCompiler = _NoMibCompiler()  # no public setter without a MIB folder


def _answers_only_from_asked() -> None:
    """Accept a datagram only from an address and port an open session sent to.

    pysnmp matches a response to its request by request ID alone, whatever address it came from:
    an agent on 127.0.0.98 (or anyone who sees the request) could answer for 127.0.0.97 and have
    netinv inventory the wrong device. Every session registers its peer before its first request
    (`COUNTERS`), so anything else is a stray, counted and dropped at the socket.
    """
    from pysnmp.carrier.asyncio.dgram.base import DgramAsyncioProtocol

    original = DgramAsyncioProtocol.datagram_received
    if getattr(original, "netinv_guard", False):
        return

    def datagram_received(self: Any, datagram: bytes, transport_address: Any) -> None:
        try:
            key = (str(transport_address[0]), int(transport_address[1]))
        except (TypeError, ValueError, IndexError):
            key = ("", 0)
        if not COUNTERS.get(key):
            STRAYS.requests += 1
            STRAYS.bytes_received += len(datagram)
            return
        original(self, datagram, transport_address)

    datagram_received.netinv_guard = True  # type: ignore[attr-defined]
    DgramAsyncioProtocol.datagram_received = datagram_received  # type: ignore[method-assign]


def _engine(profile: Profile) -> Any:
    key = auth.engine_key(profile)
    engines = _ENGINES.setdefault(asyncio.get_running_loop(), {})
    if key not in engines:
        _answers_only_from_asked()
        engine = hlapi(privacy=auth.needs_privacy(profile)).SnmpEngine()
        _without_mib_compiler(engine)
        engine.observer.register_observer(_observe, "rfc3412.sendPdu", "rfc3412.receiveMessage:response")
        engines[key] = engine
    return engines[key]


def _to_varbind(name: Any, value: Any, problems: list[str]) -> VarBind:
    """pysnmp's varbind as ours, under the rules of the BER transport (snmp/ber.py): a name that
    RFC 2578 does not allow keeps its place as BAD_NAME, a value out of its type's range is none;
    each said in `problems`."""
    oid = tuple(int(arc) for arc in name)
    if not _allowed(oid):
        problems.append("a varbind's name was dropped (OID out of range)")
        return VarBind(ber.BAD_NAME, v.NO_SUCH_OBJECT, None)
    kind = type(value).__name__
    tag = _TAGS.get(kind)
    if tag is None:
        base = next((_TAGS[c.__name__] for c in type(value).__mro__ if c.__name__ in _TAGS), v.OCTET_STRING)
        tag = base
    if tag in v.EXCEPTION_TAGS or tag == v.NULL:
        return VarBind(oid, tag, None)
    if tag == v.OCTET_STRING or tag == v.OPAQUE:
        return VarBind(oid, tag, bytes(value.asOctets()))
    why = None
    if tag == v.IP_ADDRESS:
        octets = bytes(value.asOctets())
        if len(octets) == 4:
            return VarBind(oid, tag, ".".join(map(str, octets)))
        why = f"an IpAddress of {len(octets)} octets"
    elif tag == v.OBJECT_IDENTIFIER:
        arcs = tuple(int(x) for x in value)
        if _allowed(arcs):
            return VarBind(oid, tag, ".".join(map(str, arcs)))
        why = "OID out of range"
    else:
        number = int(value)
        low, high = ber.RANGES.get(tag, ber.RANGES[v.INTEGER])
        if low <= number <= high:
            return VarBind(oid, tag, number)
        why = "a number out of the type's range"
    problems.append(f"{'.'.join(map(str, oid))}: value dropped ({why})")
    return VarBind(oid, v.NULL, None)


def _allowed(oid: tuple[int, ...]) -> bool:
    return 0 < len(oid) <= ber.MAX_ARCS and all(0 <= arc < ber.ARC_LIMIT for arc in oid)


_AUTH_ERRORS = {
    "UnknownUserName": ("unknown-user", "the agent does not know SNMPv3 user {user!r}"),
    "WrongDigest": ("wrong-digest", "authentication failed for user {user!r}: wrong auth passphrase or protocol"),
    "DecryptionError": ("decryption", "the agent could not decrypt: wrong priv passphrase or protocol for {user!r}"),
    "UnsupportedSecurityLevel": ("security-level", "the agent refuses this security level for user {user!r}"),
    "UnknownSecurityName": ("unknown-user", "the agent does not know SNMPv3 user {user!r}"),
    "UnknownEngineID": ("engine-id", "SNMPv3 engine discovery failed"),
    "NotInTimeWindow": ("time-window", "SNMPv3 time window error (agent clock or engine boots)"),
    "AuthenticationFailure": ("wrong-digest", "authentication failed for user {user!r}"),
}


class LiveSession(NetworkSession):
    """A session through pysnmp: SNMPv3 (and v1/v2c where NETINV_SNMP_ENGINE=pysnmp)."""

    def __init__(self, host: str, profile: Profile, context: str | None = None, max_in_flight: int = 4) -> None:
        super().__init__(host, profile, context, max_in_flight)
        self._engine: Any = None
        self._auth: Any = None  # pysnmp's credentials, made when the first request needs them
        self._target: Any = None
        self._privacy_checked = False
        self._privacy_lock: asyncio.Lock | None = None

    async def _open(self) -> Any:
        if self._target is not None:
            return self._target
        # the first requests go out concurrently (GET chunks): one transport, counted once
        self._open_lock = self._open_lock or asyncio.Lock()
        async with self._open_lock:
            return await self._open_once()

    async def _open_once(self) -> Any:
        from pysnmp.error import PySnmpError

        if self._engine is None:
            self._engine = _engine(self.profile)
            self._auth = auth.credentials(self.profile)
        if self._target is None:
            hl = hlapi(privacy=auth.needs_privacy(self.profile))
            cls = hl.Udp6TransportTarget if ":" in self.host else hl.UdpTransportTarget
            await resolvable(self.host, self.profile.port)
            try:
                self._target = await cls.create(
                    (self.host, self.profile.port), timeout=self.profile.timeout, retries=self.profile.retries
                )
            except PySnmpError:  # pysnmp wraps the resolver's error in its own, with its internals
                raise Unreachable(f"cannot resolve {self.host}") from None
            address = self._target.transport_address
            self._register((str(address[0]), int(address[1])))
        return self._target

    def _inherit(self, child: LiveSession) -> None:  # type: ignore[override]
        child._privacy_checked = self._privacy_checked

    def _fail(self, indication: Any) -> SnmpError:
        kind = type(indication).__name__
        text = str(indication)
        where = f"{self.host}:{self.profile.port}"
        if kind == "RequestTimedOut":
            return self._timed_out()
        if kind in _AUTH_ERRORS:
            code, message = _AUTH_ERRORS[kind]
            return AuthFailure(f"{where}: " + message.format(user=self.profile.user), code)
        if "not supported" in text.lower() or "unsupported" in text.lower():
            return UnsupportedProtocol(f"{where}: {text}")
        return SnmpError(f"{where}: {text}")

    async def _explain_silence(self) -> None:
        """Net-SNMP drops what it cannot decrypt, so a wrong priv passphrase looks like a dead host.

        When an authPriv request goes unanswered before any has been answered, the same user asks
        at authNoPriv: an answer (even a refusal) proves host, user and auth key right, so the
        privacy key is wrong, and that is said instead of a misleading "no response".
        """
        probe_profile = replace(
            self.profile, priv_protocol="", priv_pass="", retries=0, timeout=min(self.profile.timeout, 2.0)
        )
        probe = LiveSession(self.host, probe_profile, self.context)
        try:
            await probe._send("get", [(1, 3, 6, 1, 2, 1, 1, 3, 0)])
        except Unreachable:
            return
        except AuthFailure as error:
            if error.kind in ("wrong-digest", "unknown-user"):
                raise
        except (PduError, SnmpError):
            pass
        finally:
            self.counters.requests += probe.counters.requests
            await probe.close()
        raise AuthFailure(
            f"{self.host}:{self.profile.port}: user {self.profile.user!r} authenticates but the agent "
            "cannot decrypt: wrong priv passphrase or protocol",
            "decryption",
        )

    async def _call(self, verb: str, oids: Sequence[Oid], *extra: int) -> list[VarBind]:
        if self.profile.security_level != "authPriv" or self._privacy_checked:
            return await self._send(verb, oids, *extra)
        try:
            answer = await self._send(verb, oids, *extra)
        except Unreachable:
            self._privacy_lock = self._privacy_lock or asyncio.Lock()
            async with self._privacy_lock:
                if not self._privacy_checked:
                    await self._explain_silence()
            raise
        self._privacy_checked = True
        return answer

    async def _send(self, verb: str, oids: Sequence[Oid], *extra: int) -> list[VarBind]:
        from pyasn1.error import PyAsn1Error
        from pysnmp.error import PySnmpError

        hl = hlapi(privacy=auth.needs_privacy(self.profile))
        target = await self._open()
        command = {"get": hl.get_cmd, "next": hl.next_cmd, "bulk": hl.bulk_cmd}[verb]
        var_binds = [hl.ObjectType(hl.ObjectIdentity(oid)) for oid in oids]
        context = hl.ContextData(contextName=self.context) if self.context else hl.ContextData()
        try:
            indication, status, index, answer = await command(
                self._engine, self._auth, target, context, *extra, *var_binds, lookupMib=False
            )
        except (PySnmpError, PyAsn1Error) as error:  # bare PySnmpError for local configuration faults
            text = str(error) or type(error).__name__
            if "crypt" in text.lower() or "protocol" in text.lower():
                raise UnsupportedProtocol(f"{self.host}: {text}") from None
            raise SnmpError(f"{self.host}: {text}") from None
        if indication:
            raise self._fail(indication)
        if status:
            status_name = str(status.prettyPrint() if hasattr(status, "prettyPrint") else status)
            position = int(index) - 1 if index else -1
            raise PduError(status_name, position)
        problems: list[str] = []
        binds = [_to_varbind(name, value, problems) for name, value in answer]
        self.dropped_values(problems)
        return binds


def preload() -> None:
    """Import pysnmp now (about half a second), e.g. in a face's background thread while the user reads."""
    hlapi()
