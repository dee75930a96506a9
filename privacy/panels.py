"""An edit-view panel of the privacy statement: the warning that the code
declares something the published version does not say (drift)."""

from wagtail.admin.panels import Panel

from . import statement


class DriftPanel(Panel):
    """Shown at the top of the privacy page's edit view only when the
    published tables differ from what the code declares: what changed, side
    by side, and a link to prepare the new version."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "privacy/admin/drift_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            page = self.instance
            self.drift = statement.drift(page) if page and page.pk else None

        def is_shown(self):
            return bool(self.drift)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["drift"] = self.drift
            context["page"] = self.instance
            return context
