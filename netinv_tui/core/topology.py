"""What is connected to what: the devices of the store and the links LLDP, CDP and EDP reported,
from each device's latest inventory.

A link is reported by the device at one end; when the device at the other end was read too and
reports the link back, the two reports are one link with both ports named by their own devices.
A remote device is recognised by its address, its chassis MAC or its name; one nobody read stays
a remote device known only by what the neighbour protocol said ("unknown").
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from netinv_tui.core.errors import StoreUnreadable
from netinv_tui.core.store.devices import LATEST as _LATEST
from netinv_tui.core.text import clean


@dataclass(frozen=True)
class Node:
    """A device of the store (its latest inventory), or a neighbour nobody read."""

    key: str
    name: str | None
    ip: str | None
    mac: str | None = None
    model: str | None = None
    known: bool = True


@dataclass
class Link:
    device: str  # Node.key
    port: str | None
    remote: str  # Node.key
    remote_port: str | None
    protocols: list[str] = field(default_factory=list)
    #: Both ends reported it.
    both_ends: bool = False


@dataclass
class Topology:
    nodes: dict[str, Node]
    links: list[Link]

    def neighbours(self, key: str) -> list[tuple[Link, str, str | None, str | None]]:
        """Each link of a node: the link, the node at the other end, the local and the remote port."""
        found = []
        for link in self.links:
            if link.device == key:
                found.append((link, link.remote, link.port, link.remote_port))
            elif link.remote == key:
                found.append((link, link.device, link.remote_port, link.port))
        return found


def _same_port(reported: str | None, port: str | None) -> bool:
    return bool(reported and port and reported.strip().lower() == port.strip().lower())


def topology() -> Topology:
    from netinv_tui.core.store.db import connect

    try:
        with connect() as db:
            devices = db.execute(f"SELECT * FROM inventories WHERE id IN ({_LATEST}) ORDER BY ip, name").fetchall()
            rows = db.execute(f"SELECT * FROM links WHERE inventory_id IN ({_LATEST})").fetchall()
    except (OSError, sqlite3.Error) as error:
        raise StoreUnreadable(f"the local store could not be read: {error}") from None
    nodes: dict[str, Node] = {}
    by_inventory: dict[int, str] = {}
    by_ip: dict[str, str] = {}
    by_mac: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for row in devices:
        key = f"{row['name'] or row['ip']}@{row['ip']}#{row['id']}"
        nodes[key] = Node(key, row["name"], row["ip"], row["mac"], row["model"])
        by_inventory[row["id"]] = key
        by_ip.setdefault(row["ip"], key)
        if row["mac"]:
            by_mac.setdefault(row["mac"], key)
        if row["name"]:
            by_name.setdefault(row["name"].lower(), key)

    def remote_of(row: sqlite3.Row) -> str:
        name = row["remote_name"]
        for known in (
            by_mac.get(row["remote_mac"] or ""),
            by_name.get((name or "").lower()),
            by_ip.get(row["remote_ip"] or ""),
        ):
            if known is not None:
                return known
        key = f"?{name or row['remote_chassis'] or row['remote_ip'] or 'unnamed'}"
        nodes.setdefault(key, Node(key, name, row["remote_ip"], row["remote_mac"], row["remote_model"], known=False))
        return key

    links: list[Link] = []
    for row in rows:
        device = by_inventory[row["inventory_id"]]
        port = row["port_name"] or (f"local port {row['local_port']}" if row["local_port"] is not None else None)
        remote = remote_of(row)
        # the other end's report of the same link, if it was read and names this device and port
        twin = next(
            (
                link
                for link in links
                if link.device == remote and link.remote == device and not link.both_ends
                and (_same_port(link.remote_port, port) or _same_port(row["remote_port"], link.port))
            ),
            None,
        )  # fmt: skip
        if twin is not None:
            twin.both_ends = True
            twin.remote_port = port
            if row["protocol"] not in twin.protocols:
                twin.protocols.append(row["protocol"])
            continue
        same = next(
            (link for link in links if link.device == device and link.port == port and link.remote == remote), None
        )
        if same is not None:  # LLDP and CDP both saw it: one link
            if row["protocol"] not in same.protocols:
                same.protocols.append(row["protocol"])
            continue
        links.append(Link(device, port, remote, row["remote_port"], [row["protocol"]]))
    return Topology(nodes, links)


def _dot_text(text: object) -> str:
    """Network text inside a DOT quoted string: one line of visible characters (core/text), then
    each backslash doubled (a literal one, not an escString such as `\\N` or `\\l`) and each quote
    escaped: the only two characters the DOT quoted-ID rule gives a meaning."""
    return clean(text).replace("\\", "\\\\").replace('"', '\\"')


def _dot_quoted(*lines: object) -> str:
    """A DOT quoted string of the given lines, joined by DOT's own line break (`\\n`)."""
    return '"' + "\\n".join(_dot_text(line) for line in lines) + '"'


def to_dot(graph: Topology) -> str:
    """Graphviz: devices as boxes, unknown neighbours dashed, each link labelled with its ports.

    Every name is the network's (sysName, LLDP port, CDP platform): quotes, backslashes, braces,
    `<`, line breaks and escape bytes in it stay inside its quoted string, so the document is valid
    DOT whatever the devices say."""
    lines = ["graph netinv {", "  node [shape=box];"]
    for node in graph.nodes.values():
        parts = [part for part in (node.name, node.ip, node.model) if part] or [node.key]
        style = "" if node.known else ", style=dashed"
        lines.append(f"  {_dot_quoted(node.key)} [label={_dot_quoted(*parts)}{style}];")
    for link in graph.links:
        label = f"{link.port or '?'} - {link.remote_port or '?'} ({'+'.join(link.protocols)})"
        lines.append(f"  {_dot_quoted(link.device)} -- {_dot_quoted(link.remote)} [label={_dot_quoted(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
