"""Recorded devices served by real SNMP agents (snmpsim) on loopback: the demo lab and the test rigs.

Each device gets its own snmpsim process and UDP port on 127.0.0.1, so it answers community
`public` exactly as the recorded device did; or, for sweeps, its own loopback address
(127.0.0.10, .11 ...) on one shared port. Nothing here ever sends a packet off loopback.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from netinv_tui.core import children
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.profiles import Profile
from netinv_tui.core.targets import Target

LOOPBACK = "127.0.0.1"

#: How a simulator runs: snmpsim's responder, ending by itself if the process that started it dies
#: (SIGKILL, a crash: anything that skips `Lab.stop`), its folder removed. Its first two arguments
#: are that process's id and the simulator's folder (core/children.end_with_parent).
SIMULATOR = (
    "import sys; from netinv_tui.core.children import end_with_parent; "
    "end_with_parent(int(sys.argv.pop(1)), [sys.argv.pop(1)]); "
    "from snmpsim.commands.responder import main; main()"
)


def free_udp_port(addresses: Iterable[str] = ()) -> int:
    """A UDP port free on 127.0.0.1 and on each of `addresses` too."""
    return free_udp_ports(1, addresses)[0]


def free_udp_ports(count: int, addresses: Iterable[str] = ()) -> list[int]:
    """`count` different UDP ports, each free on 127.0.0.1 and on every one of `addresses`.

    The probe sockets stay bound until all are chosen: a port released at once could be handed
    out again before its simulator binds it (snmpsim takes a second to start), and then two
    simulators race for one port and the loser dies after the other has answered for it.
    """
    others = list(addresses)
    held: list[socket.socket] = []
    try:
        while len(held) < count:
            probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            probe.bind((LOOPBACK, 0))
            port = int(probe.getsockname()[1])
            try:
                for address in others:
                    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as check:
                        check.bind((address, port))
            except OSError:
                probe.close()
                continue
            held.append(probe)
        return [int(sock.getsockname()[1]) for sock in held]
    finally:
        for sock in held:
            sock.close()


def _ber_length(n: int) -> bytes:
    return bytes([n]) if n < 128 else bytes([0x81, n]) if n < 256 else bytes([0x82, n >> 8, n & 0xFF])


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _ber_length(len(body)) + body


def probe_packet(community: str = "public") -> bytes:
    """A hand-made SNMPv2c GET of sysUpTime.0: enough to see whether an agent is up, no pysnmp needed."""
    varbind = _tlv(0x30, _tlv(0x06, bytes([0x2B, 6, 1, 2, 1, 1, 3, 0])) + b"\x05\x00")
    pdu = _tlv(0xA0, b"\x02\x01\x01\x02\x01\x00\x02\x01\x00" + _tlv(0x30, varbind))
    return _tlv(0x30, b"\x02\x01\x01" + _tlv(0x04, community.encode()) + pdu)


def answers(port: int, host: str = LOOPBACK, timeout: float = 0.3, community: str = "public") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.sendto(probe_packet(community), (host, port))
            sock.recvfrom(65535)
            return True
        except OSError:
            return False


#: The demo lab's credentials: snmpsim answers the community its data file is named after.
DEMO_PROFILE = Profile("demo", version="2c", community="public", timeout=1.0, retries=1)


@dataclass
class LabDevice:
    name: str
    recording: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    workdir: Path | None = None
    kind: str = ""
    label: str = ""
    address: str = LOOPBACK

    @property
    def host(self) -> str:
        return self.address

    @property
    def target(self) -> Target:
        return Target(self.address, self.port)


def _provenance(recording: Path) -> dict[str, str]:
    """The recording's line of SOURCES.tsv beside it (kind and what device it is), if there is one."""
    sources = recording.parent / "SOURCES.tsv"
    try:
        lines = sources.read_text().splitlines()
    except OSError:
        return {}
    header = lines[0].split("\t") if lines else []
    name = recording.name.removesuffix(".snmprec")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        if row.get("id") == name:
            return row
    return {}


@dataclass
class Lab:
    """snmpsim agents, one per recording; use as a context manager so they always stop."""

    recordings: list[Path]
    community: str = "public"
    startup_timeout: float = 60.0
    #: Niceness of the simulators: the dashboard's lab yields the CPU to the screen it serves.
    nice: int = 0
    #: More snmpsim options for every agent, e.g. an SNMPv3 user (`--v3-user=...`).
    agent_args: tuple[str, ...] = ()
    #: Serve device n on 127.0.0.(spread_from + n), all on one port: a range a sweep can find.
    spread_from: int | None = None
    devices: list[LabDevice] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _stopped: bool = field(default=False, init=False, repr=False)
    _roots: list[Path] = field(default_factory=list, init=False, repr=False)

    def addresses(self) -> list[str]:
        if self.spread_from is None:
            return [LOOPBACK] * len(self.recordings)
        return [f"127.0.0.{self.spread_from + n}" for n in range(len(self.recordings))]

    def range_text(self) -> str:
        """The addresses a sweep of a spread lab covers, as `netinv discover` takes them."""
        first, last = self.devices[0].address, self.devices[-1].address
        return first if first == last else f"{first}-{last.rsplit('.', 1)[1]}"

    @property
    def port(self) -> int | None:
        """The one port every device answers on, when the lab is spread over addresses."""
        return self.devices[0].port if self.spread_from is not None and self.devices else None

    def __enter__(self) -> Lab:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start every agent and wait until each answers; `stop` from another thread ends it early.
        Interrupted (Ctrl+C, a stop signal: core/children), it stops what it started."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        with self._lock:
            if self._stopped:
                raise NetinvError("the lab was stopped before it started")
            root = Path(tempfile.mkdtemp(prefix="netinv-lab-"))
            self._roots.append(root)
        addresses = self.addresses()
        if self.spread_from is not None:
            ports = free_udp_ports(1, addresses) * len(addresses)
        else:
            ports = free_udp_ports(len(addresses))
        for recording, address, port in zip(self.recordings, addresses, ports, strict=True):
            name = recording.name.removesuffix(".snmprec")
            source = _provenance(recording)
            device = LabDevice(
                name,
                recording,
                port=port,
                workdir=root / name,
                kind=source.get("class", ""),
                label=source.get("device", ""),
                address=address,
            )
            data, cache = device.workdir / "data", device.workdir / "cache"  # type: ignore[operator]
            data.mkdir(parents=True)
            cache.mkdir()
            shutil.copy(recording, data / f"{self.community}.snmprec")
            # Cisco-style VLAN contexts beside it (<id>@<vlan>.snmprec) answer community public@<vlan>,
            # and SNMPv3 context vlan-<vlan> (snmpsim picks a v3 agent's data file by context name).
            for context in recording.parent.glob(f"{name}@*.snmprec"):
                vlan = context.name.removesuffix(".snmprec").split("@", 1)[1]
                shutil.copy(context, data / f"{self.community}@{vlan}.snmprec")
                shutil.copy(context, data / f"vlan-{vlan}.snmprec")
            env = dict(os.environ, SNMPSIM_ALLOW_ROOT="true")
            with self._lock:
                if self._stopped:
                    break
                log = open(device.workdir / "snmpsim.log", "wb")  # type: ignore[operator]  # noqa: SIM115
                device.process = children.start(
                    [
                        *self._nice_prefix(),
                        sys.executable,
                        "-c",
                        SIMULATOR,
                        str(os.getpid()),
                        str(device.workdir),
                        f"--data-dir={data}",
                        f"--cache-dir={cache}",
                        f"--agent-udpv4-endpoint={device.address}:{device.port}",
                        *self.agent_args,
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    stdin=subprocess.DEVNULL,
                )
                log.close()  # the simulator holds its own copy
                self.devices.append(device)
        deadline = time.monotonic() + self.startup_timeout
        waiting = list(self.devices)
        while waiting and not self._stopped:
            device = waiting[0]
            assert device.process is not None
            if device.process.poll() is not None:
                self.stop()
                raise NetinvError(f"snmpsim for {device.name} exited at start (is snmpsim installed?)")
            if answers(device.port, device.address, community=self.community):
                waiting.pop(0)
                continue
            if time.monotonic() > deadline:
                self.stop()
                raise NetinvError(f"snmpsim for {device.name} did not answer within {self.startup_timeout:g} s")
            time.sleep(0.1)
        if self._stopped:
            raise NetinvError("the lab was stopped while it started")
        dead = [d.name for d in self.devices if d.process is not None and d.process.poll() is not None]
        if dead:  # answered for by another agent, then lost its port: its answers would be someone else's
            self.stop()
            raise NetinvError(f"snmpsim for {', '.join(dead)} exited at start (port taken?)")

    def _nice_prefix(self) -> list[str]:
        """`nice -n N` (not preexec_fn: the dashboard starts the lab from a thread, where fork hooks may deadlock)."""
        nice = shutil.which("nice")
        return [nice, "-n", str(self.nice)] if self.nice and nice else []

    def stop(self) -> None:
        """Stop every agent and remove the lab's folder; safe twice, and from another thread while
        `start` runs (it then stops starting agents and raises)."""
        with self._lock:
            self._stopped = True
            devices, self.devices = list(self.devices), []
            roots, self._roots = list(self._roots), []
        for device in devices:
            if device.process is not None and device.process.poll() is None:
                device.process.terminate()  # all told at once: each takes a moment to go
        for device in devices:
            if device.process is not None:
                children.stop(device.process)
        for root in roots:
            shutil.rmtree(root, ignore_errors=True)

    def device(self, name: str) -> LabDevice:
        return next(d for d in self.devices if d.name == name)

    def find(self, name: str) -> LabDevice | None:
        """The running lab device called `name` (or at that address, in a spread lab), so users can
        type lab names or addresses instead of ports."""
        return next((d for d in self.devices if d.name == name or (self.spread_from and d.address == name)), None)


def bundled_recordings() -> list[Path]:
    """The demo lab's recordings, shipped in the package with their provenance (SOURCES.tsv)."""
    folder = resources.files("netinv_tui.core.data").joinpath("lab")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".snmprec"))


#: The demo lab's devices answer on 127.0.0.10, .11 ...: a range the Subnets pane can sweep.
DEMO_FIRST_ADDRESS = 10


def demo_lab(nice: int = 0, startup_timeout: float = 60.0) -> Lab:
    """The lab `netinv demo` runs (not started): the bundled recordings, one loopback address each."""
    return Lab(bundled_recordings(), nice=nice, startup_timeout=startup_timeout, spread_from=DEMO_FIRST_ADDRESS)


def sweep_profiles(lab: Lab | None) -> list[Profile]:
    """What a sweep of the demo's lab tries: the demo profile on the port its lab answers on, and
    nothing else. A saved profile (port 161, say) would reach other agents on the lab's addresses and
    list them as lab devices; before the lab is up there is no port, so nothing is tried."""
    port = lab.port if lab is not None else None
    return [dataclasses.replace(DEMO_PROFILE, port=port)] if port else []


def start_lab(recordings: Iterable[Path] | None = None) -> Lab:
    lab = Lab(list(recordings)) if recordings is not None else demo_lab()
    lab.start()
    return lab
