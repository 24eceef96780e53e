"""The agent's small HTTP listener: a server (or a person with curl) says "run now" with
`GET /now`; `GET /status` says whether a round is running. It binds where it is told only."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def listen(host: str, port: int, wake: asyncio.Event, status: Callable[[], str]) -> asyncio.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = (await asyncio.wait_for(reader.readline(), 5)).decode("latin-1").split()
            while (await asyncio.wait_for(reader.readline(), 5)) not in (b"\r\n", b"\n", b""):
                pass  # headers: nothing in them matters here
        except (TimeoutError, ConnectionError):
            writer.close()
            return
        path = line[1] if len(line) > 1 else ""
        if len(line) > 1 and line[0] == "GET" and path.rstrip("/").startswith("/now"):
            wake.set()
            code, body = "200 OK", "netinv: a round starts now\n"
        elif len(line) > 1 and line[0] == "GET" and path.rstrip("/") == "/status":
            code, body = "200 OK", status() + "\n"
        else:
            code, body = "404 Not Found", "netinv agent: GET /now or /status\n"
        data = body.encode()
        writer.write(
            f"HTTP/1.1 {code}\r\nContent-Type: text/plain\r\nContent-Length: {len(data)}\r\n"
            "Connection: close\r\n\r\n".encode()
            + data
        )
        try:
            await writer.drain()
        finally:
            writer.close()

    return await asyncio.start_server(handle, host, port)
