"""Publishing purges the front proxy's copies: the page and the listings
above it, for every language and host name, once the change is committed,
through Wagtail's frontend-cache invalidation and NginxPurgeBackend. A
stand-in for nginx's purge location records what it is sent."""

import logging
from http.server import BaseHTTPRequestHandler

import pytest

from home.frontend_cache import NginxPurgeBackend, urls_from

from ..factories import EventPageFactory, StandardPageFactory
from ..standins import StandInServer, serving

pytestmark = pytest.mark.django_db

HOSTS = ["kulturhus.example", "www.kulturhus.example"]


class Recorder(BaseHTTPRequestHandler):
    """Answers PURGE as nginx's cache-purge module does: 200 for a URL in
    ``cached`` (and forgets it), 404 otherwise."""

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        language = self.headers.get("Cookie", "").removeprefix("sprak=")
        entry = (self.headers["Host"], language, self.path)
        self.server.requests.append(entry)
        found = entry in self.server.cached
        self.server.cached.discard(entry)
        self.send_response(200 if found else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    server = StandInServer(Recorder)
    server.requests = []
    server.cached = set()
    with serving(server):
        yield server


@pytest.fixture
def purging(settings, proxy):
    """The site configured as site/cluster.sh configures it."""
    host, port = proxy.server_address
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "home.frontend_cache.NginxPurgeBackend",
            "LOCATION": f"http://{host}:{port}/__purge",
            "HOSTS": HOSTS,
        }
    }
    return proxy


def purged_paths(proxy):
    return {path.removeprefix("/__purge") for _host, _language, path in proxy.requests}


def test_publishing_purges_the_page_and_its_listings_in_every_language_and_host(
    purging, event_index, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=event_index, title="Jazzkveld", slug="jazzkveld")
    purging.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Jazzkveld med gjester"
        event.save_revision().publish()
    assert purged_paths(purging) == {
        event.url,
        event_index.url,
        "/",
    }
    for path in (event.url, event_index.url, "/"):
        sent = {
            (host, language)
            for host, language, purged in purging.requests
            if purged == "/__purge" + path
        }
        assert sent == {(h, lang) for h in HOSTS for lang in ("nb", "en")}


def test_nothing_is_purged_before_the_commit(
    purging, home_page, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home_page, title="Om huset", slug="om-huset")
    purging.requests.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page.save_revision().publish()
        assert purging.requests == []
    assert callbacks
    for callback in callbacks:
        callback()
    assert purged_paths(purging) == {"/om-huset/", "/"}


def test_unpublishing_purges_the_page_and_its_listings(
    purging, event_index, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=event_index, slug="avlyst")
    purging.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.unpublish()
    assert purged_paths(purging) == {"/arrangementer/avlyst/", event_index.url, "/"}


def test_moving_purges_the_old_place_and_the_new(
    purging, home_page, event_index, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=event_index, title="Om", slug="om")
    purging.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.move(home_page, pos="last-child")
    assert purged_paths(purging) == {"/arrangementer/om/", event_index.url, "/", "/om/"}


def test_deleting_purges_the_page_and_its_listings(
    purging, event_index, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=event_index, slug="borte")
    purging.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert "/arrangementer/borte/" in purged_paths(purging)
    assert {event_index.url, "/"} <= purged_paths(purging)


def test_without_a_proxy_no_purge_is_queued(
    settings, home_page, monkeypatch, django_capture_on_commit_callbacks
):
    assert not getattr(settings, "WAGTAILFRONTENDCACHE", None)
    queued = []
    monkeypatch.setattr(
        "home.frontend_cache.purge_urls_from_cache", lambda urls: queued.append(urls)
    )
    page = StandardPageFactory(parent=home_page, slug="om-huset")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        page.unpublish()
    assert queued == []


def test_a_purged_copy_is_gone_and_a_missing_one_is_no_error(purging, caplog):
    host, port = purging.server_address
    backend = NginxPurgeBackend(
        {
            "LOCATION": f"http://{host}:{port}/__purge",
            "HOSTS": ["kulturhus.example"],
        }
    )
    purging.cached.add(("kulturhus.example", "en", "/__purge/om-huset/"))
    with caplog.at_level(logging.ERROR, logger="home.frontend_cache"):
        backend.purge("http://localhost/om-huset/")
        backend.purge("http://localhost/om-huset/")
    assert purging.cached == set()
    assert len(purging.requests) == 4
    assert caplog.records == []


def test_a_proxy_that_is_down_is_logged_and_the_rest_goes_on(caplog):
    backend = NginxPurgeBackend(
        {
            # A port nothing listens on (the stand-in is not started here).
            "LOCATION": "http://127.0.0.1:9/__purge",
            "HOSTS": ["kulturhus.example"],
            "TIMEOUT": 1,
        }
    )
    with caplog.at_level(logging.ERROR, logger="home.frontend_cache"):
        backend.purge("http://localhost/om-huset/")
    assert len(caplog.records) == 2
    assert "Could not purge /om-huset/" in caplog.records[0].getMessage()


def test_host_names_that_are_patterns_are_left_out():
    backend = NginxPurgeBackend(
        {
            "LOCATION": "http://127.0.0.1:8080/__purge",
            "HOSTS": ["kulturhus.example", ".kulturhus.example", "*"],
        }
    )
    assert backend.hosts == ["kulturhus.example"]


def test_urls_are_the_page_and_every_page_above_it(home_page):
    urls = urls_from(home_page.url_path + "arrangementer/jazzkveld/")
    paths = [url.split("://", 1)[1].split("/", 1)[1] for url in urls]
    assert paths == ["arrangementer/jazzkveld/", "arrangementer/", ""]
    assert urls_from("/other-root/page/") == []
