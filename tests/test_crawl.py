"""`netinv crawl`: from a seed through the LLDP management addresses, inside --within only.

Three made-up switches (recordings written here: no capture holds devices of one network that
name each other) on 127.0.0.21-23, one port for all, like the demo lab; the first also names a
neighbour at 127.0.0.29, outside --within, where a socket counts what arrives: nothing may."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from closet import Closet, write

from netinv_tui.core.lab import Lab

NETINV = [sys.executable, "-m", "netinv_tui"]
OUTSIDE = "127.0.0.29"

SWITCHES: Closet = {
    "sw-a": (1, [(1, "sw-b", "127.0.0.22"), (2, "edge-x", OUTSIDE)]),
    "sw-b": (2, [(1, "sw-a", "127.0.0.21"), (2, "sw-c", "127.0.0.23")]),
    "sw-c": (3, [(1, "sw-b", "127.0.0.22")]),
}


@pytest.fixture(scope="module")
def closet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    files = list(write(SWITCHES, tmp_path_factory.mktemp("closet")).values())
    with Lab(files, startup_timeout=120, spread_from=21) as lab:
        yield lab


@pytest.fixture
def outside(closet: Lab) -> Iterator[socket.socket]:
    """What a device outside --within would receive, on the port the crawl uses."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((OUTSIDE, closet.port or 0))
        sock.setblocking(False)
        yield sock


def received(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            sock.recv(65536)
        except BlockingIOError:
            return count
        count += 1


def netinv(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=120)


def test_the_crawl_reads_every_device_inside_and_contacts_nothing_outside(
    closet: Lab, outside: socket.socket, tmp_path: Path
) -> None:
    done = netinv("crawl", f"127.0.0.21:{closet.port}", "--within", "127.0.0.20/30", "-c", "public",
                  "-F", "json", "-o", str(tmp_path / "crawl.json"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    names = [d["name"] for d in json.loads((tmp_path / "crawl.json").read_text())["devices"]]
    assert names == ["sw-a", "sw-b", "sw-c"]  # breadth first, each once (sw-b names sw-a back)
    assert f"not contacted: {OUTSIDE} (named by sw-a) is outside --within" in done.stderr
    assert received(outside) == 0
    # what the crawl read is in the store: the topology holds the links, both ends merged
    topology = json.loads(netinv("topology", "-F", "json").stdout)
    both = {(k["device"], k["remote"]) for k in topology["links"] if k["both_ends"]}
    assert both == {("sw-a", "sw-b"), ("sw-b", "sw-c")}


def test_the_device_limit_stops_the_crawl_and_says_what_was_left(closet: Lab, outside: socket.socket) -> None:
    done = netinv("crawl", f"127.0.0.21:{closet.port}", "-w", "127.0.0.20/30", "--max-devices", "2",
                  "-c", "public", "-F", "json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [d["name"] for d in json.loads(done.stdout)["devices"]] == ["sw-a", "sw-b"]
    assert "1 neighbour(s) left for --max-devices 2: 127.0.0.23" in done.stderr
    assert received(outside) == 0


def test_a_seed_outside_the_ranges_is_refused_before_any_packet(closet: Lab, outside: socket.socket) -> None:
    done = netinv("crawl", f"{OUTSIDE}:{closet.port}", "-w", "127.0.0.20/30", "-c", "public")
    assert done.returncode == 2 and "outside --within" in done.stderr and len(done.stderr.splitlines()) == 1
    assert received(outside) == 0


async def test_the_dashboard_crawls_with_a_line_per_device_and_keeps_them(closet: Lab, outside: socket.socket) -> None:
    """Topology pane, c: the form (seed, profile, ranges, limit), then a log line per device as it
    is read, the neighbour outside the ranges listed as not contacted, the store holding the three
    and the tree grown from them; Esc is offered only while the crawl runs."""
    from textual.widgets import DataTable, Input, Tree

    from netinv_tui.tui.app import NetinvApp
    from netinv_tui.tui.screens.crawl_form import CrawlForm
    from netinv_tui.tui.widgets.topology_pane import TopologyPane

    app = NetinvApp(lab=closet)
    async with app.run_test(size=(150, 42)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        pane = app.query_one(TopologyPane)
        assert pane.check_action("cancel", ()) is False  # nothing to stop yet
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CrawlForm)
        form.query_one("#crawl-seed", Input).value = f"127.0.0.21:{closet.port}"
        form.query_one("#crawl-within", Input).value = "127.0.0.1/32"
        form.query_one("#crawl-within", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "outside the ranges" in str(form.query_one("#crawl-hint").render())  # refused in the form
        form.query_one("#crawl-within", Input).value = "127.0.0.20/30"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CrawlForm)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        log = pane.query_one("#crawl-log", DataTable)
        rows = [[str(cell) for cell in log.get_row_at(i)] for i in range(log.row_count)]
        assert [row[1:4] for row in rows[:3]] == [["sw-a", "127.0.0.21", "read"], ["sw-b", "127.0.0.22", "read"],
                                                  ["sw-c", "127.0.0.23", "read"]]  # fmt: skip
        assert rows[3][2] == OUTSIDE and rows[3][3].startswith("not contacted: outside the ranges (named by sw-a)")
        assert "3 read, 1 outside the ranges not contacted" in str(pane.query_one("#topology-status").render())
        tree = pane.query_one(Tree)
        assert len(tree.root.children) >= 1
        assert pane.check_action("cancel", ()) is False
    assert received(outside) == 0
    topology = json.loads(netinv("topology", "-F", "json").stdout)  # the dashboard's crawl is in the store
    assert {d["name"] for d in topology["devices"] if d["known"]} == {"sw-a", "sw-b", "sw-c"}


async def test_esc_stops_a_dashboard_crawl(closet: Lab) -> None:
    """A seed that never answers (a silent agent): Esc stops the crawl at once, the pane says so
    and is ready for another."""
    from faulty_agent import running
    from textual.widgets import Input

    from netinv_tui.tui.app import NetinvApp
    from netinv_tui.tui.widgets.topology_pane import TopologyPane

    with running({(1, 3, 6, 1, 2, 1, 1, 5, 0): b"mute"}, "silent", after=0) as agent:
        app = NetinvApp(lab=closet)
        async with app.run_test(size=(150, 42)) as pilot:
            await pilot.press("f7")
            await pilot.pause()
            pane = app.query_one(TopologyPane)
            await pilot.press("c")
            await pilot.pause()
            app.screen.query_one("#crawl-seed", Input).value = f"127.0.0.1:{agent.port}"
            app.screen.query_one("#crawl-within", Input).value = "127.0.0.1/32"
            app.screen.query_one("#crawl-within", Input).focus()
            await pilot.press("enter")
            await pilot.pause(0.3)
            assert pane.crawling and pane.check_action("cancel", ())
            await pilot.press("escape")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not pane.crawling and pane.check_action("crawl", ())
            assert "Crawl stopped after 0 device(s)" in str(pane.query_one("#topology-status").render())
