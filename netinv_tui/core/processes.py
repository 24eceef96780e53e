"""Many devices read at once, in this process or over several: one event loop per core.

Decoding answers and building the model is Python CPU, and one event loop uses one core: past a
few dozen devices a second process reads as fast again. Each reading process (core/reader, over
a pipe) claims the next device from one counter here (not a fixed shard), so a slow device delays
only its own slot; a device's model comes back to this process as it ends, to be written or sent at once (nothing accumulates: a run
over thousands of devices keeps a window of them, and an interrupted run keeps what it finished).

`--rate` is split evenly between the processes (core/snmp/pacing): the sum holds. Workers ignore
Ctrl+C, SIGHUP and SIGTERM, which a terminal or a service manager sends to the whole group: the
parent answers them, completes its document and kills the workers (they hold nothing of their
own to save). They end by themselves if the parent dies (core/children).
A worker that dies leaves its devices failed with the reason, never missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from netinv_tui.core import children
from netinv_tui.core.errors import NetinvError
from netinv_tui.core.events import InventoryProgress, ProgressCallback
from netinv_tui.core.faults import contained
from netinv_tui.core.model import Device
from netinv_tui.core.profiles import Profile

#: Devices read at once by default, over all processes; each also limits its own requests in flight.
AT_ONCE = 16
#: Automatic process count: one more process per this many devices, up to the cores usable. A
#: process costs about half a second of start-up; below this, one loop is not the bottleneck.
DEVICES_PER_PROCESS = 32
#: Seconds past its budget a device may take to stop its walks by itself and keep what it read,
#: before it is cut (a device that never answers, whatever its request timeout).
BUDGET_GRACE = 2.0


@dataclass(frozen=True)
class DeviceJob:
    """One device to read: where, with what credential, the id a server gave it, a label for
    progress; or a recording to replay (`--file`: the same reading, CPU only)."""

    host: str
    profile: Profile | None
    device_id: int = 0
    label: str = ""
    recording: Path | None = None

    @classmethod
    def replay(cls, path: Path) -> DeviceJob:
        return cls(str(path), None, label=str(path), recording=path)


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def process_count(devices: int, asked: int = 0) -> int:
    """`asked` processes (never more than devices), or with 0 as many as the device count earns."""
    if asked > 0:
        return max(1, min(asked, devices))
    return max(1, min(usable_cores(), devices // DEVICES_PER_PROCESS))


async def read_device(job: DeviceJob, budget_seconds: float | None, progress: ProgressCallback | None = None) -> Device:
    """One device, never raising: a device that cannot be read comes back with `error` set."""
    from netinv_tui.core.inventory import inventory_host

    def relabel(event: InventoryProgress) -> None:
        if progress:
            progress(replace(event, host=job.label or job.host))

    if job.recording is not None or job.profile is None:
        return await _replayed(job, relabel)
    work = inventory_host(job.host, job.profile, job.device_id, relabel, budget_seconds)  # a unit: never raises
    if budget_seconds is None:
        return await work
    try:
        return await asyncio.wait_for(work, budget_seconds + BUDGET_GRACE)
    except TimeoutError:
        return Device(host=job.host, id=job.device_id, error=f"not read within {budget_seconds:g} s")


async def _replayed(job: DeviceJob, progress: ProgressCallback) -> Device:
    """A recording read as one unit of work (core/faults), as a live device is."""
    from netinv_tui.core.inventory import inventory_session
    from netinv_tui.core.snmp.replay import ReplaySession

    async def read() -> Device:
        if job.recording is None:
            raise NetinvError("neither a credential nor a recording to read")
        return await inventory_session(ReplaySession.from_file(job.recording), job.device_id, progress)

    return await contained(
        read(), f"recording {job.host}", lambda reason: Device(job.host, job.device_id, error=reason)
    )


async def run_slots(jobs: Sequence[DeviceJob], claim: Callable[[], int | None], deliver: Callable[[int, Device], None],
                 at_once: int, budget_seconds: float | None, progress: ProgressCallback | None) -> None:  # fmt: skip
    async def slot() -> None:
        while (position := claim()) is not None:
            deliver(position, await read_device(jobs[position], budget_seconds, progress))

    await asyncio.gather(*(slot() for _ in range(max(1, min(at_once, len(jobs))))))


async def read_devices(
    jobs: Sequence[DeviceJob],
    processes: int = 1,
    at_once: int = AT_ONCE,
    budget_seconds: float | None = None,
    rate: float | None = None,
    progress: ProgressCallback | None = None,
) -> AsyncGenerator[tuple[int, Device]]:
    """(position in `jobs`, device) as each device ends. `at_once` devices are read at once over
    all processes; `progress` events come from devices read in this process only (processes=1)."""
    if not jobs:
        return
    if processes <= 1:
        from netinv_tui.core.snmp import pacing

        pacing.limit(rate)
        try:
            async for item in _in_process(jobs, at_once, budget_seconds, progress):
                yield item
        finally:
            pacing.limit(None)
        return
    async for item in _in_workers(jobs, processes, at_once, budget_seconds, rate):
        yield item


async def _in_process(jobs: Sequence[DeviceJob], at_once: int, budget_seconds: float | None,
                      progress: ProgressCallback | None) -> AsyncIterator[tuple[int, Device]]:  # fmt: skip
    ended: asyncio.Queue[tuple[int, Device]] = asyncio.Queue()
    positions = iter(range(len(jobs)))
    runner = asyncio.ensure_future(
        run_slots(jobs, lambda: next(positions, None), lambda p, d: ended.put_nowait((p, d)), at_once,
               budget_seconds, progress)
    )  # fmt: skip
    try:
        for _ in range(len(jobs)):
            item = asyncio.ensure_future(ended.get())
            await asyncio.wait({item, runner}, return_when=asyncio.FIRST_COMPLETED)
            if not item.done():  # the slots ended without this device: a bug, raised as it is
                item.cancel()
                runner.result()
                item = asyncio.ensure_future(ended.get())
            yield await item
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)


async def _in_workers(jobs: Sequence[DeviceJob], processes: int, at_once: int, budget_seconds: float | None,
                      rate: float | None) -> AsyncIterator[tuple[int, Device]]:  # fmt: skip
    """Reading processes (core/reader), each served by a thread here that answers its claims from
    one counter and puts each device it hands back on this loop's queue."""
    loop = asyncio.get_running_loop()
    ended: asyncio.Queue[tuple[int, Device] | None] = asyncio.Queue()
    positions = iter(range(len(jobs)))
    claims = threading.Lock()
    setup = (list(jobs), math.ceil(at_once / processes), budget_seconds, rate / processes if rate else None,
             os.getpid())  # fmt: skip
    workers: list[subprocess.Popen[bytes]] = []

    def hand_over(item: tuple[int, Device] | None) -> None:
        with contextlib.suppress(RuntimeError):  # the run is over and its loop closed: nobody waits
            loop.call_soon_threadsafe(ended.put_nowait, item)

    def serve(worker: subprocess.Popen[bytes]) -> None:
        assert worker.stdin is not None and worker.stdout is not None
        try:
            send(worker.stdin, setup)
            while (message := receive(worker.stdout)) is not None:
                if message == "next":
                    with claims:
                        position = next(positions, None)
                    send(worker.stdin, position)
                else:
                    hand_over(message)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):
            pass  # the worker is gone (or its pipe closed under us): its exit code says why
        finally:
            hand_over(None)

    try:
        for _ in range(processes):
            worker = children.start([sys.executable, "-m", "netinv_tui.core.reader"], signal.SIGKILL,
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
            workers.append(worker)
            threading.Thread(target=serve, args=(worker,), name="netinv-reader", daemon=True).start()
        seen: set[int] = set()
        running = len(workers)
        while running and len(seen) < len(jobs):
            item = await ended.get()
            if item is None:
                running -= 1
                continue
            seen.add(item[0])
            yield item
        if len(seen) < len(jobs):  # every worker has ended: what they did not deliver is failed, with why
            codes = ", ".join([str(await asyncio.to_thread(worker.wait)) for worker in workers])
            for position, job in enumerate(jobs):
                if position not in seen:
                    reason = f"not read: its reading process ended unexpectedly (exit codes {codes})"
                    yield position, Device(host=job.host, id=job.device_id, error=reason)
    finally:
        for worker in workers:
            children.tell(worker)
        for worker in workers:
            children.stop(worker)
            for pipe in (worker.stdin, worker.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()


def send(pipe: IO[bytes], message: object) -> None:
    """One message on a pipe between netinv's own processes: its length, then its pickle."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(struct.pack("!Q", len(data)) + data)
    pipe.flush()


def receive(pipe: IO[bytes]) -> Any:
    """The next message, or None at the end of the pipe."""
    head = pipe.read(8)
    if len(head) < 8:
        return None
    (size,) = struct.unpack("!Q", head)
    data = pipe.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)
