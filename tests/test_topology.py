"""`netinv topology` and the Topology pane: the devices of the store and the links their neighbour
protocols reported, a link reported by both ends once. Devices: snmpsim serving recordings, and
made-up switches on loopback addresses that see each other (no recording has two devices of one
network)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from netinv_tui.core.lab import Lab
from netinv_tui.core.model import Device, Neighbour, Port
from netinv_tui.core.topology import to_dot, topology
from netinv_tui.core.workflows import record_inventories

NETINV = [sys.executable, "-m", "netinv_tui"]
SWITCHES = ("ln-ios_2960x", "ln-routeros", "ln-junos_ex4600mp", "fi-sample4", "ln-arubaos-cx_10.07")


def netinv(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=120)


def test_every_link_the_devices_reported_is_in_the_json(lab: Lab, tmp_path: Path) -> None:
    from netinv_tui.core.inventory import inventory_session
    from netinv_tui.core.snmp.replay import ReplaySession

    targets = [f"127.0.0.1:{lab.device(name).port}" for name in SWITCHES]
    done = netinv("inventory", *targets, "-c", "public", "-o", str(tmp_path / "out.xml"))
    assert done.returncode == 0, done.stderr
    shown = netinv("topology", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    links = {(link["device"], link["port"], link["remote"]) for link in document["links"]}
    reported = 0
    for name in SWITCHES:
        import asyncio

        device = asyncio.run(inventory_session(ReplaySession.from_file(lab.device(name).recording)))
        for port in device.ports:
            for neighbour in port.neighbours:
                reported += 1
                assert (device.name, port.name or port.descr, neighbour.sys_name) in links, (name, port.name)
        for neighbour in device.unplaced_neighbours:
            assert (device.name, f"local port {neighbour.local_port}", neighbour.sys_name) in links
    assert reported >= 60 and len(document["devices"]) >= len(SWITCHES)
    table = netinv("topology", "--format", "tsv").stdout.splitlines()
    assert table[0].startswith("device\taddress\tport\tremote") and len(table) == 1 + len(document["links"])
    dot = netinv("topology", "--format", "dot").stdout
    assert dot.startswith("graph netinv {") and dot.count(" -- ") == len(document["links"])


def test_a_link_both_ends_reported_is_one_link_with_both_ports() -> None:
    a = Device(
        host="127.0.0.81",
        name="sw-a",
        mac="00:00:5e:00:53:01",
        ports=[
            Port(1, name="Gi1/0/1", neighbours=[
                Neighbour("LLDP", sys_name="sw-b", sys_mac="00:00:5e:00:53:02", port_descr="Gi0/24"),
                Neighbour("CDP", sys_name="sw-b.example", ip="127.0.0.82", port_descr="GigabitEthernet0/24"),
            ]),
            Port(2, name="Gi1/0/2", neighbours=[Neighbour("CDP", sys_name="phone-7", model="Cisco IP Phone")]),
        ],
    )  # fmt: skip
    b = Device(
        host="127.0.0.82",
        name="sw-b",
        mac="00:00:5e:00:53:02",
        ports=[Port(24, name="Gi0/24", neighbours=[Neighbour("LLDP", sys_name="sw-a", port_descr="Gi1/0/1")])],
    )
    record_inventories([a, b])
    graph = topology()
    names = {node.name: node for node in graph.nodes.values()}
    assert set(names) == {"sw-a", "sw-b", "phone-7"} and not names["phone-7"].known
    described = sorted(
        (graph.nodes[k.device].name, k.port, graph.nodes[k.remote].name, k.remote_port, tuple(k.protocols), k.both_ends)
        for k in graph.links
    )
    assert described == [
        ("sw-a", "Gi1/0/1", "sw-b", "Gi0/24", ("LLDP", "CDP"), True),  # CDP names sw-b by its address
        ("sw-a", "Gi1/0/2", "phone-7", None, ("CDP",), False),
    ]
    sw_b = names["sw-b"].key
    assert [(port, there) for _link, there, port, _remote in graph.neighbours(sw_b)] == [("Gi0/24", names["sw-a"].key)]
    assert "style=dashed" in to_dot(graph) and '"Gi1/0/1 - Gi0/24 (LLDP+CDP)"' in to_dot(graph)


async def test_the_topology_pane_grows_a_tree_from_a_device_and_enter_reads_it() -> None:
    from textual.widgets import Tree

    from netinv_tui.tui.app import NetinvApp
    from netinv_tui.tui.messages import OpenHost
    from netinv_tui.tui.widgets.topology_pane import TopologyPane

    test_a_link_both_ends_reported_is_one_link_with_both_ports()  # sw-a, sw-b and a phone in the store
    opened: list[OpenHost] = []
    app = NetinvApp()
    async with app.run_test(
        size=(140, 42), message_hook=lambda m: opened.append(m) if isinstance(m, OpenHost) else None
    ) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        pane = app.query_one(TopologyPane)
        await pane.workers.wait_for_complete()
        await pilot.pause()
        tree = pane.query_one(Tree)
        assert str(tree.root.label).startswith("sw-a")  # the device with the most links
        lines = [str(child.label) for child in tree.root.children]
        assert lines == [
            "Gi1/0/1 → sw-b  127.0.0.82  port Gi0/24 · LLDP+CDP · both ends",
            "Gi1/0/2 → phone-7  Cisco IP Phone  (not read)  port ? · CDP",
        ]
        tree.focus()
        tree.move_cursor(tree.root.children[0])
        await pilot.press("enter")
        await pilot.pause()
        assert opened and opened[0].host == "127.0.0.82"
        # no profile is saved: the Device pane asks for one and sends nothing (loopback anyway)
        assert not any(worker.group == "inventory" for worker in app.workers)
