"""A store netinv cannot use (garbled, truncated, not a database, from a newer netinv, a dangling
symlink) is one line in every command that touches it, naming the file and what to do; `netinv
store check` says more. Real stores made by netinv, damaged as disks and crashes damage them."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from netinv_tui.core.store.db import SCHEMA_VERSION

NETINV = [sys.executable, "-m", "netinv_tui"]

#: Every command that reads or writes the store, with arguments it accepts.
STORE_COMMANDS = [
    ["subnets"],
    ["types"],
    ["outbox"],
    ["outbox", "retry"],
    ["outbox", "drop", "--refused"],
    ["locate", "10.0.0.1"],
    ["topology"],
    ["changes", "10.0.0.1"],
    ["register", "00:11:22:33:44:55", "--type", "printer"],
]


def netinv(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def store(private_dirs: Path) -> Path:
    """A real store, made by netinv, with a registered device and a subnet in it."""
    assert netinv("register", "00:11:22:33:44:55", "--type", "printer").returncode == 0
    assert netinv("subnets", "add", "192.0.2.0/24").returncode == 0
    file = private_dirs / "data" / "netinv.sqlite"
    assert file.stat().st_size > 4096
    return file


def garble(file: Path) -> None:
    """Random bytes over every page but the first: the header says SQLite, the tables are noise."""
    data = bytearray(file.read_bytes())
    data[4096:] = random.Random(25).randbytes(len(data) - 4096)  # the same noise every run
    file.write_bytes(bytes(data))


def truncate(file: Path) -> None:
    """What a crash mid-write on a full disk leaves: the header and half a page."""
    with file.open("r+b") as handle:
        handle.truncate(50)


def not_a_database(file: Path) -> None:
    file.write_bytes(b"this is not a database\n" * 400)


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.stderr.count("\n") == 1, done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    return done.stderr


@pytest.mark.parametrize("damage", [garble, truncate, not_a_database])
def test_a_damaged_store_is_one_line_in_every_command(store: Path, damage) -> None:  # type: ignore[no-untyped-def]
    damage(store)
    for command in STORE_COMMANDS:
        done = netinv(*command)
        assert done.returncode == 1, (command, done.stderr)
        line = one_line(done)
        assert f"the store {store} is damaged" in line and f"mv {store} " in line, (command, line)
    checked = netinv("store", "check")
    assert checked.returncode == 1
    assert "damaged" in one_line(checked)
    assert "integrity\t" in checked.stdout and "integrity\tok" not in checked.stdout


def test_store_check_of_a_sound_store(store: Path) -> None:
    before = store.read_bytes()
    done = netinv("store", "check")
    assert done.returncode == 0, done.stderr
    assert "integrity\tok" in done.stdout and f"schema\t{SCHEMA_VERSION}\t" in done.stdout
    assert "rows\tregistered\t1" in done.stdout and "rows\tdevice_types\t9" in done.stdout
    report = json.loads(netinv("store", "check", "-F", "json").stdout)
    assert report["ok"] and report["counts"]["registered"] == 1 and report["version"] == SCHEMA_VERSION
    assert store.read_bytes() == before  # read-only: not a byte changed


def test_store_check_without_a_store_makes_none(private_dirs: Path) -> None:
    done = netinv("store", "check")
    assert done.returncode == 0 and "no store yet" in done.stderr
    assert not (private_dirs / "data" / "netinv.sqlite").exists()


def test_a_store_from_a_newer_netinv_is_refused_naming_both_versions(store: Path) -> None:
    with sqlite3.connect(store) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    for command in (["types"], ["subnets"], ["register", "00:11:22:33:44:66"]):
        done = netinv(*command)
        assert done.returncode == 1
        line = one_line(done)
        assert f"the store {store} is from a newer netinv (schema 99; this netinv knows {SCHEMA_VERSION})" in line, line
    checked = netinv("store", "check")
    assert checked.returncode == 1 and "schema 99" in one_line(checked)
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (99,)  # left as it was
        assert db.execute("SELECT count(*) FROM registered").fetchone() == (1,)
    db.close()


def test_a_dangling_symlink_is_never_made_a_store(private_dirs: Path) -> None:
    data = private_dirs / "data"
    data.mkdir(mode=0o700)
    elsewhere = private_dirs / "elsewhere.sqlite"
    (data / "netinv.sqlite").symlink_to(elsewhere)
    done = netinv("types")
    assert done.returncode == 1
    assert "a symlink to nothing" in one_line(done)
    assert not elsewhere.exists()
    assert netinv("store", "check").returncode == 1


def test_the_store_error_is_also_a_database_error_for_the_core(store: Path) -> None:
    """The core's own handlers of sqlite3 errors (a sweep without last time's profiles) still hold."""
    from netinv_tui.core.discovery.ranges import parse_ranges
    from netinv_tui.core.errors import StoreUnreadable
    from netinv_tui.core.store import devices
    from netinv_tui.core.workflows import preferred_profiles

    garble(store)
    assert preferred_profiles(parse_ranges(["192.0.2.0/30"])) == {}
    with pytest.raises(StoreUnreadable, match="is damaged") as caught:
        devices.types()
    assert isinstance(caught.value, sqlite3.DatabaseError)


def test_the_agent_says_a_damaged_store_in_one_line(store: Path) -> None:
    """The outbox lives in the store: an agent round over a damaged one stops with the same line."""
    from fake_server import FakeServer

    server = FakeServer()
    try:
        assert netinv("servers", "add", "glpi", server.url).returncode == 0
        not_a_database(store)
        done = netinv("agent", "--server", "glpi", "--once")
    finally:
        server.close()
    assert done.returncode == 1
    assert f"the store {store} is damaged" in one_line(done)


@pytest.mark.parametrize("case", ["damaged store", "data folder others can write"])
async def test_the_dashboard_opens_and_says_it_once(private_dirs: Path, case: str) -> None:
    """The Subnets pane reads the store as the dashboard opens: it says the one line, and the
    dashboard keeps running (the panes are the tui's; this only watches them)."""
    from netinv_tui.tui.app import NetinvApp

    data = private_dirs / "data"
    data.mkdir(mode=0o700)
    if case == "damaged store":
        not_a_database(data / "netinv.sqlite")
        expected = f"the store {data / 'netinv.sqlite'} is damaged"
    else:
        data.chmod(0o777)
        expected = f"refusing {data}: others can write to it"
    app = NetinvApp()
    said: list[str] = []
    notify = app.notify

    def heard(message: object, *args: object, **kwargs: object) -> None:  # notify as it is, and noted
        said.append(str(message))
        notify(message, *args, **kwargs)  # type: ignore[arg-type]

    app.notify = heard  # type: ignore[method-assign]
    async with app.run_test(size=(150, 42)) as pilot:
        # the pane that reads the store may be one the app mounts after its first paint (0.3 s)
        for _ in range(50):
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            if any(expected in line for line in said):
                break
        await pilot.pause(0.3)  # a second notice would come now
        assert app.is_running
    matching = [line for line in said if expected in line]
    assert len(matching) == 1 and "internal error" not in matching[0], said
