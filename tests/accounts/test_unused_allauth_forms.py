"""allauth mounts two forms the site never offers: signing in by a mailed
code (off: sign-in is by password) and setting a first password (every
account has one from sign-up). A post to either changes nothing and leads
the person on to a page they can use."""

import pytest
from django.test import Client

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_post_to_the_login_code_form_signs_nobody_in():
    client = Client(enforce_csrf_checks=False)
    response = client.post("/konto/login/code/confirm/", {"code": "123456"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_post_to_set_a_first_password_leaves_the_password_alone(user_password):
    user = UserFactory(email="kari@example.org")
    user.set_password(user_password)
    user.save()
    client = Client()
    client.force_login(user)
    response = client.post(
        "/konto/password/set/",
        {"password1": "a new secret 123", "password2": "a new secret 123"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/konto/password/change/")
    user.refresh_from_db()
    assert user.check_password(user_password)


@pytest.fixture
def user_password():
    return "correct horse battery"
