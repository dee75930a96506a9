"""A whole-page cache for anonymous visitors.

Anonymous visitors see the same HTML, so a rendered page is kept in the
Django cache and served again until something it shows changes. Rather than
tracking which page shows what (the home page lists events, every page shows
the venue settings), every change that can be seen on the site starts a new
*generation*: keys carry the generation, so older entries are never read
again and expire on their own.

A response is stored only when it is the same for everyone: a 200 to a GET
or HEAD without a session cookie, that sets no cookie (a page with a form
sets the CSRF cookie, so it is never stored) and does not ask to stay
private.

Things every page shows (menu, venue settings, the site) are remembered per
generation too, with :func:`cached_for_generation`: in the shared cache and,
for speed, in the process, so that a request reads the generation once from
the shared cache and everything else from memory."""

import hashlib
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

GENERATION_KEY = "page-cache:generation"
EXCLUDED_PREFIXES = ("/admin/", "/konto/", "/helse/", "/sprak/", "/dokumenter/")


LOCAL_VALUES_MAX = 2000

# The generation a request started with, read once per request.
_request_generation = ContextVar("page_cache_generation", default=None)
# Values of cached_for_generation for one generation, kept in the process.
_local = {"generation": None, "values": {}}


def invalidate_page_cache(**kwargs):
    """Start a new generation, so every cached page is rendered afresh.

    Accepts and ignores signal arguments so it can be connected directly."""
    generation = time.time_ns()
    cache.set(GENERATION_KEY, generation, timeout=None)
    if _request_generation.get() is not None:
        _request_generation.set(generation)


def current_generation():
    generation = _request_generation.get()
    if generation is not None:
        return generation
    return read_generation()


def read_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A missing counter (first start, or evicted) must never bring back
        # an older generation, so a new one starts from the clock.
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def cached_for_generation(name, produce, timeout=None):
    """``produce()``'s value, computed once per cache generation: for things
    every page shows (menu, venue settings) that change only when something
    is published or saved."""
    generation = current_generation()
    if _local["generation"] != generation or len(_local["values"]) > LOCAL_VALUES_MAX:
        _local["generation"], _local["values"] = generation, {}
    values = _local["values"]
    if name in values:
        return values[name]
    key = f"page-cache:{generation}:{name}"
    value = cache.get(key)
    if value is None:
        value = produce()
        cache.set(key, value, timeout or settings.PAGE_CACHE_SECONDS or 60)
    values[name] = value
    return value


def cache_key(request):
    path = hashlib.sha256(
        request.get_full_path().encode("utf-8", "surrogateescape")
    ).hexdigest()
    return (
        f"page-cache:{current_generation()}:{request.LANGUAGE_CODE}:"
        f"{request.get_host()}:{request.method}:{path}"
    )


def request_is_cacheable(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(EXCLUDED_PREFIXES)
    )


def response_is_cacheable(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
    )


class AnonymousPageCacheMiddleware:
    """Serves anonymous page views from the cache; see the module docstring.

    Sits after LocaleMiddleware (the language is part of the key) and before
    CsrfViewMiddleware (so a response that sets the CSRF cookie is seen as
    such)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_generation.set(read_generation())
        try:
            return self.serve(request)
        finally:
            _request_generation.reset(token)

    def serve(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", "x-page-cache")
            ]
            cache.set(
                key,
                (response.status_code, headers, response.content),
                settings.PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response
