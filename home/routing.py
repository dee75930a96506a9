"""Serving a page in few queries.

Wagtail finds the site, then walks the page tree one level at a time (a
query for each child and another for its specific type), then checks view
restrictions on the page and its ancestors (two more). For a site whose
tree changes only when an editor publishes, all of that can be remembered
per cache generation (home/cache.py), which every publish, move, unpublish
and restriction change renews:

- the Site for a host, with its root page;
- the page at a URL path: its id and type, and the live page itself, so
  serving a page reads no page from the database (each request gets its own
  copy, unpickled, as a view may set attributes on its page);
- whether any view restriction exists at all; while none does, there is
  nothing to check, and listings need no ``.public()`` filter.

Each language has its own tree (home/i18n.py): the Site's root page is the
home page of the request's language, so Wagtail's routing, the menus and
everything else that starts from the root stay in that language.
"""

import copy
import pickle

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from .cache import cached_for_generation, key_digest
from .i18n import language_of


class CachedSiteMiddleware:
    """Gives Wagtail the request's Site from the cache (Wagtail keeps it on
    ``request._wagtail_site``), with the root page of the active language,
    already specific (``root_pages`` holds the roots of every language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request._get_raw_host()
        port = request.get_port()
        # By digest: the Host header is the client's, of any length and
        # with any characters.
        key = f"site:{key_digest(f'{host}:{port}')}"

        def produce():
            site = Site._find_for_request(request)
            if site is None:
                return False
            site.root_pages = {
                language_of(root): root.specific
                for root in site.root_page.get_translations(inclusive=True)
            }
            # The specific page, so that Wagtail's routing asks it (not the
            # database) whether it is in the active language.
            site.root_page = next(
                root
                for root in site.root_pages.values()
                if root.pk == site.root_page_id
            )
            return site

        try:
            site = cached_for_generation(key, produce)
        except DatabaseError:
            # Without a database, leave it to the view: the health check
            # must still answer (503), and pages fail as they would anyway.
            return self.get_response(request)
        request._wagtail_site = localized_site(site) if site else None
        return self.get_response(request)


def localized_site(site):
    """A copy of ``site`` whose root page is the home page of the active
    language (the default language's while that has none)."""
    root = site.root_pages.get(translation.get_language())
    if root is None or root.pk == site.root_page_id:
        return site
    site = copy.copy(site)
    site.root_page = root
    return site


def any_view_restrictions():
    return cached_for_generation(
        "any-view-restrictions", PageViewRestriction.objects.exists
    )


def public(queryset):
    """``queryset.public()``, skipped (saving a query) while no page has a
    view restriction."""
    return queryset.public() if any_view_restrictions() else queryset


class FastServingMixin:
    """For page models: route to descendants by URL path from the cache, and
    skip the view-restriction queries while there are none."""

    @property
    def localized(self):
        """Wagtail's, without the query for the active locale when the page
        is already in the active language (the common case: the URL chose
        it)."""
        if language_of(self) == translation.get_language():
            return self
        return super().localized

    def route(self, request, path_components):
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            # By digest: a path may be long (Wagtail allows 255-character
            # slugs at every level) and cache keys should stay short.
            target = cached_for_generation(
                f"route:{key_digest(url_path)}", lambda: live_page_key(url_path)
            )
            if target:
                page_id, content_type_id = target
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                page = None
                if issubclass(model, FastServingMixin):
                    page = live_page(model, page_id)
                if page is not None:
                    return page.route(request, [])
        return super().route(request, path_components)

    def get_view_restrictions(self):
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def live_page(model, page_id):
    """The live page ``page_id`` of ``model``, or None: read once per
    generation, and a fresh copy for each call."""
    kept = cached_for_generation(
        f"live-page:{page_id}",
        lambda: pickle.dumps(
            model.objects.filter(pk=page_id, live=True).first(),
            pickle.HIGHEST_PROTOCOL,
        ),
    )
    return pickle.loads(kept)  # noqa: S301 (our own pickle, from our cache)


def live_page_key(url_path):
    """(id, content type id) of the live page at ``url_path``, or False
    (remembered too, so a path served by a routable page or a 404 costs its
    query once per generation at most)."""
    found = (
        Page.objects.filter(url_path=url_path, live=True)
        .values_list("pk", "content_type_id")
        .first()
    )
    return found or False
