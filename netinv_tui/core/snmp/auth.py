"""Profile -> pysnmp credentials; the only place that knows pysnmp's protocol constants.

Imported lazily by `live.py` only, so nothing pays for pysnmp until a packet is sent.
"""

from __future__ import annotations

from typing import Any

from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp.hlapi import hlapi


def needs_privacy(profile: Profile) -> bool:
    return profile.version == "3" and bool(profile.priv_protocol)


def credentials(profile: Profile) -> Any:
    hl = hlapi(privacy=needs_privacy(profile))

    if profile.version in ("1", "2c"):
        return hl.CommunityData(profile.community, mpModel=0 if profile.version == "1" else 1)
    auth = {
        "": hl.USM_AUTH_NONE,
        "MD5": hl.USM_AUTH_HMAC96_MD5,
        "SHA": hl.USM_AUTH_HMAC96_SHA,
        "SHA-224": hl.USM_AUTH_HMAC128_SHA224,
        "SHA-256": hl.USM_AUTH_HMAC192_SHA256,
        "SHA-384": hl.USM_AUTH_HMAC256_SHA384,
        "SHA-512": hl.USM_AUTH_HMAC384_SHA512,
    }[profile.auth_protocol]
    priv = {
        "": hl.USM_PRIV_NONE,
        "DES": hl.USM_PRIV_CBC56_DES,
        "3DES": hl.USM_PRIV_CBC168_3DES,
        "AES-128": hl.USM_PRIV_CFB128_AES,
        "AES-192": hl.USM_PRIV_CFB192_AES_BLUMENTHAL,
        "AES-256": hl.USM_PRIV_CFB256_AES_BLUMENTHAL,
        "AES-192-C": hl.USM_PRIV_CFB192_AES,
        "AES-256-C": hl.USM_PRIV_CFB256_AES,
    }[profile.priv_protocol]
    return hl.UsmUserData(
        profile.user,
        authKey=profile.auth_pass or None,
        privKey=profile.priv_pass or None,
        authProtocol=auth,
        privProtocol=priv,
    )


def engine_key(profile: Profile) -> tuple[str, ...]:
    """pysnmp keeps one USM user per name in an engine: profiles that differ need engines of their own."""
    if profile.version != "3":
        return ("community",)
    return ("usm", profile.user, profile.auth_protocol, profile.auth_pass, profile.priv_protocol, profile.priv_pass)
