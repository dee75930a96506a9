""" "Remember me": ticked, the session lasts two weeks; unticked, it ends
when the browser closes, and the server forgets it after two days."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from .conftest import sign_in

TWO_DAYS = 2 * 24 * 60 * 60
TWO_WEEKS = 14 * 24 * 60 * 60


def session_row(client):
    return Session.objects.get(
        session_key=client.cookies[settings.SESSION_COOKIE_NAME].value
    )


def test_unticked_the_cookie_ends_with_the_browser_and_the_server_forgets_in_two_days(
    client, member
):
    response = sign_in(client, member.email, remember=False)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()
    expires = session_row(client).expire_date - timezone.now()
    assert abs(expires - datetime.timedelta(seconds=TWO_DAYS)) < datetime.timedelta(
        minutes=1
    )


def test_ticked_the_session_lasts_two_weeks(client, member):
    response = sign_in(client, member.email, remember=True)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == TWO_WEEKS
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == TWO_WEEKS
    expires = session_row(client).expire_date - timezone.now()
    assert abs(expires - datetime.timedelta(seconds=TWO_WEEKS)) < datetime.timedelta(
        minutes=1
    )


def test_the_login_form_asks(client, db):
    page = client.get("/konto/login/").content.decode()
    assert 'name="remember"' in page
    assert '<label for="id_remember">' in page
