"""The Topology pane: what is connected to what, as a tree from a chosen device (core/topology.py,
read from the store in a thread). Each branch is a link with its ports at both ends; a device read
by netinv opens further, a neighbour nobody read is a leaf. Enter on a device inventories it in
the Device pane.

`c` crawls from a seed (core/crawl.py) in a worker: each device read is noted in the store as it
arrives and gets a line in the crawl log, so a crawl stopped with Esc keeps what it read; at the
end the log lists the neighbours left uncontacted and why, and the tree is read again.

Names, ports and addresses are the devices' text (LLDP names come from anyone on the wire): every
label, cell and option is `plain` or cleaned, never markup."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import DataTable, Label, Select, Static, Tree
from textual.worker import get_current_worker

from netinv_tui.core.errors import NetinvError
from netinv_tui.core.text import clean
from netinv_tui.render import plain
from netinv_tui.tui import keys
from netinv_tui.tui.messages import CrawlEnded, CrawlStep, OpenHost
from netinv_tui.tui.widgets.fit_table import FitTable
from netinv_tui.tui.workers import one_line, run_cancellable

if TYPE_CHECKING:
    from netinv_tui.core.model import Device
    from netinv_tui.core.profiles import Profile
    from netinv_tui.core.topology import Node, Topology
    from netinv_tui.tui.app import NetinvApp
    from netinv_tui.tui.screens.crawl_form import CrawlRequest


def node_label(node: Node) -> Text:
    text = plain(node.name or node.ip or node.key, style="bold" if node.known else "")
    if node.ip and node.name:
        text.append(f"  {clean(node.ip)}", style="dim")
    if node.model:
        text.append(f"  {clean(node.model)}", style="dim")
    if not node.known:
        text.append("  (not read)", style="yellow")
    return text


def crawl_state(device: Device) -> Text:
    if device.error:
        return plain(f"failed: {device.error}", style="red")
    if device.partial:
        return Text("partial", style="yellow")
    return Text("read", style="green")


class TopologyPane(Vertical):
    BINDINGS = keys.bindings("topology")
    crawling: reactive[bool] = reactive(False, bindings=True)

    def __init__(self) -> None:
        super().__init__()
        self.graph: Topology | None = None
        self.crawl_run = 0
        self.crawl_label = ""
        #: How the last crawl ended: kept in the status line when the tree is read again.
        self.crawl_summary = ""

    @property
    def netinv(self) -> NetinvApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="topology-bar", classes="bar"):
            yield Label("From", classes="field-label")
            yield Select[str]([], prompt="a device of the store", id="topology-root")
        tree: Tree[str] = Tree("netinv", id="topology-tree")
        tree.border_title = "Links"
        yield tree
        log = FitTable(id="crawl-log", cursor_type="row", zebra_stripes=True, flex=("State", "Device"))
        log.border_title = "Crawl"
        log.display = False
        yield log
        yield Static("", id="topology-status")

    def on_mount(self) -> None:
        self.query_one("#crawl-log", DataTable).add_columns("#", "Device", "Address", "State", "Ports",
                                                            "Neighbours", "Requests", "At")  # fmt: skip

    def on_show(self) -> None:
        """Shown again after inventories: their links are read anew."""
        self.action_reload()

    def focus_default(self) -> None:
        self.query_one(Tree).focus()

    def _status(self, text: str, style: str = "dim") -> None:
        self.query_one("#topology-status", Static).update(plain(text, style=style))

    def _after_crawl(self, text: str) -> None:
        """The status line, after how the last crawl ended (a reload must not hide it)."""
        self._status(f"{self.crawl_summary} · {text}" if self.crawl_summary and not self.crawling else text)

    @work(exclusive=True, group="topology")
    async def action_reload(self) -> None:
        from netinv_tui.core.topology import topology

        try:
            graph = await asyncio.to_thread(topology)
        except NetinvError as error:
            self._status(str(error), "red")
            return
        except Exception as error:  # the worker's boundary: the store's links fail, not the dashboard
            self._status(one_line(error, "reading the topology"), "red")
            return
        self.graph = graph
        known = [node for node in graph.nodes.values() if node.known]
        select: Select[str] = self.query_one("#topology-root", Select)
        current = select.value
        select.set_options([(plain(f"{n.name or n.ip} ({n.ip})"), n.key) for n in known])
        if not known:
            self._after_crawl(
                "Nothing yet: inventory switches (Device pane, or netinv inventory), their links appear here."
            )
            self.query_one(Tree).clear()
            return
        keys_known = {n.key for n in known}
        select.value = current if current in keys_known else max(known, key=lambda n: len(graph.neighbours(n.key))).key
        counts = f"{len(graph.nodes)} devices, {len(graph.links)} links · Enter on a device reads it · F5 reloads"
        self._after_crawl(counts)

    @on(Select.Changed, "#topology-root")
    def _root_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._grow(event.value)

    def _grow(self, root: str) -> None:
        """The tree from `root`: its links, and each read device's links on (each device once)."""
        graph = self.graph
        if graph is None:
            return
        tree: Tree[str] = self.query_one(Tree)
        tree.clear()
        tree.root.set_label(node_label(graph.nodes[root]))
        tree.root.data = root
        seen = {root}
        frontier = [(tree.root, root)]
        while frontier:
            branch, key = frontier.pop(0)
            for link, there, port, remote_port in sorted(graph.neighbours(key), key=lambda n: n[2] or ""):
                node = graph.nodes[there]
                label = Text(f"{clean(port) or '?'} ", style="cyan")
                label.append("→ ")
                label.append_text(node_label(node))
                label.append(f"  port {clean(remote_port) or '?'} · {clean('+'.join(link.protocols))}", style="dim")
                if link.both_ends:
                    label.append(" · both ends", style="green")
                child = branch.add(label, data=there, allow_expand=node.known and there not in seen)
                if node.known and there not in seen:
                    seen.add(there)
                    frontier.append((child, there))
        tree.root.expand()

    @on(Tree.NodeSelected, "#topology-tree")
    def _open(self, event: Tree.NodeSelected[str]) -> None:
        graph, key = self.graph, event.node.data
        if graph is None or key is None:
            return
        node = graph.nodes[key]
        if node.known and node.ip:
            self.post_message(OpenHost(node.ip, None))
        elif node.ip:
            self.notify(
                f"{node.name or node.ip} was not read: Enter on it opens it at {node.ip}", severity="information"
            )
            self.post_message(OpenHost(node.ip, None))
        else:
            self.notify(f"{node.name or key}: its neighbour gave no address to read it at", severity="warning")

    # -- the crawl ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.crawling
        return True  # `c` during a crawl says one is running

    def action_crawl(self) -> None:
        if self.crawling:
            self.notify("a crawl is running: Esc stops it, then c starts another", severity="warning")
            return
        graph, root = self.graph, self.query_one("#topology-root", Select).value
        seed = ""
        if graph is not None and isinstance(root, str) and root in graph.nodes:
            seed = graph.nodes[root].ip or ""
        elif self.netinv.device is not None:
            seed = self.netinv.device.host
        profiles = sorted(self.netinv.profiles())
        if not profiles:
            self.notify("add a credential profile first (Profiles pane, F2)", severity="warning")
            return
        from netinv_tui.tui.screens.crawl_form import CrawlForm  # the ranges' parser: not before the first frame

        form = CrawlForm(seed, profiles, profiles[0], self.netinv.lab)
        self.app.push_screen(form, self._start)

    def _start(self, request: CrawlRequest | None) -> None:
        if request is None:
            return
        profile = self.netinv.profiles().get(request.profile)
        if profile is None:
            self.notify(f"profile {request.profile} is gone", severity="error")
            return
        self.crawl_run += 1
        self.crawling = True
        self.crawl_label = request.label
        self.crawl_summary = ""
        log = self.query_one("#crawl-log", DataTable)
        log.clear()
        log.display = True
        log.border_title = plain(f"Crawl from {request.label} within {' '.join(request.within)}")
        self._status(f"Crawling from {request.label} (at most {request.max_devices} devices) · Esc stops it", "bold")
        self._crawl(self.crawl_run, request, profile)

    @work(thread=True, exclusive=True, group="crawl")
    def _crawl(self, run: int, request: CrawlRequest, profile: Profile) -> None:
        from netinv_tui.core.crawl import crawl
        from netinv_tui.core.discovery.ranges import parse_ranges
        from netinv_tui.core.workflows import StoreError, record_inventories

        worker = get_current_worker()
        started = time.perf_counter()

        def seen(device: Device, read: int, queued: int) -> None:
            """Each device as it is read: into the store now, so a stopped crawl keeps it."""
            store_error = ""
            if not device.error:
                try:
                    record_inventories([device])
                except StoreError as error:
                    store_error = str(error)
                except Exception as error:  # this device's boundary in the crawl: the next ones are still read
                    store_error = one_line(error, f"recording {device.host} in the crawl")
            self.post_message(CrawlStep(run, device, read, queued, time.perf_counter() - started, store_error))

        try:
            ranges = parse_ranges(list(request.within), max_hosts=2**32)
            result = run_cancellable(crawl(request.seed, profile, ranges, request.max_devices, seen), worker)
        except BaseException as error:  # the crawl's boundary, cancellation included: the pane hears of every end
            reason = "stopped" if worker.is_cancelled else one_line(error, f"crawl from {request.label}")
            self.post_message(CrawlEnded(run, None, reason))
            return
        self.post_message(CrawlEnded(run, result))

    def on_crawl_step(self, message: CrawlStep) -> None:
        if message.run != self.crawl_run:
            return
        from netinv_tui.core.crawl import management_addresses

        device = message.device
        self.query_one("#crawl-log", DataTable).add_row(
            str(message.read), plain(device.name), plain(device.host), crawl_state(device),
            str(len(device.ports)), str(len(management_addresses(device))), str(device.requests),
            f"{message.seconds:.1f} s",
        )  # fmt: skip
        if message.store_error:
            self.notify(message.store_error, severity="warning")
        self._status(
            f"Crawling from {self.crawl_label}: {message.read} read, {message.queued} queued · Esc stops it", "bold"
        )

    def on_crawl_ended(self, message: CrawlEnded) -> None:
        if message.run != self.crawl_run:
            return
        self.crawling = False
        log = self.query_one("#crawl-log", DataTable)
        result = message.result
        if result is None:
            self.crawl_summary = f"Crawl {message.reason} after {log.row_count} device(s); what it read is kept"
            self._status(self.crawl_summary, "yellow")
            self.notify(f"crawl {message.reason}", severity="warning")
            self.action_reload()
            return
        for ip, named_by in result.refused:
            log.add_row("", "", plain(ip), plain(f"not contacted: outside the ranges (named by {named_by})", "dim"))
        for ip in result.left_out:
            log.add_row("", "", plain(ip), Text("left: the device limit was reached", style="yellow"))
        failed = sum(1 for d in result.devices if d.error)
        summary = (
            f"Crawl from {self.crawl_label}: {len(result.devices) - failed} read"
            + (f", {failed} failed" if failed else "")
            + f", {len(result.refused)} outside the ranges not contacted"
            + (f", {len(result.left_out)} left for the limit" if result.left_out else "")
        )
        self.crawl_summary = summary
        self._status(summary, "green" if not failed else "yellow")
        self.notify(summary, title="crawl done")
        self.action_reload()

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "crawl")

    def commands(self) -> Iterable[SystemCommand]:
        yield from keys.commands(self, "topology", "topology")
