"""The Topology pane: what is connected to what, as a tree from a chosen device (core/topology.py,
read from the store in a thread). Each branch is a link with its ports at both ends; a device read
by netinv opens further, a neighbour nobody read is a leaf. Enter on a device inventories it in
the Device pane."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select, Static, Tree

from netinv_tui.core.errors import NetinvError
from netinv_tui.tui import keys
from netinv_tui.tui.messages import OpenHost

if TYPE_CHECKING:
    from netinv_tui.core.topology import Node, Topology


def node_label(node: Node) -> Text:
    text = Text(node.name or node.ip or node.key, style="bold" if node.known else "")
    if node.ip and node.name:
        text.append(f"  {node.ip}", style="dim")
    if node.model:
        text.append(f"  {node.model}", style="dim")
    if not node.known:
        text.append("  (not read)", style="yellow")
    return text


class TopologyPane(Vertical):
    BINDINGS = keys.bindings("topology")

    def __init__(self) -> None:
        super().__init__()
        self.graph: Topology | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="topology-bar"):
            yield Label("From", classes="field-label")
            yield Select[str]([], prompt="a device of the store", id="topology-root")
        tree: Tree[str] = Tree("netinv", id="topology-tree")
        tree.border_title = "Links"
        yield tree
        yield Static("", id="topology-status")

    def on_show(self) -> None:
        """Shown again after inventories: their links are read anew."""
        self.action_reload()

    def focus_default(self) -> None:
        self.query_one(Tree).focus()

    def _status(self, text: str, style: str = "dim") -> None:
        self.query_one("#topology-status", Static).update(Text(text, style=style))

    @work(exclusive=True, group="topology")
    async def action_reload(self) -> None:
        from netinv_tui.core.topology import topology

        try:
            graph = await asyncio.to_thread(topology)
        except NetinvError as error:
            self._status(str(error), "red")
            return
        self.graph = graph
        known = [node for node in graph.nodes.values() if node.known]
        select: Select[str] = self.query_one("#topology-root", Select)
        current = select.value
        select.set_options([(f"{n.name or n.ip} ({n.ip})", n.key) for n in known])
        if not known:
            self._status("Nothing yet: inventory switches (Device pane, or netinv inventory), their links appear here.")
            self.query_one(Tree).clear()
            return
        keys_known = {n.key for n in known}
        select.value = current if current in keys_known else max(known, key=lambda n: len(graph.neighbours(n.key))).key
        self._status(f"{len(graph.nodes)} devices, {len(graph.links)} links · Enter on a device reads it · F5 reloads")

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
                label = Text(f"{port or '?'} ", style="cyan")
                label.append("→ ")
                label.append_text(node_label(node))
                label.append(f"  port {remote_port or '?'} · {'+'.join(link.protocols)}", style="dim")
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

    def commands(self) -> Iterable[SystemCommand]:
        yield from keys.commands(self, "topology", "topology")
