"""netinv.log and the data folders under a hostile umask, planted symlinks and a folder others can
write; temporary files that must not outlive a failure, be it an exception, Ctrl+C or a signal."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from netinv_tui.core import crashlog

NETINV = [sys.executable, "-m", "netinv_tui"]


def python(code: str, env: dict[str, str] | None = None, umask: str | None = None) -> subprocess.CompletedProcess[str]:
    """`code` in a new interpreter (os.umask is process-wide: never changed in the test's own)."""
    command = [sys.executable, "-c", textwrap.dedent(code)]
    if umask is not None:
        command = ["sh", "-c", f'umask {umask} && exec "$@"', "sh", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)


def fail(where: str = "device 192.0.2.7") -> Path | None:
    try:
        raise ValueError("agent sent \x1b[31mred\u2028forged")
    except ValueError as error:
        return crashlog.log_exception(error, where)


# -- netinv.log -----------------------------------------------------------------------------------


def test_the_log_is_private_under_umask_000(private_dirs: Path) -> None:
    done = python(
        """
        from netinv_tui.core.crashlog import log_exception
        print(log_exception(ValueError("boom"), "device x"))
        """,
        umask="000",
    )
    assert done.returncode == 0, done.stderr
    log = Path(done.stdout.strip())
    assert log == private_dirs / "data" / "netinv.log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "device x: " in log.read_text() and "ValueError: boom" in log.read_text()


def test_a_readable_log_is_made_private_again(private_dirs: Path) -> None:
    data = private_dirs / "data"
    data.mkdir(mode=0o700)
    (data / "netinv.log").write_text("older entries\n")
    (data / "netinv.log").chmod(0o644)
    assert fail() == data / "netinv.log"
    assert stat.S_IMODE((data / "netinv.log").stat().st_mode) == 0o600
    assert (data / "netinv.log").read_text().startswith("older entries\n")


def test_the_log_is_never_written_through_a_symlink(private_dirs: Path) -> None:
    data = private_dirs / "data"
    data.mkdir(mode=0o700)
    target = private_dirs / "authorized_keys"
    target.write_text("ssh-ed25519 AAAA user@host\n")
    (data / "netinv.log").symlink_to(target)
    assert fail() is None
    assert target.read_text() == "ssh-ed25519 AAAA user@host\n"
    dangling = private_dirs / "made-by-a-link"
    (data / "netinv.log").unlink()
    (data / "netinv.log").symlink_to(dangling)
    assert fail() is None
    assert not dangling.exists()


def test_the_log_is_rotated_and_one_old_one_kept(private_dirs: Path) -> None:
    data = private_dirs / "data"
    data.mkdir(mode=0o700)
    log = data / "netinv.log"
    log.write_bytes(b"first year\n" + b"x" * crashlog.MAX_LOG_BYTES)
    assert fail() == log
    assert (data / "netinv.log.1").read_bytes().startswith(b"first year\n")
    assert log.stat().st_size < 10_000 and "ValueError" in log.read_text()
    log.write_bytes(b"second year\n" + b"y" * crashlog.MAX_LOG_BYTES)
    fail()
    assert (data / "netinv.log.1").read_bytes().startswith(b"second year\n")
    assert sorted(p.name for p in data.iterdir()) == ["netinv.log", "netinv.log.1"]
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_the_log_shows_network_text_and_does_not_run_it(private_dirs: Path) -> None:
    log = fail("device \x1b]0;title\x07 x")
    assert log is not None
    text = log.read_text()
    assert "\x1b" not in text and "\u2028" not in text and "\x07" not in text
    assert "forged" in text and "red" in text


def test_one_line_keeps_its_api(private_dirs: Path) -> None:
    line = crashlog.one_line(KeyError("k"), "device 192.0.2.9")
    assert line.startswith("internal error: KeyError: 'k' (details in ") and "netinv.log" in line
    assert "device 192.0.2.9: " in (private_dirs / "data" / "netinv.log").read_text()


# -- folders others can write ---------------------------------------------------------------------


@pytest.mark.parametrize(("variable", "mode"), [("NETINV_DATA_DIR", 0o777), ("NETINV_DATA_DIR", 0o770),
                                                ("NETINV_CONFIG_DIR", 0o757), ("NETINV_CONFIG_DIR", 0o1777)])  # fmt: skip
def test_a_folder_others_can_write_is_refused_in_one_line(tmp_path: Path, variable: str, mode: int) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    env = dict(os.environ, **{variable: str(shared)})
    args = ["types"] if variable == "NETINV_DATA_DIR" else ["profiles"]
    done = subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert f"refusing {shared}: others can write to it (mode {mode:04o})" in done.stderr
    assert list(shared.iterdir()) == []


def test_nothing_is_opened_through_links_planted_in_a_shared_folder(tmp_path: Path) -> None:
    """The finding as reported: a netinv.log link and a dangling netinv.sqlite link in a folder others
    write. Neither target is touched nor made."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    victim, planted = tmp_path / "victim", tmp_path / "planted.sqlite"
    victim.write_text("keep\n")
    (shared / "netinv.log").symlink_to(victim)
    (shared / "netinv.sqlite").symlink_to(planted)
    env = dict(os.environ, NETINV_DATA_DIR=str(shared))
    for args in (["types"], ["inventory", "--file", "/nonexistent.snmprec", "-o", "-"], ["store", "check"]):
        done = subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=60, env=env)
        assert done.returncode != 0
    assert victim.read_text() == "keep\n" and not planted.exists()


def test_private_and_readable_folders_still_work(tmp_path: Path) -> None:
    """The README's layouts: a 0700 folder, and one shared for reading (0755)."""
    for mode in (0o700, 0o755):
        folder = tmp_path / f"data{mode:o}"
        folder.mkdir()
        folder.chmod(mode)
        env = dict(os.environ, NETINV_DATA_DIR=str(folder))
        done = subprocess.run([*NETINV, "types"], capture_output=True, text=True, timeout=60, env=env)
        assert done.returncode == 0 and "printer" in done.stdout, done.stderr


# -- temporary files ------------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_an_exception_while_writing_removes_the_temporary_file(tmp_path: Path) -> None:
    from netinv_tui.core.files import commit_atomic, discard_atomic, open_atomic

    out, tmp, target = open_atomic(tmp_path / "sw.xml")
    out.write(b"<half")
    discard_atomic(out, tmp)
    assert leftovers(tmp_path) == []
    out, tmp, target = open_atomic(tmp_path / "sw.xml")
    out.write(b"<whole/>")
    target.mkdir()  # the rename cannot replace a folder: commit fails
    with pytest.raises(Exception, match="cannot write"):
        commit_atomic(out, tmp, target)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("how", "code"),
    [
        ("Ctrl+C", "signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))"),
        ("SystemExit from a handler", "signal.signal(signal.SIGALRM, lambda *_: sys.exit(143))"),
    ],
)
def test_a_signal_mid_write_leaves_no_temporary_file(tmp_path: Path, how: str, code: str) -> None:
    """A real signal, its handler raising while write_atomic and the streaming writer are at work,
    wherever in them it lands: no `.NAME.XXXX` is left beside the outputs."""
    script = f"""
        import signal, sys
        from pathlib import Path
        from netinv_tui.core.files import write_atomic
        from netinv_tui.core.model import Device
        from netinv_tui.core.writers.stream import DocumentStream
        {code}
        folder = Path({str(tmp_path)!r})
        stream = DocumentStream(str(folder / "all.json"), "json")
        payload = b"x" * (4 * 1024 * 1024)
        write_atomic(folder / "one.bin", payload)  # one whole write before the signal is armed
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        while True:
            write_atomic(folder / "one.bin", payload)
            stream.add(Device(host="192.0.2.1", name="sw"))
    """
    done = python(script)
    assert done.returncode in (-signal.SIGINT, 143), done.stderr  # Python re-raises SIGINT on an uncaught Ctrl+C
    assert ("KeyboardInterrupt" in done.stderr) == (how == "Ctrl+C")
    assert leftovers(tmp_path) == []
    assert (tmp_path / "one.bin").stat().st_size == 4 * 1024 * 1024  # the earlier whole writes are whole
    assert not (tmp_path / "all.json").exists()  # the stream was never closed: no half document


def test_a_stream_left_through_an_exception_is_abandoned(tmp_path: Path) -> None:
    from netinv_tui.core.model import Device
    from netinv_tui.core.writers.stream import DocumentStream

    with pytest.raises(RuntimeError), DocumentStream(str(tmp_path / "all.xml"), "xml") as stream:
        stream.add(Device(host="192.0.2.1", name="sw"))
        raise RuntimeError("the run failed")
    assert list(tmp_path.iterdir()) == []


def test_the_dashboards_entries_say_a_refused_folder_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`netinv demo` stops before any screen; the host history a pane loads in compose is empty."""
    from netinv_tui.core import history

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    env = dict(os.environ, NETINV_DATA_DIR=str(shared))
    done = subprocess.run([*NETINV, "demo"], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "others can write to it" in done.stderr and "Traceback" not in done.stderr
    monkeypatch.setenv("NETINV_DATA_DIR", str(shared))
    assert history.load() == []
    assert list(shared.iterdir()) == []


def test_the_profiles_lock_is_never_taken_through_a_symlink(private_dirs: Path) -> None:
    config = private_dirs / "config"
    config.mkdir(mode=0o700)
    victim = private_dirs / "victim"
    (config / ".profiles.json.lock").symlink_to(victim)
    done = subprocess.run(
        [*NETINV, "profiles", "add", "x", "-c", "c0mmunity"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "cannot lock" in done.stderr, done.stderr
    assert not victim.exists()
