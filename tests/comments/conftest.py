"""Fixtures for the comments tests: an event and an article that take
comments, people, Akismet through its test clients, and helpers to post the
form as a browser would."""

import akismet
import pytest
from django.conf import settings
from wagtail.users.models import UserProfile

from comments.models import Comment

from ..factories import (
    BROWSER,
    ArticleIndexPageFactory,
    ArticlePageFactory,
    CommentFactory,
    EventPageFactory,
    PerformanceFactory,
)


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English (the language cookie), so that the texts the tests
    look for stay the same when the Norwegian translation comes."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


class CountingClient(akismet.TestSyncClient):
    """akismet's test client, counting the calls it gets (class-wide)."""

    calls = []

    def comment_check(self, user_ip, **kwargs):
        CountingClient.calls.append(("comment_check", user_ip, kwargs))
        return super().comment_check(user_ip, **kwargs)

    def submit_spam(self, user_ip, **kwargs):
        CountingClient.calls.append(("submit_spam", user_ip, kwargs))
        return super().submit_spam(user_ip, **kwargs)

    def submit_ham(self, user_ip, **kwargs):
        CountingClient.calls.append(("submit_ham", user_ip, kwargs))
        return super().submit_ham(user_ip, **kwargs)


class HamClient(CountingClient):
    comment_check_response = akismet.CheckResponse.HAM


class SpamClient(CountingClient):
    comment_check_response = akismet.CheckResponse.SPAM


class DiscardClient(CountingClient):
    comment_check_response = akismet.CheckResponse.DISCARD


VERDICT_CLIENTS = {
    "ham": "tests.comments.conftest.HamClient",
    "spam": "tests.comments.conftest.SpamClient",
    "discard": "tests.comments.conftest.DiscardClient",
}


@pytest.fixture
def akismet_says(settings):
    """Configure Akismet with a key and make it answer ``verdict``; returns
    the list of calls made."""
    CountingClient.calls = []

    def configure(verdict):
        settings.COMMENTS_AKISMET_API_KEY = "test-key"
        settings.COMMENTS_AKISMET_CLIENT_CLASS = VERDICT_CLIENTS[verdict]
        return CountingClient.calls

    return configure


@pytest.fixture
def event(event_index, hall, venue):
    page = EventPageFactory(parent=event_index, title="Vårkonsert", slug="varkonsert")
    PerformanceFactory(event=page, hall=hall)
    return page


@pytest.fixture
def article(home_page, venue):
    news = ArticleIndexPageFactory(parent=home_page)
    return ArticlePageFactory(parent=news, title="Nytt flygel", slug="nytt-flygel")


def form_data(**fields):
    data = {
        "name": "Kari Nordmann",
        "email": "kari@example.org",
        "url": "",
        "comment": "Gleder meg til konserten!",
        "subject": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def post_url(page):
    return f"/kommentarer/side/{page.pk}/"


@pytest.fixture
def post(client):
    """Post the comment form of ``page`` as a browser from 203.0.113.5."""

    def send(page, client=client, ip="203.0.113.5", **fields):
        return client.post(
            post_url(page),
            form_data(**fields),
            REMOTE_ADDR=ip,
            HTTP_USER_AGENT=BROWSER,
            HTTP_REFERER=f"http://testserver{page.url}",
        )

    return send


def make_comment(page, *, parent=None, status=Comment.Status.PUBLISHED, **fields):
    """A comment stored directly (threads get their order from the library's
    save)."""
    return CommentFactory(page=page, parent=parent, status=status, **fields)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def editor(editor):
    """The editor (tests/conftest.py), reading the admin in English."""
    user = editor
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
