"""Serving a page in few queries.

Wagtail finds the site, then walks the page tree one level at a time (a
query for each child and another for its specific type), then checks view
restrictions on the page and its ancestors (two more). For a site whose
tree changes only when an editor publishes, all of that can be remembered
per cache generation (home/cache.py), which every publish, move, unpublish
and restriction change renews:

- the Site for a host, with its root page;
- the page at a URL path (its id and type), so a page is one query;
- whether any view restriction exists at all; while none does, there is
  nothing to check, and listings need no ``.public()`` filter.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from wagtail.models import Page, PageViewRestriction, Site

from .cache import cached_for_generation


class CachedSiteMiddleware:
    """Gives Wagtail the request's Site from the cache (Wagtail keeps it on
    ``request._wagtail_site``), with its root page already specific."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request._get_raw_host()
        port = request.get_port()
        key = f"site:{host}:{port}"

        def produce():
            site = Site._find_for_request(request)
            if site is not None:
                site.root_page.specific  # noqa: B018 - cached on the instance
            return site or False

        try:
            site = cached_for_generation(key, produce)
        except DatabaseError:
            # Without a database, leave it to the view: the health check
            # must still answer (503), and pages fail as they would anyway.
            return self.get_response(request)
        request._wagtail_site = site or None
        return self.get_response(request)


def any_view_restrictions():
    return cached_for_generation(
        "any-view-restrictions", PageViewRestriction.objects.exists
    )


def public(queryset):
    """``queryset.public()``, skipped (saving a query) while no page has a
    view restriction."""
    return queryset.public() if any_view_restrictions() else queryset


class FastServingMixin:
    """For page models: route to descendants by URL path in one query, and
    skip the view-restriction queries while there are none."""

    #: Related objects a page of this type shows, fetched with it.
    route_select_related = ()

    def route(self, request, path_components):
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            target = cached_for_generation(
                f"route:{url_path}",
                lambda: live_page_key(url_path),
            )
            if target:
                page_id, content_type_id = target
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                page = None
                if issubclass(model, FastServingMixin):
                    page = (
                        model.objects.select_related(*model.route_select_related)
                        .filter(pk=page_id, live=True)
                        .first()
                    )
                if page is not None:
                    return page.route(request, [])
        return super().route(request, path_components)

    def get_view_restrictions(self):
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


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
