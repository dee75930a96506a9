"""The sign-in log is kept 180 days, follows the account when its address
changes, and changing the address asks for the password again."""

import datetime

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import tasks

from .conftest import PASSWORD, link_in, sign_in, sign_in_long_ago


def entry(model, days_ago, user_agent="Firefox/128.0", **extra):
    row = model.objects.create(
        username="kari@example.org",
        ip_address="203.0.113.5",
        user_agent=user_agent,
        http_accept="text/html",
        path_info="/konto/login/",
        **extra,
    )
    model.objects.filter(pk=row.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return row


def test_the_purge_deletes_entries_older_than_180_days(db):
    attempt_fields = {"get_data": "", "post_data": "", "failures_since_start": 1}
    for model, extra in (
        (AccessLog, {}),
        (AccessFailureLog, {}),
        (AccessAttempt, attempt_fields),
    ):
        entry(model, 181, **extra)
        entry(model, 179, user_agent="Kept/1", **extra)
    result = tasks.purge_security_log.enqueue()
    assert result.return_value == 3
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        assert list(model.objects.values_list("user_agent", flat=True)) == ["Kept/1"]


def test_the_purge_keeps_the_length_the_setting_says(db, settings):
    settings.ACCOUNTS_SECURITY_LOG_DAYS = 30
    entry(AccessLog, 31)
    entry(AccessLog, 29)
    assert tasks.purge_security_log.enqueue().return_value == 1


def test_changing_the_address_asks_for_the_password_after_ten_minutes(member_client):
    sign_in_long_ago(member_client)
    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": "kari@new.example"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="kari@new.example").exists()


def test_a_changed_address_is_verified_and_the_log_follows_it(
    member_client, member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": "kari@new.example"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "kari@example.org"
    (message,) = [m for m in mail.outbox if m.to == ["kari@new.example"]]
    confirm = link_in(message, "/konto/confirm-email/")
    member_client.post(confirm)

    member.refresh_from_db()
    assert member.email == "kari@new.example"
    assert list(AccessLog.objects.values_list("username", flat=True)) == [
        "kari@new.example"
    ]
    member_client.logout()
    assert sign_in(member_client, "kari@new.example").status_code == 302
    page = member_client.get(reverse("accounts:my_page")).content.decode()
    assert page.count("198.51.100.7") >= 2


def test_the_old_password_is_needed_to_change_it(member_client, member):
    response = member_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "wrong",
            "password1": "a new Secret 42",
            "password2": "a new Secret 42",
        },
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_the_records_of_ended_sessions_are_forgotten(client, member, other_member):
    other = client.__class__()
    sign_in(client, member.email)
    sign_in(other, other_member.email)
    Session.objects.filter(session_key=other.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert tasks.forget_ended_sessions.enqueue().return_value == 1
    assert list(UserSession.objects.values_list("user", flat=True)) == [member.pk]


def test_sign_in_log_lines_name_neither_the_address_nor_the_browser(
    client, member, caplog
):
    """Log files outlive any erasure: axes' lines about sign-ins mask the
    address, the IP address and the browser's user agent."""
    caplog.set_level("INFO", logger="axes")
    sign_in(client, member.email, "not the password")
    sign_in(client, member.email)
    lines = "\n".join(record.getMessage() for record in caplog.records)
    assert "login failed" in lines.lower() or "login failure" in lines.lower()
    for identifier in (member.email, "198.51.100.7", "Firefox/128.0"):
        assert identifier not in lines
