"""Children under 15 in the browser: a child signs up for the newsletter
(with SMS) and for an account by giving a birth year and a guardian's
address; nothing is stored but the waiting request and only the guardian
is mailed, until the guardian agrees from the link in Chromium. The child
then confirms their own address as everyone does. The pages with the age
question and the guardian's page pass axe-core's WCAG 2.1 AA checks."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from newsletter.models import Subscriber
from privacy.models import GuardianRequest

from .test_accessibility import switch_to_english
from .test_newsletter import check_accessibility, link_in

PASSWORD = "correct horse battery"


def child_birth_year():
    return str(timezone.localdate().year - 12)


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.mark.submits(
    "newsletter:subscribe", "privacy:guardian_confirm", "newsletter:confirm"
)
def test_a_child_subscribes_with_sms_once_the_guardian_agrees(
    demo_site, page, axe_source
):
    mail.outbox.clear()
    switch_to_english(page, demo_site)
    page.goto(demo_site + "/nyhetsbrev/")
    form = page.locator("main form")
    form.get_by_label("Email address").fill("ungdom@example.org")
    form.get_by_label("Mobile number").fill("+47 912 34 568")
    form.get_by_label("Or your birth year").fill(child_birth_year())
    form.get_by_role("button", name="Subscribe").click()
    # No guardian named: the form says what is missing.
    expect(page.locator("main")).to_contain_text(
        "You are under 15: give the email address of a parent or guardian."
    )
    check_accessibility(page, axe_source)
    page.locator("main form").get_by_label("A parent's or guardian's email").fill(
        "forelder@example.org"
    )
    page.locator("main form").get_by_role("button", name="Subscribe").click()

    page.wait_for_url("**/personvern/verge/sendt/")
    expect(page.locator("h1")).to_have_text("We have asked your guardian")
    assert not Subscriber.objects.filter(email="ungdom@example.org").exists()
    assert GuardianRequest.objects.filter(confirmed_at=None).count() == 1
    assert mails_to("ungdom@example.org") == []

    (request_mail,) = mails_to("forelder@example.org")
    guardian = page.context.browser.new_context(locale="nb-NO")
    try:
        guardian_page = guardian.new_page()
        guardian_page.goto(demo_site + link_in(request_mail, "/personvern/verge/"))
        expect(guardian_page.locator("main")).to_contain_text("ungdom@example.org")
        check_accessibility(guardian_page, axe_source)
        assert not Subscriber.objects.filter(email="ungdom@example.org").exists()
        guardian_page.locator("main form button[type=submit]").click()
        expect(guardian_page.locator("main [role=status]")).to_be_visible()
    finally:
        guardian.close()

    subscriber = Subscriber.objects.get(email="ungdom@example.org")
    assert subscriber.phone == "+4791234568"
    assert subscriber.confirmed_at is None
    (confirm_mail,) = mails_to("ungdom@example.org")
    page.goto(demo_site + link_in(confirm_mail, "/nyhetsbrev/bekreft/"))
    page.get_by_role("button", name="Confirm subscription").click()
    expect(page.locator("h1")).to_have_text("You are subscribed")


@pytest.mark.submits(
    "account_signup", "privacy:guardian_confirm", "account_confirm_email"
)
def test_a_child_gets_an_account_once_the_guardian_agrees(demo_site, page):
    mail.outbox.clear()
    switch_to_english(page, demo_site)
    page.goto(demo_site + "/konto/signup/")
    page.locator("#id_email").fill("barn@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_birth_year").fill(child_birth_year())
    page.locator("#id_guardian_email").fill("verge@example.org")
    page.locator("main button[type=submit]").click()

    page.wait_for_url("**/personvern/verge/sendt/")
    assert not User.objects.filter(email="barn@example.org").exists()
    assert mails_to("barn@example.org") == []

    (request_mail,) = mails_to("verge@example.org")
    page.goto(demo_site + link_in(request_mail, "/personvern/verge/"))
    expect(page.locator("main")).to_contain_text("have an account on our site")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=status]")).to_contain_text("You have agreed")
    user = User.objects.get(email="barn@example.org")
    assert user.profile.guardian_confirmed_at is not None

    (verify_mail,) = mails_to("barn@example.org")
    page.goto(demo_site + link_in(verify_mail, "/konto/confirm-email/"))
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/login/**")
    assert EmailAddress.objects.get(user=user).verified
