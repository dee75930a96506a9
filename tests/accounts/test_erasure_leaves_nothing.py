"""Issue 3's acceptance test: a person with data in every registered kind
deletes their account, and afterwards none of their email address, name,
phone, address or IP address is left in any table of the database, except
where a registered kind says it keeps something and why."""

import json
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from accounts.models import User
from privacy import registry
from privacy import services as privacy_services
from privacy.registry import Subject

from ..bench.seeding import can_seed, seed
from ..factories import (
    EventIndexPageFactory,
    EventPageFactory,
    PerformanceFactory,
    StandardPageFactory,
)
from .conftest import BROWSER, PASSWORD, link_in, profile_form

EMAIL = "quintavia.zebrowski@example.org"
FIRST_NAME = "Quintavia"
LAST_NAME = "Zebrowski-Ølstad"
STREET = "Uglestien 77 B"
POSTAL_CODE = "ZQ-4477"
CITY = "Nordre Quxby"
PHONE_TYPED = "919 18 273"
PHONE_STORED = "+4791918273"
IP = "203.0.113.77"
NEEDLES = {
    "email": EMAIL,
    "first name": FIRST_NAME,
    "last name": LAST_NAME,
    "street address": STREET,
    "postal code": POSTAL_CODE,
    "city": CITY,
    "phone": PHONE_STORED,
    "phone, national": PHONE_STORED[3:],
    "IP address": IP,
}


def request_kwargs():
    return {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": BROWSER}


def as_text(cell):
    if isinstance(cell, memoryview):
        cell = cell.tobytes()
    if isinstance(cell, bytes):
        return cell.decode("utf-8", "replace")
    return str(cell)


def dump_database():
    """Every row of every table, as text: {table: [row text, ...]}. Session
    data is signed and encoded, so sessions are dumped decoded as well."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    dump = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump[table] = [" | ".join(map(as_text, row)) for row in cursor.fetchall()]
    dump[f"{Session._meta.db_table} (decoded)"] = [
        repr(store.decode(data))
        for data in Session.objects.values_list("session_data", flat=True)
    ]
    return dump


def find(dump, needle):
    """Rows holding ``needle``, as typed or as JSON escapes it."""
    variants = {needle.lower(), json.dumps(needle)[1:-1].lower()}
    return [
        (table, row)
        for table, rows in dump.items()
        for row in rows
        if any(variant in row.lower() for variant in variants)
    ]


@pytest.fixture
def person(client, home_page, django_capture_on_commit_callbacks):
    """Quintavia signs up, verifies, signs in, fills in her profile, asks
    for her data, writes through the contact form, edits a page, and is the
    victim of a failed sign-in attempt: the site ends up holding her data in
    every registered kind."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": EMAIL,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "age_confirmed": "on",
            },
            **request_kwargs(),
        )
    confirm = link_in(mail.outbox[-1], "/konto/confirm-email/")
    client.post(confirm, **request_kwargs())
    other_browser = client.__class__()
    other_browser.post(
        reverse("account_login"),
        {"login": EMAIL, "password": "wrong guess"},
        **request_kwargs(),
    )
    response = client.post(
        reverse("account_login"),
        {"login": EMAIL, "password": PASSWORD, "remember": "on"},
        **request_kwargs(),
    )
    assert response.status_code == 302
    response = client.post(
        reverse("accounts:profile"),
        profile_form(
            first_name=FIRST_NAME,
            last_name=LAST_NAME,
            street_address=STREET,
            postal_code=POSTAL_CODE,
            city=CITY,
            phone=PHONE_TYPED,
            birth_date="1984-02-29",
        ),
        **request_kwargs(),
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:data"), **request_kwargs())

    user = User.objects.get(email=EMAIL)
    contact = StandardPageFactory(parent=home_page, title="Kontakt")
    FormSubmission.objects.create(
        page=contact,
        form_data={
            "navn": f"{FIRST_NAME} {LAST_NAME}",
            "epost": EMAIL,
            "telefon": PHONE_TYPED,
            "adresse": f"{STREET}, {POSTAL_CODE} {CITY}",
            "melding": "Har dere teleslynge i salen?",
        },
    )
    page = StandardPageFactory(parent=home_page, title="Vårprogram", owner=user)
    page.save_revision(user=user, log_action=True)
    # A performance for the kinds that hang on one (a waiting list).
    programme = EventIndexPageFactory(parent=home_page)
    PerformanceFactory(event=EventPageFactory(parent=programme))

    subject = Subject.for_user(user)
    for kind, count in privacy_services.erasure_preview(subject):
        if not count and can_seed(kind):
            seed(kind, subject, 1)
    empty = [
        kind.key
        for kind, count in privacy_services.erasure_preview(subject)
        if not count
    ]
    assert not empty, (
        f"No data seeded for {empty}: give the person data of these kinds here "
        "(or add a seeder in tests/bench/seeding.py)."
    )
    return user


def test_deleting_the_account_leaves_none_of_the_persons_data(
    client, person, django_capture_on_commit_callbacks, export_dir, monkeypatch
):
    erasures = {}
    erase_subject = privacy_services.erase_subject

    def erase_and_remember(subject, **options):
        erasures.update(erase_subject(subject, **options))
        return erasures

    monkeypatch.setattr(privacy_services, "erase_subject", erase_and_remember)
    before = dump_database()
    for label, needle in NEEDLES.items():
        assert find(before, needle), f"the seeding left no {label} to look for"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:delete"),
            {"confirm": "on", "comments": "delete"},
            **request_kwargs(),
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:deleted")
    client.get(response["Location"], **request_kwargs())

    assert set(erasures) == {kind.key for kind in registry.kinds()}
    kept = {key: erasure for key, erasure in erasures.items() if erasure.kept}
    assert all(str(erasure.kept_reason).strip() for erasure in kept.values()), kept
    # Only the tables of a kind that says it keeps rows, and why, may hold
    # anything of the person's.
    kept_tables = {
        model._meta.db_table for key in kept for model in registry.get(key).fields
    }
    after = dump_database()
    leaks = {
        label: [
            (table, row[:200])
            for table, row in find(after, needle)
            if table not in kept_tables
        ]
        for label, needle in NEEDLES.items()
    }
    leaks = {label: found for label, found in leaks.items() if found}
    assert not leaks, f"Left behind after erasure: {leaks}"

    leftover_files = [path for path in export_dir.rglob("*") if path.is_file()]
    assert not leftover_files
