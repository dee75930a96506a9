"""Hostile input: what people type is escaped on the page, what the form
cannot take is refused with a message next to the field, and nothing else
breaks (no 500, nothing stored)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from comments import text
from comments.models import Comment

from .conftest import form_data, make_comment, post_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "expected", "never"),
    [
        (
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "<script",
        ),
        (
            '<img src=x onerror="alert(1)">',
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;",
            "<img",
        ),
        ('<a href="javascript:alert(1)">klikk</a>', "&lt;a href=", 'href="javascript'),
        (
            "javascript:alert(document.cookie)",
            "javascript:alert(document.cookie)",
            "<a",
        ),
        (
            'https://example.org/"onmouseover="alert(1)',
            '<a href="https://example.org/" rel="nofollow ugc">',
            'onmouseover="alert',
        ),
        ("data:text/html;base64,PHNjcmlwdD4=", "data:text/html", "<a"),
    ],
)
def test_text_is_escaped_and_only_web_addresses_become_links(typed, expected, never):
    html = text.render(typed)
    assert expected in html
    assert never not in html


@pytest.mark.parametrize(
    ("typed", "html"),
    [
        ("Hei\nhopp", "<p>Hei<br>hopp</p>"),
        ("Ett\r\n\r\nTo", "<p>Ett</p>\n<p>To</p>"),
        (
            "Se https://example.org/a?b=1&c=2.",
            '<p>Se <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">'
            "https://example.org/a?b=1&amp;c=2</a>.</p>",
        ),
        (
            "(www.example.org)",
            '<p>(<a href="https://www.example.org" rel="nofollow ugc">'
            "www.example.org</a>)</p>",
        ),
        (
            "https://no.wikipedia.org/wiki/Peer_Gynt_(skuespill)",
            '<p><a href="https://no.wikipedia.org/wiki/Peer_Gynt_(skuespill)" '
            'rel="nofollow ugc">https://no.wikipedia.org/wiki/Peer_Gynt_(skuespill)'
            "</a></p>",
        ),
    ],
)
def test_line_breaks_and_links(typed, html):
    assert text.render(typed) == html


def test_a_hostile_comment_is_shown_escaped_on_the_page(client, event):
    make_comment(
        event,
        author_name='<b onmouseover="alert(1)">Ola</b>',
        user_url="https://ola.example/",
        comment='<script>alert("x")</script> https://example.org',
    )
    html = client.get(event.url).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b onmouseover=&quot;alert(1)&quot;&gt;Ola&lt;/b&gt;" in html
    assert '<a href="https://ola.example/" rel="nofollow ugc noopener">' in html
    assert '<a href="https://example.org" rel="nofollow ugc">' in html


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"comment": "x" * 100_000}, "comment", "at most 3000 characters"),
        ({"comment": "   "}, "comment", "This field is required"),
        ({"name": "N" * 101}, "name", "at most 100 characters"),
        ({"email": "a" * 250 + "@example.org"}, "email", "at most 254 characters"),
        ({"email": "ikke-en-adresse"}, "email", "valid email"),
        ({"url": "javascript:alert(1)"}, "url", "valid URL"),
        ({"url": "https://example.org/" + "a" * 200}, "url", "at most 200 characters"),
        ({"url": "ftp://example.org/"}, "url", "valid URL"),
        ({"comment": "nul\x00byte"}, "comment", "Null characters"),
        ({"name": None}, "name", "This field is required"),
    ],
)
def test_what_the_form_cannot_take_is_refused_next_to_the_field(
    post, event, fields, field, message
):
    response = post(event, **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    # The message sits in the field's own block, after its label.
    block = html[html.index(f'<label for="id_{field}"') :]
    block = block[
        : block.index("</div>\n</div>") if "</div>\n</div>" in block else None
    ]
    assert f'id="id_{field}_error"' in block
    assert message in block
    assert not Comment.objects.exists()


def test_what_was_typed_comes_back_escaped_with_the_errors(post, event):
    response = post(event, name="<script>x</script>", email="feil")
    html = response.content.decode()
    assert 'value="&lt;script&gt;x&lt;/script&gt;"' in html
    assert "<script>x" not in html


def test_the_honeypot_refuses_robots_with_a_message(post, event):
    response = post(event, subject="Cheap watches")
    assert response.status_code == 400
    assert "only spam robots fill in" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", json.dumps(form_data())),
        ("text/plain", "name=Kari&email=kari@example.org&comment=Hei"),
        ("application/xml", "<comment>Hei</comment>"),
    ],
)
def test_wrong_content_types_get_the_form_back(client, event, content_type, body):
    response = client.post(post_url(event), body, content_type=content_type)
    assert response.status_code == 400
    assert "Please correct" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_file_upload_is_ignored(client, event):
    data = form_data()
    data["comment"] = SimpleUploadedFile("virus.exe", b"MZ" * 100)
    response = client.post(post_url(event), data)
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/kommentarer/side/999999/",
        "/kommentarer/side/99999999999999999999999/",
        "/kommentarer/side/abc/",
        "/kommentarer/side/-1/",
    ],
)
def test_unknown_pages_are_not_found(client, event, url):
    assert client.post(url, form_data()).status_code == 404


def test_reading_the_post_address_is_not_allowed(client, event):
    assert client.get(post_url(event)).status_code == 405


@pytest.mark.parametrize("reply_to", ["abc", "-5", "99999999999999999999", "1.5"])
def test_a_strange_reply_to_is_refused_or_ignored(post, event, reply_to):
    response = post(event, reply_to=reply_to)
    assert response.status_code in (302, 400)


@pytest.mark.parametrize(
    "url",
    [
        "/kommentarer/bekreft/ikke-et-token/",
        "/kommentarer/slett/ikke-et-token/",
        "/kommentarer/avmeld/ikke-et-token/",
        "/kommentarer/999/slett/",
        "/kommentarer/99999999999999999999999/slett/",
    ],
)
def test_forged_links_are_not_found(member_client, url):
    assert member_client.get(url).status_code == 404
    assert member_client.post(url).status_code == 404


def test_a_forged_status_page_is_not_found(client):
    assert client.get("/kommentarer/sendt/ikke-et-token/").status_code == 404


def test_a_reply_page_parameter_that_is_not_a_number_is_ignored(client, event):
    assert client.get(f"{event.url}?svar=<script>").status_code == 200
