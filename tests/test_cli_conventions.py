"""The CLI as people expect from `git`, `ip` or `nmap`, run as a user runs it (a subprocess of the
project's environment): one line per error and nothing sent before it, `--version`, `-h`, `-q`,
`--format json` everywhere, TSV when piped, completion, private files, a demo that keeps to itself."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fidelity import RECORDINGS

NETINV = [sys.executable, "-m", "netinv_tui"]


def netinv(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=timeout, env=env)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The run failed with exactly one line on stderr, no traceback."""
    assert result.returncode != 0, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("netinv: error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


class UdpCounter:
    """A UDP port on loopback that counts what arrives and answers nothing: 'was anything sent?'."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.received = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sock.recv(65536)
                self.received += 1
            except TimeoutError:
                continue

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def counter() -> Iterator[UdpCounter]:
    listening = UdpCounter()
    yield listening
    listening.close()


def test_version_and_help() -> None:
    for flag in ("--version", "-V"):
        done = netinv(flag)
        assert done.returncode == 0 and done.stdout.strip() == "netinv 0.1.0", done
    assert netinv("version").stdout == netinv("--version").stdout, "one version string"
    for args in (["-h"], ["--help"], ["inventory", "-h"], ["profiles", "add", "-h"], ["subnets", "hosts", "-h"]):
        done = netinv(*args)
        assert done.returncode == 0 and done.stdout.startswith("Usage: netinv"), (args, done.stderr)


def test_an_unknown_option_or_command_is_one_line() -> None:
    line = one_error_line(netinv("inventory", "127.0.0.1", "--bogus"))
    assert "--bogus" in line and "netinv inventory -h" in line
    assert "No such command" in one_error_line(netinv("inventroy"))
    assert netinv("inventory", "127.0.0.1", "--bogus").returncode == 2


@pytest.mark.parametrize("where", ["missing/x.xml", "folder", "/proc/version"])
@pytest.mark.parametrize("command", ["inventory", "record", "discover"])
def test_an_unwritable_output_is_refused_before_any_request(
    tmp_path: Path, counter: UdpCounter, command: str, where: str
) -> None:
    (tmp_path / "folder").mkdir()
    output = where if where.startswith("/") else str(tmp_path / where)
    args = [command, "127.0.0.1", "-p", str(counter.port), "-t", "0.5", "-r", "0", "-o", output]
    if command == "discover":
        args += ["--methods", "snmp", "--no-store"]
    line = one_error_line(netinv(*args))
    assert f"cannot write {output}" in line
    assert counter.received == 0, "nothing may be sent for a result that could not be kept"


@pytest.fixture
def no_dns_netns(tmp_path: Path) -> Iterator[list[str]]:
    """A namespace whose resolver is 127.0.0.1 with nothing listening: name lookups fail at once,
    and no query can leave the machine."""
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("needs root and iproute2 to make a network namespace (CI runs as root)")
    name = f"netinv-nodns-{os.getpid()}"
    etc = Path("/etc/netns") / name
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "resolv.conf").write_text("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True)
        yield ["ip", "netns", "exec", name]
    finally:
        subprocess.run(["ip", "netns", "del", name], check=False)
        shutil.rmtree(etc, ignore_errors=True)


def test_an_unresolvable_name_is_one_line_before_any_request(no_dns_netns: list[str]) -> None:
    for args in (["inventory", "nosuch.invalid"], ["record", "nosuch.invalid"], ["inventory", "127.0.0.1",
                                                                                  "nosuch.invalid"]):  # fmt: skip
        done = subprocess.run([*no_dns_netns, *NETINV, *args], capture_output=True, text=True, timeout=60)
        assert one_error_line(done) == "netinv: error: cannot resolve nosuch.invalid", done.stderr
        assert done.stdout == ""


def test_bad_choices_and_silent_defaults_are_refused() -> None:
    assert "--show" in one_error_line(netinv("subnets", "hosts", "192.0.2.0/24", "--show", "bogus"))
    line = one_error_line(netinv("profiles", "add", "x", "--snmp-version", "2c"))
    assert "needs a community" in line
    assert "needs a community" in one_error_line(netinv("profiles", "add", "x"))
    assert json.loads(netinv("profiles", "--format", "json").stdout) == [], "nothing was saved"
    assert netinv("types", "add", "kiosk").returncode == 0
    assert "exists already" in one_error_line(netinv("types", "add", "kiosk"))
    assert "no type" in one_error_line(netinv("types", "remove", "nothing-like-it"))


def test_listings_are_whole_tsv_when_piped_and_json_on_request() -> None:
    long_name = "core-switches-building-north-" + "x" * 40
    assert netinv("profiles", "add", long_name, "-c", "s3cret-community", "-v", "2c").returncode == 0
    assert netinv("profiles", "add", "v3", "-u", "monitor", "-a", "SHA-256", "-A", "authpass1", "-x", "AES-256",
                  "-X", "privpass1").returncode == 0  # fmt: skip
    for args in (["profiles"], ["profiles", "list"]):
        listing = netinv(*args)
        lines = listing.stdout.splitlines()
        assert lines[0].split("\t")[:3] == ["name", "version", "user / community"], listing.stdout
        rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
        assert rows[long_name][2] == "s3****" and rows["v3"][4:6] == ["SHA-256", "AES-256"]
        assert "…" not in listing.stdout and "s3cret" not in listing.stdout
    profiles = json.loads(netinv("profiles", "--format", "json").stdout)
    assert {p["name"] for p in profiles} == {long_name, "v3"}
    assert not any("authpass1" in json.dumps(p) or "s3cret" in json.dumps(p) for p in profiles)
    assert json.loads(netinv("servers", "-F", "json").stdout) == []
    assert json.loads(netinv("subnets", "-F", "json").stdout) == []
    assert json.loads(netinv("subnets", "hosts", "192.0.2.0/24", "--format", "json").stdout) == []
    document = netinv("inventory", "--file", str(RECORDINGS / "ln-sharp.snmprec"), "--format", "json")
    assert json.loads(document.stdout)["devices"][0]["manufacturer"] == "Sharp"


def test_quiet_leaves_errors_only() -> None:
    recording = str(RECORDINGS / "ln-ios_2960x.snmprec")
    loud = netinv("inventory", "--file", recording)
    assert "note:" in loud.stderr, "the device's notes are printed, as the dashboard shows them"
    for args in (["-q", "inventory", "--file", recording], ["inventory", "--file", recording, "-q"]):
        quiet = netinv(*args)
        assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == loud.stdout
    assert netinv("-q", "types", "add", "kiosk").stderr == ""
    assert one_error_line(netinv("-q", "types", "add", "kiosk"))


def test_completion_scripts() -> None:
    for shell in ("bash", "zsh", "fish"):
        done = netinv("completion", shell)
        assert done.returncode == 0 and "_NETINV_COMPLETE" in done.stdout, shell
    env = dict(os.environ, _NETINV_COMPLETE="bash_complete", COMP_WORDS="netinv prof", COMP_CWORD="1")
    done = subprocess.run([*NETINV], capture_output=True, text=True, env=env, timeout=30)
    assert "profiles" in done.stdout


def test_output_files_are_private_and_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    target.write_text("the previous export")
    env = dict(os.environ)
    done = subprocess.run(
        ["sh", "-c", 'umask 000 && exec "$@"', "sh", *NETINV, "inventory", "--file",
         str(RECORDINGS / "ln-sharp.snmprec"), "-o", str(target)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_bytes().startswith(b"<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"], "no temporary file left behind"


def test_the_demo_keeps_a_store_of_its_own(monkeypatch: pytest.MonkeyPatch, private_dirs: Path) -> None:
    """`netinv demo` (the dashboard) files the lab's sweeps under demo/, never in the user's store."""
    import netinv_tui.tui as tui
    from netinv_tui import cli
    from netinv_tui.core import paths
    from netinv_tui.core.store import db

    seen: dict[str, Path] = {}

    def fake_run(demo: bool = False) -> int:
        seen["store"] = db.path()
        return 0

    monkeypatch.setattr(tui, "run", fake_run)
    monkeypatch.setattr(paths, "_demo", None)
    with pytest.raises(SystemExit):
        cli.main(["demo"])
    user_data = private_dirs / "data"
    assert seen["store"].parent == user_data / "demo"
    assert not (user_data / "netinv.sqlite").exists()


def test_demo_table_reads_the_lab_and_says_it_stopped(tmp_path: Path) -> None:
    done = netinv("demo", "--table", timeout=180)
    assert done.returncode == 0, done.stderr
    # piped: the devices as TSV on stdout, the closing words on stderr
    from netinv_tui.core.lab import bundled_recordings

    lines = done.stdout.splitlines()
    count = len(bundled_recordings())
    assert lines[0].split("\t")[:3] == ["device", "address", "type"] and len(lines) == count + 1, done.stdout
    assert all(len(line.split("\t")) == len(lines[0].split("\t")) for line in lines)
    assert f"{count} devices inventoried live" in done.stderr and "the lab stopped" in done.stderr
    assert "while the lab runs" not in done.stdout + done.stderr
    assert not (tmp_path / "data" / "netinv.sqlite").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["discover", "127.0.0.1", "--rate", "-5"], "--rate"),
        (["discover", "127.0.0.1", "--wait", "1e9"], "--wait"),
        (["discover", "239.1.2.3"], "multicast"),
        (["discover", "255.255.255.255"], "broadcast"),
        (["discover", "224.0.0.1", "--methods", "icmp"], "multicast"),
        (["discover", "0.0.0.0-0.0.0.255"], "'this network'"),
    ],
)
def test_sweeps_of_what_no_one_may_sweep_are_refused_before_sending(
    counter: UdpCounter, args: list[str], words: str
) -> None:
    line = one_error_line(netinv(*args, "--no-store"))
    assert words in line
