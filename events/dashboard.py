"""The programme panel of the admin dashboard. Registered in wagtail_hooks.py."""

from django.db.models import Count
from wagtail.admin.ui.components import Component

from .models import Performance


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
