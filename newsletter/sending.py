"""Sending issues of the newsletter and SMS announcements: in background
batches, exactly once per subscriber, resumable after a crash. Views, the
scheduler and the tasks call the verbs here.

The design is the privacy notices' (privacy/policy.py), for two channels
(mail and SMS) that share it:

1. **Start.** An editor sends an issue now, or the scheduler finds it due:
   its content is rendered and frozen on the issue and it is marked
   *sending* by a conditional update (two clicks or two schedulers start
   it once). When the transaction commits, a task lists the recipients.
2. **Queue.** One delivery row per confirmed subscriber (of the issue's
   language), inserted by one ``INSERT ... SELECT ... ON CONFLICT DO
   NOTHING``: the unique (campaign, subscriber) constraint makes a second
   run add nobody twice. Then one task per batch of ``NEWSLETTER_BATCH_SIZE``
   deliveries is enqueued.
3. **Send.** A batch task *claims* each delivery (queued → being sent, a
   conditional update: of two workers on the same rows only one wins each
   row), hands it over (mail server, SMS provider) and marks it sent. A
   refusal marks it failed, retried with backoff (doubling from
   ``NEWSLETTER_RETRY_SECONDS``) up to ``NEWSLETTER_MAX_ATTEMPTS`` times.
4. **Resume.** A periodic task: rows a dead worker left *being sent* for
   ``NEWSLETTER_STALE_MINUTES`` are marked failed and not retried by
   themselves; failed rows whose backoff has passed are queued again and
   enqueued; campaigns with queued rows and no progress for that long are
   enqueued again; campaigns with nothing left are marked sent.

**At most once at the handover.** Between the claim and "sent" the mail
server (or SMS provider) may or may not have the message. If the worker
dies there we cannot know, so such a row is given up as "may have arrived"
and only an editor's retry sends it again: a newsletter missing for a few
is better than a newsletter twice for many. When the mail server *answers*
with an error (a refused recipient, a dropped connection that smtplib
reports) the mail is taken as not delivered and retried: a server delivers
only what it acknowledged, and the one window left (the connection
dropping after the server took the message but before its "250 OK"
reached us, RFC 1047) is accepted as a rare duplicate. An SMS provider
that could not be reached is retried; a request that went out and got no
answer (timeout, broken connection) is "may have arrived", like a dead
worker."""

import dataclasses
import datetime
import functools
import logging
import smtplib

from django.core.exceptions import ValidationError
from django.core.mail import get_connection as get_mail_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from privacy.services import held_q

from . import links, mail, rendering, sms, tasks
from .conf import conf
from .models import (
    Delivery,
    DeliveryStatus,
    Issue,
    SmsAnnouncement,
    SmsDelivery,
    Subscriber,
)
from .sms.gsm import MAX_LENGTH, gsm_length, unsupported_characters

logger = logging.getLogger(__name__)

Status = DeliveryStatus
CampaignStatus = Issue.Status
OPEN = (Status.QUEUED, Status.SENDING)
# Consecutive connection-level failures after which a batch stops and
# leaves the rest queued for the resume task.
MAX_CONNECTION_TROUBLE = 3
INTERRUPTED = "Interrupted while sending; it may have arrived. Retry by hand."


class CannotSend(ValidationError):
    """An editor's request that cannot be carried out, with the reason."""


class DeliveryFailed(Exception):
    """One delivery was not handed over. ``retry``: it may work later.
    ``uncertain``: it may have arrived (never resent automatically).
    ``connection_trouble``: the connection, not this recipient, failed."""

    def __init__(
        self, message, *, retry=True, uncertain=False, connection_trouble=False
    ):
        super().__init__(message)
        self.retry = retry and not uncertain
        self.uncertain = uncertain
        self.connection_trouble = connection_trouble


class DeliverySkipped(Exception):
    """The recipient can no longer get it (e.g. removed their number)."""


@dataclasses.dataclass(frozen=True)
class Progress:
    """Where the sending of one campaign stands."""

    sent: int = 0
    failed: int = 0
    retrying: int = 0
    skipped: int = 0
    left: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.failed + self.skipped + self.left

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    def as_dict(self) -> dict:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "retrying": self.retrying,
            "skipped": self.skipped,
            "left": self.left,
            "total": self.total,
            "percent": self.percent,
        }


# Channels ---------------------------------------------------------------------


class Channel:
    """How one kind of campaign reaches people; the engine below does the
    rest. ``key`` is what tasks receive."""

    key = ""
    campaign_model = None
    delivery_model = None
    campaign_field = ""

    def deliveries(self, campaign_id):
        return self.delivery_model.objects.filter(
            **{f"{self.campaign_field}_id": campaign_id}
        )

    def recipients(self, campaign):
        """The subscribers to create deliveries for."""
        raise NotImplementedError

    def reachable(self, subscribers):
        """``subscribers`` without those whose processing is restricted
        (privacy.restrictions): they receive nothing while it stands."""
        return subscribers.exclude(restricted_subscribers_q())

    def get_connection(self):
        raise NotImplementedError

    def reconnect(self, connection) -> bool:
        """After connection trouble: start afresh; False when that fails."""
        connection.close()
        try:
            connection.open()
        except (smtplib.SMTPException, OSError, sms.SmsError):
            return False
        return True

    def prepare(self, campaign):
        """What every delivery of a batch shares (rendered once)."""
        raise NotImplementedError

    def send(self, prepared, delivery, connection) -> dict:
        """Hand one delivery over; return fields to store on it. Raises
        :class:`DeliveryFailed` or :class:`DeliverySkipped`."""
        raise NotImplementedError


class MailChannel(Channel):
    """Issues of the newsletter, by mail, through Django's mail backend."""

    key = "mail"
    campaign_model = Issue
    delivery_model = Delivery
    campaign_field = "issue"

    def recipients(self, issue):
        subscribers = Subscriber.objects.confirmed()
        if not issue.all_languages:
            subscribers = subscribers.filter(language=issue.language)
        return self.reachable(subscribers)

    def get_connection(self):
        return get_mail_connection()

    def prepare(self, issue):
        return rendering.render_issue(issue, frozen=True)

    def send(self, rendered, delivery, connection) -> dict:
        message = personalised_message(
            rendered, delivery.subscriber, connection=connection
        )
        try:
            count = message.send()
        except smtplib.SMTPRecipientsRefused as error:
            codes = sorted({code for code, _message in error.recipients.values()})
            raise DeliveryFailed(
                f"Recipient refused ({', '.join(map(str, codes))}).",
                retry=not codes or any(code < 500 for code in codes),
            ) from error
        except (
            smtplib.SMTPServerDisconnected,
            smtplib.SMTPConnectError,
            smtplib.SMTPHeloError,
            smtplib.SMTPAuthenticationError,
            OSError,
        ) as error:
            raise DeliveryFailed(
                f"Mail server connection failed: {type(error).__name__}",
                connection_trouble=True,
            ) from error
        except smtplib.SMTPResponseException as error:
            detail = error.smtp_error
            if isinstance(detail, bytes):
                detail = detail.decode(errors="replace")
            raise DeliveryFailed(
                f"{error.smtp_code} {detail}"[:400],
                retry=error.smtp_code < 500,
                connection_trouble=error.smtp_code == 421,
            ) from error
        except smtplib.SMTPException as error:
            raise DeliveryFailed(
                f"Mail server error: {type(error).__name__}", connection_trouble=True
            ) from error
        if not count:
            raise DeliveryFailed("The mail backend did not send it.")
        return {}


class SmsChannel(Channel):
    """SMS announcements, through the SMS backend (``SMS_BACKEND``)."""

    key = "sms"
    campaign_model = SmsAnnouncement
    delivery_model = SmsDelivery
    campaign_field = "announcement"

    def recipients(self, announcement):
        subscribers = Subscriber.objects.confirmed().with_phone()
        if not announcement.all_languages:
            subscribers = subscribers.filter(language=announcement.language)
        return self.reachable(subscribers)

    def get_connection(self):
        return sms.get_connection()

    def prepare(self, announcement):
        return announcement.message

    def send(self, message_text, delivery, connection) -> dict:
        phone = delivery.subscriber.phone
        if not phone:
            raise DeliverySkipped("The subscriber removed their mobile number.")
        message = sms.SmsMessage(to=phone, body=message_text)
        try:
            count = connection.send_messages([message])
        except sms.SmsError as error:
            raise DeliveryFailed(
                str(error)[:400],
                retry=error.retry,
                uncertain=error.uncertain,
                connection_trouble=error.retry,
            ) from error
        if not count:
            raise DeliveryFailed("The SMS backend did not send it.")
        return {"provider_id": message.provider_id[:64]}


def restricted_subscribers_q() -> Q:
    """Subscribers whose processing is restricted, by their account or
    their address."""
    return held_q(user_field="user_id", email_field="email")


CHANNELS = {channel.key: channel for channel in (MailChannel(), SmsChannel())}


def channel_for(campaign) -> Channel:
    for channel in CHANNELS.values():
        if isinstance(campaign, channel.campaign_model):
            return channel
    raise TypeError(f"No channel sends {type(campaign).__name__}.")


def personalised_message(rendered, subscriber, *, subject=None, connection=None):
    """The mail of an issue for one subscriber, with their links and the
    list headers (newsletter.mail.build_message)."""
    message = mail.build_message(
        subscriber,
        subject=subject or rendered.subject,
        text_body="",
        connection=connection,
    )
    # The visible link is the header's link (a signed link made a second
    # later would differ).
    unsubscribe_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    html, text = rendered.personalise(
        unsubscribe_url=unsubscribe_url, manage_url=links.manage_url(subscriber)
    )
    message.body = text
    message.attach_alternative(html, "text/html")
    return message


# The engine -------------------------------------------------------------------


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
    those that have one (portable to SQLite and PostgreSQL; the SELECT is
    the recipients queryset's own SQL)."""
    model = channel.delivery_model
    campaign_fk = model._meta.get_field(channel.campaign_field)
    subscriber_fk = model._meta.get_field("subscriber")
    columns = [campaign_fk.column, subscriber_fk.column]
    values = ["%s", "recipients.recipient_id"]
    params = [campaign.pk]
    for field in model._meta.concrete_fields:
        if field.primary_key or field in (campaign_fk, subscriber_fk):
            continue
        default = field.get_default()
        if default is None:
            continue
        columns.append(field.column)
        values.append("%s")
        params.append(field.get_db_prep_save(default, db_connection))
    recipients = (
        channel.recipients(campaign)
        .order_by()
        .annotate(recipient_id=F("pk"))
        .values("recipient_id")
    )
    select_sql, select_params = recipients.query.sql_with_params()
    quote = db_connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 - names from the model
        f"({', '.join(quote(column) for column in columns)}) "
        f"SELECT {', '.join(values)} FROM ({select_sql}) recipients "
        # WHERE: SQLite needs it to parse ON CONFLICT after a SELECT.
        "WHERE 1 = 1 ON CONFLICT DO NOTHING"
    )
    with transaction.atomic(), db_connection.cursor() as cursor:
        cursor.execute(sql, [*params, *select_params])


def batch_ranges(channel_key, campaign_id, *, retries_only=False, size=None):
    """``(first id, last id)`` of consecutive queued deliveries, ``size``
    at a time, read in chunks."""
    size = size or conf.BATCH_SIZE
    queued = CHANNELS[channel_key].deliveries(campaign_id).filter(status=Status.QUEUED)
    if retries_only:
        queued = queued.filter(attempts__gt=0)
    ids = (
        queued.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=size * 4)
    )
    chunk = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk[0], chunk[-1]
            chunk = []
    if chunk:
        yield chunk[0], chunk[-1]


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
    deliveries = channel.deliveries(campaign_id)
    batch = list(
        deliveries.filter(pk__gte=first_id, pk__lte=last_id, status=Status.QUEUED)
        .select_related("subscriber")
        .order_by("pk")
    )
    if not batch:
        finish_if_done(channel_key, campaign_id)
        return 0
    # Restricted after the deliveries were made: skipped, not sent.
    held = set(
        Subscriber.objects.filter(pk__in=[delivery.subscriber_id for delivery in batch])
        .filter(restricted_subscribers_q())
        .values_list("pk", flat=True)
    )
    prepared = channel.prepare(campaign)
    connection = connection or channel.get_connection()
    sent = trouble = 0
    with connection:
        for delivery in batch:
            if delivery.subscriber_id in held:
                deliveries.filter(pk=delivery.pk, status=Status.QUEUED).update(
                    status=Status.SKIPPED,
                    retry=False,
                    error="Processing is restricted for this subscriber.",
                )
                continue
            claimed = deliveries.filter(pk=delivery.pk, status=Status.QUEUED).update(
                status=Status.SENDING,
                claimed_at=timezone.now(),
                attempts=F("attempts") + 1,
            )
            if not claimed:
                continue
            try:
                stored = channel.send(prepared, delivery, connection)
            except DeliverySkipped as skipped:
                deliveries.filter(pk=delivery.pk).update(
                    status=Status.SKIPPED, retry=False, error=str(skipped)[:500]
                )
                continue
            except DeliveryFailed as failure:
                _mark_failed(deliveries, delivery, failure)
                if failure.connection_trouble:
                    trouble += 1
                    if trouble >= MAX_CONNECTION_TROUBLE or not channel.reconnect(
                        connection
                    ):
                        logger.warning(
                            "Stopped a %s batch of campaign %s: connection trouble.",
                            channel_key,
                            campaign_id,
                        )
                        break
                continue
            trouble = 0
            deliveries.filter(pk=delivery.pk).update(
                status=Status.SENT, sent_at=timezone.now(), error="", **stored
            )
            sent += 1
    finish_if_done(channel_key, campaign_id)
    return sent


def _backoff(attempts) -> datetime.timedelta:
    return datetime.timedelta(seconds=conf.RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def _mark_failed(deliveries, delivery, failure):
    attempts = delivery.attempts + 1
    if failure.uncertain:
        retry = False
        error = f"May have arrived: {failure}"
    else:
        retry = failure.retry and attempts < conf.MAX_ATTEMPTS
        error = str(failure)
    deliveries.filter(pk=delivery.pk).update(
        status=Status.FAILED,
        retry=retry,
        next_attempt_at=timezone.now() + _backoff(attempts) if retry else None,
        error=error[:500],
    )
    # The error itself may name the address or number: it stays on the row
    # (the registry's, purged with it), out of the logs.
    logger.warning(
        "%s %s failed (retry: %s).", type(delivery).__name__, delivery.pk, retry
    )


def finish_if_done(channel_key, campaign_id, now=None) -> bool:
    """Mark a campaign sent once nothing is queued, being sent or waiting
    for a retry, and keep its final counts."""
    channel = CHANNELS[channel_key]
    deliveries = channel.deliveries(campaign_id)
    if deliveries.filter(
        Q(status__in=OPEN) | Q(status=Status.FAILED, retry=True)
    ).exists():
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
    """Periodic: pick up what a crash or a refusal left behind (see the
    module docstring)."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(minutes=conf.STALE_MINUTES)
    totals = {"interrupted": 0, "retried": 0, "batches": 0, "finished": 0}
    for channel in CHANNELS.values():
        rows = channel.delivery_model.objects
        totals["interrupted"] += rows.filter(
            status=Status.SENDING, claimed_at__lt=stale
        ).update(
            status=Status.FAILED, retry=False, next_attempt_at=None, error=INTERRUPTED
        )
        totals["retried"] += rows.filter(
            status=Status.FAILED, retry=True, next_attempt_at__lte=now
        ).update(status=Status.QUEUED)
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
        count = (
            channel.deliveries(campaign.pk)
            .filter(status=Status.FAILED)
            .update(status=Status.QUEUED, retry=True, next_attempt_at=None)
        )
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
    rows = (
        CHANNELS[channel_key]
        .deliveries(campaign_id)
        .values_list("status", "retry")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {}
    retrying = 0
    for status, retry, count in rows:
        counts[status] = counts.get(status, 0) + count
        if status == Status.FAILED and retry:
            retrying += count
    return Progress(
        sent=counts.get(Status.SENT, 0),
        failed=counts.get(Status.FAILED, 0),
        retrying=retrying,
        skipped=counts.get(Status.SKIPPED, 0),
        left=counts.get(Status.QUEUED, 0) + counts.get(Status.SENDING, 0),
    )


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


# Issues -----------------------------------------------------------------------


def start_issue(issue, *, user=None, now=None):
    """Send ``issue`` now: freeze its content, mark it sending, and list
    its recipients in the background once the transaction commits."""
    now = now or timezone.now()
    if not issue.body:
        raise CannotSend(_("The issue has no content yet."))
    body_html, body_text = rendering.render_body(issue)
    with transaction.atomic():
        started = Issue.objects.filter(
            pk=issue.pk, status__in=[CampaignStatus.DRAFT, CampaignStatus.SCHEDULED]
        ).update(
            status=CampaignStatus.SENDING,
            started_at=now,
            body_html=body_html,
            body_text=body_text,
        )
        if not started:
            raise CannotSend(_("This issue is being sent or has been sent already."))
        issue.refresh_from_db()
        log(instance=issue, action="newsletter.send", user=user)
        transaction.on_commit(
            functools.partial(tasks.queue_campaign_task.enqueue, "mail", issue.pk)
        )
    return issue


def schedule_issue(issue, when, *, user=None, now=None):
    """Send ``issue`` at ``when`` (the scheduler starts it when due)."""
    now = now or timezone.now()
    if when <= now:
        raise CannotSend(_("Choose a time in the future."))
    if not issue.body:
        raise CannotSend(_("The issue has no content yet."))
    with transaction.atomic():
        scheduled = Issue.objects.filter(
            pk=issue.pk, status__in=[CampaignStatus.DRAFT, CampaignStatus.SCHEDULED]
        ).update(status=CampaignStatus.SCHEDULED, scheduled_at=when)
        if not scheduled:
            raise CannotSend(_("This issue is being sent or has been sent already."))
        issue.refresh_from_db()
        log(instance=issue, action="newsletter.schedule", user=user)
    return issue


def unschedule_issue(issue, *, user=None):
    """Take a scheduled issue back to draft."""
    with transaction.atomic():
        changed = Issue.objects.filter(
            pk=issue.pk, status=CampaignStatus.SCHEDULED
        ).update(status=CampaignStatus.DRAFT, scheduled_at=None)
        if not changed:
            raise CannotSend(_("This issue is not scheduled."))
        issue.refresh_from_db()
        log(instance=issue, action="newsletter.unschedule", user=user)
    return issue


def send_scheduled_issues(now=None) -> int:
    """Periodic: start every scheduled issue whose time has come. Returns
    how many were started."""
    now = now or timezone.now()
    started = 0
    due = Issue.objects.filter(
        status=CampaignStatus.SCHEDULED, scheduled_at__lte=now
    ).order_by("scheduled_at")
    for issue in due:
        try:
            start_issue(issue, now=now)
        except CannotSend as refusal:
            logger.warning("Scheduled issue %s not started: %s", issue.pk, refusal)
        else:
            started += 1
    return started


def send_test(issue, user) -> str:
    """Mail ``issue`` as it is now to the editor's own address only, as a
    subscriber with that address would get it. Returns the address."""
    if not user.email:
        raise CannotSend(_("Your account has no email address."))
    stand_in = Subscriber(email=user.email, language=issue.language)
    rendered = rendering.render_issue(issue)
    with translation.override(issue.language):
        subject = gettext("[Test] %(subject)s") % {"subject": rendered.subject}
    message = personalised_message(rendered, stand_in, subject=subject)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("A test of issue %s was refused: %s", issue.pk, error)
        raise CannotSend(
            _("The mail server did not take the test mail. Try again shortly.")
        ) from error
    log(instance=issue, action="newsletter.send_test", user=user)
    return user.email


# SMS announcements ------------------------------------------------------------


def stop_text(language) -> str:
    """The stop instruction ending every SMS, in ``language``."""
    with translation.override(language):
        return gettext("Reply STOP to stop SMS from us.")


def compose_sms(text, language) -> str:
    """The SMS as sent: the editor's text and the stop instruction."""
    return f"{' '.join(text.split())} {stop_text(language)}"


def sms_problems(text, language) -> list[str]:
    """Why ``text`` cannot go out as one SMS (with its stop instruction),
    if it cannot."""
    problems = []
    unsupported = unsupported_characters(text)
    if unsupported:
        problems.append(
            gettext(
                "These characters cannot be sent in an SMS: %(characters)s. "
                "Replace them (e.g. curly quotes with straight ones)."
            )
            % {"characters": " ".join(unsupported)}
        )
    length = gsm_length(compose_sms(text, language))
    if length > MAX_LENGTH:
        problems.append(
            gettext(
                "The message is %(over)s character(s) too long: with the stop "
                "instruction an SMS holds %(max)s."
            )
            % {"over": length - MAX_LENGTH, "max": MAX_LENGTH}
        )
    return problems


def start_sms(announcement, *, user=None, now=None):
    """Send an SMS announcement now to every confirmed subscriber (of its
    language) who gave a mobile number."""
    now = now or timezone.now()
    problems = sms_problems(announcement.text, announcement.language)
    if problems:
        raise CannotSend(problems)
    message = compose_sms(announcement.text, announcement.language)
    with transaction.atomic():
        started = SmsAnnouncement.objects.filter(
            pk=announcement.pk, status=CampaignStatus.DRAFT
        ).update(status=CampaignStatus.SENDING, started_at=now, message=message)
        if not started:
            raise CannotSend(_("This announcement is being sent or has been sent."))
        announcement.refresh_from_db()
        log(instance=announcement, action="newsletter.send", user=user)
        transaction.on_commit(
            functools.partial(tasks.queue_campaign_task.enqueue, "sms", announcement.pk)
        )
    return announcement
