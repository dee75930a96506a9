"""The load test: visitors of the culture house's site when the Christmas
programme opens, run by tests/load/run.py (``make load``)::

    locust -f tests/load/locustfile.py --headless --host http://127.0.0.1:8180 \\
        -u 200 -r 20 --run-time 3m

Who they are (weights of the user classes, so 200 users are 184 browsers,
10 commenters, 4 buyers and 2 subscribers):

- ``Browser`` (92 %) reads the home page, the event list, event pages and
  articles, with think time between pages;
- ``Commenter`` (5 %) browses, then comments on an event page the way the
  page's script does (static/js/forms.js: a token from the form's
  ``data-token-url``, then the form);
- ``Buyer`` (2 %) buys tickets for the one popular performance: the buy
  form, Stripe Checkout at the stand-in (paying there makes the stand-in
  send the signed webhook), and back to the order page;
- ``Subscriber`` (1 %) signs up for the newsletter at /nyhetsbrev/.

Commenters, buyers and subscribers become a new visitor (address, cookies,
name) after each visit that sent something: each comment, order and sign-up
is a different person's, as when a programme opens.

What the site accepted is written to ``LOAD_ACCEPTED`` (JSON) when the run
stops, for run.py to look up in the database: comment markers, orders
(Checkout session ids) and refusals, subscriber addresses.

The plan (which URLs, which performance) comes from ``LOAD_PLAN`` (JSON,
written by ``tests.load.dbtool plan``). Every user sends its own
X-Forwarded-For address, as visitors behind a CDN would, so per-address
limits (5 comments a minute) apply per simulated person."""

import json
import os
import random
import re
import threading
import time
import uuid
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from locust import FastHttpUser, HttpUser, between, events, task
from requests.cookies import RequestsCookieJar

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
ACCEPTED_PATH = os.environ.get("LOAD_ACCEPTED", "accepted.json")
RUN_ID = os.environ.get("LOAD_RUN_ID") or uuid.uuid4().hex[:8]
# Uncached variant: every page view carries a query string of its own, so
# neither nginx nor Django's page cache has it (the same HTML is rendered
# afresh each time).
BYPASS_CACHE = os.environ.get("LOAD_BYPASS_CACHE") == "1"

accepted = {
    "run_id": RUN_ID,
    "comments": [],
    "comment_refusals": [],
    "orders": [],
    "order_refusals": [],
    "subscribers": [],
    "subscribe_refusals": [],
}
_lock = threading.Lock()
_addresses = iter(range(1, 10**7))


def record(kind, item):
    with _lock:
        accepted[kind].append(item)


# Status codes by request name (None: no answer at all), and per second of
# wall-clock time the requests and the failed ones (5xx or no answer), so a
# fault run can measure how long the site failed.
status_codes = {}
timeline = {}


@events.request.add_listener
def count_status(name, response, exception, **kwargs):
    code = getattr(response, "status_code", None) or None
    failed = code is None or code >= 500
    second = str(int(time.time()))
    with _lock:
        codes = status_codes.setdefault(name, {})
        codes[str(code)] = codes.get(str(code), 0) + 1
        counts = timeline.setdefault(second, [0, 0])
        counts[0] += 1
        counts[1] += failed


@events.test_stop.add_listener
def write_accepted(environment, **kwargs):
    with _lock, open(ACCEPTED_PATH, "w", encoding="utf-8") as out:
        json.dump(
            {
                **accepted,
                "status_codes": status_codes,
                "timeline": timeline,
            },
            out,
            indent=1,
        )


class BrowserCookieJar(RequestsCookieJar):
    """Browsers treat http://127.0.0.1 as a secure context and send Secure
    cookies to it; http.cookiejar does not (and requests copies the jar
    for each request, policy and all, so a policy cannot change that). The
    site's cookies are Secure under the production settings."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class Forms(HTMLParser):
    """The forms of a page: action, data-token-url and the fields with
    their values, as a browser would send them untouched."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action", ""),
                "method": (attrs.get("method") or "get").lower(),
                "id": attrs.get("id", ""),
                "token_url": attrs.get("data-token-url", ""),
                "fields": {},
                "required": set(),
                "checkboxes": set(),
            }
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select"):
            name = attrs.get("name")
            if not name:
                return
            kind = attrs.get("type", "text")
            if "required" in attrs:
                self._form["required"].add(name)
            if kind == "checkbox":
                self._form["checkboxes"].add(name)
                if "checked" in attrs:
                    self._form["fields"][name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "radio"):
                self._form["fields"][name] = attrs.get("value", "")
            if tag == "textarea":
                self._textarea = name

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data


def forms_of(html):
    parser = Forms()
    parser.feed(html)
    return parser.forms


def form_posting_to(html, pattern):
    for form in forms_of(html):
        if form["method"] == "post" and re.search(pattern, form["action"]):
            return form
    return None


def think_time():
    """``LOAD_WAIT`` seconds between a user's tasks, "min,max" (2-6 s)."""
    low, high = (float(x) for x in os.environ.get("LOAD_WAIT", "2,6").split(","))
    return between(low, high)


def new_address():
    number = next(_addresses)
    return f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"


class PageViews:
    """Reading pages: shared by the users on requests (forms, cookies) and
    the fast readers of the throughput figures."""

    headers = {}

    def view(self, path, name):
        """A page view, failed on anything but 200."""
        url = path
        if BYPASS_CACHE:
            url += ("&" if "?" in path else "?") + f"nocache={uuid.uuid4().hex[:12]}"
        with self.client.get(
            url, name=name, headers=self.headers, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            return response

    def browse(self):
        choice = random.random()  # noqa: S311 (not for security)
        if choice < 0.2:
            self.view(PLAN["home"], "home")
        elif choice < 0.4:
            self.view(PLAN["event_index"], "event index")
        elif choice < 0.8:
            self.view(random.choice(PLAN["events"]), "event page")  # noqa: S311
        elif choice < 0.9 and PLAN.get("article_index"):
            self.view(PLAN["article_index"], "article index")
        else:
            self.view(random.choice(PLAN["articles"]), "article")  # noqa: S311


class Visitor(PageViews, HttpUser):
    abstract = True
    wait_time = think_time()

    def on_start(self):
        self.new_identity()

    def new_identity(self):
        """Become the next visitor: an address, a browser (cookies) and a
        name of one's own. Commenters, buyers and subscribers do it after
        each visit that sent something, so each of those is one person."""
        self.client.cookies = BrowserCookieJar()
        self.address = new_address()
        self.headers = {
            "X-Forwarded-For": self.address,
            "Accept-Language": "nb,en;q=0.5",
            "User-Agent": f"venue-load/{RUN_ID} (locust)",
        }
        self.client.headers.update(self.headers)
        self.person = f"load-{RUN_ID}-{uuid.uuid4().hex[:10]}"

    # Forms on cached pages, the way static/js/forms.js sends them -----------

    def token_for(self, form, name):
        with self.client.get(
            form["token_url"], name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return ""
            return response.json().get("token", "")

    def post_form(self, form, page_url, values, *, token_name, post_name):
        fields = dict(form["fields"])
        fields.update(values)
        if form["token_url"] and not fields.get("csrfmiddlewaretoken"):
            fields["csrfmiddlewaretoken"] = self.token_for(form, token_name)
        return self.client.post(
            urljoin(page_url, form["action"]),
            data=fields,
            name=post_name,
            headers={"Referer": self.host + page_url},
            allow_redirects=False,
            catch_response=True,
        )


class Browser(Visitor):
    weight = 92

    @task
    def read(self):
        self.browse()


class Commenter(Visitor):
    weight = 5

    @task(3)
    def read(self):
        self.browse()

    @task(1)
    def comment(self):
        try:
            self.send_comment()
        finally:
            self.new_identity()

    def send_comment(self):
        page = random.choice(PLAN["commentable"])  # noqa: S311
        response = self.view(page, "event page")
        if response.status_code != 200:
            return
        form = form_posting_to(response.text, r"/kommentarer/side/\d+/")
        if form is None:
            response.failure("no comment form on a commentable page")
            return
        marker = f"{self.person}-{uuid.uuid4().hex[:8]}"
        values = {
            "name": f"Lasttest {self.person[-6:]}",
            "email": f"{self.person}@load.example",
            "comment": f"Gleder meg til konserten! [{marker}]",
        }
        with self.post_form(
            form,
            page,
            values,
            token_name="form token",
            post_name="comment post",
        ) as posted:
            if posted.status_code in (301, 302, 303):
                posted.success()
                record(
                    "comments",
                    {"marker": marker, "page": page, "email": values["email"]},
                )
                self.client.get(
                    urljoin(page, posted.headers["Location"]), name="comment posted"
                )
            elif posted.status_code < 500:
                # Refused with a reason the visitor sees (rate limit, closed
                # comments): not accepted, and not a failure of the site.
                posted.success()
                record(
                    "comment_refusals",
                    {"marker": marker, "status": posted.status_code},
                )
            else:
                posted.failure(f"status {posted.status_code}")


class Buyer(Visitor):
    weight = 2

    @task(2)
    def read(self):
        self.browse()

    @task(1)
    def buy(self):
        try:
            self.buy_tickets()
        finally:
            self.new_identity()

    def buy_tickets(self):
        popular = PLAN["popular"]
        self.view(popular["event_url"], "event page")
        with self.client.get(
            popular["buy_url"], name="buy form", catch_response=True
        ) as response:
            if response.status_code != 200:
                # 409: sold out is shown on the form page too (200); a
                # refusal is not a failure, anything else is.
                if response.status_code >= 500:
                    response.failure(f"status {response.status_code}")
                else:
                    response.success()
                return
            form = form_posting_to(response.text, r"/billetter/kjop/\d+/")
        if form is None:
            # The form page without a form: sold out.
            record("order_refusals", {"status": 200, "reason": "no form"})
            return
        quantity = random.randint(1, 3)  # noqa: S311
        email = f"{self.person}-{uuid.uuid4().hex[:6]}@load.example"
        values = {
            "name": f"Lasttest {self.person[-6:]}",
            "email": email,
            f"quantity_{popular['category_id']}": str(quantity),
        }
        with self.post_form(
            form,
            popular["buy_url"],
            values,
            token_name="form token",
            post_name="buy post",
        ) as posted:
            if posted.status_code == 303:
                posted.success()
                checkout = posted.headers["Location"]
            elif posted.status_code < 500:
                posted.success()
                record(
                    "order_refusals",
                    {"status": posted.status_code, "email": email},
                )
                return
            else:
                posted.failure(f"status {posted.status_code}")
                return
        session = checkout.rstrip("/").rsplit("/", 1)[-1]
        order = {"session": session, "email": email, "quantity": quantity}
        record("orders", order)
        # The buyer looks at Checkout's page and pays.
        self.client.get(checkout, name="stand-in: checkout page")
        with self.client.post(
            checkout, name="stand-in: pay", allow_redirects=False, catch_response=True
        ) as paid:
            if paid.status_code != 303:
                paid.failure(f"status {paid.status_code}")
                return
            order["paid"] = True
            back = paid.headers["Location"]
        # Back on the site: the order page (it asks Stripe when the webhook
        # has not come yet).
        order["order_url"] = urlsplit(back).path
        self.view(order["order_url"], "order page")


class Subscriber(Visitor):
    weight = 1

    @task(2)
    def read(self):
        self.browse()

    @task(1)
    def subscribe(self):
        try:
            self.sign_up()
        finally:
            self.new_identity()

    def sign_up(self):
        if not PLAN.get("newsletter"):
            return
        page = PLAN["newsletter"]
        response = self.view(page, "newsletter page")
        if response.status_code != 200:
            return
        form = form_posting_to(response.text, r"/nyhetsbrev/$")
        if form is None:
            response.failure("no sign-up form")
            return
        email = f"{self.person}-{uuid.uuid4().hex[:6]}@load.example"
        values = {"email": email, "name": f"Lasttest {self.person[-6:]}"}
        for name in form["required"] & form["checkboxes"]:
            values[name] = "on"
        with self.post_form(
            form, page, values, token_name="form token", post_name="newsletter post"
        ) as posted:
            if posted.status_code in (301, 302, 303):
                posted.success()
                record("subscribers", {"email": email})
                self.client.get(
                    urljoin(page, posted.headers["Location"]),
                    name="newsletter check mail",
                )
            elif posted.status_code < 500:
                posted.success()
                record(
                    "subscribe_refusals",
                    {"email": email, "status": posted.status_code},
                )
            else:
                posted.failure(f"status {posted.status_code}")


class FastBrowser(PageViews, FastHttpUser):
    """A reader only, on locust's faster HTTP client, for the throughput
    figures (run.py --figures names it; the mixed run does not use it):
    with ``LOAD_WAIT=0,0`` it reads as fast as the site answers."""

    wait_time = think_time()

    def on_start(self):
        self.headers = {
            "X-Forwarded-For": new_address(),
            "Accept-Language": "nb,en;q=0.5",
            "User-Agent": f"venue-load/{RUN_ID} (locust)",
        }

    @task
    def read(self):
        self.browse()
