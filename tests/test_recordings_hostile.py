"""Recordings that are broken or hostile: every reader gives one `bad recording: FILE:LINE: why`,
`--file` reads regular files within a bound, and `record` then `--file` gives back every byte."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netinv_tui.core.errors import BadRecording
from netinv_tui.core.snmp import values as v
from netinv_tui.core.snmp.recorder import snmprec_line, write_snmprec
from netinv_tui.core.snmp.replay import MAX_RECORDING_BYTES, load_recording, parse_snmprec, recording_lines
from netinv_tui.core.snmp.values import VarBind

NETINV = [sys.executable, "-m", "netinv_tui"]
RECORDINGS = Path(__file__).parent / "recordings"
#: What str.splitlines() cuts at besides LF, and what a terminal or a CSV reader trips on.
AWKWARD = "\u2028\u2029\x85\x00\x1c\x1d\x1e\x0b\x0c\r\n\t\"'\\|#= \u202e\u200b"


def netinv(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=timeout)


# -- round trip: the recorder's writer and replay's reader ------------------------------------------

arcs = st.integers(0, 2**32 - 1)
oids = st.lists(arcs, min_size=2, max_size=128).map(tuple)
awkward_text = st.text(alphabet=st.sampled_from(AWKWARD) | st.characters(), max_size=40)
strings = st.binary(max_size=40) | awkward_text.map(lambda t: t.encode("utf-8", "surrogatepass"))
values_of = {
    v.INTEGER: st.integers(-(2**31), 2**31 - 1),
    v.COUNTER32: st.integers(0, 2**32 - 1),
    v.GAUGE32: st.integers(0, 2**32 - 1),
    v.TIMETICKS: st.integers(0, 2**32 - 1),
    v.COUNTER64: st.integers(0, 2**64 - 1),
    v.OCTET_STRING: strings,
    v.OPAQUE: strings,
    v.NULL: st.none(),
    v.OBJECT_IDENTIFIER: oids.map(lambda oid: ".".join(map(str, oid))),
    v.IP_ADDRESS: st.lists(st.integers(0, 255), min_size=4, max_size=4).map(lambda b: ".".join(map(str, b))),
}
varbinds = st.sampled_from(sorted(values_of)).flatmap(
    lambda tag: st.builds(VarBind, oids, st.just(tag), values_of[tag])
)


@settings(derandomize=True, max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(varbinds, max_size=12))
def test_every_value_of_every_tag_survives_writing_and_reading(rows: list[VarBind]) -> None:
    text = io.StringIO()
    write_snmprec(rows, text)
    written = text.getvalue()
    assert written.count("\n") == len(rows)  # a value never adds a line
    assert all(line.isprintable() for line in written.split("\n"))  # nor anything a terminal or viewer bends
    assert parse_snmprec(recording_lines(written)) == sorted(rows, key=lambda row: row.oid)


@settings(derandomize=True, max_examples=100, deadline=None)
@given(awkward_text)
def test_a_recording_file_gives_back_the_name_it_was_given(tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    """Through a real file and the loader `--file` uses: a sysName holding U+2028 or NEL is neither
    cut into a forged name nor makes the file unreadable."""
    path = tmp_path_factory.mktemp("rec") / "device.snmprec"
    rows = [VarBind((1, 3, 6, 1, 2, 1, 1, 5, 0), v.OCTET_STRING, name.encode("utf-8", "surrogatepass")),
            VarBind((1, 3, 6, 1, 2, 1, 1, 6, 0), v.OCTET_STRING, b"after")]  # fmt: skip
    path.write_bytes("".join(snmprec_line(row) + "\n" for row in rows).encode("utf-8", "surrogateescape"))
    assert load_recording(path) == rows


def test_lines_end_at_lf_only() -> None:
    assert recording_lines("1.3|4|a\u2028b\x85c\x0bd\r\n1.4|4|e\n") == ["1.3|4|a\u2028b\x85c\x0bd", "1.4|4|e", ""]


# -- malformed values: one line naming file and line ------------------------------------------------

BAD_SNMPREC = [
    ("1.3.6.1.2.1.1.3.0|67x|" + "ff" * 3000, "hex number of 3000 bytes"),
    ("1.3.6.1.2.1.1.3.0|67|" + "9" * 5000, "not a number"),
    ("1.3.6.1.2.1.2.2.1.10.1|65|4294967296", "outside the range"),
    ("1.3.6.1.2.1.1.7.0|2|-2147483649", "outside the range"),
    ("1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551616", "outside the range"),
    ("1." + "1" * 5000 + "|4|a", "bad OID"),
    ("1.3.6.1.4294967296|4|a", "arc of 2\\^32"),
    (".".join(["1"] * 129) + "|4|a", "bad OID"),
    ("1.3.6.1.2.1.1.5.0|4x|abc", "does not fit tag"),
    ("1.3.6.1.2.1.1.5.0|4x|zz", "does not fit tag"),
    ("1.3.6.1.2.1.1.5.0|4_0|a", "unsupported tag"),
    ("1.3.6.1.2.1.1.5.0|" + "4" * 5000 + "|a", "unsupported tag"),
    ("1.3.6.1.2.1.1.5.0|99|a", "unsupported tag"),
    ("1.3.6.1.2.1.4.20.1.1.1|64|300.1.2.3", "not an IPv4 address"),
    ("1.3.6.1.2.1.4.20.1.1.1|64x|0a000001ff", "IpAddress of 5 bytes"),
    ("1.3.6.1.2.1.1.2.0|6|1.3." + "9" * 30, "bad OID"),
]
BAD_WALK = [
    (".1." + "1" * 5000 + " = INTEGER: 1", "bad OID"),
    (".1.3.6.1.4294967296 = INTEGER: 1", "arc of 2\\^32"),
    ("." + ".".join(["1"] * 129) + " = INTEGER: 1", "bad OID"),
    (".1.3.6.1.2.1.1.3.0 = Timeticks: (" + "9" * 3000 + ") 0:00:00", "digits"),
    (".1.3.6.1.2.1.2.2.1.10.1 = Counter32: 4294967296", "outside the range"),
    (".1.3.6.1.2.1.2.2.1.7.1 = INTEGER: up(2147483648)", "outside the range"),
    (".1.3.6.1.2.1.2.2.1.6.1 = Hex-STRING: 00 11 2", "odd number of hex digits"),
    (".1.3.6.1.2.1.4.20.1.1.1 = IpAddress: 10.0.0.256", "not an IPv4 address"),
    (".1.3.6.1.2.1.1.2.0 = OID: .1.3.6.99999999999", "bad OID"),
]


@pytest.mark.parametrize(("line", "why"), BAD_SNMPREC + BAD_WALK, ids=lambda x: str(x)[:30])
def test_a_malformed_value_is_one_bad_recording_line(tmp_path: Path, line: str, why: str) -> None:
    first = "1.3.6.1.2.1.1.1.0|4|fine" if "|" in line else ".1.3.6.1.2.1.1.1.0 = STRING: fine"
    path = tmp_path / "bad.rec"
    path.write_text(f"{first}\n{line}\n")
    with pytest.raises(BadRecording, match=why) as caught:
        load_recording(path)
    assert caught.value.line == 2
    assert str(caught.value).startswith(f"bad recording: {path}:2: ")
    assert len(str(caught.value)) < 200  # a 5 000-digit number is not echoed back


def test_walk_and_snmprec_refuse_a_huge_oid_alike_in_the_cli(tmp_path: Path) -> None:
    for name, text in (("w.walk", ".1." + "1" * 5000 + " = INTEGER: 1\n"), ("r.snmprec", "1." + "1" * 5000 + "|2|1\n")):
        (tmp_path / name).write_text(text)
        done = netinv("inventory", "--file", str(tmp_path / name), "-o", "-")
        assert done.returncode == 4, done.stderr
        assert done.stderr.count("\n") == 1 and "internal error" not in done.stderr, done.stderr
        assert f"bad recording: {tmp_path / name}:1: bad OID" in done.stderr


# -- what --file reads at all -----------------------------------------------------------------------


def test_the_bound_is_wide_over_the_largest_recording_in_the_corpus() -> None:
    shared = Path("/work/shared")
    candidates = [*RECORDINGS.glob("*.snmprec"), *shared.glob("corpus/**/*.snmprec"), *shared.glob("corpus/**/*.walk"),
                  *shared.glob("walks/*.snmprec"), *shared.glob("walks/*.walk")]  # fmt: skip
    largest = max(path.stat().st_size for path in candidates)
    assert largest * 10 < MAX_RECORDING_BYTES


def _refused(path: Path, why: str) -> None:
    done = netinv("inventory", "--file", str(path), "-o", "-", timeout=60)
    assert done.returncode == 4, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert f"bad recording: {path}: {why}" in done.stderr and "internal error" not in done.stderr, done.stderr


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "endless.snmprec"
    os.mkfifo(fifo)
    _refused(fifo, "not a regular file")


def test_a_fifo_with_an_endless_writer_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "endless.snmprec"
    os.mkfifo(fifo)
    stop = threading.Event()

    def write_forever() -> None:
        try:
            out = os.open(fifo, os.O_WRONLY)  # blocks until a reader opens it
        except OSError:
            return
        line = b"1.3.6.1.2.1.1.5.0|4|" + b"x" * 4000 + b"\n"
        try:
            while not stop.is_set():
                os.write(out, line)
        except OSError:  # the reader went: EPIPE
            pass
        finally:
            os.close(out)

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    try:
        _refused(fifo, "not a regular file")
    finally:
        stop.set()
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # frees a writer still waiting in open()
        writer.join(timeout=10)
    assert not writer.is_alive()


def test_a_device_is_refused() -> None:
    _refused(Path("/dev/zero"), "not a regular file")


def test_a_2_gb_file_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.snmprec"
    with huge.open("wb") as out:
        out.truncate(2 * 1024**3)  # sparse: no disk used
    _refused(huge, "too large: 2147483648 bytes")


def test_binary_input_is_refused(tmp_path: Path) -> None:
    binary = tmp_path / "image.snmprec"
    binary.write_bytes(b"1.3.6.1.2.1.1.5.0|4|a\n" + bytes(range(256)) * 4)
    _refused(binary, "binary data")


# -- end to end: record a live agent, replay the file -----------------------------------------------

#: Kept as text by the model (as_text): a reader that split it at U+2028 would forge "forged name".
EVIL_NAME = 'core-sw\u2028forged name \u2029"q" \\b\tc\rd\ne'


@pytest.mark.live
def test_record_then_file_gives_the_same_device(tmp_path: Path) -> None:
    """snmpsim serves a printer whose sysName, sysLocation and sysContact hold line separators, NUL
    and quotes; `netinv record` then `netinv inventory --file` gives the device inventoried
    straight from the served file, name and all."""
    from netinv_tui.core.lab import Lab

    lines = (RECORDINGS / "fi-sample2.snmprec").read_text().split("\n")
    evil = {
        "1.3.6.1.2.1.1.4.0": "ops\x85team\x0b\x00",
        "1.3.6.1.2.1.1.5.0": EVIL_NAME,
        "1.3.6.1.2.1.1.6.0": "rack\x0c1\x1c\x1d\x1e",
    }
    served = tmp_path / "evil.snmprec"
    served.write_text(
        "\n".join(
            f"{line.split('|')[0]}|4x|{evil[line.split('|')[0]].encode().hex()}" if line.split("|")[0] in evil else line
            for line in lines
        )
    )
    copy = tmp_path / "copy.snmprec"
    with Lab([served], startup_timeout=120) as lab:
        agent = lab.devices[0]
        recorded = netinv("record", f"{agent.host}:{agent.port}", "-o", str(copy))
    assert recorded.returncode == 0, recorded.stderr
    documents = []
    for source in (served, copy):
        done = netinv("inventory", "--file", str(source), "-F", "json", "-o", "-")
        assert done.returncode == 0, done.stderr
        (device,) = json.loads(done.stdout)["devices"]
        device.pop("host", None)
        documents.append(device)
    assert documents[0]["name"] == EVIL_NAME
    assert documents[1] == documents[0]


def test_more_rows_than_a_device_may_send_is_refused(tmp_path: Path) -> None:
    from netinv_tui.core.snmp.replay import MAX_RECORDING_LINES, MAX_RECORDING_ROWS, parse_snmpwalk
    from netinv_tui.core.snmp.session import Budget

    assert Budget().rows == MAX_RECORDING_ROWS
    rows = [f"1.3.6.1.2.1.2.2.1.1.{n}|2|{n}" for n in range(1, 12)]
    with pytest.raises(BadRecording, match="more than 10 rows") as caught:
        parse_snmprec(rows, "r.snmprec", max_rows=10)
    assert caught.value.line == 11
    walk = [f".1.3.6.1.2.1.2.2.1.1.{n} = INTEGER: {n}" for n in range(1, 13)]
    with pytest.raises(BadRecording, match="more than 10 rows"):
        parse_snmpwalk(walk, "w.walk", max_rows=10)
    blank = tmp_path / "lines.snmprec"  # 2 MB of line ends: refused before they are cut apart
    blank.write_bytes(b"\n" * (MAX_RECORDING_LINES + 1))
    with pytest.raises(BadRecording, match=f"more than {MAX_RECORDING_LINES} lines"):
        load_recording(blank)
