"""The pages as served carry no code the public policy refuses: no inline
script, style element, style attribute or event handler, whichever
template (ours, allauth's, django-comments-xtd's, Wagtail's userbar) made
them. Checked on the rendered HTML, for visitors, signed-in members and an
editor (who gets Wagtail's userbar on every public page)."""

from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from ..factories import UserFactory
from .site_urls import public_urls

# Scripts that hold data, not code: the browser does not run them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCode(HTMLParser):
    """Collects what a strict policy would refuse, with the line."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        line = self.getpos()[0]
        if tag == "script" and "src" not in attrs:
            if (attrs.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.found.append(f"line {line}: inline <script>")
        if tag == "style":
            self.found.append(f"line {line}: <style> element")
        if "style" in attrs:
            self.found.append(f"line {line}: style attribute on <{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"line {line}: {name} handler on <{tag}>")
            if name in ("href", "src", "action") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"line {line}: javascript: URL on <{tag}>")


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode("utf-8", "replace"))
    return parser.found


def html_pages(client, urls):
    found = {}
    for url in urls:
        response = client.get(url)
        if "html" in response.get("Content-Type", "") and (
            problems := inline_code(response)
        ):
            found[url] = problems
    return found


@pytest.fixture
def member(client):
    user = UserFactory(email="medlem@example.org", first_name="Mona")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    # An address change waiting for its confirmation: allauth's page for it
    # has a form of its own.
    EmailAddress.objects.create(
        user=user, email="ny@example.org", verified=False, primary=False
    )
    client.force_login(user)
    return user


def test_public_pages_have_no_inline_code_for_visitors(demo, client):
    assert html_pages(client, public_urls().values()) == {}


def test_account_pages_have_no_inline_code(demo, client, member):
    urls = [
        reverse("accounts:my_page"),
        reverse("accounts:profile"),
        reverse("accounts:data"),
        reverse("accounts:delete"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("usersessions_list"),
    ]
    if "newsletter" in public_urls():
        urls.append(reverse("newsletter:my_subscription"))
    found = html_pages(client, urls)
    assert found == {}
    assert "ny@example.org" in client.get(reverse("account_email")).content.decode()


def test_public_pages_have_no_inline_code_with_the_editors_userbar(demo, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/")
    assert b"wagtail-userbar" in response.content
    assert html_pages(client, public_urls().values()) == {}
