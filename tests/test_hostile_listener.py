"""The agent's run-now listener against real hostile clients on 127.0.0.1: slow clients, floods of
GET /now, prefix paths, over-long headers, missing tokens, sources outside the allowed networks."""

from __future__ import annotations

import asyncio
import socket
import time

from netinv_tui.core.server.listener import ListenerPolicy, listen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def get(port: int, request: bytes) -> str:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return answer.decode("latin-1").split("\r\n", 1)[0]


def run(policy: ListenerPolicy, scenario) -> tuple[list[str], asyncio.Event]:  # type: ignore[no-untyped-def]
    lines: list[str] = []
    policy.log = lines.append
    wake = asyncio.Event()

    async def main() -> None:
        port = free_port()
        server = await listen("127.0.0.1", port, wake, lambda: "waiting", policy)
        try:
            await scenario(port, wake)
        finally:
            server.close()
            await server.wait_closed()

    asyncio.run(main())
    return lines, wake


def test_slow_clients_cannot_exhaust_it() -> None:
    """300 clients that connect and say nothing: at most 32 are held, each for the read deadline;
    the rest are closed at once, and the listener answers again when they are gone."""

    async def scenario(port: int, wake: asyncio.Event) -> None:
        clients = [await asyncio.open_connection("127.0.0.1", port) for _ in range(300)]
        await asyncio.sleep(0.5)

        async def closed_on_us(reader: asyncio.StreamReader) -> bool:
            try:
                return await asyncio.wait_for(reader.read(1), 0.05) == b""
            except TimeoutError:
                return False
            except ConnectionError:
                return True

        closed = sum([await closed_on_us(reader) for reader, _writer in clients])
        assert closed >= 300 - 32
        await asyncio.sleep(1.5)  # the held ones reach their deadline
        for _reader, writer in clients:
            writer.close()
        assert (await get(port, b"GET /status HTTP/1.1\r\n\r\n")).endswith("200 OK")

    lines, _wake = run(ListenerPolicy(read_deadline=1.0), scenario)
    assert any("connections open already" in line for line in lines)
    assert any("no complete request" in line for line in lines)


def test_a_flood_of_run_now_starts_one_round() -> None:
    async def scenario(port: int, wake: asyncio.Event) -> None:
        answers = await asyncio.gather(*(get(port, b"GET /now HTTP/1.1\r\n\r\n") for _ in range(200)))
        assert sum(a.endswith("200 OK") for a in answers) == 1
        assert sum(a.endswith("429 Too Many Requests") for a in answers) == 199
        assert wake.is_set()

    lines, _wake = run(ListenerPolicy(max_connections=256), scenario)
    assert len([line for line in lines if "not started" in line]) == 199


def test_only_exact_paths_and_bounded_requests() -> None:
    async def scenario(port: int, wake: asyncio.Event) -> None:
        assert (await get(port, b"GET /nowhere-else HTTP/1.1\r\n\r\n")).endswith("404 Not Found")
        assert (await get(port, b"GET /now/../x HTTP/1.1\r\n\r\n")).endswith("404 Not Found")
        assert not wake.is_set()
        huge = b"GET /now HTTP/1.1\r\nX-Junk: " + b"a" * 100_000 + b"\r\n\r\n"
        assert "431" in await get(port, huge)
        assert not wake.is_set()

    lines, _wake = run(ListenerPolicy(), scenario)
    assert any("over 8192 bytes" in line for line in lines) and all("Traceback" not in line for line in lines)


def test_a_token_and_the_allowed_sources() -> None:
    async def with_token(port: int, wake: asyncio.Event) -> None:
        assert "403" in await get(port, b"GET /now HTTP/1.1\r\n\r\n")
        assert "403" in await get(port, b"GET /now HTTP/1.1\r\nX-Netinv-Token: nope\r\n\r\n")
        assert not wake.is_set()
        assert (await get(port, b"GET /now?token=s3cret HTTP/1.1\r\n\r\n")).endswith("200 OK")
        assert wake.is_set()

    lines, _wake = run(ListenerPolicy(token="s3cret"), with_token)
    assert sum("wrong or missing token" in line for line in lines) == 2

    async def elsewhere(port: int, wake: asyncio.Event) -> None:
        assert "403" in await get(port, b"GET /now HTTP/1.1\r\n\r\n")
        assert not wake.is_set()

    lines, _wake = run(ListenerPolicy(allowed=("192.0.2.0/24",)), elsewhere)
    assert any("not among the allowed sources" in line for line in lines)


def test_the_minimum_interval_passes() -> None:
    async def scenario(port: int, wake: asyncio.Event) -> None:
        assert (await get(port, b"GET /now HTTP/1.1\r\n\r\n")).endswith("200 OK")
        assert "429" in await get(port, b"GET /now HTTP/1.1\r\n\r\n")
        time.sleep(0.6)
        assert (await get(port, b"GET /now HTTP/1.1\r\n\r\n")).endswith("200 OK")

    run(ListenerPolicy(min_interval=0.5), scenario)
