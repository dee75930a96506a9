"""Replies to our SMS: a reply starting with a stop word (STOPP, STOP)
removes the sender's number from every subscription that has it, at once.
The email subscription stays; only SMS end."""

import logging

from django.db import transaction

from ..conf import conf
from ..models import DeliveryStatus, SmsDelivery, Subscriber

logger = logging.getLogger(__name__)


def is_stop(body: str) -> bool:
    """Whether a reply asks us to stop: its first word is a stop word
    (any case, punctuation after it ignored)."""
    words = (body or "").strip().split()
    if not words:
        return False
    first = words[0].strip(".,;:!?\"'").upper()
    return first in {word.upper() for word in conf.SMS_STOP_WORDS}


def stop_number(phone: str) -> int:
    """Remove ``phone`` from every subscriber who gave it, and skip SMS
    still queued for them. Returns how many subscribers had it."""
    phone = (phone or "").strip()
    if not phone:
        return 0
    with transaction.atomic():
        holders = list(
            Subscriber.objects.filter(phone=phone).values_list("pk", flat=True)
        )
        if not holders:
            return 0
        Subscriber.objects.filter(pk__in=holders).update(phone="")
        SmsDelivery.objects.filter(
            subscriber_id__in=holders, status=DeliveryStatus.QUEUED
        ).update(
            status=DeliveryStatus.SKIPPED,
            retry=False,
            error="The subscriber replied STOP.",
        )
    logger.info("A stop reply removed a number from %s subscription(s).", len(holders))
    return len(holders)
