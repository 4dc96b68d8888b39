"""The server ``stdbridge serve`` runs closes connections that ask nothing (opened and silent, or sending their
request head a byte at a time) and still answers those that ask."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI

from stdbridge.web import serving
from stdbridge.web.serving import SERVER_OPTIONS


@pytest.fixture
def server(web_app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int]]:
    monkeypatch.setattr(serving, "REQUEST_HEAD_SECONDS", 0.5)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                            **SERVER_OPTIONS)  # fmt: skip
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield "127.0.0.1", port
    running.should_exit = True
    thread.join(timeout=10)


def closed_within(connection: socket.socket, seconds: float) -> bool:
    connection.settimeout(seconds)
    try:
        while connection.recv(4096):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    return True


def test_a_silent_connection_is_closed(server: tuple[str, int]) -> None:
    with socket.create_connection(server) as connection:
        assert closed_within(connection, 5)


def test_a_request_head_sent_a_byte_at_a_time_is_cut_off(server: tuple[str, int]) -> None:
    with socket.create_connection(server) as connection:
        started = time.monotonic()
        connection.settimeout(0.2)
        head = b"GET /api/stats HTTP/1.1\r\nHost: x\r\n" + b"X-Pad: " + b"a" * 200
        try:
            for byte in head:
                connection.sendall(bytes([byte]))
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert closed_within(connection, 5)
        assert time.monotonic() - started < 8  # 200 bytes at 20 a second would take 12 s


def test_a_request_is_answered_and_the_connection_kept_for_the_next(server: tuple[str, int]) -> None:
    connection = http.client.HTTPConnection(*server, timeout=10)
    for _ in range(2):
        connection.request("GET", "/api/stats")
        answer = connection.getresponse()
        assert answer.status == 200 and answer.read().startswith(b"{")
        opened = connection.sock
        time.sleep(0.2)
    assert connection.sock is opened  # one connection for both
    connection.close()
