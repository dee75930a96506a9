"""One delivery engine for every message sent in batches: the newsletter's
issues and SMS announcements (newsletter/sending) and the privacy notices
(privacy/policy.py). Each app keeps what it sends and to whom; the engine
moves ``DeliveryRecord`` rows (home/models.py) through their states:

1. **Queue.** One row per recipient, inserted once however often it runs
   (a unique constraint and ``INSERT ... ON CONFLICT DO NOTHING``:
   :func:`insert_rows`).
2. **Claim.** Before a message is handed over its row is claimed, queued →
   being sent, by a conditional update (:func:`claim`): of two workers on
   the same rows only one wins each row (on PostgreSQL the second waits for
   the first's row lock and then finds the row no longer queued).
3. **Send and mark.** Sent right after the handover; a refusal marks it
   failed and, while the channel allows more attempts, retried after a
   backoff doubling from the channel's ``retry_seconds``; a recipient who
   can no longer get it is skipped (:func:`send_rows`).
4. **Resume.** Periodically (:func:`recover`): failed rows whose backoff
   has passed are queued again, and rows a dead worker left *being sent*
   for ``stale_minutes`` are handled by the channel's ``after_crash``:

   - :attr:`AfterCrash.RESEND`: queued again. The message may have
     arrived (the worker died after the handover and before marking), so
     the channel must make a second copy harmless (the privacy notices
     send it with the same Message-ID). For messages nobody may miss.
   - :attr:`AfterCrash.HOLD`: failed, not retried by itself; only an
     editor's retry (:func:`retry_failed`) sends it again. For messages
     where a copy missing for a few is better than two for many (the
     newsletter).

This is the one real difference between the channels; everything else is
here once."""

import dataclasses
import datetime
import enum
import logging
from itertools import islice

from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from .models import DeliveryStatus

logger = logging.getLogger(__name__)

Status = DeliveryStatus
OPEN = (Status.QUEUED, Status.SENDING)
# Consecutive connection-level failures after which a batch stops and
# leaves the rest queued for the resume task.
MAX_CONNECTION_TROUBLE = 3
INTERRUPTED_HELD = "Interrupted while sending; it may have arrived. Retry by hand."
INTERRUPTED_RESENT = "Interrupted while sending; sent again."


class AfterCrash(enum.Enum):
    """What happens to a row a dead worker left *being sent*."""

    RESEND = "resend"
    HOLD = "hold"


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


class Channel:
    """How one kind of delivery reaches people. Subclasses set ``model``
    (a ``DeliveryRecord`` subclass) and ``after_crash``, give the retry
    settings (``max_attempts``, ``retry_seconds``, ``stale_minutes``) and
    implement :meth:`send`; :meth:`waiting` and :meth:`skip_reason` are
    optional."""

    key = ""
    model = None
    after_crash = AfterCrash.HOLD
    max_attempts = 5
    retry_seconds = 60
    stale_minutes = 30

    def rows(self):
        return self.model.objects.all()

    def reconnect(self, connection) -> bool:
        """After connection trouble: start afresh; False when that fails.
        By default a batch stops at the first connection trouble."""
        return False

    def waiting(self, batch, delivery) -> bool:
        """True to leave ``delivery`` queued, unclaimed, for a later batch
        (e.g. a notice waiting for its language's text)."""
        return False

    def skip_reason(self, batch, delivery) -> str | None:
        """Why ``delivery`` is no longer to be sent, checked before it is
        claimed (e.g. the recipient's processing is restricted)."""
        return None

    def send(self, batch, delivery, connection) -> dict:
        """Hand one delivery over; return fields to store on its row when
        sent. Raises :class:`DeliveryFailed` or :class:`DeliverySkipped`.
        ``batch`` is what the caller of :func:`send_rows` prepared for the
        whole batch (rendered content)."""
        raise NotImplementedError

    def backoff(self, attempts) -> datetime.timedelta:
        return datetime.timedelta(
            seconds=self.retry_seconds * 2 ** max(attempts - 1, 0)
        )


@dataclasses.dataclass(frozen=True)
class Progress:
    """Where the sending of one mailing stands."""

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


# Queue ------------------------------------------------------------------------


def chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def insert_rows(model, columns, rows):
    """Insert ``rows`` (tuples in the order of ``columns``, database
    values) into ``model``'s table, skipping those a unique constraint
    already holds: one ``executemany`` of a portable ``INSERT ... ON
    CONFLICT DO NOTHING`` (SQLite and PostgreSQL), much faster than
    ``bulk_create`` for the 100,000 rows of a notice to every user."""
    quote = db_connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    with transaction.atomic(), db_connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({placeholders}) "  # noqa: S608
            "ON CONFLICT DO NOTHING",
            rows,
        )


def insert_from_query(model, fixed, recipient_column, recipients):
    """One ``INSERT ... SELECT`` of a row per id that ``recipients`` (a
    ``values()`` queryset of one column) yields, skipping those that have
    one. ``fixed`` maps field names to the values every row gets; the
    other fields take their defaults."""
    columns, values, params = [], [], []
    for name, value in fixed.items():
        field = model._meta.get_field(name)
        columns.append(field.column)
        values.append("%s")
        params.append(field.get_db_prep_save(value, db_connection))
    recipient_field = model._meta.get_field(recipient_column)
    taken = {model._meta.get_field(name) for name in fixed} | {recipient_field}
    for field in model._meta.concrete_fields:
        if field.primary_key or field in taken:
            continue
        default = field.get_default()
        if default is None:
            continue
        columns.append(field.column)
        values.append("%s")
        params.append(field.get_db_prep_save(default, db_connection))
    columns.append(recipient_field.column)
    values.append("recipients.recipient_id")
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


def batch_ranges(rows, size, *, retries_only=False):
    """``(first id, last id)`` of consecutive queued rows of ``rows``,
    ``size`` at a time, read in chunks."""
    queued = rows.filter(status=Status.QUEUED)
    if retries_only:
        queued = queued.filter(attempts__gt=0)
    ids = queued.order_by("pk").values_list("pk", flat=True)
    for chunk in chunks(ids.iterator(chunk_size=size * 4), size):
        yield chunk[0], chunk[-1]


# Claim, send, mark ------------------------------------------------------------


def claim(rows, pk) -> bool:
    """Claim one queued row (queued → being sent); False when another
    worker has it or it is no longer queued."""
    return bool(
        rows.filter(pk=pk, status=Status.QUEUED).update(
            status=Status.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def mark_sent(rows, pk, **stored):
    rows.filter(pk=pk).update(
        status=Status.SENT, sent_at=timezone.now(), error="", **stored
    )


def mark_skipped(rows, pk, reason, *, only_queued=False):
    if only_queued:
        rows = rows.filter(status=Status.QUEUED)
    rows.filter(pk=pk).update(status=Status.SKIPPED, retry=False, error=reason[:500])


def mark_failed(channel, rows, delivery, failure):
    """A refusal: failed, retried after the backoff while the channel allows
    more attempts and the failure may pass; never retried when the message
    may have arrived. ``delivery.attempts`` is the count before its claim."""
    attempts = delivery.attempts + 1
    if getattr(failure, "uncertain", False):
        retry = False
        error = f"May have arrived: {failure}"
    else:
        retry = getattr(failure, "retry", True) and attempts < channel.max_attempts
        error = str(failure)
    rows.filter(pk=delivery.pk).update(
        status=Status.FAILED,
        retry=retry,
        next_attempt_at=timezone.now() + channel.backoff(attempts) if retry else None,
        error=error[:500],
    )
    # The error itself may name the address or number: it stays on the row
    # (purged with it), out of the logs.
    logger.warning(
        "%s %s failed (retry: %s).", type(delivery).__name__, delivery.pk, retry
    )
    return retry


def send_rows(channel, deliveries, connection, batch=None) -> int:
    """Send each of ``deliveries`` (rows read as queued, in order) through
    ``connection`` (opened here for the batch): claim, send, mark. A row
    another worker claimed first is left to it. After
    ``MAX_CONNECTION_TROUBLE`` connection failures in a row (or one the
    channel cannot reconnect from) the batch stops and leaves the rest
    queued. Returns how many were sent."""
    rows = channel.rows()
    sent = trouble = 0
    with connection:
        for delivery in deliveries:
            if channel.waiting(batch, delivery):
                continue
            reason = channel.skip_reason(batch, delivery)
            if reason:
                mark_skipped(rows, delivery.pk, reason, only_queued=True)
                continue
            if not claim(rows, delivery.pk):
                continue
            try:
                stored = channel.send(batch, delivery, connection)
            except DeliverySkipped as skipped:
                mark_skipped(rows, delivery.pk, str(skipped))
                continue
            except DeliveryFailed as failure:
                mark_failed(channel, rows, delivery, failure)
                if failure.connection_trouble:
                    trouble += 1
                    if trouble >= MAX_CONNECTION_TROUBLE or not channel.reconnect(
                        connection
                    ):
                        logger.warning(
                            "Stopped a %s batch: connection trouble.", channel.key
                        )
                        break
                continue
            trouble = 0
            mark_sent(rows, delivery.pk, **(stored or {}))
            sent += 1
    return sent


# Resume and retry -------------------------------------------------------------


def recover(channel, now=None) -> dict[str, int]:
    """Periodic: rows a dead worker left being sent for the channel's
    ``stale_minutes`` go where its ``after_crash`` says, and failed rows
    whose backoff has passed are queued again. Returns both counts."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(minutes=channel.stale_minutes)
    rows = channel.rows()
    abandoned = rows.filter(status=Status.SENDING, claimed_at__lt=stale)
    if channel.after_crash is AfterCrash.RESEND:
        interrupted = abandoned.update(
            status=Status.QUEUED,
            retry=True,
            next_attempt_at=None,
            error=INTERRUPTED_RESENT,
        )
    else:
        interrupted = abandoned.update(
            status=Status.FAILED,
            retry=False,
            next_attempt_at=None,
            error=INTERRUPTED_HELD,
        )
    retried = rows.filter(
        status=Status.FAILED, retry=True, next_attempt_at__lte=now
    ).update(status=Status.QUEUED)
    return {"interrupted": interrupted, "retried": retried}


def retry_failed(rows) -> int:
    """An editor's retry: every failed row of ``rows`` (including those
    that may have arrived) is queued again. Returns how many."""
    return rows.filter(status=Status.FAILED).update(
        status=Status.QUEUED, retry=True, next_attempt_at=None
    )


def is_done(rows) -> bool:
    """Nothing queued, being sent or waiting for a retry."""
    return not rows.filter(
        Q(status__in=OPEN) | Q(status=Status.FAILED, retry=True)
    ).exists()


def progress(rows) -> Progress:
    """Counts of ``rows`` by state, in one query."""
    counts = {}
    retrying = 0
    for status, retry, count in (
        rows.values_list("status", "retry").annotate(count=Count("pk")).order_by()
    ):
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
