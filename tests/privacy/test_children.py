"""Children under 15: wherever consent is the legal basis (the newsletter
with its SMS, an account), the form asks the age; a younger visitor's
request waits, stored alone, until a guardian agrees from a signed link."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from newsletter.models import Consent, Subscriber
from privacy import guardians
from privacy.models import GuardianRequest

PASSWORD = "correct horse battery"
IP = "198.51.100.23"


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def child_year():
    return timezone.localdate().year - 12


def post(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data, REMOTE_ADDR=IP)


def guardian_link(message):
    match = re.search(r"https?://[^/\s]+(/personvern/verge/[^\s]+)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/nyhetsbrev/", {"email": "nina@example.org"}),
        (
            "/konto/signup/",
            {"email": "nina@example.org", "password1": PASSWORD, "password2": PASSWORD},
        ),
    ],
)
def test_a_form_that_rests_on_consent_asks_the_age_before_anything_is_stored(
    english, db, url, data, django_capture_on_commit_callbacks
):
    response = post(english, url, data, django_capture_on_commit_callbacks)
    assert response.status_code in (200, 400)
    assert "Tick that you are 15 or older, or give your birth year." in (
        response.content.decode()
    )
    assert not Subscriber.objects.exists()
    assert not User.objects.exists()
    assert not GuardianRequest.objects.exists()
    assert mail.outbox == []


def test_a_child_signing_up_for_the_newsletter_must_name_a_guardian(
    english, db, django_capture_on_commit_callbacks
):
    response = post(
        english,
        "/nyhetsbrev/",
        {"email": "nina@example.org", "birth_year": child_year()},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 400
    assert "You are under 15: give the email address of a parent" in (
        response.content.decode()
    )
    assert not GuardianRequest.objects.exists()


def test_a_guardian_address_the_same_as_the_childs_is_refused(
    english, db, django_capture_on_commit_callbacks
):
    response = post(
        english,
        "/nyhetsbrev/",
        {
            "email": "nina@example.org",
            "birth_year": child_year(),
            "guardian_email": "Nina@example.org",
        },
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 400
    assert "must be a different one from yours" in response.content.decode()


@pytest.mark.parametrize("year", ["12", "1850", str(timezone.localdate().year + 1)])
def test_a_birth_year_that_cannot_be_right_gets_a_clear_message(
    english, db, year, django_capture_on_commit_callbacks
):
    response = post(
        english,
        "/nyhetsbrev/",
        {"email": "nina@example.org", "birth_year": year},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 400
    assert "Give the year as four digits" in response.content.decode()


def test_an_old_enough_birth_year_signs_up_as_usual(
    english, db, django_capture_on_commit_callbacks
):
    response = post(
        english,
        "/nyhetsbrev/",
        {"email": "nina@example.org", "birth_year": timezone.localdate().year - 16},
        django_capture_on_commit_callbacks,
    )
    assert response["Location"] == reverse("newsletter:check_mail")
    assert Subscriber.objects.filter(email="nina@example.org").exists()
    assert not GuardianRequest.objects.exists()


def test_the_year_someone_turns_15_still_asks_for_a_guardian_unless_they_tick():
    this_year = timezone.localdate().year
    assert guardians.is_child_by_birth_year(this_year - 15)
    assert not guardians.is_child_by_birth_year(this_year - 16)


def test_a_childs_sign_up_stores_only_the_request_and_mails_only_the_guardian(
    english, db, django_capture_on_commit_callbacks
):
    response = post(
        english,
        "/nyhetsbrev/",
        {
            "email": "nina@example.org",
            "name": "Nina",
            "phone": "+47 912 34 567",
            "birth_year": child_year(),
            "guardian_email": "mor@example.org",
        },
        django_capture_on_commit_callbacks,
    )
    assert response["Location"] == reverse("privacy:guardian_sent")
    assert not Subscriber.objects.exists()
    pending = GuardianRequest.objects.get()
    assert pending.child_email == "nina@example.org"
    assert pending.confirmed_at is None
    assert [message.to for message in mail.outbox] == [["mor@example.org"]]
    assert "receive our programme newsletter" in mail.outbox[0].body

    # Opening the link (a mail scanner, say) agrees to nothing.
    link = guardian_link(mail.outbox[0])
    page = english.get(link)
    assert page.status_code == 200
    assert "Nina is under 15 and asks for your consent" in page.content.decode()
    assert not Subscriber.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        agreed = english.post(link)
    assert "You have agreed that Nina may" in agreed.content.decode()
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.phone) == ("nina@example.org", "+4791234567")
    assert subscriber.confirmed_at is None  # the child still confirms the address
    assert Consent.objects.get().source == Consent.Source.GUARDIAN
    assert mail.outbox[-1].to == ["nina@example.org"]
    pending.refresh_from_db()
    assert pending.confirmed_at is not None
    assert pending.data == {}

    # A second click changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        english.post(link)
    assert Subscriber.objects.count() == 1
    assert Consent.objects.count() == 1


def test_a_child_gets_an_account_only_when_the_guardian_agrees(
    english, db, django_capture_on_commit_callbacks
):
    response = post(
        english,
        "/konto/signup/",
        {
            "email": "nina@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "birth_year": child_year(),
            "guardian_email": "far@example.org",
        },
        django_capture_on_commit_callbacks,
    )
    assert response["Location"] == reverse("privacy:guardian_sent")
    assert not User.objects.exists()
    assert [message.to for message in mail.outbox] == [["far@example.org"]]
    pending = GuardianRequest.objects.get()
    assert PASSWORD not in str(pending.data)

    with django_capture_on_commit_callbacks(execute=True):
        english.post(guardian_link(mail.outbox[0]))
    user = User.objects.get(email="nina@example.org")
    assert user.check_password(PASSWORD)
    assert user.profile.guardian_confirmed_at is not None
    assert not EmailAddress.objects.get(user=user).verified
    assert mail.outbox[-1].to == ["nina@example.org"]
    assert "/konto/confirm-email/" in mail.outbox[-1].body
    assert GuardianRequest.objects.get().data == {}


@pytest.mark.parametrize("token", ["forged", "a" * 300])
def test_a_forged_guardian_link_is_a_clear_404(english, db, token):
    response = english.get(f"/personvern/verge/{token}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert english.post(f"/personvern/verge/{token}/").status_code == 404


def test_a_guardian_link_stops_working_after_its_days(
    english, db, settings, django_capture_on_commit_callbacks
):
    post(
        english,
        "/nyhetsbrev/",
        {
            "email": "nina@example.org",
            "birth_year": child_year(),
            "guardian_email": "mor@example.org",
        },
        django_capture_on_commit_callbacks,
    )
    link = guardian_link(mail.outbox[0])
    settings.PRIVACY_GUARDIAN_LINK_DAYS = 0
    assert english.post(link).status_code == 404
    assert not Subscriber.objects.exists()


def test_a_request_no_guardian_agreed_to_is_purged_when_the_link_expires(db):
    from privacy import retention

    pending = GuardianRequest.objects.create(
        purpose="newsletter.subscribe",
        child_email="nina@example.org",
        guardian_email="mor@example.org",
        created_at=timezone.now() - datetime.timedelta(days=15),
    )
    fresh = GuardianRequest.objects.create(
        purpose="newsletter.subscribe",
        child_email="ola@example.org",
        guardian_email="mor@example.org",
    )
    retention.purge()
    assert not GuardianRequest.objects.filter(pk=pending.pk).exists()
    assert GuardianRequest.objects.filter(pk=fresh.pk).exists()


def test_the_guardian_consent_is_exported_without_the_pending_password(db):
    from privacy import registry
    from privacy.registry import Subject

    GuardianRequest.objects.create(
        purpose="accounts.signup",
        child_email="nina@example.org",
        guardian_email="far@example.org",
        data={"password": "pbkdf2_sha256$secret"},
    )
    kind = registry.get("privacy.guardian_consents")
    for address in ("nina@example.org", "far@example.org"):
        (row,) = list(kind.export(Subject.for_email(address)))
        assert row["purpose"] == "accounts.signup"
        assert "secret" not in str(row)
    kind.erase(Subject.for_email("nina@example.org"))
    assert not GuardianRequest.objects.exists()
