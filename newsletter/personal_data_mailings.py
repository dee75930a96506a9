"""The sending side's personal data: which issues and SMS announcements
were sent to a subscriber, and when. Rows belong to the subscription (they
go when it goes); here they are found, exported and erased with the rest of
a person's data. The content of issues and announcements is written by
editors for everyone and is not personal (declared below).

Imported from ``NewsletterConfig.ready()`` (the registry's discovery looks
for ``personal_data.py`` only, which the subscriber side writes)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import PersonalData, not_personal, register

from .models import Delivery, Issue, SmsDelivery


def _subscriber_q(subject):
    query = subject.email_q("subscriber__email")
    if subject.user_id is not None:
        query |= Q(subscriber__user_id=subject.user_id)
    return query


@register
class NewsletterDeliveries(PersonalData):
    """Each issue of the newsletter mailed to the person."""

    key = "newsletter.deliveries"
    label = _("Newsletters sent to you")
    purpose = _(
        "To send each issue to you once, resume sending after a breakdown, and "
        "answer if you ask whether we mailed you."
    )
    legal_basis = _("Your consent to the newsletter (GDPR art. 6(1)(a)).")
    retention = _("A year after sending, or until you unsubscribe.")
    fields = {Delivery: ["subscriber", "error"]}
    # Before the subscription itself (newsletter.subscriptions, 10).
    erase_order = 4
    export_labels = {
        "issue": _("Issue"),
        "status": _("Status"),
        "sent_at": _("Sent at"),
    }

    def rows(self, subject):
        return (
            Delivery.objects.filter(_subscriber_q(subject))
            .select_related("issue")
            .order_by("pk")
        )

    def export_row(self, row):
        return {
            "issue": row.issue.subject,
            "status": row.status,
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        }


@register
class SmsDeliveries(PersonalData):
    """Each SMS announcement sent to the person's mobile number."""

    key = "newsletter.sms_deliveries"
    label = _("SMS messages sent to you")
    purpose = _(
        "To send each announcement to you once and resume sending after a "
        "breakdown. Your number is used for nothing else."
    )
    legal_basis = _("Your consent to SMS reminders (GDPR art. 6(1)(a)).")
    retention = _("A year after sending, or until you unsubscribe.")
    fields = {SmsDelivery: ["subscriber", "error", "provider_id"]}
    erase_order = 4
    export_labels = {
        "message": _("Message"),
        "status": _("Status"),
        "sent_at": _("Sent at"),
    }

    def rows(self, subject):
        return (
            SmsDelivery.objects.filter(_subscriber_q(subject))
            .select_related("announcement")
            .order_by("pk")
        )

    def export_row(self, row):
        return {
            "message": row.announcement.message or row.announcement.text,
            "status": row.status,
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        }


EDITORIAL = _("Written by editors for every subscriber, not data about a person.")
not_personal(Issue, ["body_html", "body_text"], EDITORIAL)
