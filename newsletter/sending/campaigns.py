"""A campaign (an issue or an SMS announcement) being sent: its deliveries
listed once, sent in batches by tasks, resumed after a crash, retried by an
editor, and its progress. The rows move through the delivery engine
(home/outbox.py); the campaign's own state (sending → sent, its counts) is
kept here."""

import dataclasses
import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from home import outbox
from home.outbox import Progress, Status

from .. import tasks
from ..conf import conf
from ..models import Issue, Subscriber
from .channels import CHANNELS, channel_for, restricted_subscribers_q

CampaignStatus = Issue.Status


class CannotSend(ValidationError):
    """An editor's request that cannot be carried out, with the reason."""


@dataclasses.dataclass
class Batch:
    """What the deliveries of one batch share: the rendered content and the
    subscribers whose processing is restricted now."""

    prepared: object
    held: set


def queue(channel_key, campaign_id, *, enqueue=True) -> int:
    """Create the deliveries of a campaign being sent (once, however often
    it runs), then enqueue its batches. Returns how many deliveries exist."""
    channel = CHANNELS[channel_key]
    campaign = channel.campaign_model.objects.filter(
        pk=campaign_id, status=CampaignStatus.SENDING
    ).first()
    if campaign is None:
        return 0
    deliveries = channel.deliveries(campaign_id)
    if campaign.queued_at is None:
        _insert_deliveries(channel, campaign)
        channel.campaign_model.objects.filter(pk=campaign_id, queued_at=None).update(
            queued_at=timezone.now(), recipient_count=deliveries.count()
        )
    if enqueue:
        enqueue_batches(channel_key, campaign_id)
    finish_if_done(channel_key, campaign_id)
    return deliveries.count()


def _insert_deliveries(channel, campaign):
    """One ``INSERT ... SELECT`` of a delivery per recipient, skipping
    those that have one (the SELECT is the recipients queryset's own SQL)."""
    recipients = (
        channel.recipients(campaign)
        .order_by()
        .annotate(recipient_id=F("pk"))
        .values("recipient_id")
    )
    outbox.insert_from_query(
        channel.delivery_model,
        {channel.campaign_field: campaign.pk},
        "subscriber",
        recipients,
    )


def batch_ranges(channel_key, campaign_id, *, retries_only=False, size=None):
    """``(first id, last id)`` of consecutive queued deliveries, ``size``
    at a time, read in chunks."""
    return outbox.batch_ranges(
        CHANNELS[channel_key].deliveries(campaign_id),
        size or conf.BATCH_SIZE,
        retries_only=retries_only,
    )


def enqueue_batches(channel_key, campaign_id, *, retries_only=False) -> int:
    """Enqueue one sending task per batch of queued deliveries. A batch
    enqueued twice sends nobody twice (each delivery is claimed)."""
    count = 0
    for first, last in list(
        batch_ranges(channel_key, campaign_id, retries_only=retries_only)
    ):
        tasks.send_batch_task.enqueue(channel_key, campaign_id, first, last)
        count += 1
    if count:
        CHANNELS[channel_key].campaign_model.objects.filter(pk=campaign_id).update(
            batches_enqueued_at=timezone.now()
        )
    return count


def send_batch(channel_key, campaign_id, first_id, last_id, *, connection=None) -> int:
    """Send the queued deliveries of one batch; return how many were sent.
    Each is claimed before it is handed over and marked right after, so a
    batch run twice, or by two workers at once, reaches nobody twice."""
    channel = CHANNELS[channel_key]
    campaign = channel.campaign_model.objects.filter(
        pk=campaign_id, status=CampaignStatus.SENDING
    ).first()
    if campaign is None:
        return 0
    deliveries = list(
        channel.deliveries(campaign_id)
        .filter(pk__gte=first_id, pk__lte=last_id, status=Status.QUEUED)
        .select_related("subscriber")
        .order_by("pk")
    )
    if not deliveries:
        finish_if_done(channel_key, campaign_id)
        return 0
    held = set(
        Subscriber.objects.filter(
            pk__in=[delivery.subscriber_id for delivery in deliveries]
        )
        .filter(restricted_subscribers_q())
        .values_list("pk", flat=True)
    )
    batch = Batch(prepared=channel.prepare(campaign), held=held)
    sent = outbox.send_rows(
        channel, deliveries, connection or channel.get_connection(), batch
    )
    finish_if_done(channel_key, campaign_id)
    return sent


def finish_if_done(channel_key, campaign_id, now=None) -> bool:
    """Mark a campaign sent once nothing is queued, being sent or waiting
    for a retry, and keep its final counts."""
    channel = CHANNELS[channel_key]
    deliveries = channel.deliveries(campaign_id)
    if not outbox.is_done(deliveries):
        return False
    progress = delivery_progress(channel_key, campaign_id)
    return bool(
        channel.campaign_model.objects.filter(
            pk=campaign_id, status=CampaignStatus.SENDING, queued_at__isnull=False
        ).update(
            status=CampaignStatus.SENT,
            finished_at=now or timezone.now(),
            sent_count=progress.sent,
            failed_count=progress.failed,
        )
    )


def resume(now=None) -> dict[str, int]:
    """Periodic: pick up what a crash or a refusal left behind (the
    package's docstring, step 4)."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(minutes=conf.STALE_MINUTES)
    totals = {"interrupted": 0, "retried": 0, "batches": 0, "finished": 0}
    for channel in CHANNELS.values():
        for name, count in outbox.recover(channel, now).items():
            totals[name] += count
        sending = channel.campaign_model.objects.filter(status=CampaignStatus.SENDING)
        for campaign in sending.only(
            "pk", "queued_at", "started_at", "batches_enqueued_at"
        ):
            if campaign.queued_at is None:
                # The task listing the recipients was lost.
                if campaign.started_at is None or campaign.started_at < stale:
                    tasks.queue_campaign_task.enqueue(channel.key, campaign.pk)
                continue
            if finish_if_done(channel.key, campaign.pk, now=now):
                totals["finished"] += 1
                continue
            if _in_progress(channel, campaign, stale):
                # Workers are at it: enqueue only the retries.
                totals["batches"] += enqueue_batches(
                    channel.key, campaign.pk, retries_only=True
                )
            else:
                totals["batches"] += enqueue_batches(channel.key, campaign.pk)
    return totals


def _in_progress(channel, campaign, stale) -> bool:
    """Batches were enqueued or a delivery claimed recently: workers are
    (probably) still at it, and enqueueing everything again would only
    fill the queue with batches that find nothing to do."""
    if campaign.batches_enqueued_at and campaign.batches_enqueued_at >= stale:
        return True
    return channel.deliveries(campaign.pk).filter(claimed_at__gte=stale).exists()


def retry_failed(campaign, *, user=None) -> int:
    """An editor's retry: every failed delivery of ``campaign`` (including
    those that may have arrived) is queued again and sent now."""
    channel = channel_for(campaign)
    with transaction.atomic():
        count = outbox.retry_failed(channel.deliveries(campaign.pk))
        if count:
            channel.campaign_model.objects.filter(
                pk=campaign.pk, status=CampaignStatus.SENT
            ).update(status=CampaignStatus.SENDING, finished_at=None)
            log(instance=campaign, action="newsletter.retry", user=user)
            transaction.on_commit(
                functools.partial(enqueue_batches, channel.key, campaign.pk)
            )
    return count


def delivery_progress(channel_key, campaign_id) -> Progress:
    return outbox.progress(CHANNELS[channel_key].deliveries(campaign_id))


def progress(campaign) -> Progress:
    """Counts of a campaign: live while it is being sent, the counts kept
    at the end once it is sent (delivery rows are purged after a while)."""
    channel = channel_for(campaign)
    if (
        campaign.status == CampaignStatus.SENT
        and not channel.deliveries(campaign.pk).exists()
    ):
        return Progress(sent=campaign.sent_count, failed=campaign.failed_count)
    return delivery_progress(channel.key, campaign.pk)


def recipient_count(campaign) -> int:
    """How many would get ``campaign`` if it were sent now."""
    return channel_for(campaign).recipients(campaign).count()
