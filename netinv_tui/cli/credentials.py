"""Ad-hoc credential options shared by commands, and secrets read from env vars or a hidden prompt."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from netinv_tui.core import profiles
from netinv_tui.core.errors import ProfileError
from netinv_tui.core.profiles import Profile

VersionOpt = Annotated[str | None, typer.Option("--snmp-version", "-v", help="1, 2c or 3")]
CommunityOpt = Annotated[
    str | None, typer.Option("--community", "-c", envvar="NETINV_COMMUNITY", help="v1/v2c community ('-' prompts)")
]
UserOpt = Annotated[str | None, typer.Option("--user", "-u", help="SNMPv3 user name")]
AuthProtoOpt = Annotated[
    str | None, typer.Option("--auth-protocol", "-a", help="MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512")
]
AuthPassOpt = Annotated[
    str | None, typer.Option("--auth-pass", "-A", envvar="NETINV_AUTH_PASS", help="auth passphrase ('-' prompts)")
]
PrivProtoOpt = Annotated[
    str | None, typer.Option("--priv-protocol", "-x", help="DES, 3DES, AES-128, AES-192, AES-256 (-C: Cisco keys)")
]
PrivPassOpt = Annotated[
    str | None, typer.Option("--priv-pass", "-X", envvar="NETINV_PRIV_PASS", help="priv passphrase ('-' prompts)")
]
PortOpt = Annotated[int | None, typer.Option("--port", "-p", help="UDP port (161)")]
TimeoutOpt = Annotated[float | None, typer.Option("--timeout", "-t", help="seconds per request (2)")]
RetriesOpt = Annotated[int | None, typer.Option("--retries", "-r", help="retries per request (1)")]
ContextOpt = Annotated[str | None, typer.Option("--context", help="SNMPv3 context name")]


def secret(value: str | None, label: str) -> str | None:
    """'-' asks on the terminal without echo, so the secret stays out of shell history and ps."""
    if value != "-":
        return value
    if not sys.stdin.isatty():
        raise ProfileError(f"{label} '-' needs a terminal to prompt on; use the environment variable instead")
    return str(typer.prompt(label, hide_input=True))


def build_profile(
    name: str,
    base: Profile | None = None,
    version: str | None = None,
    community: str | None = None,
    user: str | None = None,
    auth_protocol: str | None = None,
    auth_pass: str | None = None,
    priv_protocol: str | None = None,
    priv_pass: str | None = None,
    port: int | None = None,
    timeout: float | None = None,
    retries: int | None = None,
    context: str | None = None,
) -> Profile:
    """Options over a base profile (or defaults): what the user typed wins."""
    profile = base or Profile(name)
    changes = {
        "version": version,
        "community": secret(community, "community"),
        "user": user,
        "auth_protocol": auth_protocol,
        "auth_pass": secret(auth_pass, "auth passphrase"),
        "priv_protocol": priv_protocol,
        "priv_pass": secret(priv_pass, "priv passphrase"),
        "port": port,
        "timeout": timeout,
        "retries": retries,
        "context": context,
    }
    data = {k: getattr(profile, k) for k in profile.__dataclass_fields__}
    data.update({k: val for k, val in changes.items() if val is not None})
    data["name"] = name
    if version is None and base is None and (user or auth_protocol):
        data["version"] = "3"
    return Profile(**data)


def resolve(profile_name: str | None, **options: object) -> Profile:
    base = profiles.get(profile_name) if profile_name else None
    return build_profile(profile_name or "ad-hoc", base, **options).validate()  # type: ignore[arg-type]
