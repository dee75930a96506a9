"""Erasure deletes every stored session that belongs to the person or holds
one of their addresses: not only those allauth lists for the account, but a
sign-up left unfinished in another browser, a session allauth never saw,
and the cached copy of each."""

from importlib import import_module

import pytest
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import User
from privacy.registry import Subject

from .conftest import PASSWORD, link_in, sign_in

pytestmark = pytest.mark.django_db

ADDRESS = "sigrun.vik@example.org"


def decoded_sessions():
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    return [
        (key, store.decode(data))
        for key, data in Session.objects.values_list("session_key", "session_data")
    ]


def sessions_mentioning(*needles):
    return [
        key
        for key, data in decoded_sessions()
        if any(needle in repr(data) for needle in needles)
    ]


def stashing(user):
    """Sessions holding allauth's stash of a sign-up of ``user`` waiting for
    its address to be verified."""
    return [
        key
        for key, data in decoded_sessions()
        if data.get("account_login", {}).get("user_pk") == user_pk_to_url_str(user)
    ]


def test_a_sign_up_left_in_another_browser_is_erased_with_the_account(
    django_capture_on_commit_callbacks,
):
    first_browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        first_browser.post(
            reverse("account_signup"),
            {
                "email": ADDRESS,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "age_confirmed": "on",
            },
        )
    user = User.objects.get(email=ADDRESS)
    assert stashing(user), (
        f"allauth no longer stashes the sign-up in the session: {decoded_sessions()}"
    )
    second_browser = Client()
    second_browser.post(link_in(mail.outbox[-1], "/konto/confirm-email/"))
    assert sign_in(second_browser, ADDRESS).status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_account(user)
    assert stashing(user) == []
    assert sessions_mentioning(ADDRESS) == []
    assert not Session.objects.exists()


def test_a_session_allauth_does_not_list_is_found_by_the_account_id(member):
    browser = Client()
    browser.force_login(member)
    UserSession.objects.all().delete()
    key = browser.session.session_key
    assert services.session_keys_of(Subject.for_user(member)) == [key]


def test_other_peoples_sessions_are_kept(member, other_member):
    mine, theirs, anonymous = Client(), Client(), Client()
    mine.force_login(member)
    theirs.force_login(other_member)
    session = anonymous.session
    session["newsletter_email"] = "someone.else@example.org"
    session.save()
    services.delete_account(member)
    remaining = set(Session.objects.values_list("session_key", flat=True))
    assert remaining == {theirs.session.session_key, anonymous.session.session_key}


def test_an_address_inside_anonymous_session_data_is_found_whatever_its_case(
    member,
):
    anonymous = Client()
    session = anonymous.session
    session["stash"] = {"form": [{"email": " KARI@Example.org "}]}
    session.save()
    keys = services.session_keys_of(Subject.for_user(member))
    assert anonymous.session.session_key in keys


def test_with_cached_sessions_the_cached_copy_goes_too(settings, member):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    browser = Client()
    browser.force_login(member)
    key = browser.session.session_key
    store = import_module(settings.SESSION_ENGINE).SessionStore
    cache = caches[settings.SESSION_CACHE_ALIAS]
    assert cache.get(store.cache_key_prefix + key) is not None
    services.delete_account(member)
    assert cache.get(store.cache_key_prefix + key) is None
    assert not Session.objects.filter(session_key=key).exists()


def test_a_sign_up_stash_is_found_by_allauths_spelling_of_the_id_and_no_other():
    """allauth writes the id of a waiting sign-up in base 36: user 150 is
    "46". The stash of user 150 goes; the login of user 46 stays."""
    SessionStore = import_module("django.contrib.sessions.backends.db").SessionStore
    waiting = User.objects.create_user(pk=150, email="venter@example.org")
    User.objects.create_user(pk=46, email="annen@example.org")
    stash = SessionStore()
    stash["account_login"] = {"user_pk": user_pk_to_url_str(waiting), "signup": True}
    stash.create()
    other = SessionStore()
    other["_auth_user_id"] = "46"
    other.create()

    found = services.session_keys_of(Subject(user=waiting))

    assert found == [stash.session_key]
