"""Credentials from the command line: a saved profile, ad-hoc options over it, secrets from an
environment variable or a hidden prompt."""

from __future__ import annotations

import sys
from typing import Any

import click

from netinv_tui.core import profiles
from netinv_tui.core.errors import ProfileError
from netinv_tui.core.profiles import Profile


def secret(value: str | None, label: str) -> str | None:
    """'-' asks on the terminal without echo, so the secret stays out of shell history and ps."""
    if value != "-":
        return value
    if not sys.stdin.isatty():
        raise ProfileError(f"{label} '-' needs a terminal to prompt on; use the environment variable instead")
    return str(click.prompt(label, hide_input=True))


def build_profile(name: str, base: Profile | None = None, saving: bool = False, **options: Any) -> Profile:
    """Options over a base profile (or defaults): what the user typed wins.

    A new saved profile (`saving`) for v1/v2c needs a community given on purpose: one that quietly
    says "public" is tried on every device of every sweep, and fails where it is wrong for a
    reason the user never chose. A one-off command keeps the tools' habit of `public`.
    """
    changes = dict(options)
    for field, label in (
        ("community", "community"),
        ("auth_pass", "auth passphrase"),
        ("priv_pass", "priv passphrase"),
    ):
        changes[field] = secret(changes.get(field), label)
    version = changes.get("version")
    if version is None and base is None and (changes.get("user") or changes.get("auth_protocol")):
        changes["version"] = "3"
    profile = base or Profile(name)
    data = {k: getattr(profile, k) for k in profile.__dataclass_fields__}
    data.update({k: val for k, val in changes.items() if val is not None})
    data["name"] = name
    result = Profile(**data)
    if saving and base is None and result.version in ("1", "2c") and not changes.get("community"):
        raise ProfileError(
            f"SNMPv{result.version} needs a community: give --community (or NETINV_COMMUNITY, or '-' to be asked)"
        )
    return result


def resolve(profile_name: str | None, **options: Any) -> Profile:
    """The profile a command reads devices with: a saved one, ad-hoc options, or both."""
    base = profiles.get(profile_name) if profile_name else None
    return build_profile(profile_name or "ad-hoc", base, **options).validate()


def warn_default_community(profile: Profile, profile_name: str | None, options: dict[str, Any]) -> None:
    """Say on stderr that a v1/v2c community nobody gave (no -c, no NETINV_COMMUNITY, no profile)
    is the default `public`: it is tried on every device, and fails where it is wrong for a reason
    nobody chose. Called once the command's input is checked, just before the first request, so a
    refused command still says one line."""
    if profile_name is None and options.get("community") is None and profile.version in ("1", "2c"):
        from netinv_tui.cli import diagnostics

        diagnostics.warn(
            f"no community given (-c, NETINV_COMMUNITY or -P PROFILE): trying the default {profile.community!r}"
        )


def given(options: dict[str, Any]) -> bool:
    """Whether the user typed any credential option."""
    return any(value is not None for value in options.values())
