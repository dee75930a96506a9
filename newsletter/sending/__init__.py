"""Sending issues of the newsletter and SMS announcements: in background
batches, exactly once per subscriber, resumable after a crash. Views, the
scheduler and the tasks call the verbs here; the old module's names all
work from ``newsletter.sending``.

- ``channels``: how an issue (mail) and an announcement (SMS) reach a
  subscriber, as channels of the delivery engine (home/outbox.py);
- ``campaigns``: listing a campaign's recipients, its batches, resuming
  after a crash, an editor's retry and the progress the admin shows;
- ``issues``: sending an issue now or at a set time, and a test to oneself;
- ``announcements``: composing and starting an SMS announcement.

The steps (see home/outbox.py for the engine's side):

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
   themselves (the channels' ``after_crash`` is HOLD); failed rows whose
   backoff has passed are queued again and enqueued; campaigns with queued
   rows and no progress for that long are enqueued again; campaigns with
   nothing left are marked sent.

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

from home.outbox import INTERRUPTED_HELD as INTERRUPTED  # noqa: F401
from home.outbox import (  # noqa: F401 - the old module's names
    MAX_CONNECTION_TROUBLE,
    OPEN,
    DeliveryFailed,
    DeliverySkipped,
    Progress,
    Status,
)

from .announcements import compose_sms, sms_problems, start_sms, stop_text
from .campaigns import (
    CampaignStatus,
    CannotSend,
    batch_ranges,
    delivery_progress,
    enqueue_batches,
    finish_if_done,
    progress,
    queue,
    recipient_count,
    resume,
    retry_failed,
    send_batch,
)
from .channels import (
    CHANNELS,
    Channel,
    MailChannel,
    SmsChannel,
    channel_for,
    personalised_message,
    restricted_subscribers_q,
)
from .issues import (
    schedule_issue,
    send_scheduled_issues,
    send_test,
    start_issue,
    unschedule_issue,
)

__all__ = [
    "CHANNELS",
    "CampaignStatus",
    "CannotSend",
    "Channel",
    "MailChannel",
    "SmsChannel",
    "batch_ranges",
    "channel_for",
    "compose_sms",
    "delivery_progress",
    "enqueue_batches",
    "finish_if_done",
    "personalised_message",
    "progress",
    "queue",
    "recipient_count",
    "restricted_subscribers_q",
    "resume",
    "retry_failed",
    "schedule_issue",
    "send_batch",
    "send_scheduled_issues",
    "send_test",
    "sms_problems",
    "start_issue",
    "start_sms",
    "stop_text",
    "unschedule_issue",
]
