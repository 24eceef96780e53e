"""Unix manners of the CLI, each against a real peer: one version string; dot labels Graphviz
reads as lines; connection errors named by their cause (a resolver that knows no name, a closed
port, a listener that never answers, a self-signed TLS server, a failing HTTP proxy, all on
loopback); defaults stated in --help and a warning when the community `public` is used unasked;
an octet over 255 is no address; `demo -h` says what the demo runs."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from fake_server import self_signed
from fidelity import RECORDINGS
from terminal import NETINV
from test_cli_conventions import no_dns_netns, one_error_line  # noqa: F401 (a fixture)

from netinv_tui.core.lab import Lab
from netinv_tui.core.model import Device, Neighbour, Port
from netinv_tui.core.workflows import record_inventories


def netinv(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=timeout, env=env)


def test_one_version_string() -> None:
    from netinv_tui import __version__

    said = {netinv(*args).stdout for args in (["--version"], ["-V"], ["version"])}
    assert said == {f"netinv {__version__}\n"}


# -- topology for Graphviz --


def test_dot_labels_are_lines_escaped_once(tmp_path: Path) -> None:
    """A label's lines are joined by DOT's own `\\n`, never a doubled `\\\\n` Graphviz shows as
    text; a backslash or quote from the network stays one character of the name."""
    odd = 'lab\\sw "7"'
    record_inventories([
        Device(host="127.0.0.91", name="sw-a", model="WS-C2960X", mac="00:00:5e:00:53:91",
               ports=[Port(1, name="Gi1/0/1", neighbours=[Neighbour("LLDP", sys_name=odd, ip="127.0.0.92")])]),
    ])  # fmt: skip
    done = netinv("topology", "-F", "dot")
    assert done.returncode == 0, done.stderr
    labels = re.findall(r'label="((?:[^"\\]|\\.)*)"', done.stdout)
    node = next(label for label in labels if label.startswith("sw-a"))
    assert node == "sw-a\\n127.0.0.91\\nWS-C2960X", node
    assert any(label.startswith('lab\\\\sw \\"7\\"\\n127.0.0.92') for label in labels), labels
    if shutil.which("dot") is None:
        return  # Graphviz is not installed here: the text above is what it would read
    svg = subprocess.run(["dot", "-Tsvg"], input=done.stdout, capture_output=True, text=True, check=True).stdout
    texts = [re.sub(r"&#45;", "-", t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert {"sw-a", "127.0.0.91", "WS-C2960X", "127.0.0.92"} <= set(texts), texts
    assert "lab\\sw &quot;7&quot;" in texts or 'lab\\sw "7"' in texts, texts
    assert not any("\\n" in t for t in texts), "a literal \\n in a label"


# -- connection errors, each named by its cause --


class Peer:
    """A TCP listener on 127.0.0.1 that does `serve(connection)` with each client."""

    def __init__(self, serve: Callable[[socket.socket], None]) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.open: list[socket.socket] = []
        self._serve = serve
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.open.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def close(self) -> None:
        self.sock.close()
        for client in self.open:
            client.close()


def _silent(client: socket.socket) -> None:
    """Accept, read, never answer."""
    client.recv(65536)


def _bad_gateway(client: socket.socket) -> None:
    client.recv(65536)
    client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    client.close()


def _hang_up(client: socket.socket) -> None:
    client.recv(65536)
    client.close()


@pytest.fixture
def document(tmp_path: Path) -> str:
    path = tmp_path / "ups.xml"
    done = netinv("inventory", "--file", str(RECORDINGS / "ln-apc_smt750x-nmc2.snmprec"), "-o", str(path), "-q")
    assert done.returncode == 0, done.stderr
    return str(path)


@pytest.fixture
def peers(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Where each failure lives: closed port, silent listener, self-signed TLS, failing proxies."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    certificate = self_signed(tmp_path / "tls")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate / "cert.pem", certificate / "key.pem")

    def tls(client: socket.socket) -> None:
        with contextlib.suppress(ssl.SSLError, OSError):
            context.wrap_socket(client, server_side=True).close()

    running = {name: Peer(serve) for name, serve in (("silent", _silent), ("tls", tls), ("gateway", _bad_gateway),
                                                     ("hang_up", _hang_up))}  # fmt: skip
    yield {
        "closed": f"http://127.0.0.1:{closed_port}/",
        "silent": f"http://127.0.0.1:{running['silent'].port}/",
        "tls": f"https://127.0.0.1:{running['tls'].port}/",
        "gateway": f"http://127.0.0.1:{running['gateway'].port}",
        "hang_up": f"http://127.0.0.1:{running['hang_up'].port}",
    }
    for peer in running.values():
        peer.close()


def _submitted(document: str, url: str, *more: str, prefix: list[str] | None = None) -> str:
    done = subprocess.run([*(prefix or []), *NETINV, "submit", document, "-s", url, "--retries", "0", *more],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode != 0 and "Traceback" not in done.stderr, done
    last = done.stderr.splitlines()[-1]
    assert last.startswith("netinv: error: "), done.stderr
    return last


def test_connection_errors_are_named_by_their_cause(document: str, peers: dict[str, str]) -> None:
    refused = _submitted(document, peers["closed"])
    assert "connection refused" in refused and "resolve" not in refused
    timed_out = _submitted(document, peers["silent"], "--timeout", "1")
    assert "timed out" in timed_out and "refused" not in timed_out
    untrusted = _submitted(document, peers["tls"])
    assert "TLS verification failed" in untrusted and "self-signed" in untrusted and "--ca-cert" in untrusted
    for proxy in ("gateway", "hang_up"):
        for url in (peers["closed"], peers["tls"]):  # plain HTTP through it, and a CONNECT tunnel
            said = _submitted(document, url, "--proxy", peers[proxy])
            assert "proxy error" in said and peers[proxy] in said and "refused" not in said, (proxy, url, said)
    no_proxy = _submitted(document, peers["tls"], "--proxy", peers["closed"].rstrip("/"))
    assert "proxy error" in no_proxy and "connection refused" in no_proxy


def test_a_name_that_does_not_resolve_is_said_so(document: str, no_dns_netns: list[str]) -> None:  # noqa: F811
    """In a namespace whose resolver is 127.0.0.1 with nothing listening: no query leaves the machine."""
    said = _submitted(document, "https://glpi.invalid/", prefix=no_dns_netns)
    assert "name not resolved" in said and "refused" not in said, said


# -- defaults --


def _commands() -> Iterator[tuple[str, click.Command]]:
    from netinv_tui.cli.commands import cli

    context = click.Context(cli)

    def walk(group: click.Group, path: str) -> Iterator[tuple[str, click.Command]]:
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            assert command is not None
            yield f"{path} {name}".strip(), command
            if isinstance(command, click.Group):
                yield from walk(command, f"{path} {name}")

    yield from walk(cli, "")


def test_help_states_every_default() -> None:
    """Every option with a value when not given says which, in its help: click's own defaults
    (show_default) and those filled in later (SNMP's, the server's), by their value."""
    from netinv_tui.core.profiles import Profile
    from netinv_tui.core.server.client import Connection

    snmp, http = Profile("x"), Connection("")
    filled = {"community": snmp.community, "version": snmp.version, "port": snmp.port, "timeout": None,
              "retries": None, "compression": http.compression, "fmt": None}  # fmt: skip
    for path, command in _commands():
        context = click.Context(command, info_name=path, show_default=True)
        for option in command.params:
            if not isinstance(option, click.Option) or option.hidden or option.is_flag or option.name == "help":
                continue
            record = option.get_help_record(context)
            assert record is not None
            text = " ".join(record[1].split())
            if option.to_info_dict()["default"] not in (None, (), []) or option.name in filled:
                assert "default" in text or option.required, (path, option.name, text)
            value = filled.get(option.name or "")
            if value is not None and not (path == "profiles add" and option.name == "community"):
                assert f"default: {value}" in text, (path, option.name, text)
    assert "default: public" in " ".join(netinv("inventory", "-h").stdout.split())


@pytest.fixture(scope="module")
def agent() -> Iterator[str]:
    with Lab([RECORDINGS / "ln-apc_smt750x-nmc2.snmprec"], startup_timeout=120) as lab:
        yield f"127.0.0.1:{lab.devices[0].port}"


WARNING = "netinv: warning: no community given"


def test_the_default_community_is_said_when_nobody_asked_for_it(agent: str, tmp_path: Path) -> None:
    port = agent.rsplit(":", 1)[1]
    out = str(tmp_path / "out.xml")
    unasked = [["inventory", agent, "-o", out], ["discover", "127.0.0.1", "-m", "snmp", "-p", port, "--no-store"],
               ["record", agent, "-o", str(tmp_path / "r.snmprec")]]  # fmt: skip
    for args in unasked:
        done = netinv(*args)
        assert done.returncode == 0, done.stderr
        assert done.stderr.count(WARNING) == 1 and "'public'" in done.stderr, (args, done.stderr)
        quiet = netinv(*args, "-q")
        assert WARNING not in quiet.stderr, "-q: errors only"
    assert netinv("profiles", "add", "lab", "-c", "public").returncode == 0
    # (discover with -P and -p tries the profile, then -p's own credential: `public` again, said so)
    for extra, env, commands in (
        (["-c", "public"], None, unasked[:2]),
        (["-P", "lab"], None, unasked[:1]),
        ([], dict(os.environ, NETINV_COMMUNITY="public"), unasked[:2]),
        (["-u", "monitor", "-v", "3", "-t", "0.2", "-r", "0"], None, unasked[:2]),
    ):
        for args in commands:
            done = netinv(*args, *extra, env=env)
            assert WARNING not in done.stderr, (args, extra, done.stderr)
    # a command refused for its input says that one line, and no warning before it
    assert one_error_line(netinv("inventory", "10.0.0.300")).endswith("(300 is over 255)")


# -- addresses --


@pytest.mark.parametrize(
    "args",
    [
        ["inventory", "10.0.0.300"],
        ["inventory", "10.0.0.300:161", "-c", "x"],
        ["record", "192.168.1.256"],
        ["discover", "10.0.0.300", "--no-store"],
        ["discover", "10.0.0.1-10.0.0.300", "--no-store"],
        ["discover", "10.0.0.1-300", "--no-store"],
        ["discover", "10.0.0.300/24", "--no-store"],
        ["inventory", "10.0.0.1.5"],
    ],
)
def test_an_octet_over_255_is_not_an_address(args: list[str]) -> None:
    done = netinv(*args)
    line = one_error_line(done)
    assert done.returncode == 2 and "not an address" in line and "resolve" not in line, line


def test_demo_help_says_what_the_demo_runs() -> None:
    from netinv_tui.core.lab import bundled_recordings, demo_lab

    text = " ".join(netinv("demo", "-h").stdout.split())
    assert "snmpsim on 127.0.0.1" not in text
    lab = demo_lab()
    assert lab.addresses()[0] in text and "loopback address of its own" in text
    assert lab.spread_from is not None and "one free UDP port" in text
    sources = (bundled_recordings()[0].parent / "SOURCES.tsv").read_text().splitlines()[1:]
    classes = {line.split("\t")[1] for line in sources}
    words = {"ap": "access point"}
    assert {"switch", "router", "printer"} <= classes
    assert all(words.get(c, c).lower() in text.lower() for c in classes), (classes, text)
