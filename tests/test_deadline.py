"""Long work of a request is bounded: it stops at its next checkpoint once its time is up or its client has gone,
through the API and the comparison page alike; without a deadline (the command line) nothing is bounded."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.test_api import assert_error

from stdbridge.api import uploads
from stdbridge.compare import compare_plain_texts
from stdbridge.deadline import Deadline, checkpoint
from stdbridge.errors import WorkStopped

TEXTS = Path(__file__).parent / "compare" / "data"


def test_work_stops_at_its_next_checkpoint_when_cancelled() -> None:
    deadline = Deadline(seconds=3600)
    started, outcome = threading.Event(), []

    def endless() -> None:
        started.set()
        while True:
            checkpoint()

    def work() -> None:
        try:
            deadline.run(endless)
        except WorkStopped as stopped:
            outcome.append(stopped.message)

    thread = threading.Thread(target=work)
    thread.start()
    started.wait(5)
    deadline.cancel()
    thread.join(5)
    assert outcome == ["the work was stopped: the client disconnected"]


def test_a_comparison_past_its_time_is_stopped_and_without_a_deadline_is_not() -> None:
    a, b = (TEXTS / "edition1_en.txt").read_text(encoding="utf-8"), (TEXTS / "edition2_en.txt").read_text("utf-8")
    with pytest.raises(WorkStopped):
        Deadline(seconds=0).run(compare_plain_texts, a, b)
    assert compare_plain_texts(a, b).pairs


def files() -> dict[str, Any]:
    return {
        "text_a": ("edition1.txt", (TEXTS / "edition1_en.txt").read_bytes(), "text/plain"),
        "text_b": ("edition2.txt", (TEXTS / "edition2_en.txt").read_bytes(), "text/plain"),
    }


def test_the_api_answers_422_when_the_comparison_takes_too_long(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "REQUEST_SECONDS", 0)
    error = assert_error(client.post("/api/compare", files=files()), 422, "took-too-long")
    assert error["message"] == "the work took longer than 0 s and was stopped"


class LeavingClient:
    """A request whose client disconnects after ``polls`` looks."""

    def __init__(self, polls: int) -> None:
        self.polls = polls

    async def is_disconnected(self) -> bool:
        self.polls -= 1
        return self.polls <= 0


def test_the_deadline_of_a_request_is_cancelled_when_its_client_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "DISCONNECT_POLL_SECONDS", 0.01)

    async def scenario() -> bool:
        async with uploads.request_deadline(LeavingClient(3), seconds=3600) as deadline:  # type: ignore[arg-type]
            for _ in range(200):
                if deadline.cancelled.is_set():
                    return True
                await asyncio.sleep(0.01)
        return False

    assert asyncio.run(scenario())
