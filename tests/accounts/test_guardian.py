"""A child under 15 (by birth date) needs a guardian: the guardian gets a
mail with a signed link, and until they confirm, the account can read but
not comment, buy or subscribe."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Profile

from .conftest import link_in, profile_form

URL = reverse("accounts:profile")


def years_ago(years, days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def profile_data(birth_date, **extra):
    return profile_form(
        first_name="Mia",
        last_name="Nordmann",
        birth_date=birth_date.isoformat(),
        **extra,
    )


@pytest.fixture
def make_child(member_client, django_capture_on_commit_callbacks):
    """Save the profile of a 12-year-old with a guardian (mails included)."""

    def save(guardian_email="mor@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = member_client.post(
                URL,
                profile_data(
                    years_ago(12),
                    guardian_name="Anne Nordmann",
                    guardian_email=guardian_email,
                ),
            )
        assert response.status_code == 302
        return response

    return save


@pytest.mark.parametrize(
    ("birth_date", "needs"),
    [
        (years_ago(15), False),
        (years_ago(15) + datetime.timedelta(days=1), True),
        (years_ago(14), True),
        (years_ago(40), False),
        (None, False),
    ],
)
def test_the_guardian_age_is_counted_in_whole_years(birth_date, needs):
    assert services.needs_guardian_on(birth_date, timezone.localdate()) is needs


def test_a_leap_day_birthday_comes_on_the_first_of_march():
    born = datetime.date(2012, 2, 29)
    assert services.age_on(born, datetime.date(2027, 2, 28)) == 14
    assert services.age_on(born, datetime.date(2027, 3, 1)) == 15


def test_a_child_must_name_a_guardian(member_client, member):
    response = member_client.post(URL, profile_data(years_ago(12)))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "guardian_name" in errors and "guardian_email" in errors


def test_the_guardian_cannot_be_the_child_itself(member_client, member):
    response = member_client.post(
        URL,
        profile_data(years_ago(12), guardian_name="Meg", guardian_email=member.email),
    )
    assert response.status_code == 400
    assert "guardian_email" in response.context["form"].errors


def test_until_the_guardian_confirms_the_child_can_read_but_not_take_part(
    make_child, member_client, member
):
    make_child()
    member.refresh_from_db()
    assert services.can_participate(member) is False
    assert "under 15" in services.participation_block_reason(member)
    page = member_client.get(reverse("accounts:my_page")).content.decode()
    assert services.participation_block_reason(member) in page
    assert reverse("accounts:guardian_resend") in page


def test_the_guardian_confirms_through_the_mailed_link(
    make_child, member_client, member, client
):
    mail.outbox.clear()
    make_child()
    (message,) = mail.outbox
    assert message.to == ["mor@example.org"]
    assert "Mia Nordmann" in message.body
    path = link_in(message, "/konto/verge/")

    guardian = client.__class__()
    page = guardian.get(path)
    assert page.status_code == 200
    assert "Mia Nordmann" in page.content.decode()
    # Opening the link (or a mail scanner doing so) confirms nothing.
    assert Profile.objects.get(user=member).guardian_confirmed_at is None

    assert guardian.post(path).status_code == 200
    member.refresh_from_db()
    assert Profile.objects.get(user=member).guardian_confirmed_at is not None
    assert services.can_participate(member) is True


def test_a_new_guardian_must_confirm_again_and_old_links_stop_working(
    make_child, member_client, member, client
):
    mail.outbox.clear()
    make_child()
    old_path = link_in(mail.outbox[0], "/konto/verge/")
    client.post(old_path)
    make_child(guardian_email="far@example.org")
    assert Profile.objects.get(user=member).guardian_confirmed_at is None
    assert mail.outbox[-1].to == ["far@example.org"]
    assert client.get(old_path).status_code == 404


def test_saving_the_same_guardian_again_sends_no_new_mail(make_child, member_client):
    make_child()
    sent = len(mail.outbox)
    make_child()
    assert len(mail.outbox) == sent


def test_the_child_can_ask_for_the_mail_again(
    make_child, member_client, django_capture_on_commit_callbacks
):
    make_child()
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("accounts:guardian_resend"))
    assert response.status_code == 302
    assert len(mail.outbox) == sent + 1


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "eyJwcm9maWxlIjoxfQ:bad:sig"])
def test_a_forged_link_is_not_found(client, db, token):
    assert (
        client.get(reverse("accounts:guardian_confirm", args=[token])).status_code
        == 404
    )


def test_an_expired_link_is_not_found(
    make_child, member_client, member, client, settings
):
    make_child()
    path = link_in(mail.outbox[-1], "/konto/verge/")
    settings.ACCOUNTS_GUARDIAN_LINK_DAYS = 0
    assert client.post(path).status_code == 404
    assert Profile.objects.get(user=member).guardian_confirmed_at is None


def test_an_adult_takes_part_and_keeps_no_guardian(make_child, member_client, member):
    make_child()
    member_client.post(
        URL,
        profile_data(
            years_ago(30), guardian_name="Anne", guardian_email="mor@example.org"
        ),
    )
    profile = Profile.objects.get(user=member)
    assert (profile.guardian_name, profile.guardian_email) == ("", "")
    member.refresh_from_db()
    assert services.can_participate(member)


def test_visitors_without_an_account_are_not_restricted_here(db):
    assert services.can_participate(AnonymousUser())
