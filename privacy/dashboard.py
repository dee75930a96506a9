"""The privacy panels of the admin dashboard: rights requests, and the
warning that the privacy statement no longer matches the site. Registered
in wagtail_hooks.py."""

from wagtail.admin.ui.components import Component

from . import rights
from .models import RightsRequest


class RightsRequestsPanel(Component):
    """The dashboard's view of the rights-request queue: counts at a glance
    and the overdue requests, highlighted, so a deadline is never missed."""

    name = "rights_requests"
    order = 120
    template_name = "privacy/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "counts": rights.counts(),
            "overdue": RightsRequest.objects.overdue().order_by("due_at")[:5],
            "due_soon": RightsRequest.objects.open()
            .exclude(pk__in=RightsRequest.objects.overdue().values("pk"))
            .order_by("due_at")[:5],
        }


class StatementDriftPanel(Component):
    """The dashboard's warning that the privacy statement no longer says
    what the site's code declares, shown only then, with the change side by
    side and the way to a new version."""

    name = "privacy_statement_drift"
    order = 110
    template_name = "privacy/admin/drift_dashboard_panel.html"

    def __init__(self, drifts):
        self.drifts = drifts

    def get_context_data(self, parent_context=None):
        return {"drifts": self.drifts}
