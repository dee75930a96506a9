"""Retention of what had none: messages sent through the contact form go
after a year (the retention table), and an account nobody signs in to for
three years is announced by mail and deleted 30 days later, unless its
holder signs in. Both are stated in the privacy statement's table."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from wagtail.contrib.forms.models import FormSubmission

from accounts.models import User
from accounts.services import get_profile
from privacy import retention
from privacy.blocks import WhatWeStoreBlock

from ..factories import StandardPageFactory
from .conftest import make_member, sign_in

DAY = datetime.timedelta(days=1)


def purge(key, now=None):
    return retention.purge(keys=[key], now=now)[key].affected


@pytest.fixture
def form_page(home_page):
    return StandardPageFactory(parent=home_page, title="Kontakt oss")


def sent(page, days_ago):
    submission = FormSubmission.objects.create(page=page, form_data={"navn": "Kari"})
    FormSubmission.objects.filter(pk=submission.pk).update(
        submit_time=timezone.now() - days_ago * DAY
    )
    return submission


def test_contact_form_messages_are_deleted_after_twelve_months(form_page):
    old = sent(form_page, 366)
    recent = sent(form_page, 300)
    assert purge("accounts.form_submissions") == 1
    assert not FormSubmission.objects.filter(pk=old.pk).exists()
    assert FormSubmission.objects.filter(pk=recent.pk).exists()


def test_the_retention_table_setting_decides_how_long_messages_are_kept(
    form_page, settings
):
    settings.PRIVACY_RETENTION = {"accounts.form_submissions": 30}
    sent(form_page, 31)
    assert purge("accounts.form_submissions") == 1
    with translation.override("en"):
        table = WhatWeStoreBlock().render(None)
    assert "1 months after you sent it" in table


def test_the_privacy_statement_states_both_retention_periods(db):
    with translation.override("en"):
        table = WhatWeStoreBlock().render(None)
    assert "12 months after you sent it" in table
    assert "3 years after you last signed in: we email you 30 days before" in table


def idle(email, *, years=3, days=1, **fields):
    user = make_member(email, **fields)
    User.objects.filter(pk=user.pk).update(
        last_login=timezone.now() - years * 365 * DAY - days * DAY
    )
    return user


def test_an_account_unused_for_three_years_is_announced_then_deleted_after_30_days(
    db, django_capture_on_commit_callbacks
):
    kari = idle("kari@example.org", first_name="Kari")
    active = idle("ola@example.org", years=2)
    editor = idle("red@example.org", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge("accounts.inactive") == 1
    (notice,) = mail.outbox
    assert notice.to == ["kari@example.org"]
    assert notice.subject.endswith("slettes om du ikke logger inn")
    assert "/konto/login/" in notice.body

    # Told once: the next day's purge does not mail again.
    with django_capture_on_commit_callbacks(execute=True):
        assert purge("accounts.inactive") == 0
    assert len(mail.outbox) == 1

    later = timezone.now() + 31 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        purge("accounts.inactive", now=later)
    assert not User.objects.filter(pk=kari.pk).exists()
    assert User.objects.filter(pk=active.pk).exists()
    assert User.objects.filter(pk=editor.pk).exists()
    assert mail.outbox[-1].to == ["kari@example.org"]  # the deletion receipt


def test_signing_in_after_the_notice_keeps_the_account(
    client, db, django_capture_on_commit_callbacks
):
    kari = idle("kari@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        purge("accounts.inactive")
    assert get_profile(kari).inactivity_notice_at is not None
    assert sign_in(client, "kari@example.org").status_code == 302
    assert get_profile(kari).inactivity_notice_at is None

    purge("accounts.inactive", now=timezone.now() + 31 * DAY)
    assert User.objects.filter(pk=kari.pk).exists()


def test_a_dry_run_counts_the_accounts_and_mails_nobody(db):
    idle("kari@example.org")
    results = retention.purge(keys=["accounts.inactive"], dry_run=True)
    assert results["accounts.inactive"].affected == 1
    assert mail.outbox == []
    assert get_profile(User.objects.get()).inactivity_notice_at is None
