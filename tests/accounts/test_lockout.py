"""The sign-in log and the lockout: every attempt is recorded, and five
failures for one address from one network pause sign-in there for 30
minutes with a readable page (HTTP 429)."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse
from django.utils import timezone

from .conftest import BROWSER, PASSWORD, sign_in

WRONG = "not the password"


def fail(client, email, times, ip="198.51.100.7"):
    return [sign_in(client, email, WRONG, ip=ip) for _ in range(times)]


def move_back(minutes):
    """Let ``minutes`` pass for the lockout bookkeeping."""
    delta = datetime.timedelta(minutes=minutes)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= delta
        attempt.save(update_fields=["attempt_time"])
        if hasattr(attempt, "expiration"):
            attempt.expiration.expires_at -= delta
            attempt.expiration.save()


def test_four_failures_only_say_the_password_is_wrong(client, member):
    responses = fail(client, member.email, 4)
    assert [r.status_code for r in responses] == [200] * 4
    assert "passordet du oppgav er feil" in responses[-1].content.decode()


def test_the_fifth_failure_pauses_sign_in_with_a_readable_page(client, member):
    *_first, fifth = fail(client, member.email, 5)
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "<h1>" in page and page.count("<h1") == 1
    assert 'class="skip-link"' in page
    assert "30 minutes" in page or "30 minutter" in page
    assert reverse("account_reset_password") in page
    assert 0 < int(fifth["Retry-After"]) <= 30 * 60


def test_the_right_password_is_refused_during_the_pause(client, member):
    fail(client, member.email, 5)
    response = sign_in(client, member.email, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_pause_is_for_that_address_from_that_network_only(
    client, member, other_member
):
    fail(client, member.email, 5)
    assert sign_in(client, member.email, ip="203.0.113.9").status_code == 302
    client.logout()
    assert sign_in(client, other_member.email).status_code == 302


def test_the_address_is_compared_without_regard_to_case(client, member):
    fail(client, member.email.upper(), 5)
    assert sign_in(client, member.email).status_code == 429


def test_sign_in_works_again_after_thirty_minutes(client, member):
    fail(client, member.email, 5)
    move_back(29)
    assert sign_in(client, member.email).status_code == 429
    move_back(2)
    assert sign_in(client, member.email).status_code == 302


def test_failures_more_than_fifteen_minutes_apart_start_the_count_again(client, member):
    fail(client, member.email, 4)
    move_back(16)
    responses = fail(client, member.email, 4)
    assert [r.status_code for r in responses] == [200] * 4


def test_a_successful_sign_in_clears_the_count(client, member):
    fail(client, member.email, 4)
    assert sign_in(client, member.email).status_code == 302
    client.logout()
    assert [r.status_code for r in fail(client, member.email, 4)] == [200] * 4


def test_every_failure_is_logged_with_time_address_browser_and_username(client, member):
    before = timezone.now()
    fail(client, member.email, 2, ip="203.0.113.50")
    entries = list(AccessFailureLog.objects.order_by("attempt_time"))
    assert len(entries) == 2
    for entry in entries:
        assert entry.username == member.email
        assert entry.ip_address == "203.0.113.50"
        assert entry.user_agent == BROWSER
        assert entry.attempt_time >= before
    assert entries[-1].locked_out is False


def test_an_unknown_address_is_logged_too(client, db):
    fail(client, "nobody@example.org", 1)
    assert AccessFailureLog.objects.get().username == "nobody@example.org"


def test_the_password_is_never_stored(client, member):
    fail(client, member.email, 1)
    attempt = AccessAttempt.objects.get()
    assert WRONG not in attempt.post_data
    assert member.email not in attempt.post_data


def test_a_successful_sign_in_is_logged(client, member):
    sign_in(client, member.email, ip="203.0.113.60")
    entry = AccessLog.objects.get()
    assert (entry.username, entry.ip_address, entry.user_agent) == (
        member.email,
        "203.0.113.60",
        BROWSER,
    )


@pytest.mark.parametrize(
    "login",
    ["x" * 5000 + "@example.org", "a@b", "\x00@example.org", "", "' OR 1=1 --"],
)
def test_hostile_usernames_get_a_form_error(client, db, login):
    response = sign_in(client, login, WRONG)
    assert response.status_code == 200
    assert "form__error" in response.content.decode()


def test_behind_a_proxy_the_address_the_proxy_saw_counts(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for forged in ("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"):
        response = client.post(
            reverse("account_login"),
            {"login": member.email, "password": WRONG},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.40",
        )
    assert response.status_code == 429
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.40"
    }
