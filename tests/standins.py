"""One harness for the local stand-in servers of the suite (Stripe, Akismet,
Twilio, SMTP, a front cache): each listens on 127.0.0.1 on a port the
system picks (port 0, so parallel workers never collide) and is served from
a daemon thread.

Why a harness: ``socketserver``'s ``serve_forever`` looks for a shutdown
request only between polls, every half second by default, so each stop
used to cost up to 0.5 s; here it polls every ``POLL_INTERVAL``. The
servers with state that a test can wipe are started once per test session
and reset before each test (see ``tests/conftest.py``)."""

import contextlib
import http.server
import threading

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
# How often a serving thread looks for a shutdown request (seconds).
POLL_INTERVAL = 0.01


class StandInServer(http.server.ThreadingHTTPServer):
    """A threaded HTTP server on 127.0.0.1 and a free port, started with
    :meth:`start` and stopped quickly with :meth:`stop`."""

    daemon_threads = True
    # A restarted stand-in may take over a port left in TIME_WAIT.
    allow_reuse_address = True

    def __init__(self, handler_class, port=0):
        super().__init__((HOST, port), handler_class)
        self._thread = None

    @property
    def port(self):
        return self.server_address[1]

    @property
    def base_url(self):
        return f"http://{HOST}:{self.port}"

    def start(self):
        self._thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL},
            name=f"stand-in {type(self).__name__} :{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self):
        """Stop serving and close the socket; requests still being answered
        finish in their own (daemon) threads."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.server_close()


@contextlib.contextmanager
def serving(server):
    """Serve ``server`` (a :class:`StandInServer`) for the duration."""
    server.start()
    try:
        yield server
    finally:
        server.stop()


class SMTPController(Controller):
    """aiosmtpd's threaded controller on 127.0.0.1 and a port the system
    picks (aiosmtpd itself needs the port before it binds)."""

    def __init__(self, handler, **kwargs):
        super().__init__(handler, hostname=HOST, port=0, **kwargs)

    def _trigger_server(self):
        # The listening socket exists by now: learn its port, then let
        # aiosmtpd make its first connection to it.
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextlib.contextmanager
def smtp_serving(handler):
    """An SMTP server on 127.0.0.1 for the duration: yields its port."""
    controller = SMTPController(handler)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()
