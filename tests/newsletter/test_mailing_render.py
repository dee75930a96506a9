"""An issue as subscribers read it: one narrow column of real text with
inline styles, absolute links and images with alt text, the upcoming
events as they stand when it is sent, and a plain-text part that reads on
its own."""

import re

import pytest
from django.core import mail
from django.utils import translation

from newsletter import rendering
from newsletter.text import html_to_text

from ..factories import ImageFactory
from .mailing_fixtures import (
    make_issue,
    make_subscriber,
    send_all,
    start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_issue(db, upcoming, home_page):
    picture = ImageFactory(title="Salen")
    return make_issue(
        subject="Mai i kulturhuset",
        preheader="Jazz, teater og familiedag",
        body=[
            ("heading", "Velkommen"),
            (
                "text",
                '<p>Se <a href="/arrangementer/">hele programmet</a> og '
                "<b>husk</b>:</p><ul><li>Jazz</li><li>Teater</li></ul>",
            ),
            (
                "image",
                {
                    "image": {
                        "image": picture,
                        "alt_text": "Den store salen full av folk",
                        "decorative": False,
                    },
                    "caption": "Store sal en fredagskveld",
                },
            ),
            ("button", {"text": "Kjøp billetter", "page": home_page, "url": ""}),
            ("upcoming_events", {"heading": "Snart", "count": 2}),
        ],
    )


def test_the_mail_is_one_narrow_column_with_inline_styles(full_issue):
    html = rendering.render_issue(full_issue).html
    assert "max-width:600px" in html
    assert '<meta name="viewport"' in html
    assert "<style" not in html  # inline styles only
    assert "<script" not in html
    assert 'lang="nb"' in html
    assert "Jazz, teater og familiedag" in html  # the preheader


def test_every_link_and_image_is_absolute(full_issue):
    html = rendering.render_issue(full_issue).html
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        assert url.startswith(("http://testserver/", "NEWSLETTER-")), url
    assert 'href="http://testserver/arrangementer/"' in html


def test_images_have_alt_texts_and_the_text_is_real_text(full_issue):
    html = rendering.render_issue(full_issue).html
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 1  # events without pictures show none
    assert 'alt="Den store salen full av folk"' in images[0]
    assert "Store sal en fredagskveld" in html
    assert "<h2" in html and "Velkommen" in html


def test_upcoming_events_are_the_next_published_ones(full_issue, upcoming):
    html = rendering.render_issue(full_issue).html
    assert "Jazzkveld" in html and "Hamlet" in html
    assert "Familiedag" not in html  # only the two asked for
    assert f'href="http://testserver{upcoming[0].url}"' in html


def test_the_text_part_reads_on_its_own(full_issue, upcoming):
    text = rendering.render_issue(full_issue).text
    assert "VELKOMMEN" in text
    assert "hele programmet (http://testserver/arrangementer/)" in text
    assert "- Jazz\n- Teater" in text
    assert "[Store sal en fredagskveld]" in text
    assert "Kjøp billetter: http://testserver/" in text
    assert f"http://testserver{upcoming[0].url}" in text
    assert "<" not in text


def test_the_footer_is_in_the_language_of_the_issue(upcoming):
    issue = make_issue(language="en", subject="May at the house")
    make_subscriber("reader@example.net", language="en")
    send_all(start(issue))
    message = mail.outbox[0]
    assert "Unsubscribe" in message.alternatives[0][0]
    assert "Manage your subscription:" in message.body


def test_the_preview_shows_the_mail_and_its_plain_text(full_issue, rf):
    request = rf.get("/")
    html = full_issue.serve_preview(request, "").content.decode()
    assert "max-width:600px" in html
    text = full_issue.serve_preview(request, "text").content.decode()
    assert "<pre" in text and "VELKOMMEN" in text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        (
            '<p>A <a href="https://x.example/">link</a></p>',
            "A link (https://x.example/)",
        ),
        ("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"),
        ("<p>Line<br>break</p>", "Line\nbreak"),
        ("<p><b>Bold</b> and <i>it</i></p>", "Bold and it"),
        (
            '<p><a href="/sti/"><b>In</b> bold</a></p>',
            "In bold (http://testserver/sti/)",
        ),
    ],
)
def test_html_becomes_readable_text(html, text):
    with translation.override("en"):
        assert html_to_text(html) == text
