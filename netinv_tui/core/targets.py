"""What a user types as a device: 'switch1', '192.0.2.7', '192.0.2.7:1161', '[2001:db8::1]:161', '2001:db8::1'.

A port given here overrides the profile's, so one profile serves agents on odd ports (the demo lab's
simulators, NAT-ed devices) without a copy of it per port.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from netinv_tui.core.errors import UsageError
from netinv_tui.core.profiles import Profile

_HOSTNAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$")


@dataclass(frozen=True)
class Target:
    host: str
    port: int | None = None

    def __str__(self) -> str:
        if self.port is None:
            return self.host
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def apply(self, profile: Profile) -> Profile:
        """The profile to read this target with: the target's port, if it names one, wins."""
        return profile if self.port is None else dataclasses.replace(profile, port=self.port)


def _port(text: str, whole: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise UsageError(f"invalid port in {whole!r}: give 1-65535")
    return int(text)


def parse_target(text: str) -> Target:
    """Split host and optional port; raise UsageError with the reason for anything else."""
    whole = text
    text = text.strip()
    if not text:
        raise UsageError("no host given")
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise UsageError(f"invalid address {whole!r}: write an IPv6 address with a port as [addr]:port")
        _check_ipv6(host, whole)
        return Target(host, _port(rest[1:], whole) if rest else None)
    if text.count(":") > 1:
        _check_ipv6(text, whole)
        return Target(text)
    host, sep, port = text.partition(":")
    check_ipv4(host)
    if not _HOSTNAME.match(host):
        raise UsageError(f"invalid host {whole!r}: give a name or an address, optionally with :port")
    return Target(host, _port(port, whole) if sep else None)


def ipv4_problem(text: str) -> str | None:
    """Why `text`, numbers and dots only, is no IPv4 address (None if it is one, or is a name).
    No name is all numbers (a top-level domain never is), so the resolver is never asked for one:
    '10.0.0.300' is a typo to say at once, not a name to look up, and '10.1' or '010.0.0.1' are
    forms inet_aton reads as 10.0.0.1 and 8.0.0.1, not what anyone means."""
    parts = text.split(".")
    if not all(part.isdigit() for part in parts):
        return None
    if len(parts) != 4:
        return "an IPv4 address is four numbers 0-255, dotted"
    over = [part for part in parts if int(part) > 255]
    if over:
        return f"{over[0]} is over 255"
    if any(len(part) > 1 and part.startswith("0") for part in parts):
        return "a number with a leading zero reads as octal to some tools"
    return None


def check_ipv4(text: str) -> None:
    """Refuse, as a usage error, numbers and dots that are no IPv4 address (ipv4_problem)."""
    problem = ipv4_problem(text)
    if problem is not None:
        raise UsageError(f"not an address: {text!r} ({problem})")


def _check_ipv6(host: str, whole: str) -> None:
    import ipaddress

    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        raise UsageError(f"invalid IPv6 address in {whole!r}") from None


def check_resolvable(targets: list[Target]) -> None:
    """Refuse, before any request, names the resolver does not know: one line names them all."""
    import socket
    from concurrent.futures import ThreadPoolExecutor

    names = sorted({t.host for t in targets if not _is_address(t.host)})

    def fails(name: str) -> bool:
        try:
            socket.getaddrinfo(name, None, type=socket.SOCK_DGRAM)
        except (socket.gaierror, UnicodeError):
            return True
        return False

    if not names:
        return
    with ThreadPoolExecutor(max_workers=min(16, len(names))) as pool:
        bad = [name for name, failed in zip(names, pool.map(fails, names), strict=True) if failed]
    if bad:
        raise UsageError(f"cannot resolve {', '.join(bad)}")


def _is_address(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
