"""Comments in the personal-data registry: found by account and by address,
exported with page, address, date and text, erased by deletion or
anonymisation as the person chooses; and the retention purges."""

import datetime

import pytest
from django.utils import timezone, translation

from comments.models import Comment
from home.cache import invalidate_page_cache
from privacy import registry, retention
from privacy.registry import Subject

from ..bench.seeding import seed
from ..factories import UserFactory
from .conftest import make_comment

pytestmark = pytest.mark.django_db

KIND = "comments.comments"


@pytest.fixture
def kind():
    return registry.get(KIND)


def test_comments_are_found_by_account_and_by_address(kind, member, event):
    by_account = make_comment(event, user=member, user_email="gammel@example.org")
    by_address = make_comment(event, user_email="KARI@example.org")
    make_comment(event, user_email="ola@example.org")
    assert {row.pk for row in kind.rows(Subject.for_user(member))} == {
        by_account.pk,
        by_address.pk,
    }
    assert [row.pk for row in kind.rows(Subject.for_email("kari@example.org"))] == [
        by_address.pk
    ]


def test_the_export_has_page_address_date_and_text(kind, member, event):
    comment = make_comment(
        event,
        user=member,
        comment="Hei\nhopp",
        author_name="Kari",
        user_email="kari@example.org",
        followup=True,
    )
    with translation.override("en"):
        (row,) = kind.export(Subject.for_user(member))
    assert row["page"] == "Vårkonsert"
    assert row["url"] == f"http://testserver{event.url}#c{comment.pk}"
    assert row["written_at"] == comment.submit_date.isoformat()
    assert row["text"] == "Hei\nhopp"
    assert row["status"] == "Published"
    assert row["email"] == "kari@example.org"
    assert row["follow_up_mails"] is True
    assert row["ip_address"] == "198.51.100.20"


def test_erasure_deletes_by_default_and_keeps_replies_in_place(kind, member, event):
    mine = make_comment(event, user=member)
    make_comment(event, parent=mine, comment="Svar fra Ola")
    lone = make_comment(event, user=member, status=Comment.Status.PENDING)
    erasure = kind.erase(Subject.for_user(member), comments="delete")
    assert (erasure.deleted, erasure.anonymised) == (1, 1)
    assert not Comment.objects.filter(pk=lone.pk).exists()
    kept = Comment.objects.get(pk=mine.pk)
    assert kept.is_removed and kept.comment == "" and kept.user_email == ""
    assert list(kind.rows(Subject.for_user(member))) == []
    assert Comment.objects.filter(comment="Svar fra Ola").exists()


def test_erasure_anonymises_when_the_person_chooses_it(kind, member, event):
    shown = make_comment(event, user=member, comment="Står igjen", followup=True)
    waiting = make_comment(event, user=member, status=Comment.Status.PENDING)
    erasure = kind.erase(Subject.for_user(member), comments="anonymise")
    assert (erasure.anonymised, erasure.deleted) == (1, 1)
    shown.refresh_from_db()
    assert shown.comment == "Står igjen"
    assert (shown.user_id, shown.user_email, shown.author_name, shown.user_url) == (
        None,
        "",
        "",
        "",
    )
    assert (shown.ip_address, shown.user_agent, shown.followup) == (None, "", False)
    assert not Comment.objects.filter(pk=waiting.pk).exists()
    assert list(kind.rows(Subject.for_user(member))) == []


def test_an_anonymised_comment_shows_as_anonymous(client, kind, member, event):
    make_comment(event, user=member, comment="Står igjen", author_name="Kari")
    kind.erase(Subject.for_user(member), comments="anonymise")
    invalidate_page_cache()
    html = client.get(event.url).content.decode()
    assert "Står igjen" in html
    assert "Anonym" in html  # the Norwegian page, in Norwegian
    assert "Kari" not in html.split('class="comments"')[1].split("<form")[0]


def test_deleting_the_account_erases_comments_as_chosen(
    member_client, member, event, django_capture_on_commit_callbacks
):
    from accounts import services as account_services

    make_comment(event, user=member, comment="Står igjen")
    with django_capture_on_commit_callbacks(execute=True):
        lines = account_services.delete_account(member, comments="anonymise")
    assert any(line.anonymised == 1 for line in lines)
    comment = Comment.objects.get()
    assert comment.user_id is None and comment.comment == "Står igjen"


def test_the_benchmark_can_seed_comments(kind, member, event):
    seed(kind, Subject.for_user(member), 25)
    assert kind.summary(Subject.for_user(member)) == 25
    assert len(list(kind.export(Subject.for_user(member)))) == 25


def test_other_peoples_comments_are_left_alone(kind, member, event):
    other = make_comment(event, user=UserFactory(email="ola@example.org"))
    kind.erase(Subject.for_user(member))
    assert Comment.objects.filter(pk=other.pk, is_removed=False).exists()


# Retention -------------------------------------------------------------------


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def purged(key):
    """Apply one of the comments' retention rules as the daily site-wide
    purge does; how many comments it touched."""
    return retention.purge(keys={key})[key].affected


def test_ip_address_and_browser_are_cleared_after_60_days(event):
    old = make_comment(event, submit_date=days_ago(61), referrer="https://x.example/")
    recent = make_comment(event, submit_date=days_ago(59))
    assert purged("comments.ip_address") == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent, old.referrer) == (None, "", "")
    assert old.comment  # the comment itself stays
    assert recent.ip_address == "198.51.100.20"


def test_the_retention_setting_is_honoured(event, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 10
    make_comment(event, submit_date=days_ago(11))
    assert purged("comments.ip_address") == 1


def test_spam_is_deleted_after_30_days(event):
    old = make_comment(event, status=Comment.Status.SPAM, submit_date=days_ago(31))
    blatant = make_comment(
        event,
        status=Comment.Status.SPAM,
        spam_verdict=Comment.Verdict.DISCARD,
        submit_date=days_ago(31),
    )
    recent = make_comment(event, status=Comment.Status.SPAM, submit_date=days_ago(29))
    published = make_comment(event, submit_date=days_ago(400))
    assert purged("comments.spam") == 2
    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, published.pk}
    assert old.pk not in remaining and blatant.pk not in remaining


def test_unconfirmed_comments_go_when_their_link_expires(event):
    make_comment(event, status=Comment.Status.UNCONFIRMED, submit_date=days_ago(8))
    fresh = make_comment(
        event, status=Comment.Status.UNCONFIRMED, submit_date=days_ago(6)
    )
    assert purged("comments.unconfirmed") == 1
    assert list(Comment.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_the_site_wide_purge_applies_the_comments_rules(event):
    make_comment(event, submit_date=days_ago(61))
    make_comment(event, status=Comment.Status.SPAM, submit_date=days_ago(31))
    results = retention.purge(keys={"comments.ip_address", "comments.spam"})
    assert results["comments.ip_address"].affected == 1
    assert results["comments.spam"].affected == 1
    assert results["comments.ip_address"].days == 60
