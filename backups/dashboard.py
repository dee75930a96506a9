"""The backups panel of the admin dashboard. Registered in wagtail_hooks.py."""

from wagtail.admin.ui.components import Component

from . import services
from .conf import conf


class BackupsPanel(Component):
    """The dashboard's view of backups: the last good one and its age, a
    failure since, and a warning when none succeeded for
    ``BACKUP_WARN_HOURS``, so a silently broken nightly job is seen."""

    name = "backups"
    order = 130
    template_name = "backups/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        state = services.status()
        return {
            "status": state,
            "age_hours": int(state.age.total_seconds() // 3600)
            if state.age is not None
            else None,
            "warn_hours": conf.WARN_HOURS,
        }
