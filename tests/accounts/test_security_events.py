"""The person's security log on my page shows more than sign-ins: password
changes, address changes and refused requests to the admin, with when and
from where, kept as long as the sign-in log and exported and erased with
the account."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent
from privacy import registry, retention
from privacy.registry import Subject

from .conftest import BROWSER, PASSWORD, sign_in

NEW_PASSWORD = "another long passphrase"


def security_section(client):
    response = client.get(reverse("accounts:my_page"))
    assert response.status_code == 200, response
    html = response.content.decode()
    return html.split('id="my-page-security"', 1)[1]


def test_a_password_change_appears_in_the_security_log(member_client, member):
    response = member_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        REMOTE_ADDR="198.51.100.7",
        HTTP_USER_AGENT=BROWSER,
    )
    assert response.status_code == 302
    event = SecurityEvent.objects.get(user=member)
    assert event.kind == SecurityEvent.Kind.PASSWORD_CHANGED
    assert event.ip_address == "198.51.100.7"
    # Signed out everywhere by the change; in again with the new password.
    assert sign_in(member_client, member.email, NEW_PASSWORD).status_code == 302
    section = security_section(member_client)
    assert "Passord endret" in section
    assert "198.51.100.7" in section


def test_a_changed_address_appears_in_the_security_log(member_client, member):
    from allauth.account.models import EmailAddress

    new = EmailAddress.objects.create(
        user=member, email="kari.ny@example.org", verified=True
    )
    member_client.post(
        reverse("account_email"), {"action_primary": "", "email": new.email}
    )
    kinds = list(
        SecurityEvent.objects.filter(user=member).values_list("kind", "detail")
    )
    assert (SecurityEvent.Kind.EMAIL_CHANGED, "kari.ny@example.org") in kinds
    assert "kari.ny@example.org" in security_section(member_client)


def test_a_refused_admin_request_appears_in_the_security_log(member_client, member):
    response = member_client.get("/admin/pages/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    event = SecurityEvent.objects.get(user=member)
    assert event.kind == SecurityEvent.Kind.ADMIN_REFUSED
    assert event.detail == "/admin/pages/"
    assert "/admin/pages/" in security_section(member_client)


def test_an_editor_using_the_admin_adds_nothing_to_the_log(client, member):
    member.is_staff = member.is_superuser = True
    member.save()
    assert sign_in(client, member.email).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert not SecurityEvent.objects.exists()


def test_security_events_go_with_the_sign_in_log_after_180_days(member):
    old = SecurityEvent.objects.create(
        user=member,
        kind=SecurityEvent.Kind.PASSWORD_CHANGED,
        at=timezone.now() - datetime.timedelta(days=181),
    )
    recent = SecurityEvent.objects.create(
        user=member, kind=SecurityEvent.Kind.ADMIN_REFUSED, detail="/admin/"
    )
    retention.purge(keys=["accounts.security_log"])
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert SecurityEvent.objects.filter(pk=recent.pk).exists()


def test_security_events_are_exported_and_erased_with_the_account(member):
    SecurityEvent.objects.create(
        user=member,
        kind=SecurityEvent.Kind.EMAIL_CHANGED,
        detail="kari.ny@example.org",
        ip_address="198.51.100.7",
    )
    kind = registry.get("accounts.security_events")
    (row,) = list(kind.export(Subject.for_user(member)))
    assert row["what"] == "email_changed"
    assert row["detail"] == "kari.ny@example.org"
    kind.erase(Subject.for_user(member))
    assert not SecurityEvent.objects.exists()
