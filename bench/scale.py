#!/usr/bin/env python3
"""Many devices in one run: a mix of a switch, a printer and a UPS recording served by snmpsim on
hundreds of loopback addresses (127.1.x.y, one port), read by one `netinv inventory` run (one
process, then as many as the cores), by one `netinv agent --once` round of a server task listing
them all, and the same recordings replayed (`--file`, no simulator: netinv's own CPU only); then
one round of the FusionInventory agent (`fusioninventory-agent --server`, its NetInventory task)
and of netinv on the same task over a sample, at the thread counts given.

    .venv/bin/python bench/scale.py [--devices 100 1000] [--sample 48] [--threads 4 16]

Reports per run: devices read, wall, CPU (user + system of the run and its reading processes),
CPU / wall (how many cores it kept busy), peak memory of the whole process tree (the sum of its
processes' resident sets, sampled every 0.1 s), requests per device, CPU per device, devices per
second. snmpsim runs on the same machine and its CPU is not netinv's: the live rows are bounded by
the simulators; the replay rows are not. The test server is tests/fake_server.py on 127.0.0.1.
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDINGS = ROOT / "tests" / "recordings"
MIX = ("ln-arubaos-cx_10.07", "ln-sharp", "ln-apc_smt750x-nmc2")  # switch, printer, UPS
PER_PROCESS = 170  # endpoints one snmpsim serves


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


class TreePeak(threading.Thread):
    """The peak of the summed resident sets of a process and all its descendants."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peak, self.stop = root, 0, threading.Event()

    def run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self.stop.wait(0.1):
            parents, rss = {}, {}
            for entry in os.scandir("/proc"):
                if not entry.name.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry.name}/stat") as stat:
                        fields = stat.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(fields[1])
                rss[int(entry.name)] = int(fields[21]) * page
            tree, grew = {self.root}, True
            while grew:
                more = {pid for pid, parent in parents.items() if parent in tree} - tree
                tree |= more
                grew = bool(more)
            self.peak = max(self.peak, sum(rss.get(pid, 0) for pid in tree))


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Wall, CPU (the command and its reaped children), peak MB of its process tree, exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = TreePeak(process.pid)
    peak.start()
    _, status, usage = os.wait4(process.pid, 0)
    peak.stop.set()
    peak.join()
    return (time.perf_counter() - start, usage.ru_utime + usage.ru_stime, peak.peak / 2**20,
            os.waitstatus_to_exitcode(status))  # fmt: skip


def row(label: str, count: int, read: int, measured: tuple[float, float, float, int], requests: float | None) -> None:
    wall, cpu, mb, _ = measured
    per = f"{requests:>9.1f}" if requests is not None else f"{'':>9}"
    print(f"{label:<28}{count:>7}{read:>6}{wall:>9.2f}{cpu:>8.2f}{cpu / wall:>9.2f}{mb:>9.1f}{per}"
          f"{cpu / count * 1000:>11.1f}{count / wall:>8.1f}", flush=True)  # fmt: skip


def job(pid: str, devices: list[tuple[str, int]], threads: int) -> str:
    listed = "".join(f'<DEVICE TYPE="NETWORKING" ID="{n}" IP="{ip}" AUTHSNMP_ID="1" PORT="{port}"/>'
                     for n, (ip, port) in enumerate(devices, 1))  # fmt: skip
    return (f'<?xml version="1.0" encoding="UTF-8"?><REPLY><OPTION><NAME>SNMPQUERY</NAME>'
            f'<PARAM THREADS_QUERY="{threads}" TIMEOUT="15" PID="{pid}"/>{listed}'
            '<AUTHENTICATION ID="1" VERSION="2c" COMMUNITY="public"/></OPTION><PROLOG_FREQ>24</PROLOG_FREQ></REPLY>')  # fmt: skip


def read_by_server(server) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for r in server.received if r.query == "SNMPQUERY" and b"<INFO>" in r.body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--sample", type=int, default=48, help="devices of the FusionInventory agent's round")
    parser.add_argument("--threads", type=int, nargs="+", default=[4, 16], help="THREADS_QUERY of the sample rounds")
    parser.add_argument("--processes", nargs="+", default=["1", "0"], help="netinv's --processes (0: auto)")
    parser.add_argument("--what", nargs="+", choices=["inventory", "replay", "rounds", "fi"],
                        default=["inventory", "replay", "rounds", "fi"], help="which runs")  # fmt: skip
    parser.add_argument("--port", type=int, default=16161)
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from fake_server import FakeServer

    netinv = str(Path(sys.executable).with_name("netinv"))
    scratch = Path(tempfile.mkdtemp(prefix="netinv-scale-"))
    env = dict(os.environ, NETINV_CONFIG_DIR=str(scratch / "c"), NETINV_DATA_DIR=str(scratch / "d"))
    print(f"# bench/scale.py: {', '.join(MIX)} in turn on 127.1.x.y:{args.port}, snmpsim on the same machine "
          f"({os.cpu_count()} CPUs)")  # fmt: skip
    print(f"{'run':<28}{'devices':>7}{'read':>6}{'wall s':>9}{'CPU s':>8}{'CPU/wall':>9}{'peak MB':>9}{'req/dev':>9}"
          f"{'CPU ms/dev':>11}{'dev/s':>8}")  # fmt: skip
    largest = max(args.devices)
    simulators = Simulators(largest, args.port, scratch / "sim")
    server = FakeServer(speaks_contact=False)
    try:
        simulators.wait()
        hosts = list(simulators.kind)
        for count in args.devices if "inventory" in args.what else []:
            targets = [f"{h}:{args.port}" for h in hosts[:count]]
            for processes in args.processes:
                out = scratch / f"out-{count}-{processes}.json"
                measured = run([netinv, "inventory", *targets, "-c", "public", "--timeout", "5", "-q", "-F", "json",
                                "-o", str(out), "--processes", processes], env)  # fmt: skip
                devices = json.loads(out.read_text())["devices"] if out.exists() else []
                read = sum(1 for d in devices if not d.get("error"))
                requests = sum(d.get("requests", 0) for d in devices) / max(1, len(devices))
                label = "inventory, 1 process" if processes == "1" else "inventory, --processes auto"
                row(label, count, read, measured, requests)
        files = [arg for h in hosts for arg in ("-f", str(RECORDINGS / f"{simulators.kind[h]}.snmprec"))]
        for processes in args.processes if "replay" in args.what else []:
            out = scratch / f"replay-{processes}.json"
            measured = run([netinv, "inventory", *files, "-q", "-F", "json", "-o", str(out), "--processes", processes],
                           env)  # fmt: skip
            read = sum(1 for d in json.loads(out.read_text())["devices"] if not d.get("error"))
            row("replay, 1 process" if processes == "1" else "replay, --processes auto", largest, read, measured, None)
        rounds = [("netinv agent round, auto", hosts, largest)]
        sample = hosts[: args.sample]
        for threads in args.threads:
            rounds.append((f"netinv agent round, {threads} th", sample, threads))
        for label, chosen, threads in rounds if "rounds" in args.what else []:
            server.received.clear()
            server.jobs = job("7", [(h, args.port) for h in chosen], threads)
            measured = run([netinv, "agent", "--server", server.url, "--once", "-q", "--device-budget", "600"], env)
            row(label, len(chosen), read_by_server(server), measured, None)
        if "fi" not in args.what:
            return 0
        if shutil.which("fusioninventory-agent") is None:
            print("fusioninventory-agent is missing: apt-get install fusioninventory-agent-task-network")
            return 0
        for threads in args.threads:
            server.received.clear()
            server.jobs = job("8", [(h, args.port) for h in sample], threads)
            measured = run(["fusioninventory-agent", "--server", server.url, "--tasks=netinventory", "--no-httpd"], env)
            row(f"FI agent round, {threads} th", len(sample), read_by_server(server), measured, None)
    finally:
        server.close()
        simulators.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
