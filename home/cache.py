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

The same responses may be kept by the front proxy (nginx in site/): they are
sent with ``Cache-Control: public, max-age=0, s-maxage=PROXY_CACHE_SECONDS``
and an ETag of their content, so the proxy keeps them a few seconds and then
asks again with ``If-None-Match``; the answer is a 304 (from this cache, no
rendering) while the page has not changed. Browsers ask every time and get
the 304 too. Every other response to a signed-in visitor is marked private.
Whether a visitor is signed in is told to the page's scripts by a cookie
(:class:`SignedInCookieMiddleware`), not by the HTML, which is the same for
every visitor.

Things every page shows (menu, venue settings, the site) are remembered per
generation too, with :func:`cached_for_generation`: in the shared cache and,
for speed, in the process, so that a request reads the generation once from
the shared cache and everything else from memory."""

import hashlib
import re
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

GENERATION_KEY = "page-cache:generation"
EXCLUDED_PREFIXES = ("/admin/", "/konto/", "/helse/", "/sprak/", "/dokumenter/")


LOCAL_VALUES_MAX = 2000

# The generation a request started with, read once per request.
_request_generation = ContextVar("page_cache_generation", default=None)
# Values of cached_for_generation for one generation, kept in the process.
_local = {"generation": None, "values": {}}


def invalidate_page_cache(**kwargs):
    """Start a new generation, so every cached page is rendered afresh.

    Accepts and ignores signal arguments so it can be connected directly.
    Called inside a transaction (Wagtail publishes in one), it starts another
    generation when the transaction commits: a page rendered in between, from
    the data before the commit, must not be served under the new one."""
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_generation)


def _new_generation():
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


def cached_for_generation(name, produce, timeout=None, fresh=None):
    """``produce()``'s value, computed once per cache generation: for things
    every page shows (menu, venue settings) that change only when something
    is published or saved. ``fresh(value)``, when given, says whether a kept
    value still holds (for what also changes with time, such as the next
    performances); a stale one is produced again."""
    generation = current_generation()
    if _local["generation"] != generation or len(_local["values"]) > LOCAL_VALUES_MAX:
        _local["generation"], _local["values"] = generation, {}
    values = _local["values"]
    if name in values and (fresh is None or fresh(values[name])):
        return values[name]
    key = f"page-cache:{generation}:{name}"
    value = cache.get(key)
    if value is None or (fresh is not None and not fresh(value)):
        value = produce()
        cache.set(key, value, timeout or settings.PAGE_CACHE_SECONDS or 60)
    values[name] = value
    return value


def cached_until(name, produce):
    """For what also changes with time: ``produce()`` returns ``(until,
    value)``, and ``value`` is kept for the generation and until ``until``
    (a datetime, read when it is produced, or None for the whole
    generation), e.g. the start of the next performance shown. Returns
    ``value``."""
    _until, value = cached_for_generation(name, produce, fresh=_still_true)
    return value


def _still_true(kept):
    until, _value = kept
    return until is None or timezone.now() < until


def key_digest(text):
    """A short, plain stand-in for ``text`` in a cache key: what visitors send
    (paths, hosts, queries) can be long and hold any character."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cache_key(request):
    path = hashlib.sha256(
        request.get_full_path().encode("utf-8", "surrogateescape")
    ).hexdigest()
    return (
        f"page-cache:{current_generation()}:{request.LANGUAGE_CODE}:"
        f"{request.get_host()}:{request.method}:{path}"
    )


def request_is_cacheable(request):
    """Whether the answer to ``request`` may be the same for everyone."""
    return (
        request.method in ("GET", "HEAD")
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
        store = settings.PAGE_CACHE_SECONDS > 0
        key = cache_key(request) if store else None
        stored = cache.get(key) if store else None
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if not response_is_cacheable(request, response):
                return response
            # A view may say how long its answer stays true (s-maxage, e.g.
            # a status read every second); it is kept no longer than that.
            own_seconds = shared_seconds(response)
            mark_shared(response, seconds=own_seconds)
            if store:
                headers = [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in ("set-cookie", "x-page-cache")
                ]
                cache.set(
                    key,
                    (response.status_code, headers, response.content),
                    min(settings.PAGE_CACHE_SECONDS, own_seconds)
                    if own_seconds is not None
                    else settings.PAGE_CACHE_SECONDS,
                )
                response["X-Page-Cache"] = "miss"
        conditional = get_conditional_response(
            request, etag=response.get("ETag"), response=response
        )
        if conditional is not response and "X-Page-Cache" in response:
            # A 304 updates the copy the browser or proxy has, this too.
            conditional["X-Page-Cache"] = response["X-Page-Cache"]
        return conditional


def shared_seconds(response):
    """The ``s-maxage`` the view set itself, or None."""
    match = re.search(r"\bs-maxage=(\d+)", response.get("Cache-Control", ""))
    return int(match.group(1)) if match else None


def mark_shared(response, seconds=None):
    """An ETag of the content and, when a front proxy may keep the page
    (``PROXY_CACHE_SECONDS``, or ``seconds`` when the view chose fewer), the
    Cache-Control that lets it: browsers ask again every time
    (``max-age=0``), the proxy after ``s-maxage``."""
    digest = hashlib.sha256(response.content).hexdigest()[:32]
    response["ETag"] = f'"{digest}"'
    seconds = (
        getattr(settings, "PROXY_CACHE_SECONDS", 0) if seconds is None else seconds
    )
    if seconds > 0:
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)


SIGNED_IN_COOKIE_NAME = "innlogget"


class SignedInCookieMiddleware:
    """Tells the page's scripts whether the visitor is signed in, and keeps
    what a signed-in visitor is sent out of shared caches.

    The header's "Log in" / "My page" link is the same HTML for everyone;
    static/js/account-link.js shows "My page" while the cookie
    ``innlogget`` (readable by scripts, holding nothing but ``1``) is there.
    It is set on a response to a signed-in visitor and removed once the
    visitor is signed out, and lives as long as the session cookie. A
    response to a signed-in visitor that says nothing about caching is
    marked ``private``.

    Sits after AuthenticationMiddleware. Looks at the user only when the
    request has a session or the cookie, or the view changed the session
    (signing in): anonymous page views cost nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if not (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or SIGNED_IN_COOKIE_NAME in request.COOKIES
            or (session is not None and session.modified)
        ):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in:
            if "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_cache=True)
            # Set at sign-in, and again whenever the session cookie is (a
            # "remember me" session is extended), so both end together.
            if (
                SIGNED_IN_COOKIE_NAME not in request.COOKIES
                or settings.SESSION_COOKIE_NAME in response.cookies
            ):
                self.set_cookie(request, response)
        elif SIGNED_IN_COOKIE_NAME in request.COOKIES:
            response.delete_cookie(
                SIGNED_IN_COOKIE_NAME, samesite=settings.SESSION_COOKIE_SAMESITE
            )
        return response

    @staticmethod
    def set_cookie(request, response):
        session = request.session
        if session.get_expire_at_browser_close():
            max_age = None
        else:
            max_age = session.get_expiry_age()
        response.set_cookie(
            SIGNED_IN_COOKIE_NAME,
            "1",
            max_age=max_age,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=False,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
