#!/usr/bin/env python3
"""Many devices in one run: a mix of a switch, a printer and a UPS recording served by snmpsim on
hundreds of loopback addresses (127.1.x.y, one port), read by one `netinv inventory` process, and
the FusionInventory agent on a sample of the same devices at several processes at once (its
command takes one host).

    .venv/bin/python bench/scale.py [--devices 100 1000] [--agent-sample 30] [--agent-at-once 1 4 8]

Reports per count: devices read, wall, CPU (user + system of the netinv process), CPU / wall (how
many cores it kept busy), peak RSS, requests per device (netinv's own count, retries included),
devices per second; then the agent's devices per second at each parallelism. snmpsim runs on the
same machine and its CPU is not netinv's: devices per second is bounded by the simulators too.
Nothing leaves loopback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDINGS = ROOT / "tests" / "recordings"
MIX = ("ln-arubaos-cx_10.07", "ln-sharp", "ln-apc_smt750x-nmc2")  # switch, printer, UPS
PER_PROCESS = 170  # endpoints one snmpsim serves
AGENT = "fusioninventory-netinventory"


def address(n: int) -> str:
    return f"127.1.{n // 200}.{n % 200 + 1}"


class Simulators:
    """snmpsim processes, each serving one recording on its share of the addresses."""

    def __init__(self, count: int, port: int, scratch: Path) -> None:
        self.port, self.processes = port, []
        self.kind = {address(n): MIX[n % len(MIX)] for n in range(count)}
        env = dict(os.environ, SNMPSIM_ALLOW_ROOT="true")
        for name in MIX:
            mine = [a for a, kind in self.kind.items() if kind == name]
            for part in range(0, len(mine), PER_PROCESS):
                folder = scratch / f"{name}-{part}"
                (folder / "data").mkdir(parents=True)
                shutil.copy(RECORDINGS / f"{name}.snmprec", folder / "data" / "public.snmprec")
                endpoints = [f"--agent-udpv4-endpoint={a}:{port}" for a in mine[part : part + PER_PROCESS]]
                self.processes.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-c",
                            "from snmpsim.commands.responder import main; main()",
                            f"--data-dir={folder / 'data'}",
                            f"--cache-dir={folder / 'cache'}",
                            *endpoints,
                        ],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                        stdin=subprocess.DEVNULL,
                        env=env,
                    )
                )

    def wait(self, timeout: float = 300) -> None:
        from netinv_tui.core.lab import answers

        deadline = time.monotonic() + timeout
        for host in [*list(self.kind)[:: max(1, len(self.kind) // 50)], list(self.kind)[-1]]:
            while not answers(self.port, host, timeout=0.5):
                if time.monotonic() > deadline:
                    raise SystemExit(f"snmpsim did not answer on {host}:{self.port}")
                time.sleep(0.2)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=10)


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float, bytes, int]:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    output = process.stdout.read() if process.stdout else b""  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    return (time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output,
            os.waitstatus_to_exitcode(status))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--agent-sample", type=int, default=30)
    parser.add_argument("--agent-at-once", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--port", type=int, default=16161)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    netinv = str(Path(sys.executable).with_name("netinv"))
    scratch = Path(tempfile.mkdtemp(prefix="netinv-scale-"))
    env = dict(os.environ, NETINV_CONFIG_DIR=str(scratch / "c"), NETINV_DATA_DIR=str(scratch / "d"))
    print(f"# bench/scale.py: {', '.join(MIX)} in turn on 127.1.x.y:{args.port}, snmpsim on the same machine "
          f"({os.cpu_count()} CPUs)")  # fmt: skip
    print(f"{'devices':>8}{'read':>6}{'wall s':>9}{'CPU s':>8}{'CPU/wall':>9}{'peak MB':>9}{'req/dev':>9}"
          f"{'CPU ms/dev':>11}{'dev/s':>8}")  # fmt: skip
    largest = max(args.devices)
    simulators = Simulators(largest, args.port, scratch / "sim")
    try:
        simulators.wait()
        hosts = list(simulators.kind)
        for count in args.devices:
            targets = [f"{h}:{args.port}" for h in hosts[:count]]
            out = scratch / f"out-{count}.json"
            wall, cpu, rss, _, _ = run([netinv, "inventory", *targets, "-c", "public", "--timeout", "5", "-q",
                                        "-F", "json", "-o", str(out)], env)  # fmt: skip
            devices = json.loads(out.read_text())["devices"] if out.exists() else []
            read = sum(1 for d in devices if not d.get("error"))
            requests = sum(d.get("requests", 0) for d in devices)
            print(f"{count:>8}{read:>6}{wall:>9.2f}{cpu:>8.2f}{cpu / wall:>9.2f}{rss:>9.1f}"
                  f"{requests / max(1, len(devices)):>9.1f}{cpu / count * 1000:>11.1f}{count / wall:>8.1f}")  # fmt: skip
        if shutil.which(AGENT) is None:
            print(f"{AGENT} is missing: apt-get install fusioninventory-agent-task-network")
            return 0
        sample = hosts[: args.agent_sample]
        for at_once in args.agent_at_once:
            started = time.perf_counter()

            def one(host: str) -> bool:
                done = subprocess.run([AGENT, "--host", host, "--port", str(args.port), "--community", "public"],
                                      capture_output=True)  # fmt: skip
                return b"<DEVICE>" in done.stdout

            with ThreadPoolExecutor(at_once) as pool:
                ok = sum(pool.map(one, sample))
            wall = time.perf_counter() - started
            print(f"agent, {at_once} at once: {ok}/{len(sample)} read in {wall:.2f} s, {len(sample) / wall:.1f} dev/s")
    finally:
        simulators.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
