"""The translations panel of the admin dashboard. Registered in wagtail_hooks.py."""

from django.db.models import OuterRef, Subquery
from wagtail.admin.ui.components import Component
from wagtail_localize.models import TranslationSource

from . import translation_status

PANEL_LIMIT = 10


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
