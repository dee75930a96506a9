"""The live server answers requests only while a browser test runs.

On in-memory SQLite the live server's threads share the test thread's one
connection. A request still being answered when a test ends (a page the
browser had not finished, a fetch the page made on unload) would run its
statements on that connection while the test thread empties the tables and
copies the next test's rows back: the two threads' statements mix, row
counts come out wrong, savepoints go missing, and every later test on the
worker fails. The gate closes when a test's site fixture ends: it waits for
the requests in flight, and answers any later one with a 503 without
touching the database, until the next test's data is in place."""

import threading

from django.contrib.staticfiles.handlers import StaticFilesHandler

IDLE_TIMEOUT_SECONDS = 30


class RequestGate:
    def __init__(self):
        self._changed = threading.Condition()
        self._open = False
        self._in_flight = 0

    def open(self):
        with self._changed:
            self._open = True

    def close(self):
        """Refuse new requests and wait for those in flight."""
        with self._changed:
            self._open = False
            if not self._changed.wait_for(
                lambda: self._in_flight == 0, timeout=IDLE_TIMEOUT_SECONDS
            ):
                raise RuntimeError(
                    f"The live server still answers {self._in_flight} request(s) "
                    f"{IDLE_TIMEOUT_SECONDS} s after the test ended."
                )

    def _enter(self):
        with self._changed:
            if not self._open:
                return False
            self._in_flight += 1
            return True

    def _leave(self):
        with self._changed:
            self._in_flight -= 1
            self._changed.notify_all()

    def wrap(self, app):
        """``app`` behind the gate, as a WSGI application. A request counts
        as in flight until its response is closed (a streamed response
        reads the database while it is sent)."""

        def gated(environ, start_response):
            if not self._enter():
                start_response(
                    "503 Service Unavailable",
                    [("Content-Type", "text/plain"), ("Retry-After", "1")],
                )
                return [b"Between tests.\n"]
            try:
                response = app(environ, start_response)
            except BaseException:
                self._leave()
                raise
            return _Leaving(response, self._leave)

        return gated

    def static_handler(self, app):
        """For Django's LiveServerThread: its static files handler, gated."""
        return self.wrap(StaticFilesHandler(app))


class _Leaving:
    """A WSGI response that tells the gate when the server has closed it."""

    def __init__(self, response, leave):
        self._response = response
        self._leave = leave

    def __iter__(self):
        return iter(self._response)

    def close(self):
        try:
            close = getattr(self._response, "close", None)
            if close is not None:
                close()
        finally:
            self._leave()
