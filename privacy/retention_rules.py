"""How long the privacy app keeps its own records (see privacy/retention.py
and the retention table, ``PRIVACY_RETENTION``)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry, PageLogEntry

from . import services
from .conf import conf
from .models import (
    ConsentRecord,
    DataExport,
    GuardianRequest,
    NoticeDelivery,
    Rectification,
    RightsRequest,
)
from .retention import RetentionRule, register


@register
class UnconfirmedRequests(RetentionRule):
    """A request whose address was never confirmed is nobody's request."""

    key = "privacy.unconfirmed_requests"
    label = _("Rights requests never confirmed")
    default_days = 7

    def querysets(self, cutoff, now):
        return [
            RightsRequest.objects.filter(
                status=RightsRequest.Status.UNCONFIRMED, created_at__lt=cutoff
            )
        ]


@register
class UnconfirmedGuardianRequests(RetentionRule):
    """What a child sent and no guardian agreed to while the link worked."""

    key = "privacy.unconfirmed_guardian_requests"
    label = _("Children's requests no guardian agreed to")

    @property
    def default_days(self):
        return conf.GUARDIAN_LINK_DAYS

    def querysets(self, cutoff, now):
        return [
            GuardianRequest.objects.filter(confirmed_at=None, created_at__lt=cutoff)
        ]


@register
class GuardianConsents(RetentionRule):
    """The record that a guardian agreed proves the consent, then goes."""

    key = "privacy.guardian_consents"
    label = _("Guardians' consents")
    default_days = 3 * 365

    def querysets(self, cutoff, now):
        return [GuardianRequest.objects.filter(confirmed_at__lt=cutoff)]


@register
class ClosedRequests(RetentionRule):
    """Answered requests are kept as the record that we answered, then go."""

    key = "privacy.closed_requests"
    label = _("Answered rights requests")
    default_days = 3 * 365

    def querysets(self, cutoff, now):
        return [
            RightsRequest.objects.filter(
                status__in=[RightsRequest.Status.DONE, RightsRequest.Status.REFUSED],
                closed_at__lt=cutoff,
            )
        ]


@register
class Rectifications(RetentionRule):
    """The record of a correction proves it was made, then goes."""

    key = "privacy.rectifications"
    label = _("Records of corrections of personal data")
    default_days = 3 * 365

    def querysets(self, cutoff, now):
        return [Rectification.objects.filter(at__lt=cutoff)]


@register
class ConsentRecords(RetentionRule):
    """A consent lasts a year; its record proves it for two more."""

    key = "privacy.consent_records"
    label = _("Records of cookie choices")
    default_days = 3 * 365

    def querysets(self, cutoff, now):
        return [ConsentRecord.objects.filter(created_at__lt=cutoff)]


@register
class NoticeDeliveries(RetentionRule):
    """Who was told of a change, kept a year after it was sent."""

    key = "privacy.notice_deliveries"
    label = _("Records of privacy notices sent")
    default_days = 365

    def querysets(self, cutoff, now):
        return [
            NoticeDelivery.objects.filter(
                status=NoticeDelivery.Status.SENT, sent_at__lt=cutoff
            )
        ]


@register
class ExportFiles(RetentionRule):
    """Export files go when their download link expires (a few days), not
    on a number of days of their own."""

    key = "privacy.export_files"
    label = _("Files of data exports, when their link expires")
    default_days = 0

    def purge(self, now, *, dry_run=False, chunk_size=2000, progress=None):
        if dry_run:
            return DataExport.objects.filter(
                Q(status=DataExport.Status.READY, expires_at__lte=now)
                | Q(user__isnull=True, email="", status=DataExport.Status.READY)
            ).count()
        if now > timezone.now():
            return 0  # the files' clock is the real one
        return services.delete_expired_exports()


@register
class AdminLog(RetentionRule):
    """The admin's history (Wagtail's log entries: who created, changed or
    deleted what) is kept as long as the sign-in log: its labels and data
    may name the people whose rows editors handled."""

    key = "privacy.admin_log"
    label = _("History of editors' actions in the admin")
    default_days = 180

    def querysets(self, cutoff, now):
        return [
            model.objects.filter(timestamp__lt=cutoff)
            for model in (ModelLogEntry, PageLogEntry)
        ]
