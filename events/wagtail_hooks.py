from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_scheduling
from .models import Genre, Hall, Performance


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


register_snippet(ProgrammeViewSetGroup)


class ProgrammePanel(Component):
    """The dashboard's view of the programme: how many performances are
    coming, how many are sold out, cancelled or postponed, and the next
    few, so editors see the state of the season at a glance."""

    name = "programme"
    order = 110
    template_name = "events/admin/programme_panel.html"

    def get_context_data(self, parent_context=None):
        upcoming = Performance.objects.upcoming()
        counts = dict(
            upcoming.values_list("status").annotate(count=Count("pk")).order_by()
        )
        return {
            "total": sum(counts.values()),
            "counts": [
                (label, counts.get(value, 0))
                for value, label in Performance.Status.choices
            ],
            "next_performances": upcoming.select_related("event", "hall").order_by(
                "start"
            )[:5],
        }


@hooks.register("construct_homepage_panels")
def add_programme_panel(request, panels):
    panels.append(ProgrammePanel())


@hooks.register("register_admin_urls")
def register_scheduling_urls():
    return admin_scheduling.urlpatterns()


@hooks.register("register_page_header_buttons")
def scheduling_header_buttons(page, user, view_name=None, next_url=None):
    return admin_scheduling.buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def scheduling_listing_buttons(page, user, next_url=None):
    return admin_scheduling.buttons(page, user)
