"""Hostile requests against every public address of the demo site find no
server error: overlong and badly encoded paths and query strings, NUL
bytes, odd methods, junk headers and cookies, disallowed hosts, garbage in
the filters and in every form. Each answer is a clean 2xx, 3xx or 4xx, and
Django's test client raises nothing (it re-raises what a view raises).

The crawl follows links from the home page and the addresses that are not
linked (forms' targets, feeds); the hostile requests go to two addresses of
each kind of page (kinds told apart by the view and template that answered),
so the run stays short while every page type is covered."""

import re
import time
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from privacy import cookies
from privacy.conf import conf as privacy_conf

from ..factories import UserFactory
from .site_urls import public_urls

CRAWL_LIMIT = 400
PER_KIND = 2
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/dokumenter/")

LONG = "x" * 20_000
HOSTILE_QUERIES = [
    "?" + "a=" + LONG,
    "?q=%ff%fe&neste=%ff&next=%c0%af",
    "?%ff%fe=%c0%af&%00=%00",
    "?q=%00&sjanger=%00&maned=%00&side=%00",
    "?sjanger=" + "x" * 5_000 + "&maned=9999-99&side=-1",
    "?side=99999999999999999999999999999&maned=-2024-01",
    "?side=0",
    "?side=abc",
    "?side=1e9",
    "?side=%ef%bf%bd",
    "?maned=2024-13&sjanger[]=a&sjanger=b",
    "?maned=0000-00",
    "?maned=2024-02-30T00:00",
    "?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "?neste=//evil.example/&next=javascript:alert(1)",
    "?"
    + "&".join(f"p{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)),
    "?a=%",
    "?a=%%%%%",
]
HOSTILE_PATH_SUFFIXES = [
    "x" * 4_000 + "/",
    "%ff%fe/",
    "%00/",
    "..%2f..%2fetc%2fpasswd",
    "%c0%ae%c0%ae/",
    "kalender.ics%00",
    "arkiv/?side=-1",
    "%E2%80%AE/",
]
ODD_METHODS = ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "POST"]


def forged_consent():
    """A consent cookie of the right shape for a record that never was."""
    version = cookies.cookie_list_version()
    return f"{'ab' * 16}.11.{version}.{int(time.time())}"


def hostile_headers():
    consent = privacy_conf.CONSENT_COOKIE_NAME
    language = settings.LANGUAGE_COOKIE_NAME
    session = settings.SESSION_COOKIE_NAME
    return [
        {"HTTP_ACCEPT_LANGUAGE": "x" * 5_000},
        {"HTTP_ACCEPT_LANGUAGE": "*;q=abc, ,;;, nb-NO;q=2, ../../etc, \x00"},
        {"HTTP_COOKIE": f"{consent}={forged_consent()}"},
        {"HTTP_COOKIE": f"{consent}=forged.22.zz.-1; {language}=../../etc"},
        {"HTTP_COOKIE": f"{language}={'x' * 4_000}; {consent}={'%ff' * 100}"},
        {"HTTP_COOKIE": f"{language}=en\x00; {session}={'a' * 32}; csrftoken=short"},
        {"HTTP_COOKIE": ";;;==;=x;\x7f\xff=\xff; comment_remember=%ff%00"},
        {"HTTP_X_FORWARDED_FOR": "garbage, , 999.1.1.1", "HTTP_X_FORWARDED_PROTO": "x"},
        {"HTTP_IF_MODIFIED_SINCE": "garbage", "HTTP_IF_NONE_MATCH": '"' * 100},
        {"HTTP_RANGE": "bytes=99999999999-1"},
        # An allowed host on a port that cannot be (Django checks the name).
        {"HTTP_HOST": "127.0.0.1:99999"},
        {"HTTP_USER_AGENT": "\x00" * 10 + "x" * 10_000},
        {"HTTP_REFERER": "%ff" * 1_000},
        {"HTTP_ACCEPT": "application/json;q=\x00, */*;q=-1"},
    ]


DISALLOWED_HOSTS = [
    "evil.example",
    "[::1",
    "testserver\x00",
    "test_server",
    "x" * 300,
    "testserver:80:80",
]


class LinkParser(HTMLParser):
    """Links and forms on a page: ``links`` (hrefs) and ``forms`` (action,
    method, field names)."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action") or "",
                    "method": (attrs.get("method") or "get").lower(),
                    "fields": set(),
                }
            )
        elif tag in ("input", "textarea", "select") and self.forms:
            if attrs.get("name"):
                self.forms[-1]["fields"].add(attrs["name"])


def internal(href, base):
    if href.startswith(("mailto:", "tel:", "#", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.netloc and parts.netloc != "testserver":
        return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/"):
        return None
    if path.startswith(SKIPPED_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def view_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return "?"


def repeated(url, seen):
    """A language switch link is the same redirect on every page: following
    it from the first page is enough."""
    path = urlsplit(url).path
    return path.startswith("/sprak/") and any(
        urlsplit(other).path == path for other in seen
    )


def kind_of(url, response):
    """The view and the page's template: the one the response was made with
    (a page may render a part of itself first, as the programme does)."""
    view = view_name(url)
    own = getattr(response, "template_name", None)
    if isinstance(own, list | tuple):
        own = own[0] if own else None
    templates = [own] if isinstance(own, str) else []
    templates += [t.name for t in response.templates if t.name]
    return f"{view} {templates[0] if templates else response.get('Content-Type')}"


class Failures:
    def __init__(self):
        self.items = []

    def check(self, what, response):
        if response.status_code >= 500:
            self.items.append(f"{response.status_code} for {what}")

    def __bool__(self):
        return bool(self.items)


def short(text, limit=120):
    text = repr(text)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


@pytest.fixture(scope="module")
def crawl(demo_content, django_db_blocker):
    """``{kind: [urls]}`` and the forms found, from a crawl of the site as
    an anonymous visitor."""
    with django_db_blocker.unblock():
        client = Client()
        seeds = ["/", *public_urls().values()]
        queue, seen = list(dict.fromkeys(seeds)), set()
        kinds, forms, errors = defaultdict(list), {}, []
        while queue and len(seen) < CRAWL_LIMIT:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code >= 500:
                errors.append(f"{response.status_code} for GET {url}")
            if response.status_code in (301, 302, 303):
                location = internal(response["Location"], url)
                if location and location not in seen:
                    queue.append(location)
                continue
            kinds[kind_of(url, response)].append(url)
            if "html" not in response.get("Content-Type", ""):
                continue
            parser = LinkParser()
            parser.feed(response.content.decode("utf-8", "replace"))
            for href in parser.links:
                target = internal(href, url)
                if target and target not in seen and not repeated(target, seen):
                    queue.append(target)
            for form in parser.forms:
                action = internal(form["action"], url) or urlsplit(url).path
                if form["method"] == "post":
                    # One form of each kind (each page's comment form is
                    # the same view).
                    view = view_name(action)
                    forms.setdefault(view, (action, set()))[1].update(form["fields"])
    return {
        "kinds": dict(kinds),
        "forms": dict(forms.values()),
        "errors": errors,
        "seen": seen,
    }


@pytest.fixture(scope="module")
def sample(crawl):
    """Up to PER_KIND addresses of each kind of page, the paths only."""
    urls = []
    for addresses in crawl["kinds"].values():
        urls += addresses[:PER_KIND]
    return urls


def test_the_crawl_reaches_every_kind_of_page_without_a_server_error(demo, crawl):
    assert crawl["errors"] == []
    kinds = " ".join(crawl["kinds"])
    for template in (
        "home/home_page.html",
        "home/standard_page.html",
        "home/article_index_page.html",
        "home/article_page.html",
        "events/event_index_page.html",
        "events/event_page.html",
        "events/event_archive_page.html",
        "home/contact_page.html",
        "privacy/privacy_policy_page.html",
        "privacy/request_form.html",
        "privacy/cookie_settings.html",
        "home/search.html",
        "404.html",
    ):
        assert template in kinds, f"The crawl never reached {template}"
    assert "events:calendar" in kinds
    assert "tickets:buy" in kinds
    assert len(crawl["seen"]) > 40
    assert {"comments:post", "privacy:consent", "account_login"} <= {
        view_name(action) for action in crawl["forms"]
    }


@pytest.mark.parametrize(
    "query", ['"jazz', 'jazz"', '"', "jazz\x00", "\x00", "\x1b[31m", '"\x00"*']
)
def test_search_takes_quotes_and_control_characters(demo, client, query):
    """A stray double quote broke the SQLite search backend's query and a
    NUL breaks PostgreSQL's: both were server errors."""
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200
    both = client.get("/sok/", {"q": query + " konsert"})
    assert both.status_code == 200


def test_hostile_query_strings_get_no_server_error(demo, sample):
    client, failures = Client(), Failures()
    for url in sample:
        path = urlsplit(url).path
        for query in HOSTILE_QUERIES:
            failures.check(f"GET {path}{short(query)}", client.get(path + query))
    assert not failures, "\n".join(failures.items)


def test_hostile_paths_get_no_server_error(demo, sample):
    client, failures = Client(), Failures()
    for url in sample:
        path = urlsplit(url).path
        if not path.endswith("/"):
            path += "/"
        for suffix in HOSTILE_PATH_SUFFIXES:
            failures.check(f"GET {short(path + suffix)}", client.get(path + suffix))
    for path in (
        "/" + "a" * 10_000,
        "/%ff/%fe/",
        "/\x00/",
        "//evil.example/",
        "/./../",
    ):
        failures.check(f"GET {short(path)}", client.get(path))
    assert not failures, "\n".join(failures.items)


def test_odd_methods_get_no_server_error(demo, sample):
    client, failures = Client(), Failures()
    for url in sample:
        for method in ODD_METHODS:
            response = client.generic(
                method, url, b"\xff\xfe\x00junk", content_type="text/plain"
            )
            failures.check(f"{method} {url}", response)
        # A multipart body without its boundary.
        response = client.generic(
            "POST", url, b"--x\r\n\r\n", content_type="multipart/form-data"
        )
        failures.check(f"POST {url} (multipart without boundary)", response)
    assert not failures, "\n".join(failures.items)


def test_junk_headers_and_cookies_get_no_server_error(demo, sample):
    failures = Failures()
    for url in sample:
        for headers in hostile_headers():
            # A fresh client each time: the test client keeps cookies.
            response = Client().get(url, **headers)
            failures.check(f"GET {url} with {short(headers)}", response)
    assert not failures, "\n".join(failures.items)


@pytest.mark.parametrize("host", DISALLOWED_HOSTS)
def test_a_disallowed_host_is_refused_with_400(demo, host):
    for url in ("/", "/arrangementer/", "/konto/login/", "/helse/"):
        response = Client().get(url, HTTP_HOST=host)
        assert response.status_code == 400, (url, response.status_code)


GARBAGE_VALUES = [
    "",
    "x" * 100_000,
    "\x00",
    "-1",
    "99999999999999999999999999",
    "%ff%fe",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    "<script>alert(1)</script>",
    "2024-13-45",
    "on",
]


def test_every_form_takes_garbage_without_a_server_error(demo, crawl):
    """Every form the crawl found, posted with each garbage value in every
    field (the test client does not check CSRF tokens, so the views see
    it all); and with no fields at all."""
    client, failures = Client(), Failures()
    assert crawl["forms"], "The crawl found no forms."
    for action, fields in sorted(crawl["forms"].items()):
        fields = sorted(fields | {"next", "neste"})
        failures.check(f"POST {action} (empty)", client.post(action, {}))
        for value in GARBAGE_VALUES:
            data = dict.fromkeys(fields, value)
            response = client.post(action, data)
            failures.check(
                f"POST {action} with {short(value, 40)} in {fields}", response
            )
        # Repeated fields, and raw bytes that are not UTF-8.
        response = client.post(
            action,
            "&".join(f"{field}=%ff%fe&{field}=2" for field in fields),
            content_type="application/x-www-form-urlencoded",
        )
        failures.check(f"POST {action} with raw %ff%fe", response)
    assert not failures, "\n".join(failures.items)


def test_known_filter_parameters_take_garbage(demo):
    """The programme's genre, month and page parameters, one at a time and
    mixed, on the programme and the archive."""
    client, failures = Client(), Failures()
    values = ["", "-1", "0", "99999999999999999999", "abc", "%ff", "%00", "2024-00"]
    for path in ("/arrangementer/", "/arrangementer/arkiv/", "/aktuelt/", "/sok/"):
        for name in ("sjanger", "maned", "side", "q"):
            for value in values:
                failures.check(
                    f"GET {path}?{name}={value}", client.get(f"{path}?{name}={value}")
                )
    assert not failures, "\n".join(failures.items)


def test_a_forged_consent_cookie_is_ignored(demo):
    """A cookie of the right shape for a record that does not exist changes
    nothing: the page is the same as for a visitor without one."""
    plain = Client().get("/")
    forged = Client()
    forged.cookies[privacy_conf.CONSENT_COOKIE_NAME] = forged_consent()
    response = forged.get("/")
    assert response.status_code == 200
    assert re.sub(rb"\s+", b" ", response.content) == re.sub(
        rb"\s+", b" ", plain.content
    )


@pytest.mark.parametrize("target", ["on", "-1", "account_login", "x" * 500])
def test_a_bare_word_for_next_after_a_cookie_choice_goes_to_the_cookie_page(
    demo, client, target
):
    """redirect() reads a bare word as a view name: ``next=on`` was a server
    error. Only a path on the site is followed."""
    response = client.post(
        "/personvern/samtykke/", {"choice": "necessary", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/personvern/informasjonskapsler/"


def test_a_bare_word_for_next_in_the_comment_moderation_goes_to_the_list(demo, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/comments/bulk/", {"action": "publish", "ids": [], "next": "publish"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/comments/comment/"
