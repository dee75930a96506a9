"""The newsletter panel of the admin dashboard. Registered in wagtail_hooks.py."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from . import (
    admin_rectification,  # noqa: F401 - registers its admin hooks
    sending,
    services,
)
from .models import Issue, SmsAnnouncement


class NewsletterPanel(Component):
    """The dashboard's view of the newsletter: subscribers at a glance, the
    issues and SMS announcements being sent with their progress, and what
    is scheduled next."""

    name = "newsletter"
    order = 130
    template_name = "newsletter/admin/dashboard_panel.html"
    shown = 5

    def get_context_data(self, parent_context=None):
        campaigns = []
        for model in (Issue, SmsAnnouncement):
            viewset = model.snippet_viewset
            for campaign in model.objects.filter(status=Issue.Status.SENDING).order_by(
                "started_at"
            )[: self.shown]:
                campaigns.append(
                    {
                        "campaign": campaign,
                        "progress": sending.progress(campaign),
                        "url": reverse(
                            viewset.get_url_name("sending"), args=[campaign.pk]
                        ),
                    }
                )
        scheduled = (
            Issue.objects.filter(status=Issue.Status.SCHEDULED)
            .order_by("scheduled_at")
            .first()
        )
        return {
            "counts": services.counts(),
            "campaigns": campaigns,
            "scheduled": scheduled,
            "scheduled_url": scheduled
            and reverse(
                Issue.snippet_viewset.get_url_name("sending"), args=[scheduled.pk]
            ),
            "subscribers_url": reverse("newsletter_subscriber_modeladmin_index"),
        }
