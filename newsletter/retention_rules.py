"""How long the newsletter keeps what it keeps, for the site-wide retention
purge (privacy/retention.py, ``manage.py purge_personal_data``):

- ``newsletter.unconfirmed``: sign-ups never confirmed, deleted when their
  last confirmation mail is older than the retention table's days;
- ``newsletter.consent_ip``: the IP address of a consent, blanked after the
  table's days (the rest of the record stays while the subscription does);
- ``newsletter.reconsent``: subscribers asked whether they still want the
  newsletter (``services.send_reconsent_mails``) who did not answer within
  ``NEWSLETTER_RECONSENT_DAYS``."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.retention import RetentionRule, register

from . import address_changes
from .conf import conf
from .models import AddressChange, Consent, Subscriber


@register
class Unconfirmed(RetentionRule):
    key = "newsletter.unconfirmed"
    label = _("Newsletter sign-ups never confirmed")
    default_days = 7

    def querysets(self, cutoff, now):
        return [
            Subscriber.objects.unconfirmed().filter(
                Q(confirm_sent_at__isnull=True) | Q(confirm_sent_at__lt=cutoff),
                created_at__lt=cutoff,
            )
        ]


@register
class ConsentAddresses(RetentionRule):
    key = "newsletter.consent_ip"
    label = _("IP address of newsletter consents")
    default_days = 60
    anonymise = {"ip_address": None}
    person_lookups = {
        "newsletter.consent": (("subscriber__user_id",), ("subscriber__email",))
    }

    def querysets(self, cutoff, now):
        return [Consent.objects.filter(given_at__lt=cutoff, ip_address__isnull=False)]


@register
class UnansweredReconsent(RetentionRule):
    """The days are the newsletter's own setting, not the table's: the
    re-consent mail promises the subscriber a date."""

    key = "newsletter.reconsent"
    label = _("Newsletter subscribers who did not answer whether they still want it")

    @property
    def days(self):
        return conf.RECONSENT_DAYS

    def querysets(self, cutoff, now):
        return [Subscriber.objects.filter(reconsent_sent_at__lt=cutoff)]


@register
class AddressChanges(RetentionRule):
    """A new address nobody confirmed while its link worked: the change
    never happened, and its record says so."""

    key = "newsletter.address_changes"
    label = _("New newsletter addresses never confirmed")

    @property
    def default_days(self):
        return conf.CONFIRM_DAYS

    def querysets(self, cutoff, now):
        return [AddressChange.objects.filter(requested_at__lt=cutoff)]

    def _apply(self, rows):
        address_changes.expire(rows.values_list("pk", flat=True))
        return super()._apply(rows)
