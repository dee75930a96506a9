"""The front proxy's page cache (nginx, site/nginx.conf.template) and what
the site does for it.

nginx keeps the anonymous page views the site marks public (home/cache.py:
``Cache-Control: public, max-age=0, s-maxage=PROXY_CACHE_SECONDS`` and an
ETag) under a key of host, language and URL. Three things keep what it
serves right:

- **Language.** nginx works out the visitor's language from the language
  cookie, else the first of our languages in Accept-Language, puts it in the
  key and passes it on in a header (``PROXY_LANGUAGE_HEADER``);
  :class:`ProxyLocaleMiddleware` renders the page in exactly that language.
  Had the site decided by itself, a cookie nginx reads differently from
  Django (``sprak=no``) would store a Norwegian page under the English key.
- **Purges.** When a page is published, unpublished, moved or deleted, the
  page and the pages above it (the listings that show it: its index and the
  home page) are purged after the commit, for each language and host name,
  through Wagtail's frontend-cache invalidation (``purge_urls_from_cache``,
  which queues a task that uses :class:`NginxPurgeBackend`).
- **Revalidation.** Everything else that changes what a page shows (an
  approved comment, a snippet, the venue settings: a new page-cache
  generation) reaches the proxy within ``PROXY_CACHE_SECONDS``, when nginx
  asks again with ``If-None-Match`` and gets the new page, or a 304 when it
  has not changed. Debian's cache-purge module (2.3) has no wildcard purge,
  and purging every URL for each approved comment would cost far more than
  a revalidation of the pages visitors actually ask for.

Wagtail's ``wagtail.contrib.frontend_cache`` app is not installed: its
``ready()`` connects handlers that purge inside the publishing transaction,
before the commit, when nginx could fetch and keep the old page again. The
handlers here purge after the commit and include the listings."""

import functools
import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Site

from .i18n import TRANSLATED_VIEWS

logger = logging.getLogger(__name__)


# The views that serve content of a page tree, and the views read as pages:
# their URL says the language.
CONTENT_VIEWS = {"wagtail_serve", "events:calendar", *TRANSLATED_VIEWS}


class ProxyLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware for a site whose pages carry their language
    in the URL and whose other views (account, forms) follow the visitor.

    - A page, its calendar feed, or a view read as a page (the terms of
      sale, the accessibility statement) is in the language of its URL:
      English under ``/en/``, Norwegian without a prefix, whatever the
      visitor's cookie or browser asks (home/i18n.py).
    - Any other view speaks the visitor's language: behind the front proxy
      the one the proxy chose for its cache key (the request header named by
      ``PROXY_LANGUAGE_HEADER``), else the cookie or Accept-Language."""

    def process_request(self, request):
        language = content_language(request.path_info)
        if language is None:
            header = getattr(settings, "PROXY_LANGUAGE_HEADER", "")
            language = request.headers.get(header) if header else None
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def content_language(path):
    """The language of the page tree ``path`` serves from, or None when it
    is not a page's URL."""
    prefixed = translation.get_language_from_path(path)
    if prefixed:
        return prefixed
    # Without a prefix, the pages resolve only in the default language.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    return settings.LANGUAGE_CODE if match.view_name in CONTENT_VIEWS else None


class NginxPurgeBackend(HTTPBackend):
    """Wagtail's HTTP backend for nginx's cache-purge module: a ``PURGE``
    to ``LOCATION`` + the URL's path (nginx's purge location, e.g.
    ``http://127.0.0.1:8080/__purge``) for each host name visitors use
    (``HOSTS``; the page's own host when empty) and each language
    (``LANGUAGES``; all of the site's), since all of them are in nginx's
    cache key. A URL that is not in the cache (404) is fine; a proxy that
    does not answer within ``TIMEOUT`` seconds is logged and skipped: the
    page then refreshes at its next revalidation."""

    def __init__(self, params):
        params = dict(params)
        self.hosts = [
            host
            for host in params.pop("HOSTS", [])
            if host and not host.startswith((".", "*"))
        ]
        self.languages = list(
            params.pop("LANGUAGES", None)
            or [code for code, _name in settings.LANGUAGES]
        )
        self.timeout = params.pop("TIMEOUT", 5)
        self.location_path = urlsplit(params["LOCATION"]).path.rstrip("/")
        super().__init__(params)

    def purge(self, url):
        parts = urlsplit(url)
        for host in self.hosts or [parts.netloc]:
            for language in self.languages:
                self.purge_one(parts, host, language)

    def purge_one(self, parts, host, language):
        request = PurgeRequest(
            url=urlunsplit(
                (
                    self.cache_scheme,
                    self.cache_netloc,
                    self.location_path + (parts.path or "/"),
                    parts.query,
                    "",
                )
            ),
            headers={
                "Host": host,
                "Cookie": f"{settings.LANGUAGE_COOKIE_NAME}={language}",
                "User-Agent": f"Wagtail-frontendcache/{wagtail_version}",
            },
        )
        try:
            # The scheme is the configured LOCATION's, never a visitor's.
            with urlopen(request, timeout=self.timeout):  # noqa: S310
                pass
        except HTTPError as error:
            if error.code != 404:
                logger.error(
                    "Could not purge %s (%s, %s) from the proxy: HTTP %s",
                    parts.path,
                    host,
                    language,
                    error.code,
                )
        except (URLError, OSError) as error:
            logger.error(
                "Could not purge %s (%s, %s) from the proxy: %s",
                parts.path,
                host,
                language,
                getattr(error, "reason", error),
            )


def enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def urls_from(url_path):
    """Full URLs of the page at ``url_path`` (a Wagtail tree path such as
    ``/home/arrangementer/konsert/``) and of every page above it up to its
    site's root: the page and the listings that show it. Needs no page from
    the database, so it works for a deleted page and for the old place of a
    moved one."""
    urls = []
    for root in Site.get_site_root_paths():
        if not url_path.startswith(root.root_path):
            continue
        names = [name for name in url_path[len(root.root_path) :].split("/") if name]
        for depth in range(len(names), -1, -1):
            path = "".join(f"{name}/" for name in names[:depth])
            urls.append(f"{root.root_url}/{path}")
    return urls


def purge_on_commit(urls):
    if urls:
        transaction.on_commit(functools.partial(purge_urls_from_cache, sorted(urls)))


def purge_published(instance, **kwargs):
    """page_published: the page (with any extra paths it declares through
    ``get_cached_paths``) and the listings above it."""
    if not enabled():
        return
    urls = set(urls_from(instance.url_path))
    page_url = instance.get_full_url()
    if page_url:
        urls.update(
            page_url + path.lstrip("/")
            for path in instance.specific_deferred.get_cached_paths()
        )
    purge_on_commit(urls)


def purge_removed(instance, **kwargs):
    """page_unpublished, and a page deleted: its URL and the listings."""
    if enabled():
        purge_on_commit(set(urls_from(instance.url_path)))


def purge_moved(instance, url_path_before=None, url_path_after=None, **kwargs):
    """post_page_move: the old place and the new one, with their listings."""
    if not enabled():
        return
    urls = set(urls_from(url_path_after or instance.url_path))
    if url_path_before:
        urls.update(urls_from(url_path_before))
    purge_on_commit(urls)
