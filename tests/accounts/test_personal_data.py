"""Each kind of personal data accounts registers: export gives the
subject's rows and nobody else's, and after erasure they are gone or name
nobody, while other people's rows stay."""

from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from wagtail.contrib.forms.models import FormSubmission
from wagtail.images import get_image_model
from wagtail.models import (
    Comment,
    CommentReply,
    Page,
    PageLogEntry,
    PageSubscription,
    Revision,
)
from wagtail.users.models import UserProfile

from accounts.models import Profile, User
from privacy import registry
from privacy.registry import Subject

from ..bench.seeding import seed
from ..factories import ImageFactory, StandardPageFactory
from .conftest import make_member


@pytest.fixture
def kari(db):
    return make_member("kari@example.org", first_name="Kari", last_name="Nordmann")


@pytest.fixture
def ola(db):
    return make_member("ola@example.org", first_name="Ola", last_name="Hansen")


def kind(key):
    return registry.get(key)


def export(key, user):
    return list(kind(key).export(Subject.for_user(user)))


def erase(key, user, **options):
    return kind(key).erase(Subject.for_user(user), **options)


def test_the_account_itself(kari, ola):
    (row,) = export("accounts.user", kari)
    assert (row["email"], row["first_name"], row["last_name"]) == (
        "kari@example.org",
        "Kari",
        "Nordmann",
    )
    assert "password" not in row
    result = erase("accounts.user", kari)
    assert result.deleted >= 1
    assert list(User.objects.values_list("email", flat=True)) == ["ola@example.org"]


def test_the_account_is_erased_after_every_other_kind():
    sequence = registry.erase_sequence()
    assert sequence[-1].key == "accounts.user"


def test_the_account_is_not_found_by_address_alone(kari):
    subject = Subject.for_email("kari@example.org")
    for key in ("accounts.user", "accounts.profile", "accounts.email_addresses"):
        assert list(kind(key).export(subject)) == []


def test_the_profile(kari, ola):
    Profile.objects.create(user=kari, city="Kongsberg", phone="+4791234567")
    Profile.objects.create(user=ola, city="Drammen")
    (row,) = export("accounts.profile", kari)
    assert (row["city"], row["phone"]) == ("Kongsberg", "+4791234567")
    assert erase("accounts.profile", kari).deleted == 1
    assert list(Profile.objects.values_list("city", flat=True)) == ["Drammen"]


def test_the_email_addresses(kari, ola):
    EmailAddress.objects.create(user=kari, email="kari@work.example", verified=False)
    rows = export("accounts.email_addresses", kari)
    assert {row["email"] for row in rows} == {"kari@example.org", "kari@work.example"}
    assert {row["verified"] for row in rows} == {True, False}
    erase("accounts.email_addresses", kari)
    assert list(EmailAddress.objects.values_list("email", flat=True)) == [
        "ola@example.org"
    ]


def make_session(user, ip):
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    UserSession.objects.create(
        user=user, session_key=store.session_key, ip=ip, user_agent="Firefox/128.0"
    )
    return store.session_key


def test_the_sessions(kari, ola):
    kari_key = make_session(kari, "203.0.113.1")
    ola_key = make_session(ola, "203.0.113.2")
    (row,) = export("accounts.sessions", kari)
    assert set(row) == {"expires_at"}
    assert erase("accounts.sessions", kari).deleted == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [ola_key]
    assert kari_key not in Session.objects.values_list("session_key", flat=True)


def test_the_sessions_are_erased_before_their_list():
    order = [kind.key for kind in registry.erase_sequence()]
    assert order.index("accounts.sessions") < order.index("accounts.user_sessions")


def test_where_you_are_signed_in(kari, ola):
    make_session(kari, "203.0.113.1")
    make_session(ola, "203.0.113.2")
    (row,) = export("accounts.user_sessions", kari)
    assert (row["ip"], row["user_agent"]) == ("203.0.113.1", "Firefox/128.0")
    assert erase("accounts.user_sessions", kari).deleted == 1
    assert list(UserSession.objects.values_list("ip", flat=True)) == ["203.0.113.2"]


def log_entry(model, username, ip, **extra):
    return model.objects.create(
        username=username,
        ip_address=ip,
        user_agent="Firefox/128.0",
        http_accept="text/html",
        path_info="/konto/login/",
        **extra,
    )


@pytest.mark.parametrize(
    ("key", "model", "extra"),
    [
        ("accounts.sign_ins", AccessLog, {}),
        ("accounts.failed_sign_ins", AccessFailureLog, {}),
        (
            "accounts.lockouts",
            AccessAttempt,
            {"get_data": "", "post_data": "", "failures_since_start": 2},
        ),
    ],
)
def test_the_sign_in_log(kari, ola, key, model, extra):
    log_entry(model, "KARI@example.org", "203.0.113.1", **extra)
    log_entry(model, "ola@example.org", "203.0.113.2", **extra)
    (row,) = export(key, kari)
    assert (row["ip_address"], row["user_agent"]) == ("203.0.113.1", "Firefox/128.0")
    assert erase(key, kari).deleted == 1
    assert list(model.objects.values_list("ip_address", flat=True)) == ["203.0.113.2"]


def test_the_sign_in_log_is_found_by_address_without_an_account(db):
    log_entry(AccessFailureLog, "nina@example.org", "203.0.113.3")
    rows = list(
        kind("accounts.failed_sign_ins").export(Subject.for_email("nina@example.org"))
    )
    assert [row["ip_address"] for row in rows] == ["203.0.113.3"]


@pytest.fixture
def contact_page(home_page):
    return StandardPageFactory(parent=home_page, title="Kontakt oss")


def submit(page, **answers):
    return FormSubmission.objects.create(page=page, form_data=answers)


def test_form_submissions_found_by_any_answer_that_is_the_address(kari, contact_page):
    mine = submit(contact_page, name="Kari", epost=" Kari@Example.org ", message="Hei")
    submit(
        contact_page, name="Ola", epost="ola@example.org", message="Kari@example.org?"
    )
    submit(contact_page, name="Ola", epost="ola@example.org", copy=["kari@example.org"])
    submit(contact_page, name="Per", epost="notkari@example.org.evil")
    rows = export("accounts.form_submissions", kari)
    assert [row["answers"]["name"] for row in rows] == ["Kari", "Ola"]
    assert rows[0]["form"] == "Kontakt oss"
    assert rows[0]["submitted_at"] == mine.submit_time.isoformat()
    assert kind("accounts.form_submissions").summary(Subject.for_user(kari)) == 2
    assert erase("accounts.form_submissions", kari).deleted == 2
    assert sorted(
        submission.form_data["name"] for submission in FormSubmission.objects.all()
    ) == ["Ola", "Per"]


def test_form_submissions_of_a_person_without_an_account(contact_page):
    submit(contact_page, name="Nina", email="nina@example.org")
    subject = Subject.for_email("nina@example.org")
    assert len(list(kind("accounts.form_submissions").export(subject))) == 1
    kind("accounts.form_submissions").erase(subject)
    assert not FormSubmission.objects.exists()


def test_an_address_with_non_ascii_letters_is_found(contact_page):
    submit(contact_page, email="øystein@eksempel.no")
    subject = Subject.for_email("Øystein@eksempel.no")
    assert len(list(kind("accounts.form_submissions").export(subject))) == 1


def test_editor_activity_is_exported_and_the_history_kept_without_the_person(
    kari, ola, home_page
):
    page = StandardPageFactory(parent=home_page, title="Sommerprogram", owner=kari)
    page.save_revision(user=kari)
    page.locked_by = kari
    page.save()
    PageLogEntry.objects.log_action(page, "wagtail.edit", user=kari)
    image = ImageFactory(uploaded_by_user=kari)
    comment = Comment.objects.create(
        page=page, user=kari, text="Sjekk datoen", contentpath="title"
    )
    CommentReply.objects.create(comment=comment, user=ola, text="Ok")
    CommentReply.objects.create(comment=comment, user=kari, text="Takk")
    PageSubscription.objects.create(user=kari, page=page, comment_notifications=True)
    UserProfile.get_for_user(kari)
    ola_page = StandardPageFactory(parent=home_page, title="Olas side", owner=ola)

    rows = export("accounts.editor_activity", kari)
    items = {row["item"] for row in rows}
    assert {"Sommerprogram", "Sjekk datoen", "Takk", image.title} <= items
    assert "Ok" not in items and "Olas side" not in items

    result = erase("accounts.editor_activity", kari)
    assert result.anonymised >= 5
    page.refresh_from_db()
    assert page.owner is None and page.locked_by is None
    assert Revision.objects.filter(object_id=str(page.pk), user__isnull=True).exists()
    assert not Revision.objects.filter(user=kari).exists()
    assert PageLogEntry.objects.filter(
        page=page, action="wagtail.edit", user=None
    ).exists()
    assert get_image_model().objects.get(pk=image.pk).uploaded_by_user is None
    assert not Comment.objects.filter(user=kari).exists()
    assert not CommentReply.objects.filter(user=kari).exists()
    assert not PageSubscription.objects.filter(user=kari).exists()
    assert not UserProfile.objects.filter(user=kari).exists()
    assert Page.objects.get(pk=ola_page.pk).owner == ola


def test_every_kind_can_seed_the_export_benchmark(kari, home_page):
    subject = Subject.for_user(kari)
    for key in (
        "accounts.email_addresses",
        "accounts.user_sessions",
        "accounts.sign_ins",
        "accounts.failed_sign_ins",
        "accounts.lockouts",
        "accounts.form_submissions",
        "accounts.editor_activity",
    ):
        seed(kind(key), subject, 3)
        assert kind(key).summary(Subject.for_user(kari)) >= 3, key
