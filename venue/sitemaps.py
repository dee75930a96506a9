"""The sitemap: Wagtail's pages in every language, and the views outside
the page tree that visitors read as pages (home.i18n.TRANSLATED_VIEWS), at
their address in each language."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.models import Page

from home.i18n import TRANSLATED_VIEWS, reverse_in
from tickets.models import TermsOfSale


class PagesSitemap(PageSitemap):
    """Wagtail's page sitemap over every language's tree: the site's root
    page and its translations, which are roots of their own (the English
    home at /en/), so Wagtail's own lists only the Norwegian pages."""

    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for tree in root.get_translations(inclusive=True).only("path"):
            trees |= Q(path__startswith=tree.path)
        return (
            Page.objects.filter(trees)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


class TranslatedViewsSitemap(Sitemap):
    """One entry per view and language (``/tilgjengelighet/`` and
    ``/en/accessibility/``, ...) on the host the sitemap was asked for, with
    when it last changed where that is known (the terms of sale)."""

    def __init__(self, request):
        self.request = request

    def items(self):
        return [
            (name, code)
            for name in sorted(TRANSLATED_VIEWS)
            for code, _language in settings.LANGUAGES
        ]

    def location(self, item):
        name, code = item
        return reverse_in(code, name)

    def lastmod(self, item):
        name, code = item
        if name == "terms_of_sale":
            return TermsOfSale.last_changed(code)
        return None

    def get_domain(self, site=None):
        return self.request.get_host()


def sitemap(request):
    """``/sitemap.xml``: the pages as Wagtail lists them, then the views."""
    return django_sitemap(
        request,
        {"pages": PagesSitemap, "views": TranslatedViewsSitemap(request)},
    )
