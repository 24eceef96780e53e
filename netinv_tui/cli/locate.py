"""`netinv locate`: which switch port a host is on, from the forwarding tables in the store."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from netinv_tui.cli.options import format_option
from netinv_tui.cli.output import print_rows, table_format, write_output
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
    an IP is found through the routers' ARP caches and the sweeps. Edge ports come first: the
    port where the host is; uplinks (a trunk, a neighbour, many addresses) are the way to it.
    """
    from netinv_tui.core.locate import locate as find

    matches = find(query)
    if not matches:
        raise NoMatch(f"no match for {query!r} in the store's forwarding tables (inventory the switches first)")
    if table_format(fmt) == "json":
        records = [{**asdict(m), "edge": m.edge} for m in matches]
        write_output(json.dumps(records, indent=1, ensure_ascii=False), "-")
        return
    rows = [
        (m.mac, m.ips, m.device or "", m.device_ip, m.port, m.if_index, m.vlan, m.seen,
         f"uplink: {m.uplink}" if m.uplink else "edge", m.via)
        for m in matches
    ]  # fmt: skip
    print_rows(COLUMNS, rows, fmt, title=f"{query}: {len(matches)} place(s), edge ports first", right=("ifIndex",))
