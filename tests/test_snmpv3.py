"""SNMPv3 against Net-SNMP's snmpd: every auth/priv combination it serves, and each failure said as such.

snmpd does not implement 3DES: that protocol is covered by the profile tests only (README).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from netinv_tui.core.errors import AuthFailure, Unreachable
from netinv_tui.core.inventory import inventory_host, inventory_session
from netinv_tui.core.lab import free_udp_port
from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp.live import LiveSession

AUTH = {
    "MD5": "MD5",
    "SHA": "SHA",
    "SHA-224": "SHA-224",
    "SHA-256": "SHA-256",
    "SHA-384": "SHA-384",
    "SHA-512": "SHA-512",
}
PRIV = {
    "": "",
    "DES": "DES",
    "AES-128": "AES",
    "AES-192": "AES192",
    "AES-256": "AES256",
    "AES-192-C": "AES192C",
    "AES-256-C": "AES256C",
}
AUTH_PASS, PRIV_PASS = "auth-pass-123", "priv-pass-456"
SYS_DESCR = "netinv test agent"


@dataclass
class Snmpd:
    port: int
    users: dict[tuple[str, str], str]

    def profile(self, auth: str, priv: str, **changes: object) -> Profile:
        data: dict = dict(
            name="v3",
            version="3",
            user=self.users[(auth, priv)],
            auth_protocol=auth,
            auth_pass=AUTH_PASS if auth else "",
            priv_protocol=priv,
            priv_pass=PRIV_PASS if priv else "",
            port=self.port,
            timeout=2,
            retries=0,
        )
        data.update(changes)
        return Profile(**data)


def _user(auth: str, priv: str) -> str:
    return ("u_" + (auth or "noauth") + "_" + (priv or "nopriv")).replace("-", "").lower()


@pytest.fixture(scope="module")
def snmpd() -> Iterator[Snmpd]:
    binary = shutil.which("snmpd") or "/usr/sbin/snmpd"
    if not Path(binary).exists():
        pytest.skip("Net-SNMP snmpd is not installed (bash scripts/setup.sh installs it)")
    folder = Path(tempfile.mkdtemp(prefix="netinv-snmpd-"))
    port = free_udp_port()
    users: dict[tuple[str, str], str] = {("", ""): "u_noauth_nopriv"}
    lines = [
        f"sysDescr {SYS_DESCR}",
        "sysName snmpd-under-test",
        "createUser u_noauth_nopriv",
        "rouser u_noauth_nopriv noauth",
    ]
    for auth, auth_name in AUTH.items():
        for priv, priv_name in PRIV.items():
            user = _user(auth, priv)
            users[(auth, priv)] = user
            tail = f" {priv_name} {PRIV_PASS}" if priv else ""
            lines.append(f"createUser {user} {auth_name} {AUTH_PASS}{tail}")
            lines.append(f"rouser {user} {'priv' if priv else 'auth'}")
    (folder / "snmpd.conf").write_text("\n".join(lines) + "\n")
    env = dict(os.environ, SNMP_PERSISTENT_DIR=str(folder / "persist"), MIBS="")
    process = subprocess.Popen(
        [
            binary,
            "-f",
            "-r",
            "-C",
            "-c",
            str(folder / "snmpd.conf"),
            "-Lf",
            str(folder / "log"),
            "-p",
            str(folder / "pid"),
            f"udp:127.0.0.1:{port}",
        ],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Snmpd(port, users)
    deadline = time.monotonic() + 20
    while True:
        try:
            asyncio.run(
                LiveSession("127.0.0.1", server.profile("", "", timeout=0.5)).get([(1, 3, 6, 1, 2, 1, 1, 1, 0)])
            )
            break
        except Unreachable:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("snmpd did not start: " + (folder / "log").read_text(errors="replace")[-500:])
    yield server
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("priv", list(PRIV))
@pytest.mark.parametrize("auth", list(AUTH))
def test_every_combination_inventories(snmpd: Snmpd, auth: str, priv: str) -> None:
    device = asyncio.run(inventory_host("127.0.0.1", snmpd.profile(auth, priv)))
    assert device.error is None
    assert device.description == SYS_DESCR and device.name == "snmpd-under-test"
    assert device.ports and not device.partial


def test_no_auth_no_priv(snmpd: Snmpd) -> None:
    device = asyncio.run(inventory_host("127.0.0.1", snmpd.profile("", "")))
    assert device.error is None and device.description == SYS_DESCR


def _failure(profile: Profile) -> tuple[Exception, float]:
    async def run() -> None:
        await inventory_session(LiveSession("127.0.0.1", profile))

    start = time.perf_counter()
    with pytest.raises((AuthFailure, Unreachable)) as caught:
        asyncio.run(run())
    return caught.value, time.perf_counter() - start


def test_unknown_user_is_said(snmpd: Snmpd) -> None:
    error, _ = _failure(snmpd.profile("SHA", "AES-128", user="nobody_here"))
    assert isinstance(error, AuthFailure) and error.kind == "unknown-user"
    assert "nobody_here" in str(error)


def test_wrong_auth_password_is_said(snmpd: Snmpd) -> None:
    error, _ = _failure(snmpd.profile("SHA-256", "AES-128", auth_pass="not-the-password"))
    assert isinstance(error, AuthFailure) and error.kind == "wrong-digest"
    assert "not-the-password" not in str(error)


def test_wrong_priv_password_fails_fast(snmpd: Snmpd) -> None:
    """snmpd drops what it cannot decrypt: netinv waits one timeout, not one per walk, and says why."""
    profile = snmpd.profile("SHA", "AES-128", priv_pass="wrong-priv-pass", timeout=1.5, retries=1)
    error, elapsed = _failure(profile)
    assert isinstance(error, AuthFailure) and error.kind == "decryption", error
    assert elapsed < 1.5 * 2 + 2.5
    assert "wrong-priv-pass" not in str(error)


def test_wrong_security_level_is_said(snmpd: Snmpd) -> None:
    """An authNoPriv user asked for authPriv: the agent refuses the level."""
    profile = snmpd.profile("SHA", "", priv_protocol="AES-128", priv_pass=PRIV_PASS)
    error, _ = _failure(profile)
    assert isinstance(error, (AuthFailure, Unreachable))


def test_privacy_after_a_process_started_without_it(snmpd: Snmpd) -> None:
    """pysnmp is imported without `cryptography` for v1/v2c/authNoPriv; a later authPriv profile in
    the same process (a dashboard user switching profiles) must still encrypt."""
    script = f"""
import asyncio, sys
from netinv_tui.core.inventory import inventory_host
from netinv_tui.core.profiles import Profile
common = dict(version="3", auth_protocol="SHA", auth_pass={AUTH_PASS!r}, port={snmpd.port}, timeout=2, retries=0)
plain = asyncio.run(inventory_host("127.0.0.1", Profile("a", user={snmpd.users[("SHA", "")]!r}, **common)))
assert plain.error is None, plain.error
assert "cryptography" not in sys.modules
for priv in ("AES-128", "DES", "AES-256"):
    user = {{"AES-128": {snmpd.users[("SHA", "AES-128")]!r}, "DES": {snmpd.users[("SHA", "DES")]!r},
             "AES-256": {snmpd.users[("SHA", "AES-256")]!r}}}[priv]
    secret = asyncio.run(inventory_host("127.0.0.1", Profile("p", user=user, priv_protocol=priv,
                                                              priv_pass={PRIV_PASS!r}, **common)))
    assert secret.error is None and secret.description == {SYS_DESCR!r}, (priv, secret.error)
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr[-2000:]


def test_privacy_when_two_threads_import_pysnmp_at_once(snmpd: Snmpd) -> None:
    """The dashboard's warm-up thread imports pysnmp (ciphers wanted) while its SNMP loop opens a
    v2c session (ciphers hidden): whichever wins, an authPriv profile afterwards must encrypt.
    Unserialised, the second importer took the first's module and its word that the ciphers were
    there: 'Ciphering services not available' for the life of the process."""
    script = f"""
import asyncio, importlib, threading, time
from netinv_tui.core.inventory import inventory_host
from netinv_tui.core.profiles import Profile
from netinv_tui.core.snmp.hlapi import hlapi
real = importlib.import_module
def slow(name, *args):  # the import takes a while (it does: a quarter second): widen the window
    if name == "pysnmp.hlapi.v3arch.asyncio":
        time.sleep(0.3)
    return real(name, *args)
importlib.import_module = slow
plain = threading.Thread(target=hlapi, kwargs=dict(privacy=False))  # the SNMP loop's v2c session
plain.start()
time.sleep(0.1)
hlapi(privacy=True)  # the warm-up, while the first import is under way
plain.join()
importlib.import_module = real
profile = Profile("p", version="3", user={snmpd.users[("SHA", "AES-128")]!r}, auth_protocol="SHA",
                  auth_pass={AUTH_PASS!r}, priv_protocol="AES-128", priv_pass={PRIV_PASS!r},
                  port={snmpd.port}, timeout=2, retries=0)
secret = asyncio.run(inventory_host("127.0.0.1", profile))
assert secret.error is None and secret.description == {SYS_DESCR!r}, secret.error
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr[-2000:]


@pytest.mark.parametrize("priv", ["DES", "AES-256"])
def test_the_command_line_reads_an_authpriv_agent(snmpd: Snmpd, priv: str) -> None:
    """From the project environment, as a user types it: pysnmp's ciphers need `cryptography`,
    which a clean environment has only because pyproject.toml declares it."""
    env = dict(os.environ, NETINV_AUTH_PASS=AUTH_PASS, NETINV_PRIV_PASS=PRIV_PASS)
    done = subprocess.run(
        [sys.executable, "-m", "netinv_tui", "inventory", "127.0.0.1", "-p", str(snmpd.port), "-u",
         snmpd.users[("SHA-256", priv)], "-a", "SHA-256", "-x", priv, "-F", "json", "-t", "2", "-r", "0"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["devices"][0]["description"] == SYS_DESCR
    assert AUTH_PASS not in done.stdout + done.stderr and PRIV_PASS not in done.stdout + done.stderr
