#!/usr/bin/env python3
"""netinv discover against fusioninventory-netdiscovery, side by side, on the recordings.

    python3 bench/discovery.py [--runs 3] [--threads 10] [--save-oracle tests/oracle/netdiscovery.xml]
    python3 bench/discovery.py --prefix 127.0.7 --first 1 --last 30 --before /tmp/main-src
    python3 bench/discovery.py --netns [--runs 3]     # a /24 of the tests' namespace lab (root)

Every recording is served by snmpsim behind a counting relay on its own loopback address
(127.0.0.10, .11 ... port 161); both tools sweep 127.0.0.8-127.0.0.24, so four addresses hold no
agent. Both run as a technician types them, with community public, ICMP and NetBIOS as the agent
does them (no reverse DNS: it would ask the machine's resolver, which is not on loopback). Wall,
CPU and peak memory come from the child's rusage; SNMP requests from the relays.

With --netns both sweep 192.0.2.0/24 from the scanner namespace of tests/netns_lab.py: six live
hosts (one SNMP agent, a NetBIOS PC, one that drops pings) among 254 addresses, which is where
the time of a real sweep goes; nothing there can reach beyond the lab.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from inventory import RECORDINGS, ROOT, Relay, Run, measure, ratio  # type: ignore[import-not-found]

sys.path.insert(0, str(ROOT))
from netinv_tui.core.lab import Lab

AGENT = "fusioninventory-netdiscovery"


def main() -> int:
    parser = argparse.ArgumentParser(description="netinv discover vs fusioninventory-netdiscovery")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=10, help="the agent's --threads (GLPI's default is 20)")
    parser.add_argument("--save-oracle", type=Path, help="keep the agent's NETDISCOVERY document here")
    parser.add_argument("--netns", action="store_true", help="sweep a /24 of the namespace lab instead")
    parser.add_argument("--prefix", default="127.0.0", help="the loopback /24 of the relays and the sweep")
    parser.add_argument("--first", type=int, default=8, help="the sweep's first address in the prefix")
    parser.add_argument("--last", type=int, default=24, help="its last (the relays are .10 and on)")
    parser.add_argument("--before", type=Path, help="also time the netinv of this source tree (PYTHONPATH), turn about")
    args = parser.parse_args()
    first, last = f"{args.prefix}.{args.first}", f"{args.prefix}.{args.last}"
    if args.netns:
        return netns(args.runs, args.threads)
    if shutil.which(AGENT) is None:
        print(f"{AGENT} is missing: apt-get install fusioninventory-agent-task-network", file=sys.stderr)
        return 2
    netinv = (
        str(Path(sys.executable).with_name("netinv"))
        if Path(sys.executable).with_name("netinv").exists()
        else shutil.which("netinv")
    )
    assert netinv, "pip install -e . first"
    import compileall

    # bytecode, as an installed package has it (PYTHONDONTWRITEBYTECODE=1 would compile on every run)
    for tree in [ROOT / "netinv_tui", *([args.before] if args.before else [])]:
        compileall.compile_dir(str(tree), quiet=1)
    recordings = sorted(p for p in RECORDINGS.glob("*.snmprec") if "@" not in p.name)
    scratch = Path(tempfile.mkdtemp(prefix="netinv-bench-"))
    with Lab(recordings, startup_timeout=120) as lab:
        relays = [Relay(device.port, f"{args.prefix}.{10 + n}") for n, device in enumerate(lab.devices)]
        try:
            agent_cmd = [AGENT, "--first", first, "--last", last, "--community", "public", "--timeout", "1",
                         "--threads", str(args.threads)]  # fmt: skip
            netinv_cmd = [netinv, "discover", f"{first}-{args.last}", "--community", "public",
                          "--timeout", "1", "--methods", "icmp,snmp,netbios", "--format", "xml", "--no-store",
                          "--quiet"]  # fmt: skip
            agent_runs: list[Run] = []
            netinv_runs: list[Run] = []
            before_runs: list[Run] = []
            for _ in range(args.runs):
                agent_runs.append(measure(agent_cmd, None, relays))
                if args.before:
                    os.environ["PYTHONPATH"] = str(args.before)
                    try:
                        before_runs.append(measure(netinv_cmd, None, relays))
                    finally:
                        del os.environ["PYTHONPATH"]
                netinv_runs.append(measure(netinv_cmd, None, relays))
            if args.save_oracle:
                import subprocess

                out = subprocess.run(agent_cmd, capture_output=True, check=True).stdout
                args.save_oracle.write_bytes(out)
                print(f"agent document kept in {args.save_oracle}")
        finally:
            for relay in relays:
                relay.close()
    shutil.rmtree(scratch, ignore_errors=True)

    def med(runs: list[Run], attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs)

    count = args.last - args.first + 1
    print(f"sweep {first}-{last}: {count} addresses, {len(relays)} SNMP agents; median of {args.runs}, turn about;"
          f" ratio = netinv / agent; load {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'':8} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'requests':>9} ok")
    rows = [("agent", agent_runs), *([("before", before_runs)] if before_runs else []), ("netinv", netinv_runs)]
    for label, runs in rows:
        print(f"{label:8} {med(runs, 'wall'):8.2f} {med(runs, 'cpu'):8.2f} {med(runs, 'rss_mb'):8.1f} "
              f"{med(runs, 'requests'):9.0f} {all(r.ok for r in runs)}")  # fmt: skip
    if before_runs:
        print(f"{'before/agent':12} {ratio(med(before_runs, 'wall'), med(agent_runs, 'wall')):>4} (wall)")
    print(
        f"{'ratio':8} {ratio(med(netinv_runs, 'wall'), med(agent_runs, 'wall')):>8} "
        f"{ratio(med(netinv_runs, 'cpu'), med(agent_runs, 'cpu')):>8} "
        f"{ratio(med(netinv_runs, 'rss_mb'), med(agent_runs, 'rss_mb')):>8} "
        f"{ratio(med(netinv_runs, 'requests'), med(agent_runs, 'requests')):>9}"
    )
    return 0


def netns(runs: int, threads: int) -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    from netns_lab import SCANNER, SUBNET, NetnsLab  # type: ignore[import-not-found]

    why = NetnsLab.unavailable()
    if why:
        print(why, file=sys.stderr)
        return 2
    netinv = (
        str(Path(sys.executable).with_name("netinv"))
        if Path(sys.executable).with_name("netinv").exists()
        else shutil.which("netinv")
    )
    assert netinv, "pip install -e . first"
    scratch = Path(tempfile.mkdtemp(prefix="netinv-bench-"))
    with NetnsLab() as lab:
        inside = lab.exec_prefix(SCANNER)
        agent_cmd = [*inside, AGENT, "--first", "192.0.2.1", "--last", "192.0.2.254", "--community", "public",
                     "--timeout", "1", "--threads", str(threads)]  # fmt: skip
        netinv_cmd = [*inside, netinv, "discover", SUBNET, "--community", "public", "--timeout", "1",
                      "--methods", "arp,icmp,snmp,netbios", "--format", "xml", "--no-store", "--quiet"]  # fmt: skip
        agent_runs = [measure(agent_cmd, None, []) for _ in range(runs)]
        netinv_runs = [measure(netinv_cmd, None, []) for _ in range(runs)]
    shutil.rmtree(scratch, ignore_errors=True)
    wall = (statistics.median(r.wall for r in agent_runs), statistics.median(r.wall for r in netinv_runs))
    cpu = (statistics.median(r.cpu for r in agent_runs), statistics.median(r.cpu for r in netinv_runs))
    print(f"sweep {SUBNET} of the namespace lab, median of {runs}: wall agent {wall[0]:.2f} s, netinv {wall[1]:.2f} s"
          f" ({ratio(wall[1], wall[0])}); CPU {cpu[0]:.2f} s / {cpu[1]:.2f} s ({ratio(cpu[1], cpu[0])});"
          f" ok {all(r.ok for r in agent_runs)} {all(r.ok for r in netinv_runs)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
