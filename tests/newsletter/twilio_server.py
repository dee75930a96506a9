"""A stand-in for Twilio's Messages API on 127.0.0.1, for our real Twilio
backend (requests over HTTP): ``POST /2010-04-01/Accounts/<sid>/Messages.json``
with basic auth and the form fields To, From/MessagingServiceSid and Body,
answered as Twilio answers (201 with a ``sid``; errors as JSON with a
``code`` and ``message``). By number it can refuse a message as an invalid
number (400, code 21211), fail with 500, be busy (429), or answer nothing
and close the connection."""

import base64
import contextlib
import http.server
import itertools
import json
import threading
import urllib.parse

from ..standins import StandInServer, serving

ACCOUNT_SID = "AC00000000000000000000000000000000"
AUTH_TOKEN = "test-auth-token"


class TwilioHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):  # noqa: N802 (http.server)
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {expected}":
            self._answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
            return
        if self.path != f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json":
            self._answer(404, {"code": 20404, "message": "Not found", "status": 404})
            return
        to = form.get("To", "")
        with server.lock:
            server.requests.append(form)
            behaviour = server.behaviour.get(to)
            if isinstance(behaviour, list):
                behaviour = behaviour.pop(0) if behaviour else None
        if behaviour == "hang-up":
            # The request arrived; the answer never leaves.
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if behaviour == "invalid":
            self._answer(
                400,
                {
                    "code": 21211,
                    "message": f"The 'To' number {to} is not a valid phone number.",
                    "status": 400,
                },
            )
            return
        if behaviour == "error":
            self._answer(
                500, {"code": 20500, "message": "Internal error", "status": 500}
            )
            return
        if behaviour == "busy":
            self._answer(
                429, {"code": 20429, "message": "Too many requests", "status": 429}
            )
            return
        sid = f"SM{next(server.ids):032d}"
        with server.lock:
            server.delivered.append((to, form.get("Body", ""), sid))
        self._answer(
            201,
            {
                "sid": sid,
                "status": "queued",
                "to": to,
                "from": form.get("From"),
                "body": form.get("Body"),
            },
        )

    def _answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class TwilioServer(StandInServer):
    def __init__(self):
        super().__init__(TwilioHandler)
        self.requests = []
        self.delivered = []
        # number -> "invalid" | "error" | "busy" | "hang-up", or a list of
        # them used up one request at a time (then success)
        self.behaviour = {}
        self.ids = itertools.count(1)
        self.lock = threading.Lock()

    def per_number(self):
        counts = {}
        for to, _body, _sid in self.delivered:
            counts[to] = counts.get(to, 0) + 1
        return counts


@contextlib.contextmanager
def running():
    with serving(TwilioServer()) as server:
        yield server
