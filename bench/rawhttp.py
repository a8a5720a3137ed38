"""A minimal HTTP/1.1 load generator: asyncio streams over keep-alive connections, requests
pre-encoded as bytes.

The benchmarks run the load generator on the same 2 cores as the server, so every millisecond
the client spends is taken from the server. A thread per request with http.client cost about
0.3 ms of CPU per request and a new connection each time; this costs about 0.08 ms and reuses
connections the way a phone's HTTP stack does. It speaks only what our server answers: a status
line, headers, and a body with Content-Length.
"""
import asyncio
import json
import time

from harness import Result


def encode(method: str, path: str, headers: dict | None = None, body: dict | None = None) -> bytes:
    payload = json.dumps(body).encode() if body is not None else b""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(payload)}"]
    if body is not None:
        lines.append("Content-Type: application/json")
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class _Connection:
    def __init__(self, port: int):
        self.port, self.reader, self.writer = port, None, None

    async def exchange(self, request: bytes) -> tuple[int, bytes]:
        """Send one request and read its response; reconnects once if the server closed an idle
        keep-alive connection."""
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                self.writer.write(request)
                head = await self.reader.readuntil(b"\r\n\r\n")
                break
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        status, length, keep = _parse_head(head)
        body = await self.reader.readexactly(length)
        if not keep:
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _parse_head(head: bytes) -> tuple[int, int, bool]:
    lines = head.split(b"\r\n")
    status, length, keep = int(lines[0].split()[1]), 0, True
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value.strip().lower() == b"close":
            keep = False
    return status, length, keep


def _outcome(status: int, body: bytes):
    try:
        data = json.loads(body) if body else {}
    except ValueError:
        return status, None
    return status, (data.get("status") or data.get("code")) if isinstance(data, dict) else None


async def _fire(port: int, requests: list[bytes], connections: int, reuse: bool) -> Result:
    run, pending = Result(""), iter(requests)

    async def one_connection():
        connection = _Connection(port)
        for request in pending:
            started = time.perf_counter()
            try:
                status, body = await connection.exchange(request)
                key = _outcome(status, body)
            except (OSError, asyncio.IncompleteReadError) as error:
                key = (0, type(error).__name__)
            run.latencies_ms.append((time.perf_counter() - started) * 1000)
            run.statuses[key[0]] = run.statuses.get(key[0], 0) + 1
            run.outcomes[key] += 1
            if not reuse:
                connection.close()
        connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(one_connection() for _ in range(connections)))
    run.seconds = time.perf_counter() - started
    return run


def fire(port: int, requests: list[bytes], connections: int = 32, reuse: bool = True) -> Result:
    """Send every request once over `connections` keep-alive connections, as fast as the server
    answers; returns when all are answered."""
    return asyncio.run(_fire(port, requests, connections, reuse))
