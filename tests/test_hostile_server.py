"""A hostile GLPI server cannot exhaust, mislead or silence netinv: `netinv submit` against real
misbehaving HTTP servers on 127.0.0.1 (tests/hostile_http.py), its memory and time measured."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fidelity import RECORDINGS
from hostile_http import HostileServer
from measure import measured

#: Peak memory of a netinv process that read a bounded answer: far below the gibibytes of the attacks.
PEAK_MB = 250


@pytest.fixture
def document(tmp_path: Path) -> Path:
    out = tmp_path / "prn.xml"
    done = subprocess.run([sys.executable, "-m", "netinv_tui", "inventory", "--file",
                           str(RECORDINGS / "ln-sharp.snmprec"), "-o", str(out)], capture_output=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def submit(document: Path, url: str, *extra: str) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """`netinv submit` in a child of its own: its result, wall seconds and peak memory in MB."""
    return measured([sys.executable, "-m", "netinv_tui", "submit", str(document), "--server", url, *extra])


@pytest.fixture(params=["huge", "endless", "bomb"])
def flood(request: pytest.FixtureRequest) -> Iterator[HostileServer]:
    with HostileServer(request.param) as server:
        yield server


def test_an_answer_too_large_is_refused_within_bounded_memory(document: Path, flood: HostileServer) -> None:
    done, seconds, peak = submit(document, flood.url, "--retries", "0", "--timeout", "30")
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and ("MiB" in errors[0]), done.stderr
    assert peak < PEAK_MB, f"{flood.mode}: {peak:.0f} MB"
    assert seconds < 30, f"{flood.mode}: {seconds:.1f} s"


def test_a_trickling_server_cannot_hold_an_exchange_past_its_deadline(document: Path) -> None:
    with HostileServer("trickle") as server:
        start = time.monotonic()
        done, _seconds, _peak = submit(document, server.url, "--retries", "0", "--timeout", "2")
    assert done.returncode != 0 and "did not answer in time" in done.stderr
    assert time.monotonic() - start < 15


@pytest.mark.parametrize("code", [301, 302, 307, 308])
def test_a_redirect_is_reported_and_never_followed(document: Path, code: int) -> None:
    with HostileServer("record") as elsewhere, HostileServer(f"redirect-{code}", location=elsewhere.url) as server:
        done, _seconds, _peak = submit(document, server.url, "--retries", "0")
        assert len(server.received) == 1 and server.received[0].method == "POST"
        assert elsewhere.received == [], "nothing reached the other address, by GET or POST"
    assert done.returncode != 0
    assert f"HTTP {code}, redirected to {elsewhere.url}" in done.stderr
    assert "messages sent" not in done.stderr


def test_the_honest_server_still_gets_the_results(document: Path) -> None:
    with HostileServer("record") as server:
        done, _seconds, _peak = submit(document, server.url, "--retries", "0")
        assert done.returncode == 0, done.stderr
        # CONTACT (not understood: the legacy protocol), then the result
        assert [r.method for r in server.received] == ["POST", "POST"] and server.received[1].body


def test_a_password_in_the_url_is_never_shown_or_stored(tmp_path: Path, document: Path) -> None:
    """`servers add` moves it to the private servers file; errors, listings and the outbox mask it;
    basic auth over plain http is warned about."""
    secret = "hunter2-not-shown"
    with HostileServer("redirect-302", location="http://elsewhere.invalid/") as server:
        url = server.url.replace("http://", f"http://ops:{secret}@")
        added = subprocess.run([sys.executable, "-m", "netinv_tui", "servers", "add", "glpi", url],
                               capture_output=True, text=True)  # fmt: skip
        assert added.returncode == 0 and secret not in added.stderr
        listing = subprocess.run([sys.executable, "-m", "netinv_tui", "servers"], capture_output=True, text=True)
        assert secret not in listing.stdout and "ops" in listing.stdout and "set" in listing.stdout
        done, _s, _p = submit(document, "glpi", "--retries", "0")
        assert done.returncode != 0 and secret not in done.stderr
        assert "basic auth over plain http" in done.stderr
        direct, _s, _p = submit(document, url, "--retries", "0")
        assert direct.returncode != 0 and secret not in direct.stderr and "HTTP 302" in direct.stderr
