"""`netinv crawl` between network namespaces the test makes (tests/netns_lab.py): four switches on
one bridge, each its own namespace, MAC and snmpsim on port 161, whose LLDP tables name each other,
and one neighbour outside --within that is a real host on the same wire: a witness there counts
every frame sent to it (IPv4 or an ARP request for it). The crawl runs in the scanner namespace,
which has no default route: nothing can leave the lab.

    sw-a 192.0.2.11 --Gi0/1-- sw-b 192.0.2.12 --Gi0/2-- sw-c 192.0.2.13 --Gi0/2-- sw-d 192.0.2.14
      `--Gi0/2-- edge 192.0.2.99 (outside --within 192.0.2.8/29: never contacted)
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from closet import Closet, write
from netns_lab import HERE, LabHost, NetnsLab

WHY = NetnsLab.unavailable()
pytestmark = pytest.mark.skipif(WHY is not None, reason=WHY or "")

SWITCHES: Closet = {
    "sw-a": (11, [(1, "sw-b", "192.0.2.12"), (2, "edge", "192.0.2.99")]),
    "sw-b": (12, [(1, "sw-a", "192.0.2.11"), (2, "sw-c", "192.0.2.13")]),
    "sw-c": (13, [(1, "sw-b", "192.0.2.12"), (2, "sw-d", "192.0.2.14")]),
    "sw-d": (14, [(1, "sw-c", "192.0.2.13")]),
}
EDGE = LabHost("edge", "192.0.2.99", "02:00:00:00:00:99")
HOSTS = tuple(LabHost(name, f"192.0.2.{last}", f"02:00:00:00:00:{last:02x}") for name, (last, _) in SWITCHES.items())


class CrawlLab(NetnsLab):
    def _services(self) -> None:
        assert self.workdir is not None
        recordings = write(SWITCHES, self.workdir)
        for host in HOSTS:
            self._snmpsim(host, recordings[host.name])
        self.witnessed = self.workdir / "edge-count"
        self._spawn(EDGE, sys.executable, str(HERE / "lab_responders.py"), "witness",
                    "eth0", EDGE.ip, str(self.witnessed))  # fmt: skip
        for host in HOSTS:
            self._wait_for_snmp(host)
        deadline = time.monotonic() + 10
        while not self.witnessed.exists() and time.monotonic() < deadline:
            time.sleep(0.1)

    def frames_to_edge(self) -> int:
        return int(self.witnessed.read_text() or 0)


@pytest.fixture(scope="module")
def netns() -> Iterator[CrawlLab]:
    with CrawlLab(prefix=f"nc{os.getpid() % 100000}", hosts=(*HOSTS, EDGE)) as lab:
        yield lab


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return dict(os.environ, NETINV_DATA_DIR=str(tmp_path / "data"), NETINV_CONFIG_DIR=str(tmp_path / "config"))


def test_the_witness_sees_what_is_sent_to_the_edge(netns: CrawlLab, env: dict[str, str]) -> None:
    """The witness is not blind: an inventory asked of the edge itself is counted (and fails)."""
    before = netns.frames_to_edge()
    done = netns.run("inventory", EDGE.ip, "-c", "public", "--timeout", "0.3", "--retries", "0", env=env)
    assert done.returncode != 0
    time.sleep(0.3)
    assert netns.frames_to_edge() > before


def test_the_crawl_reaches_every_switch_inside_and_nothing_outside(netns: CrawlLab, env: dict[str, str]) -> None:
    before = netns.frames_to_edge()
    done = netns.run("crawl", "192.0.2.11", "--within", "192.0.2.8/29", "-c", "public", "-F", "json", env=env)
    assert done.returncode == 0, done.stderr
    devices = json.loads(done.stdout)["devices"]
    assert [d["name"] for d in devices] == ["sw-a", "sw-b", "sw-c", "sw-d"]  # breadth first, each once
    assert "not contacted: 192.0.2.99 (named by sw-a) is outside --within" in done.stderr
    time.sleep(0.5)  # a frame sent late would still reach the witness
    assert netns.frames_to_edge() == before
    topology = json.loads(netns.run("topology", "-F", "json", env=env).stdout)
    merged = {(k["device"], k["remote"]) for k in topology["links"] if k["both_ends"]}
    assert merged == {("sw-a", "sw-b"), ("sw-b", "sw-c"), ("sw-c", "sw-d")}
    # the edge was never read: an unknown device, shown with what sw-a said of it
    assert [(k["device"], k["port"], k["remote"], k["remote_known"]) for k in topology["links"]
            if k["remote_ip"] == EDGE.ip] == [("sw-a", "Gi0/2", "edge", False)]  # fmt: skip
