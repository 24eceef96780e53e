"""A hostile HTTP server on 127.0.0.1: the answers a malicious or broken GLPI server could give.

Raw sockets, not a framework, so it can misbehave at the byte level: a body of a gibibyte, a body
that never ends, a zlib bomb, one byte a second, redirects to another server (which records what
reaches it). Every loop is bounded by the client going away or by `stop()`.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from dataclasses import dataclass, field


def _bomb(size: int = 1024**3) -> bytes:
    """`size` zero bytes, zlib-compressed (a gibibyte is about a megabyte)."""
    squeezer = zlib.compressobj(9)
    block = bytes(1024 * 1024)
    parts = [squeezer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + squeezer.flush()


@dataclass
class Received:
    method: str
    path: str
    body: bytes


@dataclass
class HostileServer:
    """`mode`: huge, endless, bomb, trickle, record (an honest server), or redirect-<code> (to `location`)."""

    mode: str
    location: str = ""
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/plugins/glpiinventory/"
        self._stop = threading.Event()
        self._bomb = _bomb() if self.mode == "bomb" else b""
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._sock.close()

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _read_request(self, conn: socket.socket) -> Received:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path = [*lines[0].split(" "), "", ""][:2]
        length = next((int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0)
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        return Received(method, path, body)

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(60)
        deadline = time.monotonic() + 60  # nothing here outlives a minute
        try:
            self.received.append(self._read_request(conn))
            if self.mode == "huge":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 1073741824\r\n\r\n")
                block = b"<" * 65536
                for _ in range(16384):
                    if self._stop.is_set() or time.monotonic() > deadline:
                        break
                    conn.sendall(block)
            elif self.mode == "endless":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n")
                chunk = b"%x\r\n%s\r\n" % (65536, b"a" * 65536)
                while not self._stop.is_set() and time.monotonic() < deadline:
                    conn.sendall(chunk)
            elif self.mode == "bomb":
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/x-compress-zlib\r\n"
                    + f"Content-Length: {len(self._bomb)}\r\n\r\n".encode()
                    + self._bomb
                )
            elif self.mode == "trickle":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 100\r\n\r\n")
                for _ in range(100):
                    if self._stop.is_set() or time.monotonic() > deadline:
                        break
                    conn.sendall(b"<")
                    time.sleep(1)
            elif self.mode == "record":  # an honest server: takes the message, answers an empty REPLY
                reply = zlib.compress(b"<?xml version='1.0'?><REPLY></REPLY>")
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/x-compress-zlib\r\n"
                    + f"Content-Length: {len(reply)}\r\n\r\n".encode()
                    + reply
                )
            elif self.mode.startswith("redirect-"):
                code = self.mode.split("-", 1)[1]
                conn.sendall(
                    f"HTTP/1.1 {code} Moved\r\nLocation: {self.location}\r\nContent-Length: 0\r\n\r\n".encode()
                )
        except OSError:
            pass  # the client went away: what these tests want
        finally:
            conn.close()
