"""The privacy statement does not drift in a real browser: after the site's
code changes a retention period, the editor sees the warning on the
dashboard, prepares the new version, publishes it with its date the notice
period ahead, and a visitor sees the version in effect beside the coming
one."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from privacy.models import PolicyVersion

from .axe_results import AXE_RUN
from .sessions import editor, sign_in

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.submits("privacy_admin:drift")
def test_an_editor_publishes_the_drift_ahead_and_a_visitor_sees_both_versions(
    demo_site, page, browser, settings, axe_source
):
    settings.PRIVACY_NOTICE_PERIOD_DAYS = 30
    published = PolicyVersion.objects.order_by("-number").first()
    settings.PRIVACY_RETENTION = {
        **settings.PRIVACY_RETENTION,
        "comments.ip_address": 97,
    }
    admin = page
    sign_in(admin.context, demo_site, editor())

    admin.goto(demo_site + "/admin/")
    panel = admin.locator("#privacy-drift-panel-heading").locator("xpath=../..")
    expect(panel).to_contain_text("no longer matches the site")
    rule = panel.locator("tr").filter(has_text="comments.ip_address")
    expect(rule.locator("del")).to_contain_text("| 60")
    expect(rule.locator("ins")).to_contain_text("| 97")
    panel.get_by_role("link", name="Prepare a new version with the change").click()

    admin.get_by_role("button", name="Prepare the new version").click()
    admin.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    expect(admin.locator(".messages")).to_contain_text("prepared as a draft")
    ahead = timezone.localdate() + datetime.timedelta(days=30)
    expect(admin.locator("#id_effective_from")).to_have_value(
        ahead.strftime("%d.%m.%Y")
    )
    expect(admin.locator("#id_material_change")).to_be_checked()
    expect(admin.locator("#id_change_summary")).not_to_be_empty()

    admin.locator("footer [data-w-dropdown-target='toggle']").last.click()
    admin.locator("button[name='action-publish']").click()
    admin.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))

    coming = PolicyVersion.objects.order_by("-number").first()
    assert coming.number == published.number + 1
    assert timezone.localdate(coming.effective_at) == ahead
    admin.goto(demo_site + "/admin/")
    expect(admin.locator("#privacy-drift-panel-heading")).to_have_count(0)

    context = browser.new_context(locale="nb-NO")
    visitor = context.new_page()
    visitor.goto(demo_site + "/personvern/")
    now = visitor.locator("section[aria-labelledby=policy-current-title]")
    later = visitor.locator("section[aria-labelledby=policy-coming-title]")
    expect(now.locator("#policy-current-title")).to_contain_text(
        f"Gjelder nå: versjon {published.number}"
    )
    expect(now).to_contain_text("nettleser i 60 dager")
    expect(later.locator("#policy-coming-title")).to_contain_text(
        f"Kommer: versjon {coming.number}"
    )
    expect(later).to_contain_text("nettleser i 97 dager")

    visitor.evaluate(axe_source)
    results = visitor.evaluate(AXE_RUN, WCAG_TAGS)
    assert results["violations"] == []
    context.close()
