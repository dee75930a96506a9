"""The admin's history (Wagtail's log entries) keeps no trace of a person
after their erasure: deleting a subscriber in the admin logs no address,
entries written before that are found, exported and redacted by erasure,
and every entry goes after 180 days."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from newsletter.models import Subscriber
from privacy import registry, retention, services
from privacy.blocks import WhatWeStoreBlock
from privacy.registry import Subject

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "kari.logg@example.org"
NAME = "Kari Søreide"
PHONE = "+4791234567"


@pytest.fixture
def subscriber():
    return Subscriber.objects.create(
        email=EMAIL, name=NAME, phone=PHONE, confirmed_at=timezone.now()
    )


def entry(instance=None, *, label, data=None, model=ModelLogEntry, **fields):
    """A log entry as an older version of the site wrote it."""
    if model is PageLogEntry:
        fields.setdefault("page", instance)
        content_type = ContentType.objects.get_for_model(instance)
    else:
        content_type = ContentType.objects.get_for_model(instance or Subscriber)
        fields.setdefault("object_id", str(instance.pk if instance else 999))
    return model.objects.create(
        content_type=content_type,
        label=label,
        action=fields.pop("action", "wagtail.edit"),
        data=data or {},
        timestamp=fields.pop("timestamp", timezone.now()),
        **fields,
    )


def all_log_text():
    return " ".join(
        f"{row.label} {json.dumps(row.data, ensure_ascii=False)}"
        for model in (ModelLogEntry, PageLogEntry)
        for row in model.objects.all()
    ).lower()


def test_deleting_a_subscriber_in_the_admin_logs_no_address(client, subscriber):
    moderator = UserFactory(email="moderator@kulturhus.example")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    url = f"/admin/newsletter/subscriber/delete/{subscriber.pk}/"
    response = client.post(url)
    assert response.status_code == 302
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()
    deleted = ModelLogEntry.objects.get(action="wagtail.delete")
    assert deleted.object_id == str(subscriber.pk)
    assert EMAIL not in all_log_text()
    assert NAME.lower() not in all_log_text()


def test_a_new_log_entry_for_a_subscriber_names_them_by_number(subscriber):
    created = log(subscriber, "wagtail.edit")
    assert str(subscriber.pk) in created.label
    assert EMAIL not in created.label


def test_erasure_redacts_old_entries_that_name_the_person(subscriber, home_page):
    by_label = entry(subscriber, label=EMAIL, action="wagtail.delete")
    by_data = entry(
        label="Abonnent", data={"changes": {"name": NAME, "phone": PHONE, "n": 3}}
    )
    on_a_page = entry(
        home_page, model=PageLogEntry, label=f"Kommentar fra {NAME.upper()}"
    )
    other = entry(label="ola.annen@example.org")
    longer_address = entry(label=f"per.{EMAIL}")
    page_history = entry(home_page, model=PageLogEntry, label=home_page.title)

    results = services.erase_subject(Subject.for_email(EMAIL))

    outcome = results["privacy.admin_log"]
    assert outcome.anonymised == outcome.kept == 3
    with translation.override("en"):
        assert "editors' history are kept" in str(outcome.kept_reason)
    for redacted in (by_label, by_data, on_a_page):
        redacted.refresh_from_db()
        text = f"{redacted.label} {json.dumps(redacted.data, ensure_ascii=False)}"
        for identifier in (EMAIL, NAME.lower(), PHONE):
            assert identifier not in text.lower()
    by_label.refresh_from_db()
    assert by_label.action == "wagtail.delete"
    assert by_label.label.endswith(f"#{subscriber.pk}")
    by_data.refresh_from_db()
    assert by_data.data == {
        "changes": {"name": "[redacted]", "phone": "[redacted]", "n": 3}
    }
    on_a_page.refresh_from_db()
    assert on_a_page.label.endswith(f"#{home_page.pk}")
    other.refresh_from_db()
    assert other.label == "ola.annen@example.org"
    longer_address.refresh_from_db()
    assert longer_address.label == f"per.{EMAIL}"
    page_history.refresh_from_db()
    assert page_history.label == home_page.title


def test_erasure_redacts_entries_about_the_persons_own_rows(subscriber):
    about = entry(subscriber, label="Gammel etikett", data={"note": "Kari ringte"})
    someone_else = Subscriber.objects.create(email="ola@example.org")
    other = entry(someone_else, label="Gammel etikett")
    services.erase_subject(Subject.for_email(EMAIL))
    about.refresh_from_db()
    other.refresh_from_db()
    assert about.label.endswith(f"#{subscriber.pk}")
    assert about.label != "Gammel etikett"
    assert other.label == "Gammel etikett"


def test_an_account_holder_s_entries_are_found_by_their_name(django_user_model):
    user = UserFactory(email=EMAIL, first_name="Kari", last_name="Søreide")
    about_account = entry(user, label=f"{NAME} <{EMAIL}>")
    kind = registry.get("privacy.admin_log")
    subject = Subject.for_user(user)
    assert [row["item"] for row in kind.export(subject)] == [about_account.label]
    services.erase_subject(subject)
    about_account.refresh_from_db()
    assert NAME.lower() not in about_account.label.lower()
    assert about_account.label.endswith(f"#{user.pk}")


def test_the_export_lists_the_entries_that_mention_the_person(subscriber):
    entry(subscriber, label=EMAIL, action="wagtail.delete")
    entry(label="ola.annen@example.org")
    kind = registry.get("privacy.admin_log")
    exported = list(kind.export(Subject.for_email(EMAIL)))
    assert [(row["action"], row["item"]) for row in exported] == [
        ("wagtail.delete", EMAIL)
    ]


NOW = timezone.make_aware(datetime.datetime(2026, 6, 1, 12, 0))


def test_log_entries_go_after_180_days(home_page):
    old = entry(label="gammel", timestamp=NOW - datetime.timedelta(days=181))
    young = entry(label="ny", timestamp=NOW - datetime.timedelta(days=179))
    old_page = entry(
        home_page,
        model=PageLogEntry,
        label="gammel side",
        timestamp=NOW - datetime.timedelta(days=181),
    )
    results = retention.purge(now=NOW, keys={"privacy.admin_log"})
    assert results["privacy.admin_log"].affected == 2
    assert list(ModelLogEntry.objects.values_list("pk", flat=True)) == [young.pk]
    assert not ModelLogEntry.objects.filter(pk=old.pk).exists()
    assert not PageLogEntry.objects.filter(pk=old_page.pk).exists()


def test_the_days_come_from_the_retention_table(settings):
    settings.PRIVACY_RETENTION = {
        **settings.PRIVACY_RETENTION,
        "privacy.admin_log": 30,
    }
    entry(label="fem uker", timestamp=NOW - datetime.timedelta(days=35))
    retention.purge(now=NOW, keys={"privacy.admin_log"})
    assert not ModelLogEntry.objects.exists()


def test_the_privacy_page_says_how_long_the_history_is_kept():
    with translation.override("en"):
        html = WhatWeStoreBlock().render(None)
    assert escape("Mentions of you in the editors' history") in html
    assert "180 days, then deleted" in html
