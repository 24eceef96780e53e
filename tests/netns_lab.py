"""A small network made of namespaces for discovery tests: a bridge, hosts on TEST-NET-1
(192.0.2.0/24) with their own MACs, and a scanner namespace with no default route, so nothing a
test sends can leave. Needs root (CI runs as root); `NetnsLab.unavailable()` says why not.

    scanner  192.0.2.1                                   (runs netinv)
    printer  192.0.2.10  02:00:00:00:00:10  snmpsim serving the Sharp MX-3570N recording
    pc       192.0.2.20  02:00:00:00:00:20  NetBIOS PC-ALICE / LABGROUP / ALICE, TTL 128
    silent   192.0.2.30  02:00:00:00:00:30  drops pings, runs nothing: answers ARP only
    server   192.0.2.40  02:00:00:00:00:40  answers pings (TTL 64)
    dns      192.0.2.53  02:00:00:00:00:53  PTR records for the lab
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
SUBNET = "192.0.2.0/24"


@dataclass(frozen=True)
class LabHost:
    name: str
    ip: str
    mac: str
    ttl: int = 64
    drops_ping: bool = False


HOSTS = (
    LabHost("printer", "192.0.2.10", "02:00:00:00:00:10"),
    LabHost("pc", "192.0.2.20", "02:00:00:00:00:20", ttl=128),
    LabHost("silent", "192.0.2.30", "02:00:00:00:00:30", drops_ping=True),
    LabHost("server", "192.0.2.40", "02:00:00:00:00:40"),
    LabHost("dns", "192.0.2.53", "02:00:00:00:00:53"),
)
SCANNER = LabHost("scanner", "192.0.2.1", "02:00:00:00:00:01")
PTR = {"192.0.2.10": "printer.lab.test", "192.0.2.20": "pc-alice.lab.test", "192.0.2.40": "server.lab.test"}


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True)


@dataclass
class NetnsLab:
    """The discovery lab by default; a subclass names other hosts (each with its own MAC on the
    bridge) and starts other services in them (`_services`)."""

    prefix: str = field(default_factory=lambda: f"ni{os.getpid() % 100000}")
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    workdir: Path | None = None
    hosts: tuple[LabHost, ...] = HOSTS

    @staticmethod
    def unavailable() -> str | None:
        """Why namespaces cannot be made here, or None."""
        if os.geteuid() != 0:
            return "network namespaces need root (CI runs as root)"
        if shutil.which("ip") is None:
            return "iproute2's `ip` is not installed"
        probe = f"niprobe{os.getpid()}"
        done = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
        if done.returncode != 0:
            return f"cannot create a network namespace: {done.stderr.strip()}"
        subprocess.run(["ip", "netns", "del", probe], capture_output=True)
        return None

    def ns(self, host: LabHost | str) -> str:
        return f"{self.prefix}-{host if isinstance(host, str) else host.name}"

    def exec_prefix(self, host: LabHost) -> list[str]:
        return ["ip", "netns", "exec", self.ns(host)]

    def __enter__(self) -> NetnsLab:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="netinv-netns-"))
        bridge = self.ns("sw")
        _run("ip", "netns", "add", bridge)
        _run("ip", "-n", bridge, "link", "add", "br0", "type", "bridge")
        _run("ip", "-n", bridge, "link", "set", "br0", "up")
        for number, host in enumerate((SCANNER, *self.hosts)):
            namespace = self.ns(host)
            inside, outside = f"{self.prefix}h{number}", f"{self.prefix}b{number}"
            _run("ip", "netns", "add", namespace)
            _run("ip", "link", "add", inside, "type", "veth", "peer", "name", outside)
            _run("ip", "link", "set", inside, "netns", namespace)
            _run("ip", "link", "set", outside, "netns", bridge)
            _run("ip", "-n", namespace, "link", "set", inside, "name", "eth0")
            _run("ip", "-n", namespace, "link", "set", "eth0", "address", host.mac)
            _run("ip", "-n", namespace, "addr", "add", f"{host.ip}/24", "dev", "eth0")
            _run("ip", "-n", namespace, "link", "set", "eth0", "up")
            _run("ip", "-n", namespace, "link", "set", "lo", "up")
            _run("ip", "-n", bridge, "link", "set", outside, "master", "br0")
            _run("ip", "-n", bridge, "link", "set", outside, "up")
            # sysctl lives in /usr/sbin, which a normal user's PATH (and a trimmed one) leaves out
            found = shutil.which("sysctl", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin") or "sysctl"
            sysctl = [*self.exec_prefix(host), found, "-q", "-w"]
            _run(*sysctl, f"net.ipv4.ip_default_ttl={host.ttl}")
            if host.drops_ping:
                _run(*sysctl, "net.ipv4.icmp_echo_ignore_all=1")
        self._services()

    def _spawn(self, host: LabHost, *command: str) -> None:
        assert self.workdir is not None
        log = open(self.workdir / f"{host.name}.log", "wb")  # noqa: SIM115
        env = dict(os.environ, SNMPSIM_ALLOW_ROOT="true")
        self.processes.append(
            subprocess.Popen(
                [*self.exec_prefix(host), *command],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                stdin=subprocess.DEVNULL,
            )
        )

    def _services(self) -> None:
        printer, pc, _silent, _server, dns = HOSTS
        self._snmpsim(printer, HERE / "recordings" / "ln-sharp.snmprec")
        responders = str(HERE / "lab_responders.py")
        self._spawn(pc, sys.executable, responders, "netbios", pc.ip, pc.mac, "PC-ALICE", "LABGROUP", "ALICE")
        self._spawn(dns, sys.executable, responders, "dns", dns.ip, *(f"{ip}={name}" for ip, name in PTR.items()))
        self._wait_for_snmp(printer)

    def _snmpsim(self, host: LabHost, recording: Path) -> None:
        """snmpsim in `host`'s namespace serving `recording` to community public on port 161."""
        assert self.workdir is not None
        data = self.workdir / f"snmp-data-{host.name}"
        data.mkdir()
        shutil.copy(recording, data / "public.snmprec")
        self._spawn(
            host, sys.executable, "-c", "from snmpsim.commands.responder import main; main()",
            f"--data-dir={data}", f"--cache-dir={self.workdir / f'snmp-cache-{host.name}'}",
            f"--agent-udpv4-endpoint={host.ip}:161",
        )  # fmt: skip

    def _wait_for_snmp(self, host: LabHost, timeout: float = 60) -> None:
        probe = (
            "import sys; from netinv_tui.core.lab import answers; "
            f"sys.exit(0 if answers(161, {host.ip!r}, timeout=0.5) else 1)"
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if subprocess.run([*self.exec_prefix(SCANNER), sys.executable, "-c", probe]).returncode == 0:
                return
            time.sleep(0.3)
        raise RuntimeError(f"snmpsim in the {host.name} namespace did not answer")

    def run(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """`netinv ARGS` inside the scanner namespace."""
        command = [*self.exec_prefix(SCANNER), sys.executable, "-m", "netinv_tui", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.processes = []
        for host in ("sw", SCANNER, *self.hosts):
            subprocess.run(["ip", "netns", "del", self.ns(host)], capture_output=True)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
