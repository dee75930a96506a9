"""Posting a comment: the form, the rules a new comment follows, threads,
the "remember me" cookie, and who may comment where."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Profile
from comments.models import Comment, CommentSettings, PageCommentSettings

from .conftest import form_data, make_comment, post_url

pytestmark = pytest.mark.django_db


def section(html):
    start = html.index('<section class="comments"')
    return html[start : html.index("</section>", start)]


def test_the_form_explains_every_limit_next_to_its_field(client, event):
    html = section(client.get(event.url).content.decode())
    for field, limit in [
        ("name", 100),
        ("email", 254),
        ("url", 200),
        ("comment", 3000),
    ]:
        assert f'name="{field}"' in html
        assert f'maxlength="{limit}"' in html
    # The Norwegian page, in Norwegian.
    assert "Høyst 100 tegn." in html
    assert "høyst 200 tegn" in html
    assert "høyst 3000 tegn" in html
    assert "mer enn to lenker" in html


def test_the_cached_form_holds_no_token_and_nothing_personal(client, event):
    html = client.get(event.url).content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in client.cookies
    assert 'src="/static/js/comments.js"' in html
    assert "<script>" not in html  # no inline script


def test_a_new_commenter_waits_for_moderation(post, event, akismet_says):
    akismet_says("ham")
    response = post(event)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.spam_verdict == Comment.Verdict.HAM
    followed = response.client.get(response["Location"])
    assert "awaits moderation" in followed.content.decode()
    assert "Gleder meg til konserten!" not in section(
        response.client.get(event.url).content.decode()
    )


def test_ham_from_an_address_with_a_published_comment_is_published_at_once(
    post, client, event, article, akismet_says
):
    akismet_says("ham")
    make_comment(article, user_email="KARI@example.org")
    response = post(event, comment="Nå er jeg her igjen.")
    comment = Comment.objects.get(page=event)
    assert comment.status == Comment.Status.PUBLISHED
    assert response["Location"] == f"{event.url}#c{comment.pk}"
    assert "Nå er jeg her igjen." in section(client.get(event.url).content.decode())


def test_more_than_two_links_wait_whatever_akismet_says(
    post, event, article, akismet_says
):
    akismet_says("ham")
    make_comment(article, user_email="kari@example.org")
    post(
        event,
        comment="Se https://a.example og https://b.example og www.c.example",
    )
    assert Comment.objects.get(page=event).status == Comment.Status.PENDING


def test_two_links_from_a_known_address_are_fine(post, event, article, akismet_says):
    akismet_says("ham")
    make_comment(article, user_email="kari@example.org")
    post(event, comment="Se https://a.example og https://b.example")
    assert Comment.objects.get(page=event).status == Comment.Status.PUBLISHED


def test_a_receipt_with_a_delete_link_goes_to_a_commenter_without_an_account(
    post, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(event)
    (message,) = mail.outbox
    assert message.to == ["kari@example.org"]
    assert "Vårkonsert" in message.subject
    assert "/kommentarer/slett/" in message.body


def test_spam_gets_no_mail(
    post, event, akismet_says, django_capture_on_commit_callbacks
):
    akismet_says("spam")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(event)
    assert Comment.objects.get().status == Comment.Status.SPAM
    assert mail.outbox == []
    # The sender is not told it was taken for spam.
    assert (
        "awaits moderation"
        in response.client.get(response["Location"]).content.decode()
    )


def test_a_reply_goes_under_its_comment_and_threads_read_oldest_first(
    post, client, event, akismet_says
):
    akismet_says("ham")
    first = make_comment(
        event, comment="Første kommentar", user_email="kari@example.org"
    )
    make_comment(event, comment="Andre kommentar")
    post(event, comment="Svar på den første", reply_to=str(first.pk))
    reply = Comment.objects.get(comment="Svar på den første")
    assert (reply.thread_id, reply.parent_id, reply.level) == (first.pk, first.pk, 1)
    html = section(client.get(event.url).content.decode())
    assert (
        html.index("Første kommentar")
        < html.index("Svar på den første")
        < html.index("Andre kommentar")
    )


def test_a_reply_to_a_reply_joins_the_thread_two_levels_deep(post, event, akismet_says):
    akismet_says("ham")
    top = make_comment(event)
    reply = make_comment(event, parent=top)
    post(event, comment="Svar på svaret", reply_to=str(reply.pk))
    nested = Comment.objects.get(comment="Svar på svaret")
    assert (nested.parent_id, nested.level) == (top.pk, 1)


def test_a_reply_to_a_comment_that_is_not_shown_becomes_a_comment(post, event):
    hidden = make_comment(event, status=Comment.Status.SPAM)
    post(event, reply_to=str(hidden.pk))
    comment = Comment.objects.exclude(pk=hidden.pk).get()
    assert comment.level == 0 and comment.thread_id == comment.pk


def test_the_reply_link_works_without_javascript(client, event):
    top = make_comment(event, author_name="Ola Hansen")
    html = section(client.get(f"{event.url}?svar={top.pk}").content.decode())
    assert f'name="reply_to" value="{top.pk}"' in html
    assert "Svar til" in html and "Ola Hansen" in html


def test_remember_me_sets_a_cookie_for_a_year_only_when_ticked(post, event):
    response = post(event, remember="on", url="https://kari.example")
    cookie = response.cookies["comment_remember"]
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert "kari%40example.org" in cookie.value
    assert not cookie["httponly"]
    response = post(event, ip="203.0.113.6")
    assert response.cookies["comment_remember"]["max-age"] == 0  # cleared


def test_unticked_nothing_is_stored_in_the_browser(post, event):
    response = post(event)
    assert "comment_remember" not in response.cookies


def test_a_signed_in_member_has_name_and_address_filled_in(member_client, event):
    html = section(member_client.get(event.url).content.decode())
    assert 'value="Kari Nordmann"' in html
    assert 'value="kari@example.org"' in html
    assert 'name="remember"' not in html


def test_a_signed_in_member_comments_with_the_account_address(
    member_client, member, post, event
):
    post(event, client=member_client, email="someone.else@example.org")
    comment = Comment.objects.get()
    assert comment.user == member
    assert comment.user_email == "kari@example.org"


def test_a_child_without_a_guardians_consent_cannot_comment(
    member_client, member, post, event
):
    Profile.objects.create(
        user=member, birth_date=timezone.localdate() - datetime.timedelta(days=365 * 12)
    )
    html = section(member_client.get(event.url).content.decode())
    assert 'name="comment"' not in html
    assert "forelder eller verge" in html  # the Norwegian page, in Norwegian
    response = post(event, client=member_client)
    assert response.status_code == 403
    assert "guardian" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_close_the_set_number_of_days_after_publishing(client, post, event):
    settings = CommentSettings.load()
    settings.close_after_days = 30
    settings.save()
    event.first_published_at = timezone.now() - datetime.timedelta(days=31)
    event.save(update_fields=["first_published_at"])
    make_comment(event, comment="Fra før")
    html = section(client.get(event.url).content.decode())
    assert "Fra før" in html
    assert 'name="comment"' not in html
    assert "tar ikke lenger imot kommentarer" in html
    response = post(event)
    assert response.status_code == 403
    assert Comment.objects.count() == 1


def test_an_editor_can_turn_comments_off_for_a_page(client, post, event):
    make_comment(event, comment="Fra før")
    PageCommentSettings.objects.create(page=event, enabled=False)
    html = client.get(event.url).content.decode()
    assert 'class="comments"' not in html
    assert "Fra før" not in html
    assert post(event).status_code == 403


def test_pages_of_other_types_take_no_comments(client, home_page, venue):
    response = client.post(post_url(home_page), form_data())
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_email_confirmation_stores_the_comment_at_once_as_unconfirmed(
    client, post, event, settings, akismet_says, django_capture_on_commit_callbacks
):
    settings.COMMENTS_CONFIRM_EMAIL = True
    akismet_says("ham")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(event)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.UNCONFIRMED
    assert "Check your email" in client.get(response["Location"]).content.decode()
    (message,) = mail.outbox
    confirm = message.body.split("http://testserver", 2)[1].split()[0]
    assert confirm.startswith("/kommentarer/bekreft/")
    assert "/kommentarer/slett/" in message.body
    # Opening the link changes nothing (mail scanners follow links)...
    assert client.get(confirm).status_code == 200
    comment.refresh_from_db()
    assert comment.status == Comment.Status.UNCONFIRMED
    # ...the button confirms.
    client.post(confirm)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_the_confirmation_link_expires_after_seven_days(client, event, monkeypatch):
    from django.core import signing

    from comments import tokens

    comment = make_comment(event, status=Comment.Status.UNCONFIRMED)
    eight_days_ago = int(timezone.now().timestamp()) - 8 * 24 * 60 * 60
    monkeypatch.setattr(
        signing.TimestampSigner,
        "timestamp",
        lambda self: signing.b62_encode(eight_days_ago),
    )
    token = tokens.confirm_token(comment)
    monkeypatch.undo()
    response = client.post(f"/kommentarer/bekreft/{token}/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.UNCONFIRMED


def test_confirming_a_comment_from_a_known_address_publishes_it(
    client, event, article, settings
):
    from comments import tokens

    settings.COMMENTS_CONFIRM_EMAIL = True
    make_comment(article, user_email="kari@example.org")
    comment = make_comment(
        event, status=Comment.Status.UNCONFIRMED, user_email="kari@example.org"
    )
    client.post(f"/kommentarer/bekreft/{tokens.confirm_token(comment)}/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


def test_the_longest_allowed_values_are_stored_whole(post, event):
    response = post(
        event,
        name="N" * 100,
        email="a" * 240 + "@example.org",
        url="https://example.org/" + "a" * 180,
        comment="x" * 3000,
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert len(comment.author_name) == 100
    assert len(comment.user_email) == 252
    assert len(comment.user_url) == 200
    assert len(comment.comment) == 3000


def test_line_breaks_count_once_toward_the_limit(post, event):
    assert post(event, comment="a\r\n" * 1000).status_code == 302
    assert Comment.objects.get().comment == "a\n" * 999 + "a"
