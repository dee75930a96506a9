"""The halls and genres in Wagtail's admin (snippet viewsets, grouped under
Programme). Registered in wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Genre, Hall


class HallViewSet(SnippetViewSet):
    """Halls and their seats. No ``search_fields`` here: on SQLite, Wagtail's
    search backend cannot restrict a search to named fields (the admin
    search was a server error); the model's own index searches the name."""

    model = Hall
    icon = "home"
    list_display = ["name", "capacity"]


class GenreViewSet(SnippetViewSet):
    """Genres the programme filters by (no ``search_fields``: see halls)."""

    model = Genre
    icon = "tag"
    list_display = ["name", "slug"]


class ProgrammeViewSetGroup(SnippetViewSetGroup):
    items = (HallViewSet, GenreViewSet)
    menu_icon = "date"
    menu_label = _("Programme")
    menu_name = "programme"
