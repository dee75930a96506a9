"""Signed-in browser sessions for the form tests, made by Django's test
client: signing in through the login forms is what the account tests
submit; the tests of other forms start signed in."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from wagtail.users.models import UserProfile

from ..factories import UserFactory


def sign_in(context, base_url, user):
    """Give the browser context ``user``'s session cookie."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return user


def member(email, **fields):
    """A visitor with an account and a verified address."""
    user = UserFactory(email=email, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def editor(email="redaktor@example.org"):
    """A superuser whose admin speaks English (the tests read its labels)."""
    user = member(email, is_staff=True, is_superuser=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user
