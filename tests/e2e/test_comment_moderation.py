"""Reporting and moderating comments in a real browser: a visitor reports
a comment ("Rapporter") with a reason, with and without JavaScript, and a
visitor without an account is asked to sign in; an editor at 1366 px works
the moderation list with each row's buttons and with the keyboard
shortcuts; axe-core checks the report page and the list."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment, ReportReason

from .sessions import editor, member, sign_in
from .test_accessibility import AXE_RUN, WCAG_TAGS, format_violations

LIST = "/admin/comments/comment/"
LAPTOP = {"width": 1366, "height": 768}


def check_accessibility(page, axe_source):
    page.evaluate(axe_source)  # the CSP refuses add_script_tag (inline)
    results = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert results["violations"] == [], format_violations(results["violations"])


def shown_comment():
    """A published top-level comment of the demo content on a live page."""
    return (
        Comment.objects.published()
        .filter(level=0, is_removed=False, page__live=True)
        .select_related("page")
        .order_by("pk")
        .first()
    )


def waiting(page_comment, text, minutes):
    """A comment awaiting moderation on the page of ``page_comment``."""
    comment = Comment(
        content_type_id=page_comment.content_type_id,
        object_pk=page_comment.object_pk,
        site_id=page_comment.site_id,
        page_id=page_comment.page_id,
        author_name="Vera Venter",
        user_email="vera@example.org",
        comment=text,
        submit_date=timezone.now() + timezone.timedelta(minutes=minutes),
        status=Comment.Status.PENDING,
        is_public=False,
        spam_verdict=Comment.Verdict.HAM,
    )
    comment.save()
    return comment


@pytest.mark.submits("comments:report")
def test_a_visitor_reports_a_comment_with_a_reason(demo_site, page, axe_source):
    comment = shown_comment()
    sign_in(page.context, demo_site, member("leser@example.org"))
    page.goto(demo_site + comment.page.url)
    article = page.locator(f"#c{comment.pk}")
    article.get_by_role("link", name="Rapporter").click()

    page.wait_for_url(f"**/kommentarer/{comment.pk}/rapporter/")
    expect(page.locator("h1")).to_have_text("Rapporter en kommentar")
    expect(page.locator("main blockquote")).to_contain_text(comment.comment[:30])
    check_accessibility(page, axe_source)
    page.get_by_label("Trakassering, hat eller trusler").check()
    page.get_by_label("Mer om det (valgfritt)").fill("Hetser en annen leser.")
    page.get_by_role("button", name="Send rapporten").click()

    expect(page.locator("h1")).to_have_text("Takk for at du sa fra")
    reason = ReportReason.objects.get()
    assert (reason.flag.comment_id, reason.flag.user.email) == (
        comment.pk,
        "leser@example.org",
    )
    assert (reason.reason, reason.details) == ("abuse", "Hetser en annen leser.")
    check_accessibility(page, axe_source)

    # A second time, the page says so instead of offering the form.
    page.goto(demo_site + f"/kommentarer/{comment.pk}/rapporter/")
    expect(page.locator("h1")).to_have_text("Allerede rapportert")
    expect(page.locator("main input[name=reason]")).to_have_count(0)


@pytest.mark.submits("comments:report")
def test_reporting_works_without_javascript(demo_site, browser):
    comment = shown_comment()
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    try:
        page = context.new_page()
        sign_in(context, demo_site, member("uten.skript@example.org"))
        page.goto(demo_site + f"/kommentarer/{comment.pk}/rapporter/")
        page.get_by_label("Spam eller reklame").check()
        page.get_by_role("button", name="Send rapporten").click()
        expect(page.locator("h1")).to_have_text("Takk for at du sa fra")
        assert ReportReason.objects.get().reason == "spam"
    finally:
        context.close()


def test_a_visitor_without_an_account_is_asked_to_sign_in(demo_site, page, axe_source):
    comment = shown_comment()
    page.goto(demo_site + comment.page.url)
    page.locator(f"#c{comment.pk}").get_by_role("link", name="Rapporter").click()
    expect(page.locator("h1")).to_have_text("Logg inn for å rapportere en kommentar")
    expect(page.locator("main form")).to_have_count(0)
    check_accessibility(page, axe_source)
    page.locator("main").get_by_role("link", name="Logg inn").click()
    page.wait_for_url("**/konto/login/**")
    assert f"next=%2Fkommentarer%2F{comment.pk}%2Frapporter%2F" in page.url
    assert not ReportReason.objects.exists()


@pytest.mark.submits("comments_admin_moderate", "comments_admin_bulk")
def test_an_editor_moderates_with_each_rows_buttons_at_1366_px(
    demo_site, browser, axe_source
):
    context = browser.new_context(viewport=LAPTOP, locale="nb-NO")
    try:
        admin = context.new_page()
        sign_in(context, demo_site, editor())
        first = waiting(shown_comment(), "Første som venter på lesing.", 2)
        second = waiting(shown_comment(), "Andre som venter, og skal bort.", 1)
        admin.goto(demo_site + LIST + "?state=awaiting")
        check_accessibility(admin, axe_source)

        row = admin.locator(f"tr[data-comment-row='{first.pk}']")
        box = row.locator("td.field-select_box").bounding_box()
        for name in ("Publish", "Spam", "Delete"):
            button = row.get_by_role("button", name=name)
            expect(button).to_be_visible()
            area = button.bounding_box()
            # Beside the text, clear of the checkbox column, and wide enough
            # for its label on one line.
            assert area["x"] >= box["x"] + box["width"], name
            assert area["height"] < 48, name
            assert button.evaluate("b => b.scrollWidth <= b.clientWidth"), name

        row.get_by_role("button", name="Publish").click()
        expect(admin.locator(".messages")).to_contain_text("1 comment published")
        first.refresh_from_db()
        assert first.status == Comment.Status.PUBLISHED

        admin.locator(f"tr[data-comment-row='{second.pk}']").get_by_role(
            "button", name="Delete"
        ).click()
        expect(admin.locator("main")).to_contain_text("Andre som venter")
        admin.get_by_role("button", name="Yes, delete").click()
        expect(admin.locator(".messages")).to_contain_text("1 comment deleted")
        assert not Comment.objects.filter(pk=second.pk).exists()
    finally:
        context.close()


@pytest.mark.submits("comments_admin_moderate", "comments_admin_bulk")
def test_an_editor_works_the_queue_with_keyboard_shortcuts(
    demo_site, browser, axe_source
):
    context = browser.new_context(viewport=LAPTOP, locale="nb-NO")
    try:
        admin = context.new_page()
        sign_in(context, demo_site, editor())
        model = shown_comment()
        # Newest first: the list shows them in this order.
        one = waiting(model, "Nummer en i køen.", 4)
        two = waiting(model, "Nummer to i køen.", 3)
        three = waiting(model, "Nummer tre i køen.", 2)
        four = waiting(model, "Nummer fire i køen.", 1)
        admin.goto(demo_site + LIST + "?state=awaiting")
        admin.get_by_text("Keyboard shortcuts for the moderation queue").click()
        expect(admin.locator("[data-comments-shortcuts]")).to_be_visible()
        check_accessibility(admin, axe_source)

        # Keys typed into a field fire no shortcut: in the search field "j"
        # and "p" are letters, and nothing moves or is published.
        search = admin.locator("#id_q")
        search.focus()
        admin.keyboard.type("jp")
        expect(search).to_have_value("jp")
        expect(search).to_be_focused()
        expect(admin.locator("tr.is-current")).to_have_count(0)
        one.refresh_from_db()
        assert one.status == Comment.Status.PENDING
        search.fill("")
        admin.evaluate("document.activeElement.blur()")

        admin.keyboard.press("j")
        expect(admin.locator(f"tr[data-comment-row='{one.pk}']")).to_be_focused()
        admin.keyboard.press("j")
        admin.keyboard.press("k")
        expect(admin.locator(f"tr[data-comment-row='{one.pk}']")).to_be_focused()

        admin.keyboard.press("p")
        expect(admin.locator(".messages")).to_contain_text("1 comment published")
        one.refresh_from_db()
        assert one.status == Comment.Status.PUBLISHED
        # Back in the list, the next comment is the current one.
        expect(admin.locator(f"tr[data-comment-row='{two.pk}']")).to_be_focused()

        admin.keyboard.press("s")
        expect(admin.locator(".messages")).to_contain_text("1 comment marked as spam")
        two.refresh_from_db()
        assert two.status == Comment.Status.SPAM
        expect(admin.locator(f"tr[data-comment-row='{three.pk}']")).to_be_focused()

        admin.keyboard.press("d")
        expect(admin.locator("main")).to_contain_text("Nummer tre i køen.")
        assert Comment.objects.filter(pk=three.pk).exists()  # it asks first
        admin.get_by_role("button", name="Yes, delete").click()
        expect(admin.locator(".messages")).to_contain_text("1 comment deleted")
        assert not Comment.objects.filter(pk=three.pk).exists()

        # Back from the confirmation, the next comment is current; x selects
        # it for the bulk actions.
        expect(admin.locator(f"tr[data-comment-row='{four.pk}']")).to_be_focused()
        admin.keyboard.press("x")
        expect(
            admin.locator(f"tr[data-comment-row='{four.pk}'] input[name=ids]")
        ).to_be_checked()
        # A modifier held presses nothing.
        url = admin.url
        admin.keyboard.press("Alt+p")
        admin.wait_for_timeout(500)
        assert admin.url == url
        four.refresh_from_db()
        assert four.status == Comment.Status.PENDING
    finally:
        context.close()
