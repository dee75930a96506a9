"""Visitors report comments ("Rapporter") with django-comments' removal
suggestion flags: signed in, once each, with a reason, rate limited; a
comment reported by COMMENTS_REPORTS_TO_HIDE visitors is hidden until an
editor decides; editors find reported comments by their own filter and
count; reports are in the reporter's export and go with them."""

import pytest
from allauth.account.models import EmailAddress
from django.utils import translation
from django_comments.models import CommentFlag

from comments import services
from comments.models import Comment, ReportReason
from home.cache import invalidate_page_cache
from privacy import registry
from privacy.registry import Subject

from ..factories import UserFactory
from .conftest import make_comment

pytestmark = pytest.mark.django_db

REPORT = CommentFlag.SUGGEST_REMOVAL
LIST_URL = "/admin/comments/comment/"


def report_url(comment):
    return f"/kommentarer/{comment.pk}/rapporter/"


def visitor(number):
    """A visitor with an account and a verified address."""
    user = UserFactory(email=f"leser{number}@example.org")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


@pytest.fixture
def comment(event):
    return make_comment(event, comment="Kjøp billige klokker hos oss!")


def send_report(client, comment, ip="203.0.113.7", **fields):
    data = {"reason": "spam", "details": ""}
    data.update(fields)
    return client.post(report_url(comment), data, REMOTE_ADDR=ip)


def report_as(client, user, comment, **fields):
    client.force_login(user)
    return send_report(client, comment, **fields)


def flags():
    return CommentFlag.objects.filter(flag=REPORT)


# Reporting ---------------------------------------------------------------------


def test_every_shown_comment_offers_a_report_link_but_not_ones_own(
    client, member, event
):
    others = make_comment(event)
    own = make_comment(event, user=member, user_email=member.email)
    html = client.get(event.url).content.decode()
    assert f'href="{report_url(others)}"' in html
    assert f'href="{report_url(own)}"' in html  # the cached page is everyone's
    client.force_login(member)
    html = client.get(event.url).content.decode()
    assert f'href="{report_url(others)}"' in html
    assert f'href="{report_url(own)}"' not in html


def test_a_signed_in_visitor_reports_a_comment_with_a_reason(
    member_client, member, comment
):
    page = member_client.get(report_url(comment))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kjøp billige klokker hos oss!" in html
    assert 'name="reason"' in html and 'name="details"' in html

    response = send_report(
        member_client, comment, reason="abuse", details="Truer andre lesere."
    )
    assert response.status_code == 200
    assert "Thank you for your report" in response.content.decode()
    flag = flags().get()
    assert (flag.user, flag.comment_id) == (member, comment.pk)
    assert flag.report_reason.reason == ReportReason.Reason.ABUSE
    assert flag.report_reason.details == "Truer andre lesere."
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED  # one report hides nothing


def test_without_an_account_the_page_asks_to_sign_in_and_stores_nothing(
    client, comment
):
    page = client.get(report_url(comment))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sign in to report a comment" in html
    assert f"/konto/login/?next=%2Fkommentarer%2F{comment.pk}%2Frapporter%2F" in html
    assert 'name="reason"' not in html
    response = send_report(client, comment)
    assert response.status_code == 403
    assert not flags().exists()
    assert not ReportReason.objects.exists()


def test_reporting_twice_counts_once(member_client, member, comment):
    assert send_report(member_client, comment, reason="spam").status_code == 200
    again = send_report(member_client, comment, reason="abuse", details="Igjen")
    assert again.status_code == 409
    assert "already reported" in again.content.decode()
    assert flags().count() == 1
    assert ReportReason.objects.get().reason == "spam"
    page = member_client.get(report_url(comment))
    assert page.status_code == 200
    assert 'name="reason"' not in page.content.decode()


def test_a_visitor_cannot_report_their_own_comment(member_client, member, event):
    own = make_comment(event, user=member, user_email=member.email)
    response = send_report(member_client, own)
    assert response.status_code == 403
    assert "your own comment" in response.content.decode()
    assert not flags().exists()


@pytest.mark.parametrize(
    "status",
    [
        Comment.Status.PENDING,
        Comment.Status.UNCONFIRMED,
        Comment.Status.SPAM,
        Comment.Status.REMOVED,
    ],
)
def test_a_comment_that_is_not_shown_cannot_be_reported(member_client, event, status):
    hidden = make_comment(event, status=status)
    assert member_client.get(report_url(hidden)).status_code == 404
    assert send_report(member_client, hidden).status_code == 404
    assert not flags().exists()


@pytest.mark.parametrize("forged", ["999999", str(2**63), str(2**70), "0"])
def test_a_forged_comment_id_is_not_found(member_client, comment, forged):
    assert member_client.get(f"/kommentarer/{forged}/rapporter/").status_code == 404
    response = member_client.post(
        f"/kommentarer/{forged}/rapporter/", {"reason": "spam"}
    )
    assert response.status_code == 404
    assert not flags().exists()


def test_a_deleted_comment_kept_for_its_replies_cannot_be_reported(
    member_client, event
):
    top = make_comment(event)
    make_comment(event, parent=top)
    services.delete_comments(Comment.objects.filter(pk=top.pk))
    assert send_report(member_client, top).status_code == 404


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"details": "x" * 100_000}, "at most 500 characters"),
        ({"details": "x" * 501}, "at most 500 characters"),
        ({"reason": "hack"}, "not one of the available choices"),
        ({"reason": ""}, "This field is required"),
        ({"details": "null\x00byte"}, "Null characters are not allowed"),
    ],
)
def test_a_bad_report_is_refused_with_a_message_and_nothing_is_stored(
    member_client, comment, fields, message
):
    response = send_report(member_client, comment, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not flags().exists()
    assert not ReportReason.objects.exists()


def test_the_longest_allowed_details_are_kept_whole(member_client, comment):
    response = send_report(member_client, comment, details="æ" * 500)
    assert response.status_code == 200
    assert ReportReason.objects.get().details == "æ" * 500


def test_reports_are_rate_limited_per_account(member_client, settings, event):
    settings.COMMENTS_REPORT_RATE_LIMIT = 2
    comments = [make_comment(event, comment=f"Nummer {n}") for n in range(3)]
    assert send_report(member_client, comments[0]).status_code == 200
    assert send_report(member_client, comments[1], ip="198.51.100.9").status_code == 200
    refused = send_report(member_client, comments[2], ip="192.0.2.44")
    assert refused.status_code == 429
    assert "Too many reports at once" in refused.content.decode()
    assert "nothing has been stored" in refused.content.decode()
    assert flags().count() == 2
    assert not flags().filter(comment_id=comments[2].pk).exists()


def test_reports_are_rate_limited_per_address(client, settings, event):
    settings.COMMENTS_REPORT_RATE_LIMIT = 2
    comment = make_comment(event)
    for number in range(2):
        assert report_as(client, visitor(number), comment).status_code == 200
    assert report_as(client, visitor(3), comment).status_code == 429
    assert flags().count() == 2


def test_a_visitor_who_may_not_comment_yet_may_not_report(
    member_client, settings, comment
):
    settings.COMMENTS_PARTICIPATION_CHECK = (
        "tests.comments.test_reports.waiting_for_guardian"
    )
    response = send_report(member_client, comment)
    assert response.status_code == 403
    assert "A guardian must agree first." in response.content.decode()
    assert not flags().exists()


def waiting_for_guardian(user):
    return "A guardian must agree first."


# Hidden after N reports ----------------------------------------------------------


def test_a_comment_reported_by_three_visitors_is_hidden_until_an_editor_decides(
    client, editor, event, comment, django_capture_on_commit_callbacks
):
    first, second = visitor(0), visitor(1)
    for reporter in (first, second):
        report_as(client, reporter, comment)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        response = report_as(client, visitor(9), comment)
    assert "hidden until then" in response.content.decode()
    comment.refresh_from_db()
    assert (comment.status, comment.is_public) == (Comment.Status.PENDING, False)
    client.logout()
    assert "Kjøp billige klokker" not in client.get(event.url).content.decode()

    # The editor reads it and publishes it again: the reports are settled.
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/comments/{comment.pk}/moderate/",
            {"action": "publish", "next": LIST_URL},
        )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert not Comment.objects.filter(services.reported_q()).exists()
    # One more report does not hide it again, and nobody reports twice.
    report_as(client, visitor(10), comment)
    assert report_as(client, first, comment).status_code == 409
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert (
        services.with_open_reports(Comment.objects.filter(pk=comment.pk))
        .get()
        .open_reports
        == 1
    )
    client.logout()
    assert "Kjøp billige klokker" in client.get(event.url).content.decode()


@pytest.mark.parametrize(("threshold", "hidden"), [(1, True), (2, False), (0, False)])
def test_the_number_of_reports_that_hides_a_comment_is_a_setting(
    client, settings, comment, threshold, hidden
):
    settings.COMMENTS_REPORTS_TO_HIDE = threshold
    report_as(client, visitor(1), comment)
    comment.refresh_from_db()
    assert (comment.status == Comment.Status.PENDING) is hidden


@pytest.mark.parametrize(
    ("action", "status"),
    [("spam", Comment.Status.SPAM), ("unpublish", Comment.Status.REMOVED)],
)
def test_removing_a_reported_comment_settles_its_reports(
    client, editor, comment, action, status
):
    report_as(client, visitor(1), comment)
    client.force_login(editor)
    client.post(f"/admin/comments/{comment.pk}/moderate/", {"action": action})
    comment.refresh_from_db()
    assert comment.status == status
    assert services.moderation_counts()["reported"] == 0


def test_deleting_a_reported_comment_deletes_its_reports(client, editor, comment):
    report_as(client, visitor(1), comment, details="Reklame")
    client.force_login(editor)
    client.post(
        "/admin/comments/bulk/",
        {"action": "delete", "ids": [comment.pk], "confirm": "1"},
    )
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert not flags().exists()
    assert not ReportReason.objects.exists()


def test_a_deleted_comment_kept_for_its_replies_forgets_its_reports(client, event):
    top = make_comment(event)
    make_comment(event, parent=top)
    report_as(client, visitor(1), top, details="Reklame")
    services.delete_comments(Comment.objects.filter(pk=top.pk))
    assert Comment.objects.get(pk=top.pk).is_removed
    assert not flags().exists()
    assert not ReportReason.objects.exists()


def test_an_editor_keeps_a_reported_comment_published(client, editor, comment):
    report_as(client, visitor(1), comment)
    client.force_login(editor)
    response = client.post(
        f"/admin/comments/{comment.pk}/moderate/",
        {"action": "dismiss", "next": LIST_URL},
        follow=True,
    )
    assert "its reports are dismissed" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert services.moderation_counts()["reported"] == 0


# Editors see them ---------------------------------------------------------------


def test_reported_comments_have_their_own_filter_and_count(
    client, editor, event, comment
):
    other = make_comment(event, comment="Helt vanlig kommentar")
    report_as(client, visitor(1), comment, reason="abuse", details="Stygt <b>språk</b>")
    report_as(client, visitor(2), comment, reason="spam")
    client.force_login(editor)
    html = client.get(LIST_URL, {"state": "reported"}).content.decode()
    assert "Reported by visitors (1)" in html
    assert "<strong>1</strong> reported by visitors" in html
    assert (
        "Reported by 2 visitors: Harassment, hate or threats, Spam or advertising"
        in (html)
    )
    assert f'data-comment-row="{comment.pk}"' in html
    assert f'data-comment-row="{other.pk}"' not in html
    assert "Keep published" in html

    inspect = client.get(f"{LIST_URL}inspect/{comment.pk}/").content.decode()
    assert "Reports since the last decision" in inspect
    assert "Stygt &lt;b&gt;språk&lt;/b&gt;" in inspect
    assert "leser1@example.org" not in inspect  # editors see why, not who

    dashboard = client.get("/admin/").content.decode()
    assert "<strong>1</strong> reported by visitors" in dashboard


def test_a_hidden_comment_says_why_in_the_list(client, editor, settings, comment):
    settings.COMMENTS_REPORTS_TO_HIDE = 1
    report_as(client, visitor(1), comment)
    client.force_login(editor)
    html = client.get(LIST_URL, {"state": "awaiting"}).content.decode()
    assert "Hidden after reports, awaiting moderation" in html


# Personal data ----------------------------------------------------------------------


def test_reports_are_in_the_reporters_export_and_erased_with_them(client, event):
    reporter, neighbour = visitor(1), visitor(2)
    comment = make_comment(event)
    report_as(client, reporter, comment, reason="privacy", details="Mitt telefonnr")
    report_as(client, neighbour, comment, reason="spam")
    kind = registry.get("comments.reports")
    with translation.override("en"):
        (row,) = kind.export(Subject.for_user(reporter))
    assert row["comment"] == comment.pk
    assert row["page"] == "Vårkonsert"
    assert row["reason"] == "Shares someone's personal information"
    assert row["details"] == "Mitt telefonnr"
    assert row["reported_at"]

    erasure = kind.erase(Subject.for_user(reporter))
    assert erasure.deleted == 1
    assert list(kind.rows(Subject.for_user(reporter))) == []
    assert not ReportReason.objects.filter(details="Mitt telefonnr").exists()
    # The neighbour's report stays.
    assert flags().get().user == neighbour
    assert ReportReason.objects.get().reason == "spam"


def test_a_person_without_an_account_has_no_reports(event):
    kind = registry.get("comments.reports")
    assert list(kind.rows(Subject.for_email("leser1@example.org"))) == []


def test_deleting_an_account_deletes_its_reports(client, event):
    from privacy.services import erase_subject

    reporter = visitor(1)
    report_as(client, reporter, make_comment(event), details="Hemmelig grunn")
    erase_subject(Subject.for_user(reporter))
    assert not flags().exists()
    assert not ReportReason.objects.exists()


def test_a_comment_hidden_by_reports_leaves_the_cached_page(
    client, settings, event, django_capture_on_commit_callbacks
):
    settings.COMMENTS_REPORTS_TO_HIDE = 2
    comment = make_comment(event, comment="Synlig til to har meldt")
    invalidate_page_cache()
    assert "Synlig til to" in client.get(event.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        report_as(client, visitor(1), comment)
    client.logout()
    assert "Synlig til to" in client.get(event.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        report_as(client, visitor(2), comment)
    client.logout()
    assert "Synlig til to" not in client.get(event.url).content.decode()
