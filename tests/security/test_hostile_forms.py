"""The forms behind a sign-in, posted with garbage: every form a signed-in
member sees on their pages, and the admin forms of our apps as an editor,
each with every garbage value in every field, an empty body, JSON, text,
raw bytes, repeated fields and other people's ids. The public forms are
covered by the crawl in test_hostile_input.py.

Left out: the page editor and the venue settings, whose chooser and
rich-text widgets are Wagtail's own (a non-numeric chooser id and rich text
that is not Draftail's JSON are still 500s there, inside Wagtail)."""

import json
import secrets

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from comments.models import Comment, CommentSettings
from events.models import EventPage, Performance
from newsletter.models import Issue, SmsAnnouncement
from privacy.models import RightsRequest
from tickets.models import Order, PerformanceSales

from ..factories import UserFactory
from .test_hostile_input import GARBAGE_VALUES, Failures, LinkParser, internal, short


def post_forms_on(client, urls):
    """``{action: field names}`` of the POST forms on the pages at ``urls``."""
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        parser = LinkParser()
        parser.feed(response.content.decode("utf-8", "replace"))
        for form in parser.forms:
            if form["method"] == "post":
                action = internal(form["action"], url) or url
                found.setdefault(action, set()).update(form["fields"])
    return found


def hostile_bodies(fields):
    """(what, data, content type or None for the test client's multipart)."""
    yield "nothing", {}, None
    for value in GARBAGE_VALUES:
        yield short(value, 30), dict.fromkeys(fields, value), None
    yield "json", json.dumps(dict.fromkeys(fields, "x")), "application/json"
    yield "text", "\xff\x00", "text/plain"
    form = "application/x-www-form-urlencoded"
    yield "raw bytes", "&".join(f"{f}=%ff%fe&{f}=2" for f in fields), form
    ids = "&".join(f"{f}=1&{f}=999999&{f}=-1" for f in fields)
    yield "repeated ids", ids, form


def post_garbage(client, forms):
    failures = Failures()
    assert forms
    for action, fields in sorted(forms.items()):
        fields = sorted(fields - {"csrfmiddlewaretoken"})
        for what, data, content_type in hostile_bodies(fields):
            extra = {"content_type": content_type} if content_type else {}
            response = client.post(action, data, **extra)
            failures.check(f"POST {action} with {what} in {fields}", response)
    return failures


@pytest.fixture
def member_client(demo):
    user = UserFactory(email="medlem@example.org")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(demo):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_every_form_of_a_signed_in_member_takes_garbage(member_client):
    someone_elses = Comment.objects.first()
    forms = post_forms_on(
        member_client,
        [
            "/konto/meg/",
            "/konto/meg/profil/",
            "/konto/meg/data/",
            "/konto/meg/slett/",
            "/konto/email/",
            "/konto/password/change/",
            "/konto/sessions/",
            EventPage.objects.live().first().url,
        ],
    )
    forms[f"/kommentarer/{someone_elses.pk}/slett/"] = {"next"}
    forms["/konto/meg/profil/verge/"] = set()
    failures = post_garbage(member_client, forms)
    assert not failures, "\n".join(failures.items)
    assert Comment.objects.filter(pk=someone_elses.pk).exists()


def test_the_admin_forms_of_our_apps_take_garbage(editor_client):
    performance = Performance.objects.first()
    order = Order.objects.create(
        number="T-1",
        access_key=secrets.token_hex(8),
        performance=performance,
        event_title=performance.event.title,
        performance_start=performance.start,
        status=Order.Status.PAID,
        quantity=1,
        total_ore=10_000,
        paid_at=timezone.now(),
        email="kjoper@example.org",
    )
    request = RightsRequest.objects.create(
        email="kari@example.org", action="erasure", status=RightsRequest.Status.NEW
    )
    comment = Comment.objects.first()
    issue = Issue.objects.first()
    sms = SmsAnnouncement.objects.first()
    urls = [
        "/admin/comments/comment/",
        f"/admin/comments/comment/edit/{comment.pk}/",
        f"/admin/comments/comment/delete/{comment.pk}/",
        f"/admin/comments/page/{comment.page_id}/",
        f"/admin/billetter/refunder/{order.pk}/",
        f"/admin/tickets/performancesales/edit/{PerformanceSales.objects.first().pk}/",
        f"/admin/personvern/requests/{request.pk}/",
        "/admin/personvern/versions/",
        "/admin/snippets/newsletter/issue/add/",
        f"/admin/snippets/newsletter/issue/edit/{issue.pk}/",
        f"/admin/snippets/newsletter/issue/sending/{issue.pk}/",
        "/admin/snippets/newsletter/smsannouncement/add/",
        f"/admin/snippets/newsletter/smsannouncement/sending/{sms.pk}/",
        "/admin/snippets/events/hall/add/",
        "/admin/snippets/events/genre/add/",
        f"/admin/settings/comments/commentsettings/{CommentSettings.load().pk}/",
    ]
    failures = post_garbage(editor_client, post_forms_on(editor_client, urls))
    assert not failures, "\n".join(failures.items)


def test_a_newsletter_issue_posted_without_its_body_is_a_bad_request(editor_client):
    """Wagtail's StreamField reads ``body-count`` by name: without it the
    save was a 500."""
    response = editor_client.post(
        "/admin/snippets/newsletter/issue/add/", {"subject": "Vår", "language": "nb"}
    )
    assert response.status_code == 400
    assert not Issue.objects.filter(subject="Vår").exists()
