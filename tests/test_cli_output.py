"""Output that fits where it goes: on a terminal (a pty of 80 and 160 columns) a table fits the
width or becomes a record per row, never a value cut or split; into a pipe, TSV with a header for
every column, or the document (XML) scripts have always read; `| head -1` is quiet and exits 0.
Devices: recordings (--file) and snmpsim serving one on loopback."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fidelity import RECORDINGS
from rich.cells import cell_len
from terminal import NETINV, into_head, on_terminal

from netinv_tui.cli.table import grid, records, widths
from netinv_tui.core.lab import Lab

SWITCH, PRINTER, UPS = (str(RECORDINGS / f"{name}.snmprec") for name in ("ln-ios_2960x", "ln-jetdirect_m880",
                                                                        "ln-apc_smt750x-nmc2"))  # fmt: skip
WIDTHS = (80, 160)
MAC = re.compile(r"\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b")
STAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\S*")


def netinv(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def switch() -> Iterator[str]:
    """The 2960-X answering community public on 127.0.0.1: its `HOST:PORT`."""
    with Lab([Path(SWITCH)], startup_timeout=120) as lab:
        yield f"127.0.0.1:{lab.devices[0].port}"


def fits(lines: list[str], columns: int) -> None:
    wide = [line for line in lines if cell_len(line) > columns]
    assert not wide, f"lines wider than {columns}: {wide[:3]}"
    assert not any("…" in line for line in lines), "a value cut with …"


def model_of(*recordings: str) -> list[dict]:  # type: ignore[type-arg]
    done = netinv("inventory", *(a for r in recordings for a in ("--file", r)), "-F", "json", "-q")
    return json.loads(done.stdout)["devices"]  # type: ignore[no-any-return]


def record_blocks(lines: list[str]) -> list[dict[str, str]]:
    """The records of a terminal's summary: `label  value` lines, continuations indented, a blank between."""
    blocks: list[dict[str, str]] = [{}]
    label = ""
    for line in lines:
        if not line.strip():
            blocks.append({}) if blocks[-1] else None
            continue
        if line.startswith(" ") and label:
            blocks[-1][label] += " " + line.strip()
            continue
        label, _, value = re.split(r"(\s{2,})", line, maxsplit=1)
        blocks[-1][label] = value.strip()
    return [block for block in blocks if block]


@pytest.mark.parametrize("columns", WIDTHS)
def test_inventory_on_a_terminal_is_a_summary_per_device_that_fits(columns: int) -> None:
    devices = model_of(SWITCH, PRINTER, UPS)
    screen = on_terminal("inventory", "--file", SWITCH, "--file", PRINTER, "--file", UPS, columns=columns,
                         stderr_apart=True)  # fmt: skip
    assert screen.code == 0, screen.text
    assert "<?xml" not in screen.text and "<REQUEST>" not in screen.text
    lines = [line for line in screen.lines if not line.startswith("netinv: ")]
    fits(lines, columns)
    shown = record_blocks(lines)
    assert len(shown) == len(devices)
    for device, block in zip(devices, shown, strict=True):
        for label, key in (("name", "name"), ("model", "model"), ("manufacturer", "manufacturer"),
                           ("serial", "serial"), ("firmware", "firmware"), ("type", "type")):  # fmt: skip
            if device[key]:
                assert block[label] == device[key], (label, block)
        ports = device["ports"]
        assert int(block["ports"]) == len(ports)
        assert int(block["ports up"]) == sum(p["oper_status"] == 1 for p in ports)
        unread = any("not read" in note for note in device["incidents"])
        assert block["status"] == (
            "partial" if device["partial"] else "not complete (see notes)" if unread else "complete"
        )
        for note in device["incidents"]:
            assert note in block["notes"]
        if device["consumables"]:
            assert block["supplies"].count("%") >= sum(c["percent"] is not None for c in device["consumables"])
        vlans = {v["number"] for p in ports for v in p["vlans"]}
        if vlans:
            assert block["VLANs"].startswith(f"{len(vlans)}: ")
        neighbours = sum(len(p["neighbours"]) for p in ports) + len(device["unplaced_neighbours"])
        if neighbours:
            assert block["neighbours"].startswith(f"{neighbours}: ")
    # with the progress bars on the same terminal (stderr too), the summary is printed above them
    both = on_terminal("inventory", "--file", SWITCH, columns=columns)
    assert both.code == 0 and f"model         {devices[0]['model']}" in both.text, both.text[-2000:]


def test_inventory_tsv_has_a_header_for_every_column_and_a_line_per_device() -> None:
    devices = model_of(SWITCH, PRINTER, UPS)
    done = netinv("inventory", "--file", SWITCH, "--file", PRINTER, "--file", UPS, "-F", "tsv", "-q")
    assert done.returncode == 0, done.stderr
    header, *rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert all(header) and len(rows) == len(devices)
    assert all(len(row) == len(header) for row in rows)
    for device, row in zip(devices, rows, strict=True):
        values = dict(zip(header, row, strict=True))
        assert (values["name"], values["model"], values["serial"]) == (
            device["name"] or "",
            device["model"] or "",
            device["serial"] or "",
        )
        assert int(values["ports"] or 0) == len(device["ports"])


def test_piped_inventory_stays_xml_and_files_take_their_suffix(tmp_path: Path) -> None:
    piped = netinv("inventory", "--file", UPS, "-q")
    assert piped.stdout.startswith("<?xml"), "a script reading the pipe gets the document, as always"
    table = netinv("inventory", "--file", UPS, "-F", "table", "-q")
    assert table.stdout.startswith("name ") and "…" not in table.stdout, "-F table piped: whole, at its width"
    for suffix, check in (
        (".xml", lambda text: text.startswith("<?xml")),
        (".json", lambda text: json.loads(text)["devices"][0]["manufacturer"] == "APC"),
        (".jsonl", lambda text: json.loads(text.splitlines()[0])["action"] == "netinventory"),
        (".tsv", lambda text: text.startswith("name\taddress\t")),
        (".txt", lambda text: text.startswith("<?xml")),
    ):
        target = tmp_path / f"out{suffix}"
        done = netinv("inventory", "--file", UPS, "-o", str(target))
        assert done.returncode == 0 and check(target.read_text()), (suffix, done.stderr)
    forced = tmp_path / "forced.json"
    assert netinv("inventory", "--file", UPS, "-F", "xml", "-o", str(forced), "-q").returncode == 0
    assert forced.read_text().startswith("<?xml"), "-F wins over the suffix"
    assert "default: table on a terminal, xml when piped" in " ".join(netinv("inventory", "-h").stdout.split())


def test_a_reader_that_leaves_early_is_no_error(switch: str) -> None:
    cases = [
        ("inventory", switch, "-c", "public"),
        ("inventory", switch, "-c", "public", "-F", "json"),
        ("inventory", "--file", SWITCH, "--file", SWITCH, "--file", SWITCH, "-F", "tsv"),
        ("discover", "127.0.0.1", "-m", "snmp", "-p", switch.rsplit(":", 1)[1], "-c", "public", "--no-store"),
    ]
    for args in cases:
        code, stderr, line = into_head(*args)
        assert code == 0, (args, stderr)
        assert "Traceback" not in stderr and "Broken pipe" not in stderr and "error" not in stderr, (args, stderr)
        assert line.strip(), args


def _discover(switch: str, *more: str) -> list[str]:
    return ["discover", "127.0.0.1", "-m", "snmp", "-p", switch.rsplit(":", 1)[1], "-c", "public", *more]


@pytest.mark.parametrize("columns", WIDTHS)
def test_discover_fits_the_terminal_and_splits_no_mac_or_timestamp(switch: str, columns: int) -> None:
    netinv(*_discover(switch))  # a first sweep, so that the store gives first/last seen
    screen = on_terminal(*_discover(switch), columns=columns)
    assert screen.code == 0, screen.text
    lines = [line for line in screen.lines if not line.startswith(("netinv: ", "sweep", "probing"))]
    fits(lines, columns)
    piped = netinv(*_discover(switch, "-F", "tsv")).stdout.splitlines()
    header, row = piped[0].split("\t"), piped[1].split("\t")
    values = dict(zip(header, row, strict=True))
    mac, first_seen = values["MAC"], values["first seen"]
    assert MAC.fullmatch(mac) and STAMP.fullmatch(first_seen), values
    assert any(mac in line for line in lines), "the MAC on one line"
    assert any(first_seen in line for line in lines), "the timestamp on one line"
    if columns == 160:  # wide enough for a table: a header over a rule, a name for every column drawn
        at = next(i for i, line in enumerate(lines) if line.startswith("IP "))
        header, rule = lines[at], lines[at + 1]
        assert all(name in header for name in ("MAC", "vendor", "first seen", "last seen"))
        assert set(rule.replace(" ", "")) == {"─"} and len(rule.split()) == len(re.split(r"\s{2,}", header))
    else:  # too narrow: a record per host, each value on the line of its name
        assert any(line.startswith("MAC ") for line in lines)


def test_discover_tsv_names_every_column(switch: str) -> None:
    done = netinv(*_discover(switch, "--no-store"), "-F", "tsv")
    header, *rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert all(name.strip() for name in header), header
    assert rows and all(len(row) == len(header) for row in rows)
    piped = netinv(*_discover(switch, "--no-store"))
    assert piped.stdout.startswith("<?xml"), "piped, discover writes the NETDISCOVERY document, as before"


def test_changes_with_nothing_changed_is_a_short_title_not_an_empty_table(switch: str, tmp_path: Path) -> None:
    for _ in range(2):
        assert netinv("inventory", switch, "-c", "public", "-q", "-o", str(tmp_path / "x.xml")).returncode == 0
    screen = on_terminal("changes", "127.0.0.1", columns=80)
    assert screen.code == 0, screen.text
    fits(screen.lines, 80)
    assert len(screen.lines) <= 3 and "0 change(s)" in screen.text, screen.text
    assert "port" not in screen.text.split(), "no header over no rows"
    assert netinv("changes", "127.0.0.1").stdout == "port\twhat\tbefore\tafter\n"


def test_demo_table_fits_80_columns() -> None:
    screen = on_terminal("demo", "--table", columns=80, timeout=180)
    assert screen.code == 0, screen.text
    lines = [line for line in screen.lines if "starting the lab" not in line]
    fits(lines, 80)
    assert "devices inventoried live" in screen.text and "WS-C2960X-48FPS-L" in screen.text


# -- the layout on its own, over values a network may send: wide characters, long words --


def _whole(values: list[str], lines: list[str]) -> None:
    """Every word of every value is on some line, whole."""
    text = "\n".join(lines)
    for value in values:
        for word in value.split():
            assert word in text, word


@pytest.mark.parametrize("width", [20, 40, 80, 160, None])
def test_a_table_is_never_cut_whatever_the_width(width: int | None) -> None:
    columns = ["name", "address", "location / room", "firmware"]
    rows = [
        ["core-switch-01.example.net", "192.0.2.1", "Bâtiment Nord, salle 3, baie 12", "15.2(7)E3"],
        ["東京スイッチ", "2001:db8::10", "東京 本社 3階", "9.3(8)"],
        ["ap", "192.0.2.200", "", "a" * 70],
    ]
    sizes = widths(columns, rows, width)
    lines = grid(columns, rows, sizes, [False] * 4) if sizes else records(columns, rows, width)
    _whole([cell for row in rows for cell in row], lines)
    if sizes is not None and width is not None:
        assert max(cell_len(line) for line in lines) <= width
    if sizes is None:  # records: each line starts with a column's name, or continues the one above
        assert all(line.startswith(" ") or any(line.startswith(c) for c in columns) for line in lines if line)


def test_a_crawl_is_summarised_on_a_terminal_and_tsv_when_asked(switch: str) -> None:
    args = ("crawl", switch, "-w", "127.0.0.1/32", "-c", "public")
    screen = on_terminal(*args, columns=80, stderr_apart=True)
    assert screen.code == 0 and "<?xml" not in screen.text, screen.text
    fits(screen.lines, 80)
    assert any(line.startswith("model ") and "WS-C2960X" in line for line in screen.lines), screen.text
    header, *rows = netinv(*args, "-F", "tsv", "-q").stdout.splitlines()
    assert header.startswith("name\taddress\t") and len(rows) == 1 and "WS-C2960X" in rows[0]
    assert netinv(*args, "-q").stdout.startswith("<?xml"), "piped, the document as before"
