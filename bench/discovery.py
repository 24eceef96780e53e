#!/usr/bin/env python3
"""netinv discover against fusioninventory-netdiscovery, side by side, on the recordings.

    python3 bench/discovery.py [--runs 3] [--threads 10] [--save-oracle tests/oracle/netdiscovery.xml]

Every recording is served by snmpsim behind a counting relay on its own loopback address
(127.0.0.10, .11 ... port 161); both tools sweep 127.0.0.8-127.0.0.24, so four addresses hold no
agent. Both run as a technician types them, with community public, ICMP and NetBIOS as the agent
does them (no reverse DNS: it would ask the machine's resolver, which is not on loopback). Wall,
CPU and peak memory come from the child's rusage; SNMP requests from the relays.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from inventory import RECORDINGS, ROOT, Relay, Run, measure, ratio  # type: ignore[import-not-found]

sys.path.insert(0, str(ROOT))
from netinv_tui.core.lab import Lab

AGENT = "fusioninventory-netdiscovery"
FIRST, LAST = "127.0.0.8", "127.0.0.24"


def main() -> int:
    parser = argparse.ArgumentParser(description="netinv discover vs fusioninventory-netdiscovery")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=10, help="the agent's --threads (GLPI's default is 20)")
    parser.add_argument("--save-oracle", type=Path, help="keep the agent's NETDISCOVERY document here")
    args = parser.parse_args()
    if shutil.which(AGENT) is None:
        print(f"{AGENT} is missing: apt-get install fusioninventory-agent-task-network", file=sys.stderr)
        return 2
    netinv = shutil.which("netinv")
    assert netinv, "pip install -e . first"
    recordings = sorted(p for p in RECORDINGS.glob("*.snmprec") if "@" not in p.name)
    scratch = Path(tempfile.mkdtemp(prefix="netinv-bench-"))
    with Lab(recordings, startup_timeout=120) as lab:
        relays = [Relay(device.port, f"127.0.0.{10 + n}") for n, device in enumerate(lab.devices)]
        try:
            agent_cmd = [AGENT, "--first", FIRST, "--last", LAST, "--community", "public", "--timeout", "1",
                         "--threads", str(args.threads)]  # fmt: skip
            netinv_cmd = [netinv, "discover", f"{FIRST}-{LAST.rsplit('.', 1)[1]}", "--community", "public",
                          "--timeout", "1", "--methods", "icmp,snmp,netbios", "--format", "xml", "--no-store",
                          "--quiet"]  # fmt: skip
            agent_runs: list[Run] = []
            netinv_runs: list[Run] = []
            for _ in range(args.runs):
                agent_runs.append(measure(agent_cmd, None, relays))
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

    print(f"sweep {FIRST}-{LAST}: 17 addresses, 13 SNMP agents; median of {args.runs}; ratio = netinv / agent")
    print(f"{'':8} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'requests':>9} ok")
    for label, runs in (("agent", agent_runs), ("netinv", netinv_runs)):
        print(f"{label:8} {med(runs, 'wall'):8.2f} {med(runs, 'cpu'):8.2f} {med(runs, 'rss_mb'):8.1f} "
              f"{med(runs, 'requests'):9.0f} {all(r.ok for r in runs)}")  # fmt: skip
    print(
        f"{'ratio':8} {ratio(med(netinv_runs, 'wall'), med(agent_runs, 'wall')):>8} "
        f"{ratio(med(netinv_runs, 'cpu'), med(agent_runs, 'cpu')):>8} "
        f"{ratio(med(netinv_runs, 'rss_mb'), med(agent_runs, 'rss_mb')):>8} "
        f"{ratio(med(netinv_runs, 'requests'), med(agent_runs, 'requests')):>9}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
