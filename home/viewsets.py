"""The site texts in Wagtail's admin (a snippet viewset, under Snippets).
Registered in wagtail_hooks.py."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SiteTexts


class SiteTextsViewSet(SnippetViewSet):
    """The opening hours and known barriers, one set per language; the
    English set is made with wagtail-localize's Translate."""

    model = SiteTexts
    icon = "doc-full"
    list_display = ["__str__", "opening_hours"]
    # A copy would be a second set in the same language, which is refused.
    copy_view_enabled = False
