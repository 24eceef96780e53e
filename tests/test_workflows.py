"""One path for both faces: the store writes, the server checks and the submission live in
core/workflows.py, and neither face does them its own way."""

from __future__ import annotations

from pathlib import Path

import pytest

from netinv_tui.core.errors import UsageError
from netinv_tui.core.server.client import Connection
from netinv_tui.core.workflows import check_server

FACES = Path(__file__).parents[1] / "netinv_tui"


@pytest.mark.parametrize(
    "pattern",
    [
        "scans.record(",
        "record_inventory(",
        "Client(",
        "sqlite3",
        "split_userinfo(",
        "outbox.keep(",
        "devices.register(",
        "preferred_profiles(addresses",
    ],
)
def test_no_face_does_a_workflow_its_own_way(pattern: str) -> None:
    for face in ("cli", "tui"):
        for path in (FACES / face).rglob("*.py"):
            assert pattern not in path.read_text(), (path, pattern)


def test_server_settings_are_checked_the_same_for_both_faces(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="CA file"):
        check_server(Connection(url="https://glpi.example/"), ca_cert=str(tmp_path / "missing.pem"))
    with pytest.raises(UsageError, match="not a server URL"):
        check_server(Connection(url="glpi.example"))
    with pytest.raises(UsageError, match="compression"):
        check_server(Connection(url="https://glpi.example/"), compression="brotli")
    checked = check_server(Connection(url="https://ops:s3cret@glpi.example/plugins/glpiinventory/"))
    assert (checked.url, checked.user, checked.password) == (
        "https://glpi.example/plugins/glpiinventory/",
        "ops",
        "s3cret",
    )
    assert "s3cret" not in repr(checked)


def test_a_sweep_cancelled_before_sending_leaves_no_trace() -> None:
    from netinv_tui.core.scan import Scan
    from netinv_tui.core.store import scans
    from netinv_tui.core.workflows import record_scan

    record_scan(Scan(targets=["192.0.2.0/24"], methods=["icmp"], started="now", partial=True))
    assert scans.subnets() == []
    record_scan(Scan(targets=["192.0.2.0/24"], methods=["icmp"], started="now", packets={"icmp": 3}))
    assert [s.cidr for s in scans.subnets()] == ["192.0.2.0/24"]


def test_a_store_that_cannot_be_written_is_a_store_error_not_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data folder that is not a database: registering says so in one netinv error; a sweep
    still runs, without the profiles each host answered last time."""
    from netinv_tui.core.discovery.ranges import parse_ranges
    from netinv_tui.core.workflows import StoreError, preferred_profiles, register_device

    data = tmp_path / "broken"
    data.mkdir()
    (data / "netinv.sqlite").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("NETINV_DATA_DIR", str(data))
    with pytest.raises(StoreError, match="not registered"):
        register_device("00:11:22:33:44:55", "printer")
    assert preferred_profiles(parse_ranges(["192.0.2.0/30"])) == {}


def test_one_atomic_writer() -> None:
    """Every file netinv writes whole goes through core/files.write_atomic (private, one rename)."""
    for path in FACES.rglob("*.py"):
        if path.name == "files.py":
            continue
        text = path.read_text()
        assert "os.replace(" not in text and ".replace(path)" not in text, path


def test_the_history_is_written_atomically_and_privately() -> None:
    from netinv_tui.core import history, paths

    assert history.remember("sw-1") == ["sw-1"]
    assert history.remember("sw-2") == ["sw-2", "sw-1"]
    assert history.load() == ["sw-2", "sw-1"]
    assert (paths.data_dir() / "history.json").stat().st_mode & 0o777 == 0o600
