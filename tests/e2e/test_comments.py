"""Comments in the browser: a visitor posts a comment on a cached event page
(the script fetches the form's token), is told it awaits moderation, an
editor publishes it in Wagtail's admin, and it is on the page; the page with
its comments passes axe-core's WCAG 2.1 AA checks."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from comments.models import Comment

from ..factories import UserFactory
from .test_accessibility import AXE_RUN, WCAG_TAGS, format_violations, switch_to_english

COMMENT = "Takk for en strålende kveld! Orkesteret var i toppform."


def commented_event_url():
    """An event the demo content gave comments (and a reply)."""
    comment = (
        Comment.objects.published()
        .filter(level=1, page__live=True)
        .select_related("page")
        .order_by("pk")
        .first()
    )
    return comment.page.url


def sign_in_as_editor(browser_context, base_url):
    """An editor's session in the browser, made by Django's test client
    (the login form is the accounts tests' business)."""
    editor = UserFactory(email="redaktor@example.org", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(editor)
    browser_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


@pytest.mark.submits("comments:post", "comments_admin_bulk")
def test_a_visitors_comment_awaits_moderation_until_an_editor_publishes_it(
    demo_site, page, browser
):
    switch_to_english(page, demo_site)
    event_url = demo_site + commented_event_url()
    page.goto(event_url)
    response = page.goto(event_url)
    assert response.headers.get("x-page-cache") == "hit"  # no token in it
    form = page.locator("#comment-form")
    form.locator("input[name=name]").fill("Åse Besøkende")
    form.locator("input[name=email]").fill("ase@example.org")
    form.locator("textarea[name=comment]").fill(COMMENT)
    form.locator("button[type=submit]").click()

    page.wait_for_url("**/kommentarer/sendt/**")
    expect(page.locator("main [role=status]")).to_contain_text("awaits moderation")
    page.goto(event_url)
    expect(page.locator("section.comments")).not_to_contain_text(COMMENT)
    comment = Comment.objects.get(comment=COMMENT)
    assert comment.status == Comment.Status.PENDING

    editor = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nb-NO"
    )
    try:
        sign_in_as_editor(editor, demo_site)
        admin = editor.new_page()
        admin.goto(demo_site + "/admin/comments/comment/?state=awaiting")
        row = admin.locator("tr", has_text=COMMENT[:40])
        row.locator("input[name=ids]").check()
        admin.locator("#comments-bulk-action").select_option("publish")
        admin.locator("#comments-bulk button[type=submit]").click()
        expect(admin.locator(".messages")).to_contain_text("1")
    finally:
        editor.close()

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    page.goto(event_url)
    expect(page.locator(f"#c{comment.pk}")).to_contain_text(COMMENT)
    expect(page.locator(f"#c{comment.pk}")).to_contain_text("Åse Besøkende")


def test_a_reply_moves_the_form_under_the_comment(demo_site, page):
    page.goto(demo_site + commented_event_url())
    reply = page.locator(".comment__reply").first
    reply.click()
    form = page.locator("#comment-form")
    expect(form.locator("[data-replying]")).to_be_visible()
    assert form.locator("input[name=reply_to]").input_value() == reply.get_attribute(
        "data-reply-to"
    )
    expect(form.locator("textarea[name=comment]")).to_be_focused()


@pytest.mark.submits("comments:post")
def test_remembered_details_fill_in_the_form_next_time(demo_site, page):
    event_url = demo_site + commented_event_url()
    page.goto(event_url)
    form = page.locator("#comment-form")
    form.locator("input[name=name]").fill("Per Husker")
    form.locator("input[name=email]").fill("per@example.org")
    form.locator("textarea[name=comment]").fill("Husk meg, takk.")
    form.locator("input[name=remember]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/kommentarer/sendt/**")

    page.goto(event_url)
    expect(form.locator("input[name=name]")).to_have_value("Per Husker")
    expect(form.locator("input[name=email]")).to_have_value("per@example.org")
    expect(form.locator("input[name=remember]")).to_be_checked()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_an_event_page_with_comments_has_no_wcag_violations(
    demo_site, page, axe_source, language
):
    if language == "en":
        switch_to_english(page, demo_site)
    page.goto(demo_site + commented_event_url())
    assert page.locator("section.comments article.comment").count() >= 3

    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)

    assert results["violations"] == [], format_violations(results["violations"])


@pytest.mark.submits("comments:post")
def test_without_javascript_the_form_comes_back_once_and_then_goes_through(
    demo_site, browser
):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    try:
        page = context.new_page()
        switch_to_english(page, demo_site)
        page.goto(demo_site + commented_event_url())
        form = page.locator("#comment-form")
        form.locator("input[name=name]").fill("Uten Skript")
        form.locator("input[name=email]").fill("uten@example.org")
        form.locator("textarea[name=comment]").fill("Skrevet uten JavaScript.")
        form.locator("button[type=submit]").click()

        # No token in the cached page: the form comes back, filled in.
        expect(page.locator("h1")).to_contain_text("send your comment again")
        expect(page.locator("textarea[name=comment]")).to_have_value(
            "Skrevet uten JavaScript."
        )
        page.locator("#comment-form button[type=submit]").click()

        page.wait_for_url("**/kommentarer/sendt/**")
        expect(page.locator("main [role=status]")).to_contain_text("awaits moderation")
        assert Comment.objects.filter(comment="Skrevet uten JavaScript.").exists()
    finally:
        context.close()


@pytest.mark.submits("comments:post")
def test_the_page_after_sending_has_no_wcag_violations(demo_site, page, axe_source):
    page.goto(demo_site + commented_event_url())
    form = page.locator("#comment-form")
    form.locator("input[name=name]").fill("Kari")
    form.locator("input[name=email]").fill("kari@example.org")
    form.locator("textarea[name=comment]").fill("Fin side.")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/kommentarer/sendt/**")

    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)

    assert results["violations"] == [], format_violations(results["violations"])
