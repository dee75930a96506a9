"""The delivery engine (home/outbox.py) on its own, through a channel made
here: each recipient is reached once however the workers interleave (on
PostgreSQL with real concurrent connections), a crash mid-send resumes, and
the channel's ``after_crash`` decides what a dead worker's row becomes.
The rows are privacy notice deliveries (any ``DeliveryRecord`` would do);
the mail never leaves the test's channel."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from home import outbox
from home.models import DeliveryStatus as Status
from privacy.models import NoticeDelivery, PolicyVersion

RECIPIENTS = 40


class Died(BaseException):
    """A worker stopping dead in the middle of a send (not an error the
    engine handles)."""


class Recording(outbox.Channel):
    """Sends by appending ``(worker, email)`` to ``sent``; refuses, skips or
    dies for the addresses it is told."""

    key = "test"
    model = NoticeDelivery
    max_attempts = 3
    retry_seconds = 60
    stale_minutes = 10

    def __init__(self, after_crash=outbox.AfterCrash.HOLD):
        self.after_crash = after_crash
        self.sent = []
        self.lock = threading.Lock()
        self.refuse = {}
        self.die_at = set()
        self.gone = set()
        self.waits = set()
        self.during_send = None

    def waiting(self, batch, delivery):
        return delivery.email in self.waits

    def skip_reason(self, batch, delivery):
        return "gone" if delivery.email in self.gone else None

    def send(self, batch, delivery, connection):
        if delivery.email in self.die_at:
            self.die_at.discard(delivery.email)
            raise Died
        if delivery.email in self.refuse:
            raise self.refuse[delivery.email]
        if self.during_send is not None:
            hook, self.during_send = self.during_send, None
            hook()
        with self.lock:
            self.sent.append((batch, delivery.email))
        return {}


class Connection:
    def __init__(self):
        self.opened = self.closed = 0

    def __enter__(self):
        self.opened += 1
        return self

    def __exit__(self, *exc):
        self.closed += 1


def make_rows(count=RECIPIENTS):
    version = PolicyVersion.objects.create(
        number=PolicyVersion.objects.count() + 1,
        title="Personvern",
        effective_at=timezone.now(),
        text="<p>Tekst</p>",
    )
    NoticeDelivery.objects.bulk_create(
        NoticeDelivery(version=version, email=f"person{i}@example.org", source="test")
        for i in range(count)
    )
    return NoticeDelivery.objects.filter(version=version)


def queued(rows):
    return list(rows.filter(status=Status.QUEUED).order_by("pk"))


def statuses(rows):
    return {
        status: rows.filter(status=status).count()
        for status in rows.values_list("status", flat=True).distinct()
    }


def later(**delta):
    return timezone.now() + datetime.timedelta(**delta)


@pytest.mark.django_db
def test_rows_are_inserted_once_however_often_the_queue_runs():
    rows = make_rows(5)
    version_id = rows.first().version_id
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    again = [
        (version_id, f"person{i}@example.org", "test", "", "queued", 0, True, "", now)
        for i in range(7)
    ]
    columns = (
        *("version_id", "email", "source", "language", "status"),
        *("attempts", "retry", "error", "created_at"),
    )
    outbox.insert_rows(NoticeDelivery, columns, again)
    assert rows.count() == 7
    assert [first for first, _last in outbox.batch_ranges(rows, 3)] == [
        row.pk for row in queued(rows)[::3]
    ]


@pytest.mark.django_db
def test_two_workers_on_the_same_batch_reach_each_recipient_once():
    """Worker A has read the batch; while it sends its first message,
    worker B reads the same rows and sends every one it can claim. A then
    goes on and finds the rest claimed."""
    rows = make_rows(10)
    channel = Recording()
    batch_a, batch_b = queued(rows), queued(rows)
    sent_b = []
    channel.during_send = lambda: sent_b.append(
        outbox.send_rows(channel, batch_b, Connection(), batch="B")
    )

    sent_a = outbox.send_rows(channel, batch_a, Connection(), batch="A")

    emails = [email for _worker, email in channel.sent]
    assert sorted(emails) == sorted(row.email for row in batch_a)
    assert (sent_a, sent_b) == (1, [9])
    assert statuses(rows) == {Status.SENT: 10}
    assert set(rows.values_list("attempts", flat=True)) == {1}
    # Run once more, as a duplicate task would: nothing is sent again.
    assert outbox.send_rows(channel, batch_a, Connection(), batch="C") == 0
    assert len(channel.sent) == 10


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent claims race only on PostgreSQL; SQLite runs one writer "
    "at a time (CI runs this on PostgreSQL).",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_workers_claim_each_recipient_once():
    """Two workers with their own database connections send the same batch
    at the same moment, one from each end, so they meet in the middle and
    race for the same rows there."""
    rows = make_rows()
    channel = Recording()
    ordered = queued(rows)
    barrier = threading.Barrier(2)
    results = {}

    def worker(name, deliveries):
        try:
            barrier.wait(timeout=30)
            results[name] = outbox.send_rows(
                channel, deliveries, Connection(), batch=name
            )
        except Exception as error:  # noqa: BLE001 (reported to the test)
            results[name] = error
        finally:
            connections.close_all()

    original_send = channel.send

    def slow_send(batch, delivery, connection):
        threading.Event().wait(0.005)  # leaves the other worker time to claim
        return original_send(batch, delivery, connection)

    channel.send = slow_send
    threads = [
        threading.Thread(target=worker, args=("up", ordered)),
        threading.Thread(target=worker, args=("down", ordered[::-1])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    emails = [email for _worker, email in channel.sent]
    assert sorted(emails) == sorted(row.email for row in ordered)
    assert results["up"] + results["down"] == RECIPIENTS, results
    assert results["up"] > 0 and results["down"] > 0, results
    assert statuses(rows) == {Status.SENT: RECIPIENTS}
    assert set(rows.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("after_crash", "left_as", "retry", "error"),
    [
        (outbox.AfterCrash.RESEND, Status.QUEUED, True, outbox.INTERRUPTED_RESENT),
        (outbox.AfterCrash.HOLD, Status.FAILED, False, outbox.INTERRUPTED_HELD),
    ],
)
def test_a_crash_mid_send_resumes_as_the_channel_says(
    after_crash, left_as, retry, error
):
    rows = make_rows(6)
    channel = Recording(after_crash)
    channel.die_at = {"person2@example.org"}
    with pytest.raises(Died):
        outbox.send_rows(channel, queued(rows), Connection())
    assert statuses(rows) == {Status.SENT: 2, Status.SENDING: 1, Status.QUEUED: 3}

    # Too early: the worker may still be at it.
    assert outbox.recover(channel, later(minutes=5)) == {
        "interrupted": 0,
        "retried": 0,
    }
    assert rows.get(status=Status.SENDING).email == "person2@example.org"

    assert outbox.recover(channel, later(minutes=11))["interrupted"] == 1
    interrupted = rows.get(email="person2@example.org")
    assert (interrupted.status, interrupted.retry, interrupted.error) == (
        left_as,
        retry,
        error,
    )
    outbox.send_rows(channel, queued(rows), Connection())
    emails = [email for _worker, email in channel.sent]
    assert len(emails) == len(set(emails))  # nobody twice
    if after_crash is outbox.AfterCrash.RESEND:
        assert statuses(rows) == {Status.SENT: 6}
        assert outbox.is_done(rows)
    else:
        # Waits for an editor: the resume task leaves it alone ...
        assert statuses(rows) == {Status.SENT: 5, Status.FAILED: 1}
        assert outbox.recover(channel, later(days=2))["retried"] == 0
        assert outbox.is_done(rows)
        # ... and the editor's retry sends it.
        assert outbox.retry_failed(rows) == 1
        outbox.send_rows(channel, queued(rows), Connection())
        assert statuses(rows) == {Status.SENT: 6}
    assert sorted({email for _w, email in channel.sent}) == sorted(
        rows.values_list("email", flat=True)
    )


@pytest.mark.django_db
def test_a_refusal_is_retried_with_backoff_until_the_channel_gives_up():
    rows = make_rows(1)
    channel = Recording()
    channel.refuse["person0@example.org"] = outbox.DeliveryFailed("451 busy")
    for attempt in range(1, channel.max_attempts + 1):
        outbox.send_rows(channel, queued(rows), Connection())
        failed = rows.get()
        assert (failed.status, failed.attempts) == (Status.FAILED, attempt)
        if attempt < channel.max_attempts:
            assert failed.retry
            wait = channel.backoff(attempt)
            assert wait == datetime.timedelta(seconds=60 * 2 ** (attempt - 1))
            assert not outbox.is_done(rows)
            # Not before the backoff has passed.
            assert outbox.recover(channel, timezone.now())["retried"] == 0
            assert outbox.recover(channel, later(seconds=wait.seconds + 1)) == {
                "interrupted": 0,
                "retried": 1,
            }
    assert (failed.retry, failed.next_attempt_at, failed.error) == (
        False,
        None,
        "451 busy",
    )
    assert outbox.is_done(rows)
    assert channel.sent == []


@pytest.mark.django_db
def test_a_message_that_may_have_arrived_is_never_retried_by_itself():
    rows = make_rows(1)
    channel = Recording(outbox.AfterCrash.RESEND)
    channel.refuse["person0@example.org"] = outbox.DeliveryFailed(
        "timeout", uncertain=True
    )
    outbox.send_rows(channel, queued(rows), Connection())
    failed = rows.get()
    assert (failed.status, failed.retry) == (Status.FAILED, False)
    assert failed.error == "May have arrived: timeout"
    assert outbox.recover(channel, later(days=1))["retried"] == 0


@pytest.mark.django_db
def test_skipped_waiting_and_connection_trouble():
    rows = make_rows(8)
    channel = Recording()
    channel.gone = {"person0@example.org"}
    channel.waits = {"person1@example.org"}
    channel.refuse["person2@example.org"] = outbox.DeliverySkipped("no number")
    trouble = outbox.DeliveryFailed("dropped", connection_trouble=True)
    channel.refuse["person4@example.org"] = trouble
    connection_ = Connection()

    sent = outbox.send_rows(channel, queued(rows), connection_, batch="B")

    # One connection for the batch; the first connection trouble stops it
    # (this channel cannot reconnect) and leaves the rest queued.
    assert (connection_.opened, connection_.closed) == (1, 1)
    assert sent == 1
    by_email = {row.email: row for row in rows}
    assert by_email["person0@example.org"].status == Status.SKIPPED
    assert by_email["person0@example.org"].attempts == 0  # never claimed
    assert by_email["person1@example.org"].status == Status.QUEUED
    assert by_email["person2@example.org"].status == Status.SKIPPED
    assert by_email["person3@example.org"].status == Status.SENT
    assert by_email["person4@example.org"].status == Status.FAILED
    assert [row.status for email, row in sorted(by_email.items())[5:]] == [
        Status.QUEUED
    ] * 3
    assert outbox.progress(rows).as_dict() == {
        "sent": 1,
        "failed": 1,
        "retrying": 1,
        "skipped": 2,
        "left": 4,
        "total": 8,
        "percent": 50,
    }


def test_every_channel_names_its_states_alike_in_norwegian():
    with translation.override("nb"):
        labels = {status: str(status.label) for status in Status}
    assert labels == {
        Status.QUEUED: "skal sendes",
        Status.SENDING: "sendes nå",
        Status.SENT: "sendt",
        Status.FAILED: "mislyktes",
        Status.SKIPPED: "ikke sendt",
    }
    assert Status.PENDING is Status.QUEUED  # the notices' older name


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("latest_migrations_afterwards")
def test_the_migration_maps_the_notices_pending_to_queued():
    before = [("privacy", "0009_rectification")]
    after = [("privacy", "0010_notice_states_shared")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    Version = old_apps.get_model("privacy", "PolicyVersion")
    Delivery = old_apps.get_model("privacy", "NoticeDelivery")
    version = Version.objects.create(
        number=99, title="Personvern", effective_at=timezone.now(), text="x"
    )
    for email, status in [
        ("a@example.org", "pending"),
        ("b@example.org", "sent"),
        ("c@example.org", "failed"),
    ]:
        Delivery.objects.create(
            version=version, email=email, source="test", status=status
        )

    executor = MigrationExecutor(connection)
    executor.migrate(after)

    assert dict(
        NoticeDelivery.objects.filter(version_id=version.pk).values_list(
            "email", "status"
        )
    ) == {
        "a@example.org": Status.QUEUED,
        "b@example.org": Status.SENT,
        "c@example.org": Status.FAILED,
    }
