"""A material change reaches every registered user with a verified address
(and newsletter subscribers when ticked) exactly once: deliveries are
recorded per version and address, survive a worker that dies halfway,
resume where they stopped, retry refusals with backoff and never send
twice. Logged-in people see a banner until they acknowledge the change."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db.models import Count
from django.utils import timezone

from privacy import notices, policy
from privacy.models import NoticeDelivery, PolicyAcknowledgement, PolicyVersion
from privacy.notices import NoticeSource, Recipient

from ..dying_mail import DyingBackend, WorkerKilled
from ..factories import UserFactory
from .conftest import publish, verified

pytestmark = pytest.mark.django_db

Status = NoticeDelivery.Status


class RefusingBackend(EmailBackend):
    def __init__(self, *args, refuse=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.refuse = set(refuse)

    def send_messages(self, messages):
        if any(set(message.to) & self.refuse for message in messages):
            raise smtplib.SMTPRecipientsRefused({})
        return super().send_messages(messages)


@pytest.fixture
def people(db):
    """Five verified users, one unverified, one inactive."""
    users = [verified(UserFactory(email=f"person{i}@example.org")) for i in range(5)]
    UserFactory(email="unverified@example.org")
    inactive = verified(UserFactory(email="gone@example.org"))
    inactive.is_active = False
    inactive.save()
    return users


@pytest.fixture
def material(policy_page, people):
    """Version 2, a material change, with its deliveries created (not yet
    sent)."""
    publish(policy_page, summary="Vi bytter billettleverandør.", material=True)
    version = PolicyVersion.objects.get(number=2)
    policy.queue_notices(version, enqueue=False)
    return version


def send_all(version, **kwargs):
    for first, last in list(policy.batch_ranges(version.pk)):
        policy.send_notices(version.pk, first, last, **kwargs)


def mails_per_address():
    counts = {}
    for message in mail.outbox:
        for address in message.to:
            counts[address] = counts.get(address, 0) + 1
    return counts


def test_a_material_change_queues_one_delivery_per_verified_active_user(material):
    addresses = set(
        NoticeDelivery.objects.filter(version=material).values_list("email", flat=True)
    )
    assert addresses == {f"person{i}@example.org" for i in range(5)}


def test_a_change_that_is_not_material_notifies_nobody(policy_page, people):
    publish(policy_page, summary="Skrivefeil rettet.")
    assert not NoticeDelivery.objects.exists()
    assert not mail.outbox


def test_publishing_a_material_change_sends_the_notices_in_the_background(
    policy_page, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(policy_page, summary="Ny leverandør.", material=True)
    assert len(mail.outbox) == 5
    assert set(NoticeDelivery.objects.values_list("status", flat=True)) == {Status.SENT}
    body = mail.outbox[0].body
    assert "Ny leverandør." in body
    assert "/personvern/versjoner/2/" in body
    assert "fra=1&til=2" in body
    assert "datatilsynet.no" in body


def test_queueing_twice_creates_no_second_delivery(material):
    policy.queue_notices(material, enqueue=False)
    PolicyVersion.objects.filter(pk=material.pk).update(notices_queued_at=None)
    policy.queue_notices(material, enqueue=False)
    assert NoticeDelivery.objects.filter(version=material).count() == 5


def test_batches_hold_at_most_the_batch_size(material, settings):
    settings.PRIVACY_NOTICE_BATCH_SIZE = 2
    ranges = list(policy.batch_ranges(material.pk))
    assert len(ranges) == 3
    pending = NoticeDelivery.objects.filter(version=material).order_by("pk")
    ids = list(pending.values_list("pk", flat=True))
    assert ranges == [(ids[0], ids[1]), (ids[2], ids[3]), (ids[4], ids[4])]


def test_each_person_gets_it_in_their_language(material, people):
    from privacy.models import LanguagePreference

    LanguagePreference.objects.create(user=people[0], language="en")
    NoticeDelivery.objects.filter(email=people[0].email).update(language="en")
    send_all(material)
    by_address = {message.to[0]: message for message in mail.outbox}
    english = by_address[people[0].email]
    norwegian = by_address[people[1].email]
    assert english.body.startswith("Hello,")
    assert norwegian.body.startswith("Hei,")
    assert 'lang="en"' in english.alternatives[0][0]


def test_the_language_a_person_signed_in_with_is_remembered(client, people):
    from privacy.models import LanguagePreference

    client.cookies["sprak"] = "en"
    response = client.post(
        "/konto/login/",
        {"login": people[0].email, "password": "correct horse battery"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert LanguagePreference.objects.get(user=people[0]).language == "en"


def test_a_batch_run_twice_sends_nobody_twice(material):
    send_all(material)
    send_all(material)
    policy.resume_notices()
    assert mails_per_address() == {f"person{i}@example.org": 1 for i in range(5)}


def test_a_worker_killed_halfway_resumes_where_it_stopped(material):
    backend = DyingBackend(die_at=3)
    with pytest.raises(WorkerKilled):
        send_all(material, connection=backend)
    assert len(mail.outbox) == 2
    counts = dict(NoticeDelivery.objects.values_list("status").annotate(n=Count("pk")))
    assert counts == {Status.SENT: 2, Status.SENDING: 1, Status.PENDING: 2}

    # Soon after, another worker resumes: the rest go, the one that was in
    # the dead worker's hands waits (its worker might still be sending).
    policy.resume_notices()
    assert len(mail.outbox) == 4
    # Once it is stale, it is sent again, with the Message-ID it would have
    # had, so nobody misses the notice and a copy a server did take before
    # the crash is the same message.
    interrupted = NoticeDelivery.objects.get(status=Status.SENDING)
    policy.resume_notices(now=timezone.now() + datetime.timedelta(hours=1))
    assert mails_per_address() == {f"person{i}@example.org": 1 for i in range(5)}
    (resent,) = [m for m in mail.outbox if m.to == [interrupted.email]]
    assert resent.extra_headers["Message-ID"] == policy.notice_message_id(
        interrupted.pk
    )
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 5
    assert set(NoticeDelivery.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_worker_killed_after_handing_over_sends_the_same_message_again(material):
    """The rare crash between the mail server's OK and the row saying so:
    the notice goes again (nobody may miss it) as the same message, one
    Message-ID per person, which receiving servers and mail programs keep
    once."""
    with pytest.raises(WorkerKilled):
        send_all(material, connection=DyingBackend(die_at=2, after=True))
    policy.resume_notices(now=timezone.now() + datetime.timedelta(hours=1))
    policy.resume_notices(now=timezone.now() + datetime.timedelta(days=2))
    message_ids = {}
    for message in mail.outbox:
        message_ids.setdefault(message.to[0], set()).add(
            message.extra_headers["Message-ID"]
        )
    assert sorted(message_ids) == [f"person{i}@example.org" for i in range(5)]
    assert all(len(ids) == 1 for ids in message_ids.values())
    assert len(mail.outbox) == 6  # the one handed over before the crash, twice


def test_a_refused_mail_is_retried_with_backoff(material, settings):
    settings.PRIVACY_NOTICE_RETRY_SECONDS = 60
    send_all(material, connection=RefusingBackend(refuse={"person1@example.org"}))
    failed = NoticeDelivery.objects.get(email="person1@example.org")
    assert failed.status == Status.FAILED
    assert failed.retry
    assert failed.attempts == 1
    assert "SMTPRecipientsRefused" in failed.error
    first_wait = failed.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < first_wait <= datetime.timedelta(minutes=1)

    policy.resume_notices()  # too early: nothing happens
    assert NoticeDelivery.objects.get(pk=failed.pk).status == Status.FAILED

    # The second refusal waits twice as long.
    NoticeDelivery.objects.filter(pk=failed.pk).update(status=Status.PENDING)
    send_all(material, connection=RefusingBackend(refuse={"person1@example.org"}))
    failed.refresh_from_db()
    assert failed.attempts == 2
    wait = failed.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=110) < wait <= datetime.timedelta(minutes=2)

    policy.resume_notices(now=timezone.now() + datetime.timedelta(minutes=3))
    assert NoticeDelivery.objects.get(pk=failed.pk).status == Status.SENT
    assert mails_per_address()["person1@example.org"] == 1


def test_after_the_last_attempt_it_waits_for_an_editor(material, settings):
    settings.PRIVACY_NOTICE_MAX_ATTEMPTS = 1
    send_all(material, connection=RefusingBackend(refuse={"person1@example.org"}))
    failed = NoticeDelivery.objects.get(email="person1@example.org")
    assert failed.status == Status.FAILED
    assert not failed.retry


class Subscribers(NoticeSource):
    """Test-only source standing in for the newsletter app."""

    key = "tests.subscribers"
    label = "Subscribers"
    optional = True

    def recipients(self):
        yield Recipient(email="Reader@Example.net", language="en")
        yield Recipient(email="person0@example.org")  # also a user: once


@pytest.fixture
def subscribers():
    notices.register_source(Subscribers)
    yield
    notices.unregister_source(Subscribers.key)


def test_subscribers_are_notified_only_when_the_editor_ticks_it(
    policy_page, people, subscribers
):
    publish(policy_page, summary="Uten abonnenter.", material=True)
    policy.queue_notices(PolicyVersion.objects.get(number=2), enqueue=False)
    assert not NoticeDelivery.objects.filter(email="reader@example.net").exists()

    publish(policy_page, summary="Med abonnenter.", material=True, subscribers=True)
    version = PolicyVersion.objects.get(number=3)
    assert version.notify_subscribers
    policy.queue_notices(version, enqueue=False)
    deliveries = NoticeDelivery.objects.filter(version=version)
    assert deliveries.filter(email="reader@example.net", source=Subscribers.key)
    assert deliveries.filter(email="person0@example.org").count() == 1
    assert deliveries.get(email="person0@example.org").source == "privacy.users"


def test_the_admin_shows_counts_per_version_and_retries_failures(
    client, editor, material, django_capture_on_commit_callbacks
):
    send_all(material, connection=RefusingBackend(refuse={"person1@example.org"}))
    client.force_login(editor)
    response = client.get("/admin/personvern/versions/")
    assert response.status_code == 200
    row = {version.number: counts for version, counts in response.context["rows"]}[2]
    assert row == {"to_send": 0, "sent": 4, "failed": 1}
    assert f"/admin/personvern/versions/{material.pk}/retry/" in (
        response.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/personvern/versions/{material.pk}/retry/")
    assert response.status_code == 302
    assert policy.delivery_counts(material) == {"to_send": 0, "sent": 5, "failed": 0}
    assert mails_per_address()["person1@example.org"] == 1


def test_people_without_access_cannot_retry(client, material, people):
    client.force_login(people[0])
    response = client.post(f"/admin/personvern/versions/{material.pk}/retry/")
    assert response.status_code in (302, 403)
    assert not mail.outbox


# Acknowledgement --------------------------------------------------------------


def test_logged_in_users_see_the_change_until_they_acknowledge_it(
    client, material, people
):
    person = people[0]
    person.date_joined = timezone.now() - datetime.timedelta(days=30)
    person.save()
    client.force_login(person)
    html = client.get("/").content.decode()
    assert "Vi bytter billettleverandør." in html
    assert 'action="/personvern/lest/"' in html
    response = client.post("/personvern/lest/", {"version": 2, "next": "/"})
    assert response.status_code == 302
    acknowledgement = PolicyAcknowledgement.objects.get(user=person)
    assert acknowledgement.version == material
    assert acknowledgement.acknowledged_at <= timezone.now()
    assert "Vi bytter billettleverandør." not in client.get("/").content.decode()


def test_a_material_change_is_asked_about_on_the_next_page_read(
    client, policy_page, people, settings, django_assert_max_num_queries
):
    """The material versions are kept per cache generation: a person with
    nothing to acknowledge costs no query for it, and a new version is
    asked about at once."""
    settings.PAGE_CACHE_SECONDS = 600
    person = people[0]
    person.date_joined = timezone.now() - datetime.timedelta(days=30)
    person.save()
    client.force_login(person)
    client.get("/")
    assert policy.version_to_acknowledge(person) is None  # read and kept
    with django_assert_max_num_queries(0):
        assert policy.version_to_acknowledge(person) is None

    publish(policy_page, summary="Nye kameraer i foajeen.", material=True)
    assert "Nye kameraer i foajeen." in client.get("/").content.decode()


def test_people_who_joined_after_the_change_are_not_asked(client, material):
    newcomer = UserFactory(email="ny@example.org")
    client.force_login(newcomer)
    assert 'action="/personvern/lest/"' not in client.get("/").content.decode()


def test_anonymous_visitors_see_no_change_banner(client, material):
    assert 'action="/personvern/lest/"' not in client.get("/").content.decode()


@pytest.mark.parametrize("data", [{}, {"version": "x"}, {"version": "999"}])
def test_bad_acknowledgements_are_4xx(client, material, people, data):
    client.force_login(people[0])
    assert client.post("/personvern/lest/", data).status_code in (400, 404)


def test_acknowledging_needs_a_login(client, material):
    response = client.post("/personvern/lest/", {"version": 2})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not PolicyAcknowledgement.objects.exists()
