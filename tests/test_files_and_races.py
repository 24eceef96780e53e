"""Files and concurrency: parallel first use, parallel writers, a shared or foreign config folder,
umask 000, kill -9 during an export, and the README's systemd layout run by a real unprivileged user."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

NETINV = [sys.executable, "-m", "netinv_tui"]


def netinv(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=120, env=env)


def test_first_use_by_many_at_once(private_dirs: Path) -> None:
    """Six `netinv types` on an empty data folder: the store is made once, none crashes."""
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _n: netinv("types"), range(6)))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results if r.returncode]
    assert all("printer" in r.stdout for r in results)


def test_parallel_writers_lose_nothing(private_dirs: Path) -> None:
    """25 `profiles add` at once: 25 profiles, a valid file, no temporary file left behind."""
    with ThreadPoolExecutor(25) as pool:
        results = list(pool.map(lambda n: netinv("profiles", "add", f"p{n}", "-c", f"community{n}"), range(25)))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results if r.returncode]
    listed = json.loads(netinv("profiles", "--format", "json").stdout)
    assert sorted(p["name"] for p in listed) == sorted(f"p{n}" for n in range(25))
    config = private_dirs / "config"
    assert sorted(p.name for p in config.iterdir() if not p.name.startswith(".profiles.json.lock")) == ["profiles.json"]


def test_a_folder_netinv_did_not_make_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    env = dict(os.environ, NETINV_CONFIG_DIR=str(shared))
    assert netinv("profiles", "add", "x", "-c", "c0mmunity", env=env).returncode == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "profiles.json").stat().st_mode) == 0o600


def test_with_umask_000_what_netinv_makes_is_private(tmp_path: Path) -> None:
    env = dict(os.environ, NETINV_CONFIG_DIR=str(tmp_path / "new" / "config"), NETINV_DATA_DIR=str(tmp_path / "d"))
    script = 'umask 000 && exec "$@"'
    for args in (["profiles", "add", "x", "-c", "c0mmunity"], ["types"]):
        done = subprocess.run(["sh", "-c", script, "sh", *NETINV, *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    for folder in (tmp_path / "new", tmp_path / "new" / "config", tmp_path / "d"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for file in (tmp_path / "new" / "config" / "profiles.json", tmp_path / "d" / "netinv.sqlite"):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_kill_9_during_a_run_leaves_the_previous_export_whole(tmp_path: Path) -> None:
    """The export is written to a temporary file and renamed: killed before or while writing, the
    previous file is still the previous file."""
    from faulty_agent import interfaces, running

    target = tmp_path / "sw.xml"
    target.write_text("<previous/>")
    with running(interfaces(2000), "silent", after=5) as agent:  # it goes silent mid-walk: the run waits
        process = subprocess.Popen([*NETINV, "inventory", "127.0.0.1", "-p", str(agent.port), "-t", "10", "-r", "0",
                                    "-o", str(target)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(2.5)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert target.read_text() == "<previous/>"


@pytest.fixture
def service_user() -> Iterator[str]:
    sbin = f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin"  # where useradd lives, off a normal user's PATH
    if os.geteuid() != 0 or shutil.which("useradd", path=sbin) is None or shutil.which("runuser", path=sbin) is None:
        pytest.skip("needs root, useradd and runuser to make an unprivileged user (CI runs as root)")
    name = f"netinvt{os.getpid() % 100000}"
    subprocess.run(
        [
            shutil.which("useradd", path=sbin) or "useradd",
            "--system",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            name,
        ],
        check=True,
    )
    try:
        yield name
    finally:
        subprocess.run([shutil.which("userdel", path=sbin) or "userdel", name], check=False)


def test_the_readmes_systemd_layout_runs_as_an_unprivileged_user(tmp_path: Path, service_user: str) -> None:
    """As the README says: folders owned by the service user, configured as that user, run as it;
    and a folder it cannot read is one line, not a traceback."""
    import tempfile

    from fake_server import FakeServer

    base = Path(tempfile.mkdtemp(prefix="netinv-systemd-", dir="/tmp"))  # pytest's own folder is private
    base.chmod(0o755)
    user = pwd.getpwnam(service_user)
    config, data = base / "etc-netinv", base / "var-lib-netinv"
    for folder in (config, data):
        subprocess.run(["install", "-d", "-o", service_user, "-g", str(user.pw_gid), "-m", "0700", str(folder)],
                       check=True)  # fmt: skip
    env = {"PATH": os.environ["PATH"], "NETINV_CONFIG_DIR": str(config), "NETINV_DATA_DIR": str(data)}
    runuser = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin") or "runuser"
    as_user = [runuser, "-u", service_user, "--", "env", *(f"{k}={v}" for k, v in env.items()), *NETINV]
    probe = subprocess.run([*as_user, "--version"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"the project's interpreter is not usable by another user here: {probe.stderr.strip()[:120]}")
    server = FakeServer()
    try:
        added = subprocess.run([*as_user, "servers", "add", "glpi", server.url], capture_output=True, text=True)
        assert added.returncode == 0, added.stderr
        ran = subprocess.run([*as_user, "agent", "--server", "glpi", "--once"], capture_output=True, text=True,
                             timeout=120)  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        assert [r.query for r in server.received][:2] == ["CONTACT", "PROLOG"]
    finally:
        server.close()
    assert (config / "servers.json").stat().st_uid == user.pw_uid
    # the layout done wrong: a folder the service user cannot read
    config.chmod(0o700)
    os.chown(config, 0, 0)
    wrong = subprocess.run([*as_user, "agent", "--server", "glpi", "--once"], capture_output=True, text=True)
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1 and "Permission denied" in wrong.stderr
    shutil.rmtree(base)
