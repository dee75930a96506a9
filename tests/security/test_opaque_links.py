"""No link the site mails or redirects to carries a person's address, in
clear or base64-encoded: links end up in the access logs of nginx and
gunicorn, which no erasure reaches. Each link still works."""

import base64
import binascii
import re
import zlib
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import Profile
from comments import services as comment_services
from comments.models import Comment
from newsletter import links
from newsletter.models import Subscriber
from privacy import services as privacy_services

from ..factories import ArticleIndexPageFactory, ArticlePageFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "kari.lenke@example.org"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


def decodings(piece):
    """``piece`` and whatever it decodes to as URL-safe base64 (whole, and
    each part of a Django signed value "payload:time:signature"), inflated
    when compressed."""
    yield piece.encode()
    for part in {piece, *piece.split(":")}:
        compressed = part.startswith(".")
        part = part.lstrip(".")
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue
        yield raw
        if compressed:
            try:
                yield zlib.decompress(raw)
            except zlib.error:
                continue


def reveals(url, email=EMAIL) -> list[str]:
    """The pieces of ``url`` (path segments, query names and values) that
    show ``email``, decoded or not."""
    parts = urlsplit(url)
    pieces = [unquote(segment) for segment in parts.path.split("/") if segment]
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        pieces += [name, value]
    needle = email.lower().encode()
    local = email.split("@")[0].lower().encode()
    return [
        piece
        for piece in pieces
        if any(
            needle in decoded.lower() or local in decoded.lower()
            for decoded in decodings(piece)
        )
    ]


def urls_in_mail(message):
    return re.findall(r"https?://[^\s\"'<>]+", message.body)


@pytest.fixture
def article(home_page, venue):
    news = ArticleIndexPageFactory(parent=home_page)
    return ArticlePageFactory(parent=news, title="Nytt flygel", slug="nytt-flygel")


@pytest.fixture
def subscriber():
    return Subscriber.objects.create(
        email=EMAIL, name="Kari Lenke", confirmed_at=timezone.now(), language="nb"
    )


def test_the_checker_sees_an_address_in_a_readable_signed_token():
    from django.core import signing

    token = signing.dumps({"e": EMAIL}, salt="x")
    assert reveals(f"https://example.org/lenke/{token}/")
    assert reveals(f"https://example.org/?to={EMAIL}")
    assert not reveals("https://example.org/lenke/abc/")


def test_the_comment_sent_redirect_and_its_mails_carry_no_address(client, article):
    response = client.post(
        f"/kommentarer/side/{article.pk}/",
        {
            "name": "Kari Lenke",
            "email": EMAIL,
            "url": "",
            "comment": "Gleder meg!",
            "subject": "",
            "followup": "on",
        },
        REMOTE_ADDR="203.0.113.5",
        HTTP_USER_AGENT=BROWSER,
        HTTP_REFERER=f"http://testserver{article.url}",
    )
    assert response.status_code == 302
    sent_to = response["Location"]
    assert reveals(sent_to) == []
    assert client.get(sent_to).status_code == 200
    comment = Comment.objects.get(user_email=EMAIL)
    urls = [url for message in mail.outbox for url in urls_in_mail(message)]
    urls.append(comment_services.posted_url(comment))
    assert any("/kommentarer/" in url for url in urls)
    assert [url for url in urls if reveals(url)] == []


def test_comment_links_in_mails_carry_no_address_and_work(client, article):
    from comments import tokens

    comment = Comment.objects.create(
        content_type_id=article.content_type_id,
        object_pk=str(article.pk),
        site_id=1,
        page=article,
        author_name="Kari Lenke",
        user_email=EMAIL,
        comment="Fin kveld.",
        submit_date=timezone.now(),
        status=Comment.Status.UNCONFIRMED,
        followup=True,
    )
    made = {
        "confirm": f"/kommentarer/bekreft/{tokens.confirm_token(comment)}/",
        "delete": tokens.delete_token(comment),
        "posted": tokens.posted_token(comment),
        "unsubscribe": tokens.unsubscribe_token(EMAIL, article.pk),
    }
    assert {kind: reveals(f"/x/{token}/") for kind, token in made.items()} == {
        kind: [] for kind in made
    }
    assert tokens.read_confirm_token(tokens.confirm_token(comment)) == (
        comment.pk,
        EMAIL,
    )
    assert tokens.read_delete_token(made["delete"]) == (comment.pk, EMAIL)
    assert tokens.read_posted_token(made["posted"]) == (comment.pk, EMAIL)
    assert tokens.read_unsubscribe_token(made["unsubscribe"]) == (EMAIL, article.pk)


def test_newsletter_links_carry_no_address_and_work(client, subscriber):
    urls = {
        "confirm": links.confirm_url(subscriber),
        "unsubscribe": links.unsubscribe_url(subscriber),
        "manage": links.manage_url(subscriber),
        "reconsent": links.reconsent_url(subscriber),
    }
    assert {kind: reveals(url) for kind, url in urls.items()} == {
        kind: [] for kind in urls
    }
    for kind, url in urls.items():
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, kind


def test_a_newsletter_link_stops_working_when_the_address_changes(client, subscriber):
    url = urlsplit(links.manage_url(subscriber)).path
    Subscriber.objects.filter(pk=subscriber.pk).update(email="ny@example.org")
    html = client.get(url).content.decode()
    assert "Kari Lenke" not in html
    assert "ny@example.org" not in html


@pytest.mark.parametrize("action", ["export", "erasure"])
def test_the_rights_request_confirmation_link_carries_no_address(client, action):
    privacy_services.submit_request(EMAIL, action, "Slett alt.")
    (message,) = mail.outbox
    (url,) = [url for url in urls_in_mail(message) if "/bekreft/" in url]
    assert reveals(url) == []
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    assert EMAIL in response.content.decode()  # shown on the page, not in the URL


def test_an_old_readable_confirmation_link_gets_a_clear_answer(client):
    from django.core import signing

    old = signing.dumps(
        {"email": EMAIL, "action": "export"}, salt="privacy.request.confirm"
    )
    assert client.get(f"/personvern/foresporsel/bekreft/{old}/").status_code == 404


def test_the_guardians_confirmation_link_carries_no_address_and_works(
    client, django_capture_on_commit_callbacks
):
    child = UserFactory(email="barn@example.org")
    profile = Profile.objects.create(
        user=child,
        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 12),
        guardian_name="Kari Lenke",
        guardian_email=EMAIL,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert accounts_services.resend_guardian_request(child)
    (link,) = [url for url in urls_in_mail(mail.outbox[-1]) if "/konto/verge/" in url]
    assert reveals(link) == []
    assert client.post(urlsplit(link).path).status_code in (200, 302)
    profile.refresh_from_db()
    assert profile.guardian_confirmed_at is not None
