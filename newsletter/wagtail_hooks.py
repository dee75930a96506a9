"""The newsletter in Wagtail's admin. Subscribers: the list, counts and CSV
export (admin_subscribers.py). Issues and SMS announcements: writing,
sending and progress (admin_mailings.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from . import (
    admin_mailings,
    admin_rectification,  # noqa: F401 - registers its admin hooks
    admin_subscribers,
    sending,
    services,
)
from .models import Issue, SmsAnnouncement

modeladmin_register(admin_subscribers.SubscriberAdmin)
register_snippet(admin_mailings.NewsletterViewSetGroup)


@hooks.register("register_admin_urls")
def register_subscriber_admin_urls():
    return [
        path(
            "nyhetsbrev/abonnenter.csv",
            admin_subscribers.export_csv,
            name="newsletter_subscribers_csv",
        )
    ]


@hooks.register("register_log_actions")
def register_sending_actions(actions):
    """What editors did with an issue or SMS announcement, in its history."""
    actions.register_action("newsletter.send", _("Send"), _("Sending started"))
    actions.register_action("newsletter.schedule", _("Schedule"), _("Scheduled"))
    actions.register_action(
        "newsletter.unschedule", _("Unschedule"), _("Schedule cancelled")
    )
    actions.register_action(
        "newsletter.send_test", _("Send test"), _("Test sent to the editor")
    )
    actions.register_action(
        "newsletter.retry", _("Retry"), _("Failed deliveries sent again")
    )


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


@hooks.register("construct_homepage_panels")
def add_newsletter_panel(request, panels):
    if request.user.has_perm("newsletter.view_subscriber") or request.user.has_perm(
        "newsletter.change_issue"
    ):
        panels.append(NewsletterPanel())
