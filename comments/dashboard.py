"""The comments panel of the admin dashboard. Registered in wagtail_hooks.py."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from . import admin_views, services
from .admin_lists import Status
from .models import Comment


class ModerationPanel(Component):
    """The dashboard's view of comments: how many wait, how many could not be
    checked, and the latest waiting ones."""

    name = "comments"
    order = 120
    template_name = "comments/site/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "counts": services.moderation_counts(),
            "akismet_problem": services.akismet_problem(),
            "latest": Comment.objects.filter(status=Status.PENDING)
            .select_related("page")
            .order_by("-submit_date")[:5],
            "list_url": reverse(admin_views.INDEX_URL_NAME),
        }
