"""How long the sending side keeps its records (``newsletter.deliveries``
in the retention table): a mail or SMS sent is kept a year, then its row is
deleted; the issue keeps only its counts. Rows of a subscription that ends
go at once with it (on delete cascade).

Imported from ``NewsletterConfig.ready()`` (discovery finds
``retention_rules.py`` only, which the subscriber side writes)."""

from django.utils.translation import gettext_lazy as _

from privacy.retention import RetentionRule, register

from .models import Delivery, DeliveryStatus, SmsDelivery


@register
class SentDeliveries(RetentionRule):
    """Who was sent which issue or SMS announcement."""

    key = "newsletter.deliveries"
    label = _("Records of newsletters and SMS sent")
    default_days = 365
    person_lookups = {
        "newsletter.delivery": (("subscriber__user_id",), ("subscriber__email",)),
        "newsletter.smsdelivery": (("subscriber__user_id",), ("subscriber__email",)),
    }

    def querysets(self, cutoff, now):
        done = [DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED]
        return [
            Delivery.objects.filter(status__in=done, created_at__lt=cutoff),
            SmsDelivery.objects.filter(status__in=done, created_at__lt=cutoff),
        ]
