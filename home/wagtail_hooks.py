"""The home app's admin additions: translation marks in the page explorer
and the dashboard's count of missing and outdated translations
(dashboard.py, on home/translation_status.py), and the site texts'
snippet (viewsets.py)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import translation_status
from .dashboard import TranslationsPanel
from .viewsets import SiteTextsViewSet

register_snippet(SiteTextsViewSet)


@hooks.register("construct_explorer_page_queryset")
def mark_translations(parent_page, pages, request):
    """Each row of the explorer knows, from the same query, whether the page
    lacks a translation or has one out of date (the status cell shows it:
    templates/wagtailadmin/pages/listing/_page_status_cell.html)."""
    return translation_status.annotate(pages)


@hooks.register("construct_homepage_panels")
def add_translations_panel(request, panels):
    panels.append(TranslationsPanel())
