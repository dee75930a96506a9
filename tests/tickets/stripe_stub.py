"""A local stand-in for Stripe's API on 127.0.0.1, so that the real
``stripe`` client (pointed at it with ``STRIPE_API_BASE``) runs all its own
request and response code in tests.

It answers what the tickets app calls, shaped as Stripe answers: Checkout
Sessions (create with their ``payment_method_types``, retrieve with
``expand``, expire), payment intents and their charges (with
``payment_method_details``: how the buyer paid, card or Vipps), and refunds
(create, list by payment intent), with Stripe's error bodies, idempotency
keys honoured, and form parameters decoded the way Stripe's client encodes
them. Tests play the buyer and the dashboard with :meth:`StripeStub.pay`,
:meth:`StripeStub.expire` and :meth:`StripeStub.refund_in_dashboard`;
:func:`signed_event` builds and signs a webhook as Stripe does.

With a ``webhook_url`` (run on its own for the load test, tests/load/run.py,
or set by a browser test) it also plays Stripe's side towards a running
site: its Checkout page has a button per offered payment method, and ``POST
/pay/<session>`` pays as the buyer would, redirects to the session's success
URL, and delivers a signed ``checkout.session.completed`` to ``--webhook-
url``, retried with backoff until the site answers 2xx, as Stripe does;
``GET /_stand-in/state`` lists the sessions and deliveries, ``POST /_stand-
in/expire-open`` expires every open session (with its webhook)::

    python -m tests.tickets.stripe_stub --port 8191 \
        --webhook-url http://127.0.0.1:8180/billetter/stripe/webhook/"""

import argparse
import hashlib
import hmac
import html
import itertools
import json
import re
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

import stripe

from ..standins import StandInServer

WEBHOOK_SECRET = "whsec_test_secret_for_tests_only"
# Payment method types Checkout takes, with the currencies each needs
# (None: any). Vipps and MobilePay are Nordic wallets.
PAYMENT_METHOD_CURRENCIES = {
    "card": None,
    "vipps": {"nok"},
    "mobilepay": {"dkk", "eur", "nok", "sek"},
    "klarna": None,
}
SECRET_KEY = "sk_test_stand_in"
_ids = itertools.count(1)


def new_id(prefix):
    return f"{prefix}_test_{next(_ids):06d}{int(time.time() * 1000) % 100000:05d}"


class StripeStub:
    """The stand-in's state and its HTTP server."""

    def __init__(
        self,
        port=0,
        *,
        webhook_url="",
        webhook_secret=WEBHOOK_SECRET,
        failing_checkouts=0.0,
        checkout_delay=0.0,
    ):
        self.sessions = {}
        # Seconds each new Checkout Session takes: a slow payment service.
        self.checkout_delay = checkout_delay
        # The share of new Checkout Sessions answered with Stripe's 500 on
        # every try (chosen by idempotency key, so retries fail too): a
        # payment service failing under load, for the release rush.
        self.failing_checkouts = failing_checkouts
        self.payment_intents = {}
        self.charges = {}
        self.refunds = {}
        self.idempotent = {}
        self.requests = []
        # Standalone only: where paid and expired sessions are announced.
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.deliveries = []
        self.lock = threading.Lock()
        self.server = StandInServer(self._handler(), port)

    @property
    def url(self):
        return self.server.base_url

    def start(self):
        self.server.start()
        return self

    def stop(self):
        self.server.stop()

    def reset(self):
        """Forget every session, refund, idempotency key and request, as a
        stand-in started afresh would (one stand-in serves a whole test
        session; each test starts from this)."""
        with self.lock:
            self.sessions.clear()
            self.refunds.clear()
            self.idempotent.clear()
            self.requests.clear()
            self.deliveries.clear()
        return self

    # What the buyer and the dashboard do -------------------------------------

    def pay(self, session_id, method="card", *, brand="visa", last4="4242"):
        """The buyer pays with ``method`` (one the session offers): the
        session completes with a payment intent whose charge says how it
        was paid, as Stripe's ``payment_method_details`` do."""
        with self.lock:
            session = self.sessions[session_id]
            if method not in session["payment_method_types"]:
                raise ValueError(f"{method} is not offered by {session_id}")
            intent_id, charge_id = new_id("pi"), new_id("ch")
            details = {"type": method, method: {}}
            if method == "card":
                details["card"] = {
                    "brand": brand,
                    "last4": last4,
                    "exp_month": 12,
                    "exp_year": 2030,
                    "country": "NO",
                    "funding": "debit",
                    "fingerprint": new_id("fp"),
                }
            self.charges[charge_id] = {
                "id": charge_id,
                "object": "charge",
                "amount": session["amount_total"],
                "currency": session["currency"],
                "payment_intent": intent_id,
                "payment_method_details": details,
                "billing_details": {
                    "email": session["customer_email"],
                    "name": "Kari Nordmann",
                },
                "status": "succeeded",
                "paid": True,
            }
            self.payment_intents[intent_id] = {
                "id": intent_id,
                "object": "payment_intent",
                "amount": session["amount_total"],
                "currency": session["currency"],
                "status": "succeeded",
                "latest_charge": charge_id,
                "payment_method_types": list(session["payment_method_types"]),
            }
            session.update(
                status="complete",
                payment_status="paid",
                payment_intent=intent_id,
            )
            return dict(session)

    def expire(self, session_id):
        with self.lock:
            session = self.sessions[session_id]
            session.update(status="expired")
            return dict(session)

    def refund_in_dashboard(self, payment_intent, amount):
        with self.lock:
            return self._make_refund(payment_intent, amount)

    def charge_for(self, payment_intent):
        """The charge object a ``charge.refunded`` event carries."""
        refunded = sum(
            r["amount"]
            for r in self.refunds.values()
            if r["payment_intent"] == payment_intent
        )
        session = next(
            s for s in self.sessions.values() if s["payment_intent"] == payment_intent
        )
        intent = self.payment_intents.get(payment_intent) or {}
        charge = dict(self.charges.get(intent.get("latest_charge"), {}))
        charge.update(
            {
                "id": charge.get("id") or new_id("ch"),
                "object": "charge",
                "amount": session["amount_total"],
                "amount_refunded": refunded,
                "currency": "nok",
                "payment_intent": payment_intent,
                "refunded": refunded >= session["amount_total"],
                "status": "succeeded",
            }
        )
        return charge

    def calls(self, method, prefix):
        return [r for r in self.requests if r[0] == method and r[1].startswith(prefix)]

    # Stripe's side towards a running site (standalone) -----------------------

    def announce(self, event_type, session, *, attempts=12):
        """Deliver a signed webhook about ``session`` to ``webhook_url`` in
        the background, retried with backoff (1, 2, 4 ... s, at most 8 s
        apart) until the site answers 2xx, as Stripe retries."""
        if not self.webhook_url:
            return
        record = {
            "type": event_type,
            "session": session["id"],
            "attempts": 0,
            "status": None,
            "delivered": False,
        }
        with self.lock:
            self.deliveries.append(record)
        payload, signature = signed_event(
            event_type, session, secret=self.webhook_secret
        )

        def deliver():
            for attempt in range(attempts):
                record["attempts"] = attempt + 1
                request = urllib.request.Request(  # noqa: S310 (http:// only)
                    self.webhook_url,
                    data=payload.encode(),
                    headers={
                        "Content-Type": "application/json",
                        "Stripe-Signature": signature,
                    },
                )
                try:
                    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                        record["status"] = answer.status
                except urllib.error.HTTPError as error:
                    record["status"] = error.code
                except OSError as error:
                    record["status"] = f"{type(error).__name__}"
                if isinstance(record["status"], int) and record["status"] < 300:
                    record["delivered"] = True
                    return
                time.sleep(min(8, 2**attempt))

        threading.Thread(target=deliver, daemon=True).start()

    def expire_open(self):
        """Expire every open session and announce each (the end of a load
        run: holds that were never paid go back to sale)."""
        with self.lock:
            expired = [s for s in self.sessions.values() if s["status"] == "open"]
            for session in expired:
                session["status"] = "expired"
            expired = [dict(s) for s in expired]
        for session in expired:
            self.announce("checkout.session.expired", session)
        return len(expired)

    def state(self):
        with self.lock:
            return {
                "sessions": [dict(s) for s in self.sessions.values()],
                "deliveries": [dict(d) for d in self.deliveries],
            }

    # The API -----------------------------------------------------------------

    def _make_refund(self, payment_intent, amount):
        session = next(
            (
                s
                for s in self.sessions.values()
                if s["payment_intent"] == payment_intent
            ),
            None,
        )
        if session is None:
            return 404, error(f"No such payment_intent: '{payment_intent}'")
        refunded = sum(
            r["amount"]
            for r in self.refunds.values()
            if r["payment_intent"] == payment_intent
        )
        if amount <= 0 or refunded + amount > session["amount_total"]:
            return 400, error(
                "Refund amount is greater than unrefunded amount on charge.",
                code="amount_too_large",
            )
        refund = {
            "id": new_id("re"),
            "object": "refund",
            "amount": amount,
            "currency": "nok",
            "payment_intent": payment_intent,
            "status": "succeeded",
            "created": int(time.time()),
        }
        self.refunds[refund["id"]] = refund
        return 200, refund

    def handle(self, method, path, params, headers):
        key = headers.get("Idempotency-Key")
        if self.checkout_delay and (method, path) == (
            "POST",
            "/v1/checkout/sessions",
        ):
            time.sleep(self.checkout_delay)
        with self.lock:
            self.requests.append((method, path, params, dict(headers)))
            if method == "POST" and key and (path, key) in self.idempotent:
                return self.idempotent[(path, key)]
            if self._fails(method, path, key):
                return 500, error("The stand-in fails this checkout (load test).")
            answer = self._route(method, path, params)
            if method == "POST" and key:
                self.idempotent[(path, key)] = answer
            return answer

    def _fails(self, method, path, key):
        if not (self.failing_checkouts and key):
            return False
        if (method, path) != ("POST", "/v1/checkout/sessions"):
            return False
        share = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 16**8
        return share < self.failing_checkouts

    def _route(self, method, path, params):
        if method == "POST" and path == "/v1/checkout/sessions":
            return self._create_session(params)
        match = re.fullmatch(r"/v1/checkout/sessions/([\w]+)(/expire)?", path)
        if match:
            session = self.sessions.get(match.group(1))
            if session is None:
                return 404, error(f"No such checkout.session: '{match.group(1)}'")
            if match.group(2) and method == "POST":
                if session["status"] != "open":
                    return 400, error(
                        'Only Checkout Sessions with a status in ["open"] can be '
                        f"expired. This Checkout Session has a status of "
                        f'"{session["status"]}".'
                    )
                session["status"] = "expired"
            return self._expanded(session, params)
        match = re.fullmatch(r"/v1/payment_intents/(\w+)", path)
        if match and method == "GET":
            intent = self.payment_intents.get(match.group(1))
            if intent is None:
                return 404, error(f"No such payment_intent: '{match.group(1)}'")
            return self._expanded(intent, params)
        if method == "POST" and path == "/v1/refunds":
            return self._make_refund(
                params.get("payment_intent"), int(params.get("amount", 0))
            )
        if method == "GET" and path == "/v1/refunds":
            data = [
                r
                for r in self.refunds.values()
                if r["payment_intent"] == params.get("payment_intent")
            ]
            return 200, {
                "object": "list",
                "data": data,
                "has_more": False,
                "url": "/v1/refunds",
            }
        return 404, error(f"Unrecognized request URL ({method}: {path}).")

    def _expanded(self, obj, params):
        """``obj`` with the ids named by ``expand[]`` replaced by their
        objects (``payment_intent``, ``payment_intent.latest_charge``,
        ``latest_charge``), as Stripe expands them."""
        obj = json.loads(json.dumps(obj))
        for key, value in params.items():
            if not re.fullmatch(r"expand\[\d*\]", key):
                continue
            target, parts = obj, value.split(".")
            for depth, name in enumerate(parts):
                found = target.get(name) if isinstance(target, dict) else None
                if isinstance(found, str):
                    store = {
                        "payment_intent": self.payment_intents,
                        "latest_charge": self.charges,
                    }.get(name)
                    if store is None or found not in store:
                        return 400, error(
                            f"This property cannot be expanded ({value}).",
                            param=key,
                        )
                    found = json.loads(json.dumps(store[found]))
                    target[name] = found
                if found is None and depth < len(parts) - 1:
                    break
                target = found
        return 200, obj

    def _create_session(self, params):
        if not params.get("success_url") or not params.get("line_items[0][quantity]"):
            return 400, error("Missing required param: line_items.", param="line_items")
        total = 0
        for index in itertools.count():
            quantity = params.get(f"line_items[{index}][quantity]")
            if quantity is None:
                break
            total += int(quantity) * int(
                params[f"line_items[{index}][price_data][unit_amount]"]
            )
        expires_at = int(params.get("expires_at") or time.time() + 24 * 3600)
        if expires_at < time.time() + 30 * 60 - 5:
            return 400, error(
                "The `expires_at` timestamp must be at least 30 minutes from "
                "Checkout Session creation.",
                param="expires_at",
            )
        methods = [
            value
            for key, value in sorted(
                params.items(), key=lambda item: (len(item[0]), item[0])
            )
            if re.fullmatch(r"payment_method_types\[\d+\]", key)
        ] or ["card"]
        currency = params.get("line_items[0][price_data][currency]")
        unknown = [m for m in methods if m not in PAYMENT_METHOD_CURRENCIES]
        if unknown:
            return 400, error(
                f"Invalid payment_method_types[0]: must be one of "
                f"{', '.join(PAYMENT_METHOD_CURRENCIES)}",
                param="payment_method_types",
            )
        for name in methods:
            allowed = PAYMENT_METHOD_CURRENCIES[name]
            if allowed and currency not in allowed:
                return 400, error(
                    f"The currency provided ({currency}) is invalid for one or "
                    f"more payment method types: {name}.",
                    param="payment_method_types",
                )
        session_id = new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": "payment",
            "status": "open",
            "payment_status": "unpaid",
            "payment_intent": None,
            "payment_method_types": methods,
            "amount_total": total,
            "currency": params.get("line_items[0][price_data][currency]"),
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "metadata": {"order_number": params.get("metadata[order_number]")},
            "success_url": params["success_url"],
            "cancel_url": params.get("cancel_url"),
            "expires_at": expires_at,
            "created": int(time.time()),
            "livemode": False,
            "url": f"{self.url}/pay/{session_id}",
        }
        self.sessions[session_id] = session
        return 200, dict(session)

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method):
                parts = urlsplit(self.path)
                params = dict(parse_qsl(parts.query))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    params.update(parse_qsl(self.rfile.read(length).decode()))
                if parts.path.startswith("/pay/"):
                    session_id = parts.path.rsplit("/", 1)[-1]
                    if method == "POST":
                        return self._pay(session_id, params.get("method") or "card")
                    return self._page(session_id)
                if parts.path.startswith("/_stand-in/"):
                    return self._stand_in(method, parts.path)
                if not self.headers.get("Authorization", "").startswith("Bearer sk_"):
                    status, body = 401, error("Invalid API Key provided.")
                else:
                    status, body = stub.handle(method, parts.path, params, self.headers)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", new_id("req"))
                self.end_headers()
                self.wfile.write(data)

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _pay(self, session_id, method):
                """The buyer pays on Checkout's page (with ``method``, one
                the session offers): back to the success URL, and the site
                hears of it by webhook."""
                with stub.lock:
                    session = stub.sessions.get(session_id)
                    status = session and session["status"]
                    offered = session and session["payment_method_types"]
                if status != "open":
                    return self._json(409, error(f"Session {session_id}: {status}"))
                if method not in offered:
                    return self._json(400, error(f"{method} is not offered"))
                session = stub.pay(session_id, method)
                stub.announce("checkout.session.completed", session)
                self.send_response(303)
                self.send_header("Location", session["success_url"])
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _stand_in(self, method, path):
                if method == "GET" and path == "/_stand-in/state":
                    return self._json(200, stub.state())
                if method == "POST" and path == "/_stand-in/expire-open":
                    return self._json(200, {"expired": stub.expire_open()})
                return self._json(404, error(f"No such stand-in call: {path}"))

            def _page(self, session_id):
                """Checkout's page: a button per payment method the session
                offers, each paying as the buyer would (``POST /pay/``)."""
                with stub.lock:
                    session = stub.sessions.get(session_id) or {}
                    methods = list(session.get("payment_method_types") or [])
                buttons = "".join(
                    f"<button type='submit' name='method' value='{html.escape(m)}'>"
                    f"Pay with {html.escape(m)}</button>"
                    for m in methods
                )
                data = (
                    "<!DOCTYPE html><html lang='en'><title>Checkout (test)</title>"
                    f"<h1>Stripe Checkout stand-in</h1><p id='session'>"
                    f"{html.escape(session_id)}</p>"
                    f"<form method='post' action='/pay/{html.escape(session_id)}'>"
                    f"{buttons}</form>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802 (http.server's name)
                self._answer("GET")

            def do_POST(self):  # noqa: N802
                self._answer("POST")

            def log_message(self, *args):
                pass

        return Handler


def error(message, *, code=None, param=None):
    body = {"type": "invalid_request_error", "message": message}
    if code:
        body["code"] = code
    if param:
        body["param"] = param
    return {"error": body}


def signed_event(
    event_type, obj, *, event_id=None, secret=WEBHOOK_SECRET, timestamp=None
):
    """A webhook request body and its ``Stripe-Signature`` header, built and
    signed as Stripe does: ``t=<time>,v1=<HMAC-SHA256 of "<time>.<body>">``."""
    payload = json.dumps(
        {
            "id": event_id or new_id("evt"),
            "object": "event",
            "api_version": stripe.api_version,
            "created": int(time.time()),
            "data": {"object": obj},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
    )
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return payload, f"t={timestamp},v1={signature}"


def main(argv=None):
    """Run the stand-in on its own until interrupted (see the module
    docstring)."""
    parser = argparse.ArgumentParser(description="Stripe stand-in on 127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--webhook-url", default="")
    parser.add_argument("--webhook-secret", default=WEBHOOK_SECRET)
    parser.add_argument(
        "--failing-checkouts",
        type=float,
        default=0.0,
        help="share of Checkout Sessions that fail on every try (0 to 1)",
    )
    parser.add_argument(
        "--checkout-delay",
        type=float,
        default=0.0,
        help="seconds each new Checkout Session takes",
    )
    args = parser.parse_args(argv)
    stub = StripeStub(
        args.port,
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
        failing_checkouts=args.failing_checkouts,
        checkout_delay=args.checkout_delay,
    )
    print(f"Stripe stand-in on {stub.url}", flush=True)  # noqa: T201
    try:
        stub.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stub.server.server_close()


if __name__ == "__main__":
    main()
