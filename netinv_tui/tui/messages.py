"""Messages workers post to the panes: the only way background work reaches the screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the server client pulls in lxml, a crawl the ranges: not before the first frame
    from netinv_tui.core.crawl import Crawled
    from netinv_tui.core.events import InventoryProgress, SweepProgress
    from netinv_tui.core.model import Device
    from netinv_tui.core.probe import ProbeResult
    from netinv_tui.core.scan import Scan, ScanHost
    from netinv_tui.core.server.client import Exchange
    from netinv_tui.core.store.scans import SubnetSummary


@dataclass
class InventoryStep(Message):
    run: int
    progress: InventoryProgress


@dataclass
class InventoryFinished(Message):
    run: int
    label: str
    device: Device
    seconds: float
    #: Why the store did not note it (empty when it did, or when there was nothing to note).
    store_error: str = ""
    #: The hosts typed before, this one first (None: unchanged).
    history: list[str] | None = None


@dataclass
class InventoryStopped(Message):
    """Cancelled by the user, or broken by an internal error (the reason says which)."""

    run: int
    label: str
    reason: str


@dataclass
class ProbeFinished(Message):
    """A profile's test ended: its result, or why not (`error`: "cancelled", or one line)."""

    run: int
    profile: str
    host: str
    result: ProbeResult | None
    error: str


@dataclass
class LabStarted(Message):
    error: str


@dataclass
class SweepStepped(Message):
    run: int
    progress: SweepProgress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SweepStepped) and message.run == self.run


@dataclass
class HostSeen(Message):
    """A host answered, or said more of itself: its row appears or is refreshed. `host` is a copy
    taken in the worker: the sweep goes on changing its own."""

    run: int
    host: ScanHost


@dataclass
class SweepEnded(Message):
    """Done, cancelled or broken (the reason says which, empty when done); `scan` holds what was found."""

    run: int
    scan: Scan
    reason: str
    #: The store as the sweep left it (its subnet's counts and hosts), read in the worker.
    view: StoreRead | None = None


@dataclass
class ServerWorkDone(Message):
    """A submission or an agent round ended: what happened, and each HTTP exchange it made."""

    what: str
    outcome: str
    ok: bool
    exchanges: list[Exchange]


# -- what the app routes between panes, and store reads --------------------------------------------


@dataclass
class OpenHost(Message):
    """Inventory `host` in the Device pane, with `profile` when SNMP answered to it."""

    host: str
    profile: str | None
    #: The port to put the cursor on once it is read (Find): its ifIndex.
    port: int | None = None


@dataclass
class StoreRead(Message):
    """What a worker read from the local store for the Subnets pane (the subnets' counts and the
    hosts of one), so that SQLite is never read on the thread that draws the screen."""

    run: int
    subnet: str | None
    summaries: list[SubnetSummary] | None
    hosts: list[ScanHost]
    error: str


@dataclass
class CrawlStep(Message):
    """One device of a crawl read (and noted in the store, unless `store_error` says why not)."""

    run: int
    device: Device
    read: int
    queued: int
    seconds: float
    store_error: str = ""


@dataclass
class CrawlEnded(Message):
    """The crawl's end: its result, or why it stopped (`reason`: cancelled, or an error)."""

    run: int
    result: Crawled | None
    reason: str = ""
