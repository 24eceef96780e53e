"""Every table lays its columns out again on a resize and after its rows change, in one session from
160x45 to 80x24 and back: it fits without scrolling sideways wherever the minimums allow, the key
columns (IP, MAC, status, times, port, VLAN, address) are never cut, the free-text ones give way in
the order their table names them, and at 160 columns again every column has its width back.
(Agents: snmpsim serving the demo lab's recordings, spread over loopback addresses.)"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from netinv_tui.core import profiles as store
from netinv_tui.core.lab import Lab
from netinv_tui.core.profiles import Profile
from netinv_tui.core.server import settings
from netinv_tui.core.server.client import Connection
from netinv_tui.tui.app import NetinvApp
from netinv_tui.tui.widgets.device_pane import DevicePane
from netinv_tui.tui.widgets.fit_table import FitColumn, FitTable
from netinv_tui.tui.widgets.subnets_pane import SubnetsPane

WIDE, NARROW = (160, 45), (80, 24)


def title(column: FitColumn) -> str:
    return column.label.plain.rstrip(" ▲▼") or str(column.key.value)


def layout(table: FitTable) -> dict[str, tuple[int, int, int]]:
    """Each column's (right edge on screen with the table scrolled home, cells drawn, cells of its
    longest value), by title."""
    edge = table.scrollable_content_region.x + table._row_label_column_width
    shown = {}
    for column in table.ordered_columns:
        edge += column.get_render_width(table)
        shown[title(column)] = (edge, column.get_render_width(table), column.content_width)  # type: ignore[arg-type]
    return shown


def whole(table: FitTable, titles: tuple[str, ...]) -> list[str]:
    """Those of `titles` drawn cut or folded (none, when all is well)."""
    shown = layout(table)
    return [t for t in titles if shown[t][1] != shown[t][2] + 2 * table.cell_padding]


def late(table: FitTable, titles: tuple[str, ...]) -> list[str]:
    """Those of `titles` that end past the table's right edge (none, when all is well)."""
    right = table.scrollable_content_region.right
    return [t for t in titles if layout(table)[t][0] > right]


def fits(table: FitTable) -> bool:
    """Every column within the table's width: no scrolling sideways."""
    return table.max_scroll_x == 0 and not late(table, tuple(layout(table)))


def gave_way_in_order(table: FitTable) -> None:
    """A flex column is cut only once every column named before it is folded or at its minimum."""
    shown = layout(table)
    for number, (name, cells) in enumerate(table.flex):
        if name not in shown or shown[name][1] in (0, shown[name][2] + 2):
            continue  # folded or whole
        for before, least in table.flex[:number]:
            if before in shown:
                drawn = shown[before][1]
                assert drawn == 0 or drawn == min(shown[before][2], least) + 2, (name, before, shown)
        assert shown[name][1] >= cells + 2, (name, shown)


async def resize(pilot: Pilot[int], size: tuple[int, int]) -> None:
    await pilot.resize_terminal(*size)
    await pilot.pause()
    await pilot.pause()


async def round_trip(
    app: NetinvApp, pilot: Pilot[int], selector: str, keys: tuple[str, ...], *, fit: tuple[bool, bool]
) -> list[str]:
    """160 -> 80 -> 160 in one session: the key columns whole and on screen (or whole, where `keys`
    holds more than 80 columns can show), the table fitting as `fit` says at each size, the flex
    columns cut in their order, and every width back at 160. Returns the columns cut at 80."""
    table = app.query_one(selector, FitTable)
    assert table.row_count > 0, selector
    await pilot.pause()
    assert app.size == WIDE
    wide = layout(table)
    assert not whole(table, keys) and fits(table) == fit[0], (selector, wide)
    gave_way_in_order(table)
    await resize(pilot, NARROW)
    narrow = layout(table)
    assert not whole(table, keys) and fits(table) == fit[1], (selector, narrow)
    gave_way_in_order(table)
    await resize(pilot, WIDE)
    assert layout(table) == wide, selector
    return [t for t, (_edge, cells, _longest) in narrow.items() if cells < wide[t][1]]


async def inventory(app: NetinvApp, pilot: Pilot[int], host: str) -> DevicePane:
    pane = app.query_one(DevicePane)
    pane.query_one("#profile", Select).value = "demo"
    pane.query_one("#host", Input).value = host
    pane.inventory()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return pane


async def test_subnets_hosts_fit_at_160_the_vendor_first_to_go_and_ip_mac_status_times_whole(
    spread_lab: Lab,
) -> None:
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        pane = app.query_one(SubnetsPane)
        pane.scan()
        await app.workers.wait_for_complete()
        await pilot.pause()
        hosts = app.query_one("#host-table", FitTable)
        keys = ("IP", "Status", "MAC", "First seen", "Last seen")
        # 160: the IP, status, MAC and both times, and the name, whole and within the table's width;
        # the maker's column went first, then (if need be) the methods and the model
        wide = layout(hosts)
        assert fits(hosts) and not whole(hosts, (*keys, "Name")) and not late(hosts, keys), wide
        assert hosts.fold[0] == "Vendor" and set(hosts.folded) == set(hosts.fold[: len(hosts.folded)]) != set()
        assert all(t in str(hosts.border_subtitle) for t in hosts.folded), hosts.border_subtitle
        row = hosts.render_line(1).text  # the header above it
        assert all(str(hosts.get_row_at(0)[n]) in row for n in (0, 2, 3))

        # 80 columns cannot hold even the key columns and the text at its minimum: nothing folds
        # (all stays reachable), the IP, status and MAC come first, and no key column is cut
        cut = await round_trip(app, pilot, "#host-table", keys, fit=(True, False))
        assert set(cut) <= {"Vendor", "Found by", "Model", "Type", "Name"}, cut
        await resize(pilot, NARROW)
        assert hosts.folded == [] and not late(hosts, ("IP", "Status", "MAC")), layout(hosts)
        await resize(pilot, WIDE)
        await round_trip(app, pilot, "#subnet-table", ("Subnet", "Inv.", "Unkn.", "Reg."), fit=(True, True))


async def test_device_ports_alias_and_neighbours_remote_name_give_way_at_80(spread_lab: Lab) -> None:
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=WIDE) as pilot:
        await inventory(app, pilot, "ln-ios_2960x")
        ports = app.query_one("#ports", FitTable)
        # 13 columns of a 2960X need more than 160 columns: they scroll sideways behind the fixed
        # number, name and status, with the alias at its 12 cells so that the counters show
        cut = await round_trip(app, pilot, "#ports", ("#", "Name", "Status", "Speed", "In err"), fit=(False, False))
        assert cut == [] and layout(ports)["Alias"][1] == 12 + 2 < layout(ports)["Alias"][2] + 2
        await resize(pilot, NARROW)
        assert not late(ports, ("#", "Name", "Status", "Alias", "Speed")), layout(ports)
        await resize(pilot, WIDE)
        await pilot.press("2")
        await round_trip(app, pilot, "#vlan-table", ("Port", "Trunk", "Native"), fit=(False, False))
        await pilot.press("3")
        neighbour_keys = ("Port", "Via", "Address")
        cut = await round_trip(app, pilot, "#neighbours", neighbour_keys, fit=(True, True))
        assert "Platform" in cut and "Remote name" in cut, cut

        # MikroTik: long remote names, and a neighbour seen on no interface ('local port N (...)')
        await inventory(app, pilot, "ln-routeros")
        await pilot.press("3")
        cut = await round_trip(app, pilot, "#neighbours", ("Via", "Address"), fit=(True, True))
        assert {"Remote name", "Port"} <= set(cut), cut  # the platform was at its minimum at 160 already


async def test_changes_fit_with_a_long_vlan_list_giving_way(spread_lab: Lab) -> None:
    """In the store's inventory before this one, the 2960X's first port was a trunk carrying every VLAN
    the switch knows: the change's 'before' is that whole list, cut on screen, the port and kind whole."""
    from netinv_tui.core.store.db import connect

    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=WIDE) as pilot:
        pane = await inventory(app, pilot, "ln-ios_2960x")
        assert pane.device is not None
        port = pane.device.ports[0]
        trunk = " ".join(f"{n}T" for n in sorted({v.number for p in pane.device.ports for v in p.vlans}))
        with connect() as db:
            db.execute("UPDATE port_states SET vlans = ? WHERE port_index = ? AND inventory_id ="
                       " (SELECT max(inventory_id) FROM port_states)", (trunk, port.index))  # fmt: skip
        await inventory(app, pilot, "ln-ios_2960x")
        await pilot.press("6")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one("#changes-table", FitTable)
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        assert [port.name, "vlans", trunk] in [row[:3] for row in rows] and len(trunk) > 80, rows
        cut = await round_trip(app, pilot, "#changes-table", ("Port", "What", "After"), fit=(True, True))
        assert "Before" in cut, cut


async def test_mac_table_fits_with_the_vendor_giving_way(spread_lab: Lab) -> None:
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=WIDE) as pilot:
        await inventory(app, pilot, "ln-routeros")
        await pilot.press("4")
        keys = ("MAC", "Port", "VLAN", "Port looks like")
        assert await round_trip(app, pilot, "#mac-table", keys, fit=(True, True)) == ["Vendor"]
        # the vendor is cut on screen, never in the data: the search still finds the whole name
        table = app.query_one("#mac-table", DataTable)
        assert not any(str(table.get_row_at(r)[1]).endswith("…") for r in range(table.row_count))


async def test_a_clear_forgets_the_widths_of_the_rows_it_removed(spread_lab: Lab) -> None:
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=WIDE) as pilot:
        await inventory(app, pilot, "ln-ios_2960x")
        await pilot.press("4")
        await pilot.pause()
        table = app.query_one("#mac-table", DataTable)
        table.clear()
        await pilot.pause()
        assert [c.get_render_width(table) for c in table.ordered_columns] == [
            c.label.cell_len + 2 for c in table.ordered_columns
        ]


async def test_profiles_and_servers_fit_at_both_sizes() -> None:
    long = "a-community-string-long-enough-to-fill-half-of-a-narrow-terminal"
    store.add(Profile("office-building-b-third-floor", community=long, port=1161))
    settings.save(
        "glpi", Connection("https://glpi.example.org/front/inventory.php", user="netinv", proxy=f"http://{long}:3128")
    )
    app = NetinvApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        keys = ("Version", "Port", "Timeout", "Retries")
        cut = await round_trip(app, pilot, "#profile-table", keys, fit=(True, True))
        assert "User / community" in cut, cut
        await pilot.press("f6")
        await pilot.pause()
        cut = await round_trip(app, pilot, "#server-table", ("Name", "User", "TLS"), fit=(True, True))
        assert "Proxy" in cut, cut
