"""Credential profiles (SNMP v1, v2c, v3/USM) and their private store.

Secrets (community, passphrases) are kept out of repr, out of `public_dict()` and out of every
error message; the store file is written with mode 0600 in a 0700 folder.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from netinv_tui.core import paths
from netinv_tui.core.errors import ProfileError

VERSIONS = ("1", "2c", "3")
AUTH_PROTOCOLS = ("MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512")
#: AES-192/256 follow the Blumenthal draft as Net-SNMP does; the -C forms are Cisco's (Reeder) keys.
PRIV_PROTOCOLS = ("DES", "3DES", "AES-128", "AES-192", "AES-256", "AES-192-C", "AES-256-C")
SECRET_FIELDS = ("community", "auth_pass", "priv_pass")

_AUTH_ALIASES = {
    "SHA1": "SHA",
    "SHA-1": "SHA",
    "SHA224": "SHA-224",
    "SHA256": "SHA-256",
    "SHA384": "SHA-384",
    "SHA512": "SHA-512",
    "NONE": "",
}
_PRIV_ALIASES = {
    "AES": "AES-128",
    "AES128": "AES-128",
    "AES192": "AES-192",
    "AES256": "AES-256",
    "AES192C": "AES-192-C",
    "AES256C": "AES-256-C",
    "DES3": "3DES",
    "3DES-EDE": "3DES",
    "TRIPLEDES": "3DES",
    "NONE": "",
}


def canonical_auth(name: str | None) -> str:
    key = (name or "").strip().upper()
    key = _AUTH_ALIASES.get(key, key)
    if key and key not in AUTH_PROTOCOLS:
        raise ProfileError(f"unknown auth protocol {name!r}: use one of {', '.join(AUTH_PROTOCOLS)}")
    return key


def canonical_priv(name: str | None) -> str:
    key = (name or "").strip().upper()
    key = _PRIV_ALIASES.get(key, key)
    if key and key not in PRIV_PROTOCOLS:
        raise ProfileError(f"unknown priv protocol {name!r}: use one of {', '.join(PRIV_PROTOCOLS)}")
    return key


def mask(secret: str) -> str:
    """Enough of a community to recognise it, never enough to use it."""
    if not secret:
        return ""
    return secret[:2] + "*" * 4 if len(secret) > 4 else "*" * 4


@dataclass
class Profile:
    name: str
    version: str = "2c"
    community: str = field(default="public", repr=False)
    user: str = ""
    auth_protocol: str = ""
    auth_pass: str = field(default="", repr=False)
    priv_protocol: str = ""
    priv_pass: str = field(default="", repr=False)
    port: int = 161
    timeout: float = 2.0
    retries: int = 1
    context: str = ""

    def __post_init__(self) -> None:
        self.version = {"2": "2c", "v1": "1", "v2c": "2c", "v3": "3"}.get(str(self.version), str(self.version))
        self.auth_protocol = canonical_auth(self.auth_protocol)
        self.priv_protocol = canonical_priv(self.priv_protocol)

    @property
    def security_level(self) -> str:
        if self.version != "3":
            return ""
        if not self.auth_protocol:
            return "noAuthNoPriv"
        return "authPriv" if self.priv_protocol else "authNoPriv"

    def validate(self) -> Profile:
        """Raise ProfileError naming the first problem; return self so calls chain."""
        if not self.name or any(c in self.name for c in "/\\\n"):
            raise ProfileError(f"invalid profile name {self.name!r}")
        if self.version not in VERSIONS:
            raise ProfileError(f"profile {self.name}: SNMP version must be 1, 2c or 3, not {self.version!r}")
        if not 0 < int(self.port) < 65536:
            raise ProfileError(f"profile {self.name}: port {self.port} out of range")
        if self.timeout <= 0 or self.retries < 0:
            raise ProfileError(f"profile {self.name}: timeout must be > 0 and retries >= 0")
        if self.version in ("1", "2c"):
            if not self.community:
                raise ProfileError(f"profile {self.name}: SNMPv{self.version} needs a community")
            return self
        if not self.user:
            raise ProfileError(f"profile {self.name}: SNMPv3 needs a user name")
        if self.priv_protocol and not self.auth_protocol:
            raise ProfileError(f"profile {self.name}: privacy (authPriv) needs an auth protocol too")
        if self.auth_protocol and len(self.auth_pass) < 8:
            raise ProfileError(f"profile {self.name}: the auth passphrase must have at least 8 characters")
        if self.priv_protocol and len(self.priv_pass) < 8:
            raise ProfileError(f"profile {self.name}: the priv passphrase must have at least 8 characters")
        return self

    def public_dict(self) -> dict[str, object]:
        """Everything but the secrets: what lists, logs and exports may show."""
        data = {k: val for k, val in asdict(self).items() if k not in SECRET_FIELDS}
        data["security_level"] = self.security_level
        if self.version != "3":
            data["community"] = mask(self.community)
        return data

    def describe(self) -> str:
        if self.version == "3":
            return f"v3 user {self.user} ({self.security_level} {self.auth_protocol} {self.priv_protocol})".strip()
        return f"v{self.version} community {mask(self.community)}"


def _store_path() -> Path:
    return paths.config_dir() / "profiles.json"


def load_all() -> dict[str, Profile]:
    path = _store_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ProfileError(f"cannot read {path}: {error.strerror} (run netinv as the user who owns it)") from None
    except ValueError as error:
        raise ProfileError(f"cannot read {path}: {error}") from None
    known = {f.name for f in fields(Profile)}
    profiles = {}
    for entry in raw.get("profiles", []):
        profile = Profile(**{k: val for k, val in entry.items() if k in known})
        profiles[profile.name] = profile
    return profiles


def save_all(profiles: dict[str, Profile]) -> Path:
    path = _store_path()
    data = {"profiles": [asdict(p) for p in sorted(profiles.values(), key=lambda p: p.name)]}
    paths.write_private(path, json.dumps(data, indent=1))
    return path


def get(name: str) -> Profile:
    profiles = load_all()
    if name not in profiles:
        known = ", ".join(sorted(profiles)) or "none yet"
        raise ProfileError(f"unknown profile {name!r} (known: {known})")
    return profiles[name]


def add(profile: Profile, replace: bool = False) -> Path:
    profile.validate()
    with paths.exclusive(_store_path()):
        profiles = load_all()
        if profile.name in profiles and not replace:
            raise ProfileError(f"profile {profile.name!r} exists already (use --replace)")
        profiles[profile.name] = profile
        return save_all(profiles)


def remove(name: str) -> None:
    with paths.exclusive(_store_path()):
        profiles = load_all()
        if name not in profiles:
            raise ProfileError(f"unknown profile {name!r}")
        del profiles[name]
        save_all(profiles)
