"""The browser tests' live server gate (tests/e2e/gate.py): between tests
it answers without touching the database, and a test's teardown waits for
the requests in flight before the tables are emptied."""

import threading

import pytest

from .e2e import gate as gate_module
from .e2e.gate import RequestGate


def answering(started, release):
    def app(environ, start_response):
        started.set()
        release.wait(5)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"page"]

    return app


def call(app):
    statuses = []
    body = app({}, lambda status, headers: statuses.append(status))
    return statuses, body


def test_a_closed_gate_answers_503_without_calling_the_site():
    called = []
    gated = RequestGate().wrap(lambda environ, start: called.append(1))

    statuses, body = call(gated)

    assert statuses == ["503 Service Unavailable"]
    assert called == []


def test_closing_waits_until_the_response_in_flight_is_closed():
    gate = RequestGate()
    started, release, closed = threading.Event(), threading.Event(), threading.Event()
    gated = gate.wrap(answering(started, release))
    gate.open()
    responses = []
    request = threading.Thread(target=lambda: responses.append(call(gated)))
    request.start()
    assert started.wait(5)
    closing = threading.Thread(target=lambda: (gate.close(), closed.set()))
    closing.start()

    assert not closed.wait(0.2), "closed while the request was still answered"
    release.set()
    request.join(5)
    statuses, body = responses[0]
    assert statuses == ["200 OK"] and list(body) == [b"page"]
    assert not closed.wait(0.2), "closed before the response was closed"
    body.close()
    assert closed.wait(5)
    closing.join(5)
    assert call(gated)[0] == ["503 Service Unavailable"]


def test_a_request_that_never_ends_fails_the_teardown_loudly(monkeypatch):
    monkeypatch.setattr(gate_module, "IDLE_TIMEOUT_SECONDS", 0.2)
    gate = RequestGate()
    started, release = threading.Event(), threading.Event()
    gated = gate.wrap(answering(started, release))
    gate.open()
    request = threading.Thread(target=lambda: call(gated))
    request.start()
    assert started.wait(5)

    with pytest.raises(RuntimeError, match="still answers 1 request"):
        gate.close()
    release.set()
    request.join(5)
