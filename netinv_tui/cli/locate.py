"""`netinv locate` (which switch port a host is on) and `netinv topology` (what is connected to
what), from the forwarding tables and neighbour links the store kept of each device."""

from __future__ import annotations

from dataclasses import asdict

import click

from netinv_tui.cli.options import format_option
from netinv_tui.cli.output import print_rows, table_format, to_json, write_output
from netinv_tui.core.errors import NetinvError

COLUMNS = ("MAC", "IPs", "device", "device IP", "port", "ifIndex", "VLAN", "seen", "port looks like", "found by")


class NoMatch(NetinvError):
    """Nothing in the store: exit 1, as grep does."""


@click.command()
@click.argument("query")
@format_option("table", "tsv", "json")
def locate(query: str, fmt: str | None) -> None:
    """Where a host is plugged in: QUERY is a MAC (any spelling), an IP or a host name.

    Searches the latest inventory of each device in the store (`netinv inventory` them first);
    an IP is found through the routers' ARP caches and the sweeps, a name also among the LLDP, CDP
    and EDP neighbours; a device's own address, MAC or name answers "the device itself". Edge ports come first: the
    port where the host is; uplinks (a trunk, a neighbour, many addresses) are the way to it.
    """
    from netinv_tui.core.locate import locate as find

    matches = find(query)
    if not matches:
        raise NoMatch(
            f"no match for {query!r} in the store's forwarding tables, neighbours and ARP caches"
            " (inventory the switches and routers first)"
        )
    if table_format(fmt) == "json":
        records = [{**asdict(m), "edge": m.edge, "role": m.role, "place": m.place} for m in matches]
        write_output(to_json(records), "-")
        return
    rows = [
        (m.mac, m.ips, m.device or "", m.device_ip, m.port if m.if_index else m.place or None, m.if_index or None,
         m.vlan, m.seen, m.role, m.via)
        for m in matches
    ]  # fmt: skip
    print_rows(COLUMNS, rows, fmt, title=f"{query}: {len(matches)} place(s), edge ports first", right=("ifIndex",))


@click.command()
@format_option("table", "tsv", "json", "dot")
def topology(fmt: str | None) -> None:
    """What is connected to what: the devices in the store and the links their LLDP, CDP and EDP
    reported (latest inventory of each), a link reported by both ends shown once with both ports.

    `--format dot` is for Graphviz (`netinv topology -F dot | dot -Tsvg > net.svg`).
    """
    from netinv_tui.core.topology import to_dot
    from netinv_tui.core.topology import topology as read

    graph = read()
    chosen = table_format(fmt)
    if chosen == "dot":
        write_output(to_dot(graph), "-")
        return
    if chosen == "json":
        document = {
            "devices": [asdict(node) for node in graph.nodes.values()],
            "links": [
                {
                    "device": graph.nodes[link.device].name,
                    "device_ip": graph.nodes[link.device].ip,
                    "port": link.port,
                    "remote": graph.nodes[link.remote].name,
                    "remote_ip": graph.nodes[link.remote].ip,
                    "remote_known": graph.nodes[link.remote].known,
                    "remote_port": link.remote_port,
                    "protocols": link.protocols,
                    "both_ends": link.both_ends,
                }
                for link in graph.links
            ],
        }
        write_output(to_json(document), "-")
        return
    rows = []
    for link in graph.links:
        here, there = graph.nodes[link.device], graph.nodes[link.remote]
        rows.append((
            here.name, here.ip, link.port, there.name or "", there.ip or "", link.remote_port,
            "+".join(link.protocols), "both ends" if link.both_ends else ("read" if there.known else "unknown"),
        ))  # fmt: skip
    columns = ("device", "address", "port", "remote", "remote address", "remote port", "protocol", "remote end")
    print_rows(columns, rows, fmt, title=f"{len(graph.nodes)} devices, {len(graph.links)} links")


@click.command()
@click.argument("host")
@format_option("table", "tsv", "json")
def changes(host: str, fmt: str | None) -> None:
    """What changed on HOST (an address or a name) between its last two inventories in the store:
    port status, speed and VLANs, error counters that grew, MAC addresses that came, left or moved."""
    from netinv_tui.core.changes import changes as compare

    found = compare(host)
    if table_format(fmt) == "json":
        write_output(to_json(asdict(found)), "-")
        return
    rows = [(c.port, c.what, c.before, c.after) for c in found.changes]
    title = f"{found.device} ({found.ip}): {len(rows)} change(s) between {found.before} and {found.after}"
    print_rows(("port", "what", "before", "after"), rows, fmt, title=title)
