"""The comment forms in a real browser: a visitor without an account
comments, confirms from the mail and deletes with the mail's link; a
signed-in member replies, asks for follow-up mails, stops them and deletes
their own comment."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from comments import tokens
from comments.models import Comment

from .sessions import member, sign_in
from .test_accessibility import switch_to_english
from .test_comments import commented_event_url


def path_in(message, prefix):
    """The path of the link in ``message`` that starts with ``prefix``."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S*)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.submits("comments:post", "comments:confirm", "comments:delete_by_link")
def test_a_visitor_confirms_a_comment_from_the_mail_and_deletes_it_by_its_link(
    demo_site, page, settings
):
    settings.COMMENTS_CONFIRM_EMAIL = True
    mail.outbox.clear()
    text = "Kan dere sette opp forestillingen igjen til våren?"
    switch_to_english(page, demo_site)
    page.goto(demo_site + commented_event_url())
    form = page.locator("#comment-form")
    form.locator("input[name=name]").fill("Siri Spør")
    form.locator("input[name=email]").fill("siri@example.org")
    form.locator("textarea[name=comment]").fill(text)
    # The event page is Norwegian (its URL sets its language); the pages
    # after it follow the visitor's choice.
    form.get_by_role("button", name="Send kommentar").click()

    page.wait_for_url("**/kommentarer/sendt/**")
    expect(page.locator("h1")).to_have_text("Check your email")
    comment = Comment.objects.get(comment=text)
    assert comment.status == Comment.Status.UNCONFIRMED

    (message,) = [m for m in mail.outbox if m.to == ["siri@example.org"]]
    page.goto(demo_site + path_in(message, "/kommentarer/bekreft/"))
    page.get_by_role("button", name="Confirm my comment").click()
    page.wait_for_url("**/kommentarer/sendt/**")
    expect(page.locator("main [role=status]")).to_contain_text("awaits moderation")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING

    page.goto(demo_site + path_in(message, "/kommentarer/slett/"))
    expect(page.locator("main")).to_contain_text(text)
    page.get_by_role("button", name="Delete my comment").click()
    expect(page.locator("h1")).to_have_text("Your comment is deleted")
    assert not Comment.objects.filter(comment=text, is_removed=False).exists()


@pytest.mark.submits("comments:post", "comments:unsubscribe", "comments:delete_own")
def test_a_member_replies_stops_follow_up_mails_and_deletes_the_reply(demo_site, page):
    text = "Enig! Jeg var der også, for en kveld."
    switch_to_english(page, demo_site)
    user = sign_in(page.context, demo_site, member("mona@example.org"))
    event_url = demo_site + commented_event_url()
    page.goto(event_url)
    reply = page.locator(".comment__reply").first
    parent_id = int(reply.get_attribute("data-reply-to"))
    reply.click()
    form = page.locator("#comment-form")
    expect(form.locator("[data-replying]")).to_be_visible()
    form.locator("textarea[name=comment]").fill(text)
    form.locator("input[name=followup]").check()
    # The event page is Norwegian (its URL sets its language); the pages
    # after it follow the visitor's choice.
    form.get_by_role("button", name="Send kommentar").click()

    page.wait_for_url("**/kommentarer/sendt/**")
    expect(page.locator("main [role=status]")).to_contain_text("awaits moderation")
    comment = Comment.objects.get(comment=text)
    assert comment.user == user
    assert comment.parent_id == parent_id
    assert comment.followup

    # The link each follow-up mail carries.
    token = tokens.unsubscribe_token(user.email, comment.page_id)
    page.goto(demo_site + f"/kommentarer/avmeld/{token}/")
    page.get_by_role("button", name="Stop the mails").click()
    expect(page.locator("h1")).to_have_text("No more mails about new comments")
    comment.refresh_from_db()
    assert not comment.followup

    # Their own reply, awaiting moderation, is shown to them with a delete link.
    page.goto(event_url)
    mine = page.locator(f"#c{comment.pk}")
    expect(mine).to_contain_text(text)
    mine.get_by_role("link", name=re.compile("Slett")).click()
    page.get_by_role("button", name="Delete my comment").click()
    expect(page.locator("h1")).to_have_text("Your comment is deleted")
    assert not Comment.objects.filter(pk=comment.pk).exists()  # no replies kept it
    page.goto(event_url)
    expect(page.locator("section.comments")).not_to_contain_text(text)
