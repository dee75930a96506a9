"""The terms of sale in Wagtail's admin (a snippet viewset, under
Snippets). Registered in wagtail_hooks.py."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import TermsOfSale


class TermsOfSaleViewSet(SnippetViewSet):
    """The terms of sale, one text per language; the English text is made
    with wagtail-localize's Translate."""

    model = TermsOfSale
    icon = "doc-full"
    list_display = ["__str__", "updated_at"]
    # A copy would be a second text in the same language, which is refused.
    copy_view_enabled = False
