"""Abuse guards beside Akismet: CSRF without breaking the page cache, the
rate limit of 5 comments a minute per IP address (HTTP 429 with a page in
the site's layout), and the honeypot (test_hostile_input)."""

import pytest
from django.test import Client

from comments.models import Comment

from .conftest import form_data, post_url

pytestmark = pytest.mark.django_db


def test_the_sixth_comment_in_a_minute_gets_a_readable_429(post, event):
    for number in range(5):
        assert post(event, comment=f"Kommentar {number}").status_code == 302
    response = post(event, comment="Den sjette")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<header class="site-header">' in html  # the site's layout
    assert "Too many comments" in html
    assert "Den sjette" in html  # nothing typed is lost
    assert Comment.objects.count() == 5


def test_the_limit_is_per_address(post, event):
    for number in range(5):
        post(event, comment=f"Kommentar {number}")
    assert post(event, ip="198.51.100.99").status_code == 302


def test_the_limit_counts_comments_not_typos(post, event):
    for _number in range(6):
        assert post(event, email="feil").status_code == 400
    assert post(event).status_code == 302


@pytest.fixture
def browser(settings):
    """A client that checks CSRF as browsers' requests are checked, in
    English."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_post_without_a_token_gets_its_form_back_with_a_fresh_token(browser, event):
    response = browser.post(post_url(event), form_data(comment="Uten nøkkel"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "send your comment again" in html.lower()
    assert "Uten nøkkel" in html
    assert '<header class="site-header">' in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert token
    assert not Comment.objects.exists()
    # Sending it again from that page works.
    again = browser.post(
        post_url(event),
        {**form_data(comment="Uten nøkkel"), "csrfmiddlewaretoken": token},
    )
    assert again.status_code == 302
    assert Comment.objects.get().comment == "Uten nøkkel"


def test_the_script_gets_a_private_token_that_works(browser, event):
    response = browser.get("/kommentarer/skjemanokkel/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    token = response.json()["token"]
    posted = browser.post(
        post_url(event), {**form_data(), "csrfmiddlewaretoken": token}
    )
    assert posted.status_code == 302


def test_a_wrong_token_is_refused(browser, event):
    browser.get("/kommentarer/skjemanokkel/")
    response = browser.post(
        post_url(event), {**form_data(), "csrfmiddlewaretoken": "x" * 64}
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_other_forms_keep_djangos_csrf_page(browser, db):
    response = browser.post("/konto/logout/")
    assert response.status_code == 403
    assert "comment" not in response.content.decode().lower()
