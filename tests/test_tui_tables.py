"""Every table lays its columns out again on a resize and after its rows change: from 160x45 to 80x24
and back, the key columns (port, VLAN, MAC, IP, name) end within the screen, the free-text ones give
way with an ellipsis, and at 160 columns again every column has its whole width back.
(Agents: snmpsim serving the demo lab's recordings, spread over loopback addresses.)"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from netinv_tui.core import profiles as store
from netinv_tui.core.lab import Lab
from netinv_tui.core.profiles import Profile
from netinv_tui.core.server import settings
from netinv_tui.core.server.client import Connection
from netinv_tui.tui.app import NetinvApp
from netinv_tui.tui.widgets.device_pane import DevicePane
from netinv_tui.tui.widgets.subnets_pane import SubnetsPane

WIDE, NARROW = (160, 45), (80, 24)


def layout(table: DataTable[Any]) -> dict[str, tuple[int, int]]:
    """Each column's (right edge on screen, width in cells), by title."""
    edge = table.region.x + table._row_label_column_width
    shown = {}
    for column in table.ordered_columns:
        edge += column.get_render_width(table)
        shown[column.label.plain.rstrip(" ▲▼") or str(column.key.value)] = (edge, column.get_render_width(table))
    return shown


async def round_trip(app: NetinvApp, pilot: Pilot[int], selector: str, keys: tuple[str, ...]) -> list[str]:
    """160 -> 80 -> 160: the key columns fit the screen at 80 columns, every width comes back at 160.
    Returns the cells shrunk at 80 columns (by their title), for the caller to check they were free text."""
    table = app.query_one(selector, DataTable)
    assert table.row_count > 0, selector
    await pilot.pause()
    before = layout(table)
    await pilot.resize_terminal(*NARROW)
    await pilot.pause()
    await pilot.pause()
    narrow = layout(table)
    limit = min(app.size.width, table.region.x + table.scrollable_content_region.width)
    late = {key: narrow[key][0] for key in keys if narrow[key][0] > limit}
    assert not late, (selector, limit, narrow)
    shrunk = [title for title, (_edge, width) in narrow.items() if width < before[title][1]]
    await pilot.resize_terminal(*WIDE)
    await pilot.pause()
    await pilot.pause()
    assert layout(table) == before, selector
    return shrunk


async def inventory(app: NetinvApp, pilot: Pilot[int], host: str) -> DevicePane:
    pane = app.query_one(DevicePane)
    pane.query_one("#profile", Select).value = "demo"
    pane.query_one("#host", Input).value = host
    pane.inventory()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return pane


async def test_device_tables_keep_port_vlan_and_neighbour_on_screen(spread_lab: Lab) -> None:
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=WIDE) as pilot:
        await inventory(app, pilot, "ln-ios_2960x")
        # the counters scroll sideways behind the fixed port number, name and status (aliases clipped at 22)
        assert await round_trip(app, pilot, "#ports", ("#", "Name", "Status")) == []
        await pilot.press("2")
        await round_trip(app, pilot, "#vlan-table", ("Port", "Trunk", "Native"))
        await pilot.press("3")
        shrunk = await round_trip(app, pilot, "#neighbours", ("Port", "Via", "Remote name", "Address"))
        assert set(shrunk) <= {"Platform", "Chassis / MAC", "Remote port"} and "Platform" in shrunk, shrunk


async def test_mac_table_keeps_mac_port_and_vlan_on_screen(spread_lab: Lab) -> None:
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=WIDE) as pilot:
        await inventory(app, pilot, "ln-routeros")
        await pilot.press("4")
        shrunk = await round_trip(app, pilot, "#mac-table", ("MAC", "Vendor", "Port", "VLAN"))
        assert shrunk == ["Vendor"]
        # the vendor is cut on screen, never in the data: the search still finds the whole name
        table = app.query_one("#mac-table", DataTable)
        assert not any(str(table.get_row_at(r)[1]).endswith("…") for r in range(table.row_count))


async def test_a_clear_forgets_the_widths_of_the_rows_it_removed(spread_lab: Lab) -> None:
    """A device of long neighbour names, then one of short ones: the columns narrow to the new rows."""
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


async def test_subnets_hosts_keep_ip_status_and_mac_on_screen(spread_lab: Lab) -> None:
    app = NetinvApp(lab=spread_lab)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        pane = app.query_one(SubnetsPane)
        pane.scan()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shrunk = await round_trip(app, pilot, "#host-table", ("IP", "Status", "MAC"))
        assert set(shrunk) <= {"Vendor", "Model", "Name", "Type", "Found by"}, shrunk
        await round_trip(app, pilot, "#subnet-table", ("Subnet",))


async def test_profiles_and_servers_keep_their_short_columns_on_screen() -> None:
    long = "a-community-string-long-enough-to-fill-half-of-a-narrow-terminal"
    store.add(Profile("office-building-b-third-floor", community=long, port=1161))
    settings.save(
        "glpi", Connection("https://glpi.example.org/front/inventory.php", user="netinv", proxy=f"http://{long}:3128")
    )
    app = NetinvApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        shrunk = await round_trip(app, pilot, "#profile-table", ("Version", "Port", "Timeout", "Retries"))
        assert "User / community" in shrunk, shrunk
        await pilot.press("f6")
        await pilot.pause()
        shrunk = await round_trip(app, pilot, "#server-table", ("Name", "User", "TLS"))
        assert "Proxy" in shrunk, shrunk
