"""The newsletter in Wagtail's admin. Subscribers: the list, counts and CSV
export (admin_subscribers.py). Issues and SMS announcements: writing,
sending and progress (admin_mailings.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from . import (
    admin_mailings,
    admin_rectification,  # noqa: F401 - registers its admin hooks
    admin_subscribers,
)
from .dashboard import NewsletterPanel

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


@hooks.register("construct_homepage_panels")
def add_newsletter_panel(request, panels):
    if request.user.has_perm("newsletter.view_subscriber") or request.user.has_perm(
        "newsletter.change_issue"
    ):
        panels.append(NewsletterPanel())
