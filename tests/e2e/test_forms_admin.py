"""The admin's forms in a real browser, as an editor works: moderating
comments (publish, spam, delete in bulk with its confirmation, edit and
delete one, close a page to comments), working a rights request (status,
note, export, erasure), keeping the programme's halls and genres, and
sending again the notices of a changed privacy statement that the mail
server refused."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from comments.models import Comment
from events.models import Genre, Hall
from privacy import policy, rights
from privacy.models import PolicyVersion, PrivacyPolicyPage, RightsRequest

from .refusing import MAIL_BACKEND, RefusingMailBackend, refuse_nobody
from .sessions import editor, member, sign_in

LIST = "/admin/comments/comment/"


def bulk(admin, base_url, comment, action):
    """Tick ``comment`` in the moderation list and apply ``action``."""
    admin.goto(base_url + LIST)
    admin.locator(f"input[name=ids][value='{comment.pk}']").check()
    admin.locator("#comments-bulk-action").select_option(action)
    admin.locator("#comments-bulk button[type=submit]").click()


@pytest.mark.submits(
    "comments_admin_bulk",
    "comments_comment_modeladmin_edit",
    "comments_comment_modeladmin_delete",
    "comments_admin_page",
)
def test_an_editor_moderates_comments_and_closes_a_page_to_comments(demo_site, page):
    admin = page
    sign_in(admin.context, demo_site, editor())
    first = Comment.objects.filter(status=Comment.Status.PENDING).first()
    second, third = Comment.objects.published().exclude(pk=first.pk).order_by("pk")[:2]

    bulk(admin, demo_site, first, "publish")
    expect(admin.locator(".messages")).to_contain_text("1")
    first.refresh_from_db()
    assert first.status == Comment.Status.PUBLISHED

    bulk(admin, demo_site, second, "spam")
    expect(admin.locator(".messages")).to_contain_text("1")
    second.refresh_from_db()
    assert second.status == Comment.Status.SPAM

    bulk(admin, demo_site, third, "delete")
    admin.get_by_role("button", name="Yes, delete").click()
    expect(admin.locator(".messages")).to_contain_text("1")
    assert not Comment.objects.filter(pk=third.pk, is_removed=False).exists()

    admin.goto(demo_site + f"{LIST}edit/{first.pk}/")
    admin.locator("textarea[name=comment]").fill("Rettet av redaksjonen.")
    admin.get_by_role("button", name="Save").click()
    admin.wait_for_url(f"**{LIST}")
    first.refresh_from_db()
    assert first.comment == "Rettet av redaksjonen."

    admin.goto(demo_site + f"{LIST}delete/{first.pk}/")
    admin.get_by_role("button", name="Yes, delete").click()
    admin.wait_for_url(f"**{LIST}")
    assert not Comment.objects.filter(pk=first.pk, is_removed=False).exists()

    page_id = first.page_id
    admin.goto(demo_site + f"/admin/comments/page/{page_id}/")
    admin.get_by_label("Allow comments on this page").uncheck()
    admin.get_by_role("button", name="Save").click()
    event = first.page.specific
    admin.goto(demo_site + event.url)
    expect(admin.locator("#comment-form")).to_have_count(0)


@pytest.mark.submits(
    "privacy_admin:status",
    "privacy_admin:note",
    "privacy_admin:export",
    "privacy_admin:erase",
)
def test_an_editor_works_a_rights_request_to_its_end(demo_site, page):
    sign_in(page.context, demo_site, editor())
    opened = rights.open_request("kari@example.org", "rectification", "Feil navn.")
    request = rights.confirm_request(opened.pk, "kari@example.org")
    mail.outbox.clear()
    page.goto(demo_site + f"/admin/personvern/requests/{request.pk}/")

    page.locator("select[name=status]").select_option(RightsRequest.Status.IN_PROGRESS)
    page.get_by_role("button", name="Save status").click()
    expect(page.locator(".messages")).to_be_visible()
    request.refresh_from_db()
    assert request.status == RightsRequest.Status.IN_PROGRESS

    page.locator("textarea[name=note]").fill("Ringte henne, navnet rettes.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("main")).to_contain_text("Ringte henne, navnet rettes.")

    page.get_by_role("button", name="Export the data of this address").click()
    expect(page.locator(".messages")).to_be_visible()
    assert request.events.filter(action="exported").exists()
    assert any(m.to == ["kari@example.org"] for m in mail.outbox)

    page.get_by_label(
        "I have checked the request: erase everything held about this address"
    ).check()
    page.get_by_role("button", name="Erase the data of this address").click()
    expect(page.locator(".messages")).to_be_visible()
    request.refresh_from_db()
    assert request.redacted
    expect(page.locator("main")).not_to_contain_text("kari@example.org")


@pytest.mark.submits(
    "wagtailsnippets_events_hall:add",
    "wagtailsnippets_events_hall:edit",
    "wagtailsnippets_events_hall:copy",
    "wagtailsnippets_events_hall:delete",
    "wagtailsnippets_events_genre:add",
    "wagtailsnippets_events_genre:edit",
    "wagtailsnippets_events_genre:copy",
    "wagtailsnippets_events_genre:delete",
)
def test_an_editor_adds_renames_copies_and_deletes_halls_and_genres(demo_site, page):
    sign_in(page.context, demo_site, editor())
    for model, fields in (
        (Hall, {"name": "Blackboksen", "slug": "blackboksen", "capacity": "120"}),
        (Genre, {"name": "Stand-up", "slug": "stand-up"}),
    ):
        base = f"/admin/snippets/events/{model._meta.model_name}/"
        # The list, in the editor's language (Wagtail adds ?locale=nb).
        listing = re.compile(re.escape(base) + r"(\?locale=\w+)?$")
        page.goto(demo_site + base + "add/")
        for field, value in fields.items():
            page.locator(f"input[name={field}]").fill(value)
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(listing)
        item = model.objects.get(name=fields["name"])

        page.goto(demo_site + f"{base}edit/{item.pk}/")
        page.locator("input[name=name]").fill(fields["name"] + " 2")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(listing)
        item.refresh_from_db()
        assert item.name == fields["name"] + " 2"

        page.goto(demo_site + f"{base}copy/{item.pk}/")
        page.locator("input[name=name]").fill(fields["name"] + " kopi")
        if "slug" in fields:
            page.locator("input[name=slug]").fill(fields["slug"] + "-kopi")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(listing)
        assert model.objects.filter(name=fields["name"] + " kopi").exists()

        page.goto(demo_site + f"{base}delete/{item.pk}/")
        page.get_by_role("button", name="Yes, delete").click()
        page.wait_for_url(listing)
        assert not model.objects.filter(pk=item.pk).exists()


@pytest.mark.submits("privacy_admin:retry")
def test_an_editor_sends_the_refused_notices_of_a_changed_statement_again(
    demo_site, page, settings
):
    settings.EMAIL_BACKEND = MAIL_BACKEND
    sign_in(page.context, demo_site, editor())
    people = [member(f"leser{number}@example.org") for number in range(3)]
    RefusingMailBackend.refused.add(people[1].email)
    mail.outbox.clear()
    try:
        # A material change mails everyone with an account at once (tasks
        # run immediately here); one mailbox refuses it.
        statement = PrivacyPolicyPage.objects.get(locale__language_code="nb")
        statement.change_summary = "Vi bytter billettleverandør."
        statement.material_change = True
        statement.save_revision().publish()
        version = PolicyVersion.objects.order_by("-number").first()
        counts = policy.delivery_counts(version)
        assert counts["failed"] == 1
        assert people[1].email not in {m.to[0] for m in mail.outbox}

        page.goto(demo_site + "/admin/personvern/versions/")
        row = page.locator("tbody tr").filter(has_text="Vi bytter billettleverandør.")
        expect(row.locator("td").nth(5)).to_have_text("1")

        RefusingMailBackend.refused.clear()
        row.get_by_role("button", name="Retry failed").click()
        expect(page.locator(".messages")).to_contain_text(
            "1 failed notice(s) will be sent again."
        )
        expect(row.locator("td").nth(4)).to_have_text(str(counts["sent"] + 1))
        expect(row.locator("td").nth(5)).to_have_text("0")
        expect(row.get_by_role("button", name="Retry failed")).to_have_count(0)
        assert [m.to for m in mail.outbox].count([people[1].email]) == 1
    finally:
        refuse_nobody()
