"""A stand-in for Akismet's REST API on 127.0.0.1, for the real
``akismet.SyncClient``: it answers verify-key, comment-check (with the
"discard" pro tip), submit-spam and submit-ham as Akismet does, or, by
``mode``, says the key is invalid, fails with 500, or never answers."""

import contextlib
import http.server
import threading
import urllib.parse

import httpx

from ..standins import StandInServer

SUBMITTED = "Thanks for making the web a better place."


class AkismetHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        form = dict(urllib.parse.parse_qsl(body))
        server = self.server
        server.requests.append((self.path, form))
        if server.mode == "hang":
            server.release.wait(30)
            return
        if server.mode == "error":
            self._answer(500, "Internal Server Error")
            return
        endpoint = self.path.rsplit("/", 1)[-1]
        if server.mode == "invalid":
            self._answer(200, "invalid")
        elif endpoint == "verify-key":
            self._answer(200, "valid")
        elif endpoint == "comment-check":
            headers = (
                {"X-akismet-pro-tip": "discard"} if server.mode == "discard" else {}
            )
            self._answer(200, "false" if server.mode == "ham" else "true", headers)
        elif endpoint in ("submit-spam", "submit-ham"):
            self._answer(200, SUBMITTED)
        else:
            self._answer(404, "not found")

    def _answer(self, status, text, headers=None):
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


class AkismetServer(StandInServer):
    def __init__(self, mode, *, port=0, handler_class=AkismetHandler):
        super().__init__(handler_class, port)
        self.mode = mode
        self.requests = []
        self.release = threading.Event()


class LocalTransport(httpx.HTTPTransport):
    """Sends what the client addresses to rest.akismet.com to the stand-in."""

    def __init__(self, port):
        super().__init__()
        self.port = port

    def handle_request(self, request):
        request.url = request.url.copy_with(
            scheme="http", host="127.0.0.1", port=self.port
        )
        return super().handle_request(request)


@contextlib.contextmanager
def running(mode):
    server = AkismetServer(mode).start()
    try:
        yield server
    finally:
        server.release.set()
        server.stop()
