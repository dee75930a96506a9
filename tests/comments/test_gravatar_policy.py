"""Gravatar pictures, when the comment settings show them, are allowed by
the site's own Content-Security-Policy (``img-src``), and only then."""

import re

import pytest

from comments.models import CommentSettings

from ..security.test_headers import policy
from .conftest import make_comment

GRAVATAR = "https://www.gravatar.com"


@pytest.fixture
def show_gravatar(db):
    def switch(on):
        settings = CommentSettings.load()
        settings.show_gravatar = on
        settings.save()

    return switch


def avatar_urls(html):
    return re.findall(r'<img[^>]+src="([^"]*gravatar[^"]*)"', html)


def test_with_gravatar_on_the_policy_allows_the_pictures_the_page_shows(
    client, event, show_gravatar
):
    make_comment(event, user_email="kari@example.org")
    show_gravatar(True)
    response = client.get(event.url)
    assert GRAVATAR in policy(response)["img-src"]
    (url,) = avatar_urls(response.content.decode())
    assert url.startswith(GRAVATAR + "/avatar/")


def test_with_gravatar_off_the_policy_and_the_page_name_no_gravatar(
    client, event, show_gravatar
):
    make_comment(event, user_email="kari@example.org")
    show_gravatar(False)
    response = client.get(event.url)
    assert policy(response)["img-src"] == ["'self'", "data:"]
    assert avatar_urls(response.content.decode()) == []
    assert "gravatar" not in response["Content-Security-Policy"]


def test_switching_gravatar_off_takes_it_out_of_the_policy_of_cached_pages(
    client, event, show_gravatar
):
    make_comment(event, user_email="kari@example.org")
    show_gravatar(True)
    assert GRAVATAR in policy(client.get(event.url))["img-src"]
    show_gravatar(False)
    response = client.get(event.url)
    assert GRAVATAR not in policy(response)["img-src"]
    assert avatar_urls(response.content.decode()) == []
