from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Genre, Hall


class HallViewSet(SnippetViewSet):
    model = Hall
    icon = "home"
    list_display = ["name", "capacity"]
    search_fields = ["name"]


class GenreViewSet(SnippetViewSet):
    model = Genre
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ProgrammeViewSetGroup(SnippetViewSetGroup):
    items = (HallViewSet, GenreViewSet)
    menu_icon = "date"
    menu_label = _("Programme")
    menu_name = "programme"


register_snippet(ProgrammeViewSetGroup)
