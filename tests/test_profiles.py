"""Credential profiles: every version and protocol, a private store, secrets never shown."""

from __future__ import annotations

import stat

import pytest

from netinv_tui.core import paths, profiles
from netinv_tui.core.errors import ProfileError
from netinv_tui.core.profiles import AUTH_PROTOCOLS, PRIV_PROTOCOLS, Profile


def v3(**changes: object) -> Profile:
    data: dict = dict(
        name="core",
        version="3",
        user="ops",
        auth_protocol="SHA-256",
        auth_pass="authsecret1",
        priv_protocol="AES-128",
        priv_pass="privsecret1",
    )
    data.update(changes)
    return Profile(**data)


def test_security_levels() -> None:
    assert Profile("a", version="3", user="u").security_level == "noAuthNoPriv"
    assert v3(priv_protocol="", priv_pass="").security_level == "authNoPriv"
    assert v3().security_level == "authPriv"
    assert Profile("a").security_level == ""


@pytest.mark.parametrize("auth", AUTH_PROTOCOLS)
@pytest.mark.parametrize("priv", PRIV_PROTOCOLS)
def test_every_protocol_combination_validates(auth: str, priv: str) -> None:
    assert v3(auth_protocol=auth, priv_protocol=priv).validate().security_level == "authPriv"


def test_aliases_are_canonicalised() -> None:
    profile = v3(auth_protocol="sha256", priv_protocol="aes")
    assert (profile.auth_protocol, profile.priv_protocol) == ("SHA-256", "AES-128")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"auth_protocol": "SHA-999"}, "unknown auth protocol"),
        ({"priv_protocol": "ROT13"}, "unknown priv protocol"),
        ({"user": ""}, "needs a user name"),
        ({"auth_pass": "short"}, "at least 8"),
        ({"auth_protocol": "", "auth_pass": ""}, "needs an auth protocol"),
        ({"port": 70000}, "out of range"),
    ],
)
def test_invalid_profiles_say_why(changes: dict, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        v3(**changes).validate()


def test_secrets_stay_out_of_repr_and_public_dict() -> None:
    profile = v3(community="topsecret")
    shown = repr(profile) + str(profile.public_dict()) + profile.describe()
    for secret in ("authsecret1", "privsecret1", "topsecret"):
        assert secret not in shown
    v2 = Profile("office", community="hushhush")
    assert "hushhush" not in repr(v2) + str(v2.public_dict()) + v2.describe()


def test_store_is_private_and_round_trips() -> None:
    profiles.add(v3())
    profiles.add(Profile("office", community="public"))
    folder = paths.config_dir()
    store = folder / "profiles.json"
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    loaded = profiles.load_all()
    assert loaded["core"] == v3()
    assert loaded["office"].community == "public"
    with pytest.raises(ProfileError, match="exists already"):
        profiles.add(v3())
    profiles.remove("core")
    assert set(profiles.load_all()) == {"office"}


def test_unknown_profile_lists_known_ones() -> None:
    profiles.add(Profile("office"))
    with pytest.raises(ProfileError, match="unknown profile 'nope' \\(known: office\\)"):
        profiles.get("nope")
