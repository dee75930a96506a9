"""Subscribers in Wagtail's admin: counts at a glance, search and filters,
the CSV export of confirmed subscribers (no mobile numbers), only for those
allowed to see subscribers, and the same number of queries for any number
of subscribers."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletter.models import Subscriber

from ..factories import UserFactory
from .conftest import make_subscriber

pytestmark = pytest.mark.django_db

LIST = "/admin/newsletter/subscriber/"
CSV = "/admin/nyhetsbrev/abonnenter.csv"


def admin_user(group):
    user = UserFactory(email=f"{group.lower()}@kulturhus.example")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(admin_user("Editors"))
    return client


@pytest.fixture
def subscribers(db):
    long_ago = timezone.now() - datetime.timedelta(days=800)
    made = [
        make_subscriber("kari@example.org", name="Kari", phone="+4791234567"),
        make_subscriber("ola@example.org", name='=HYPERLINK("x")', language="nb"),
        make_subscriber(
            "lars@example.org",
            last_activity_at=long_ago,
            reconsent_sent_at=timezone.now(),
        ),
        make_subscriber("per@example.org", confirmed=False, phone="+4799999999"),
    ]
    return made


def test_the_list_shows_counts_at_a_glance(editor, subscribers):
    response = editor.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    counts = html.split("newsletter-subscribers__counts", 1)[1].split("</p>", 1)[0]
    assert "<strong>3</strong> confirmed" in counts
    assert "<strong>1</strong> not confirmed yet" in counts
    assert "<strong>1</strong> asked whether they still want it" in counts
    assert "<strong>1</strong> confirmed with a mobile number" in counts
    for subscriber in subscribers:
        assert subscriber.email in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=confirmed", {"kari", "ola", "lars"}),
        ("state=unconfirmed", {"per"}),
        ("state=reconsent", {"lars"}),
        ("phone=yes", {"kari", "per"}),
        ("language=nb", {"ola"}),
        ("q=KARI", {"kari"}),
        ("q=example.org&state=unconfirmed", {"per"}),
        ("state=nonsense", {"kari", "ola", "lars", "per"}),
    ],
)
def test_filters_and_search(editor, subscribers, query, expected):
    html = editor.get(f"{LIST}?{query}").content.decode()
    table = html.split("<table", 1)[1] if "<table" in html else ""
    shown = {name for name in ("kari", "ola", "lars", "per") if f"{name}@" in table}
    assert shown == expected


def test_the_csv_has_confirmed_subscribers_without_numbers(editor, subscribers):
    response = editor.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Email address", "Name", "Language", "Confirmed"]
    emails = [row[0] for row in rows[1:]]
    assert sorted(emails) == ["kari@example.org", "lars@example.org", "ola@example.org"]
    assert "+4791234567" not in text and "91234567" not in text
    # A name that a spreadsheet would run as a formula is made plain text.
    ola = next(row for row in rows if row[0] == "ola@example.org")
    assert ola[1] == '\'=HYPERLINK("x")'


def test_editors_and_moderators_may_see_subscribers_and_only_moderators_delete():
    editors = Group.objects.get(name="Editors").permissions
    moderators = Group.objects.get(name="Moderators").permissions
    assert editors.filter(codename="view_subscriber").exists()
    assert not editors.filter(codename="delete_subscriber").exists()
    assert moderators.filter(codename="delete_subscriber").exists()
    assert not Permission.objects.filter(
        group__isnull=False, codename__in=["add_subscriber", "change_subscriber"]
    ).exists()


def test_nobody_adds_or_edits_subscribers_in_the_admin(editor, subscribers):
    assert editor.get(f"{LIST}create/").status_code in (302, 403)
    html = editor.get(LIST).content.decode()
    assert f"{LIST}edit/" not in html


def test_a_user_without_the_right_gets_no_list_and_no_csv(client, subscribers):
    """Signed in to the admin (another app's rights), but not to subscribers."""
    user = UserFactory(email="billett@kulturhus.example")
    user.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    client.force_login(user)
    listing = client.get(LIST)
    assert listing.status_code in (302, 403)
    assert b"kari@example.org" not in listing.content
    export = client.get(CSV)
    # Wagtail turns the refusal into a redirect to the dashboard with a
    # "no permission" message.
    assert export.status_code in (302, 403)
    assert not getattr(export, "streaming", False)
    assert b"kari@example.org" not in export.content


def test_a_visitor_without_admin_access_is_sent_to_the_login(client, subscribers):
    client.force_login(UserFactory(email="besok@example.org"))
    for url in (LIST, CSV):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_the_list_takes_the_same_queries_for_any_number_of_subscribers(
    editor, subscribers, django_assert_max_num_queries
):
    editor.get(LIST)  # warm caches (site, settings)
    with CaptureQueriesContext(connection) as few:
        editor.get(LIST)
    for number in range(40):
        make_subscriber(f"reader{number}@example.org", phone="+4791234567")
    with django_assert_max_num_queries(len(few)):
        response = editor.get(LIST)
    assert response.status_code == 200
    assert Subscriber.objects.count() == 44
