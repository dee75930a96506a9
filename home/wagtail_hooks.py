"""The home app's admin additions: translation marks in the page explorer
and the dashboard's count of missing and outdated translations
(home/translation_status.py)."""

from django.db.models import OuterRef, Subquery
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail_localize.models import TranslationSource

from . import translation_status

PANEL_LIMIT = 10


@hooks.register("construct_explorer_page_queryset")
def mark_translations(parent_page, pages, request):
    """Each row of the explorer knows, from the same query, whether the page
    lacks a translation or has one out of date (the status cell shows it:
    templates/wagtailadmin/pages/listing/_page_status_cell.html)."""
    return translation_status.annotate(pages)


class TranslationsPanel(Component):
    """The dashboard's count of Norwegian pages without an English
    translation and of translations behind their Norwegian source, with the
    first few of each linked to where the work is done (wagtail-localize's
    translate and sync screens). Four queries however many pages."""

    name = "translations"
    order = 120
    template_name = "home/admin/translations_panel.html"

    def get_context_data(self, parent_context=None):
        missing = translation_status.missing_translations()
        outdated = translation_status.outdated_translations().annotate(
            source_id=Subquery(
                TranslationSource.objects.filter(
                    object_id=OuterRef("translation_key"),
                    locale_id=OuterRef("locale_id"),
                ).values("pk")[:1]
            )
        )
        return {
            "missing_count": missing.count(),
            "missing": list(
                missing.order_by("path").values("pk", "title")[:PANEL_LIMIT]
            ),
            "outdated_count": outdated.count(),
            "outdated": list(
                outdated.order_by("path").values("pk", "title", "source_id")[
                    :PANEL_LIMIT
                ]
            ),
        }


@hooks.register("construct_homepage_panels")
def add_translations_panel(request, panels):
    panels.append(TranslationsPanel())
