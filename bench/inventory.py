#!/usr/bin/env python3
"""netinv against the FusionInventory agent, side by side, on the same recordings served by snmpsim.

    python3 bench/inventory.py [--runs 3] [--only NAME ...] [--mac-table 100000]

Each recording gets its own snmpsim on 127.0.0.1 and, in front of it, a UDP relay that counts the
requests each tool sends: requests are counted the same way for both, on the simulator's side.
Both tools run as the commands a technician types (`fusioninventory-netinventory --host ...`,
`netinv inventory ...`), one device per process, so start-up costs count for both; then netinv
reads all the devices in one process. Wall time, CPU time (user + system) and peak memory come
from the child's rusage. Nothing leaves loopback.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDINGS = ROOT / "tests" / "recordings"
AGENT = "fusioninventory-netinventory"


class Relay:
    """address:161 -> the simulator, counting the datagrams clients send.

    Each device gets its own loopback address and the standard port, as a real device has: the
    agent opens its per-VLAN sessions (community public@<vlan>) on port 161 whatever --port said.
    """

    def __init__(self, upstream: int, address: str = "127.0.0.1") -> None:
        self.upstream = ("127.0.0.1", upstream)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            self.sock.bind((address, 161))
        except PermissionError:  # not root: any port, and the agent's VLAN contexts go unanswered
            self.sock.bind((address, 0))
        self.host, self.port = self.sock.getsockname()
        self.requests = 0
        self._clients: dict[tuple[str, int], socket.socket] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            sockets = [self.sock, *self._clients.values()]
            ready, _, _ = select.select(sockets, [], [], 0.1)
            for sock in ready:
                try:
                    self._relay(sock)
                except OSError:
                    # a client that closed its socket (the agent does, per VLAN context) makes the
                    # kernel report "port unreachable" on our next receive: not a reason to stop
                    continue

    def _relay(self, sock: socket.socket) -> None:
        data, peer = sock.recvfrom(65535)
        if sock is self.sock:
            self.requests += 1
            out = self._clients.get(peer)
            if out is None:
                out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                out.bind(("127.0.0.1", 0))
                self._clients[peer] = out
            out.sendto(data, self.upstream)
        else:
            client = next(c for c, s in self._clients.items() if s is sock)
            self.sock.sendto(data, client)

    def take(self) -> int:
        count, self.requests = self.requests, 0
        return count

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for sock in [self.sock, *self._clients.values()]:
            sock.close()


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    requests: int
    ok: bool


@dataclass
class Row:
    name: str
    agent: list[Run] = field(default_factory=list)
    netinv: list[Run] = field(default_factory=list)


def measure(command: list[str], relay: Relay | None, relays: list[Relay] | None = None) -> Run:
    for r in relays or ([relay] if relay else []):
        r.take()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = process.stdout.read() if process.stdout else b""  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    requests = sum(r.take() for r in (relays or ([relay] if relay else [])))
    ok = os.waitstatus_to_exitcode(status) in (0, 3) and b"<DEVICE>" in output and b"<ERROR>" not in output
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, requests, ok)


def with_vlan_contexts(recording: Path, scratch: Path) -> Path:
    """A Cisco recording plus an empty context per VLAN the switch has, as the agent's oracle run had:
    the agent asks community public@<vlan> for each, and an unanswered context would cost it a
    15 s timeout per VLAN that says nothing about either tool. A real switch answers for every VLAN
    it has: those of access ports (vmVlan), of trunks (native VLAN) and those VTP lists."""
    vlans = set()
    by_value = ("1.3.6.1.4.1.9.9.68.1.2.2.1.2.", "1.3.6.1.4.1.9.9.46.1.6.1.1.5.")
    for line in recording.read_text(errors="replace").splitlines():
        if line.startswith((*by_value, "1.3.6.1.4.1.9.9.46.1.3.1.1.2.1.")):
            oid, _, value = line.split("|", 2)
            vlans.add(value if oid.startswith(by_value) else oid.rsplit(".", 1)[1])
    if not vlans:
        return recording
    folder = scratch / recording.stem
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(recording, folder / recording.name)
    for vlan in vlans:
        (folder / f"{recording.stem}@{vlan}.snmprec").write_text(
            f"1.3.6.1.2.1.1.1.0|4|VLAN {vlan} context, nothing learnt\n"
        )
    return folder / recording.name


def big_mac_table(path: Path, entries: int) -> Path:
    """A switch with 48 ports that learnt `entries` MACs: the bad-input case nobody recorded."""
    lines = [
        "1.3.6.1.2.1.1.1.0|4|synthetic switch with a huge forwarding table",
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11.2.3.7.11.50",
        "1.3.6.1.2.1.1.5.0|4|big-fdb",
    ]
    lines += [f"1.3.6.1.2.1.2.2.1.2.{i}|4|port{i}" for i in range(1, 49)]
    lines += [f"1.3.6.1.2.1.17.1.4.1.2.{i}|2|{i}" for i in range(1, 49)]
    fdb = []
    for n in range(entries):
        mac = (0x02 << 40) | n
        octets = ".".join(str((mac >> (8 * k)) & 0xFF) for k in range(5, -1, -1))
        fdb.append(
            (
                tuple((mac >> (8 * k)) & 0xFF for k in range(5, -1, -1)),
                f"1.3.6.1.2.1.17.4.3.1.2.{octets}|2|{n % 48 + 1}",
            )
        )
    lines += [line for _, line in sorted(fdb)]
    path.write_text("\n".join(lines) + "\n")
    return path


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description="netinv vs fusioninventory-netinventory")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--mac-table", type=int, default=0, help="also a synthetic switch with this many MACs")
    args = parser.parse_args()
    if shutil.which(AGENT) is None:
        print(f"{AGENT} is missing: apt-get install fusioninventory-agent-task-network", file=sys.stderr)
        return 2
    netinv = (
        str(Path(sys.executable).with_name("netinv"))
        if Path(sys.executable).with_name("netinv").exists()
        else shutil.which("netinv")
    )
    if netinv is None:
        print("netinv is not installed: bash scripts/setup.sh", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from netinv_tui.core.lab import Lab

    scratch = Path(tempfile.mkdtemp(prefix="netinv-bench-"))
    recordings = [
        with_vlan_contexts(p, scratch)
        for p in sorted(RECORDINGS.glob("*.snmprec"))
        if "@" not in p.name and (not args.only or p.stem in args.only)
    ]
    if args.mac_table:
        recordings.append(big_mac_table(scratch / f"synthetic-fdb-{args.mac_table}.snmprec", args.mac_table))
    env_private = dict(os.environ, NETINV_CONFIG_DIR=str(scratch / "c"), NETINV_DATA_DIR=str(scratch / "d"))
    os.environ.update(env_private)
    rows: list[Row] = []
    with Lab(recordings, startup_timeout=300) as lab:
        relays = {d.name: Relay(d.port, f"127.0.0.{10 + n}") for n, d in enumerate(lab.devices)}
        try:
            for device in lab.devices:
                relay = relays[device.name]
                row = Row(device.name)
                for _ in range(args.runs):
                    row.agent.append(
                        measure(
                            [AGENT, "--host", relay.host, "--port", str(relay.port), "--community", "public"], relay
                        )
                    )
                    row.netinv.append(
                        measure(
                            [
                                netinv,
                                "inventory",
                                f"{relay.host}:{relay.port}",
                                "--community",
                                "public",
                                "--timeout",
                                "5",
                            ],
                            relay,
                        )
                    )
                rows.append(row)
            together = [
                measure(
                    [
                        netinv,
                        "inventory",
                        *(f"{r.host}:{r.port}" for r in relays.values()),
                        "--community",
                        "public",
                        "--timeout",
                        "5",
                    ],
                    None,
                    list(relays.values()),
                )
                for _ in range(args.runs)
            ]
        finally:
            for relay in relays.values():
                relay.close()
    shutil.rmtree(scratch, ignore_errors=True)

    def med(runs: list[Run], attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs)

    head = f"{'device':<28}{'wall agent/netinv':>20}{'ratio':>7}{'cpu agent/netinv':>19}{'ratio':>7}"
    head += f"{'MB agent/netinv':>18}{'ratio':>7}{'requests agent/netinv':>24}{'ratio':>8}"
    print(f"median of {args.runs} runs; ratio = netinv / agent (below 1: netinv is better)")
    print(head)
    totals = {k: 0.0 for k in ("aw", "nw", "ac", "nc", "ar", "nr")}
    peak_agent = peak_netinv = 0.0
    for row in rows:
        aw, nw, ac, nc = med(row.agent, "wall"), med(row.netinv, "wall"), med(row.agent, "cpu"), med(row.netinv, "cpu")
        am, nm = med(row.agent, "rss_mb"), med(row.netinv, "rss_mb")
        ar, nr = med(row.agent, "requests"), med(row.netinv, "requests")
        flag = "" if all(r.ok for r in row.netinv) else "  netinv: error"
        flag += "" if all(r.ok for r in row.agent) else "  agent: error"
        print(
            f"{row.name:<28}{aw:>9.2f}/{nw:<10.2f}{ratio(nw, aw):>7}{ac:>9.2f}/{nc:<9.2f}{ratio(nc, ac):>7}"
            f"{am:>8.1f}/{nm:<9.1f}{ratio(nm, am):>7}{ar:>11.0f}/{nr:<12.0f}{ratio(nr, ar):>8}{flag}"
        )
        for key, value in zip(totals, (aw, nw, ac, nc, ar, nr), strict=True):
            totals[key] += value
        peak_agent, peak_netinv = max(peak_agent, am), max(peak_netinv, nm)
    print(
        f"{'total, one process each':<28}{totals['aw']:>9.2f}/{totals['nw']:<10.2f}{ratio(totals['nw'], totals['aw']):>7}"
        f"{totals['ac']:>9.2f}/{totals['nc']:<9.2f}{ratio(totals['nc'], totals['ac']):>7}"
        f"{peak_agent:>8.1f}/{peak_netinv:<9.1f}{ratio(peak_netinv, peak_agent):>7}"
        f"{totals['ar']:>11.0f}/{totals['nr']:<12.0f}{ratio(totals['nr'], totals['ar']):>8}"
    )
    tw, tc, tm, tr = med(together, "wall"), med(together, "cpu"), med(together, "rss_mb"), med(together, "requests")
    print(
        f"{'netinv, all in one process':<28}{totals['aw']:>9.2f}/{tw:<10.2f}{ratio(tw, totals['aw']):>7}"
        f"{totals['ac']:>9.2f}/{tc:<9.2f}{ratio(tc, totals['ac']):>7}{peak_agent:>8.1f}/{tm:<9.1f}{ratio(tm, peak_agent):>7}"
        f"{totals['ar']:>11.0f}/{tr:<12.0f}{ratio(tr, totals['ar']):>8}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
