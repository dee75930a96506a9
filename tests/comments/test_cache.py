"""The anonymous page cache keeps serving pages with comments, and shows a
change as soon as a comment appears or goes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import services
from comments.models import Comment

from ..factories import make_member
from .conftest import make_comment

pytestmark = pytest.mark.django_db


def test_an_event_with_comments_is_served_from_the_cache(client, event):
    make_comment(event, comment="Synlig kommentar")
    first = client.get(event.url)
    assert first["X-Page-Cache"] == "miss"
    assert not first.cookies.get("csrftoken")
    second = client.get(event.url)
    assert second["X-Page-Cache"] == "hit"
    assert "Synlig kommentar" in second.content.decode()


def test_an_article_with_comments_is_served_from_the_cache(client, article):
    make_comment(article)
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"


def test_publishing_a_comment_shows_it_at_once(
    client, event, django_capture_on_commit_callbacks
):
    waiting = make_comment(
        event, comment="Ventet på redaktør", status=Comment.Status.PENDING
    )
    client.get(event.url)
    assert client.get(event.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_comments(Comment.objects.filter(pk=waiting.pk))
    response = client.get(event.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Ventet på redaktør" in response.content.decode()


@pytest.mark.parametrize(
    "action",
    [services.unpublish_comments, services.mark_spam, services.delete_comments],
)
def test_a_comment_that_goes_goes_at_once(
    client, event, django_capture_on_commit_callbacks, action
):
    shown = make_comment(event, comment="Snart borte")
    client.get(event.url)
    with django_capture_on_commit_callbacks(execute=True):
        action(Comment.objects.filter(pk=shown.pk))
    assert "Snart borte" not in client.get(event.url).content.decode()


def test_a_comment_published_at_once_is_on_the_fresh_page(
    client, post, event, article, akismet_says, django_capture_on_commit_callbacks
):
    akismet_says("ham")
    make_comment(article, user_email="kari@example.org")
    client.get(event.url)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(event, comment="Rett på siden")
    page = client.get(response["Location"].split("#")[0])
    assert "Rett på siden" in page.content.decode()


def test_a_signed_in_author_sees_their_waiting_comment_and_others_do_not(
    client, member_client, member, event
):
    make_comment(
        event, comment="Min ventende", status=Comment.Status.PENDING, user=member
    )
    html = member_client.get(event.url).content.decode()
    assert "Min ventende" in html
    # The Norwegian page speaks Norwegian, whatever the visitor chose.
    assert "Kommentaren din venter på moderering" in html
    assert "X-Page-Cache" not in member_client.get(event.url)
    member_client.logout()
    member_client.cookies.pop("sessionid", None)
    assert "Min ventende" not in member_client.get(event.url).content.decode()


# Signed in: the section is kept too, with each reader's own name and address
# put into its form on the way out.


def section_of(response):
    html = response.content.decode()
    start = html.index('<section class="comments"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def ola(db):
    return make_member("ola@example.org", first_name='Ola <b>"O\'Hara"</b>')


def thread_reads(captured):
    table = f'FROM "{Comment._meta.db_table}"'
    return [q for q in captured if table in q["sql"]]


def test_signed_in_readers_share_the_kept_section_with_their_own_details(
    client, member, ola, event, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    make_comment(event, comment="Til alle")
    client.force_login(member)
    kari = section_of(client.get(event.url))
    assert 'value="Kari Nordmann"' in kari
    assert 'value="kari@example.org"' in kari
    assert "Til alle" in kari

    client.force_login(ola)
    with CaptureQueriesContext(connection) as captured:
        theirs = section_of(client.get(event.url))
    # Ola's page is the kept section: the thread is not read again.
    (asked,) = thread_reads(captured)  # only whether Ola has comments here
    assert "ORDER BY" not in asked["sql"]
    assert "Til alle" in theirs
    assert "ola@example.org" in theirs
    escaped = "Ola &lt;b&gt;&quot;O&#x27;Hara&quot;&lt;/b&gt; Nordmann"
    assert f'value="{escaped}"' in theirs
    assert "<b>" not in theirs
    assert "Kari" not in theirs and "kari@example.org" not in theirs
    assert 'name="remember"' not in theirs
    # Apart from the details, both read the same section.
    assert theirs.replace(escaped, "X").replace("ola@example.org", "Y") == (
        kari.replace("Kari Nordmann", "X").replace("kari@example.org", "Y")
    )


def test_a_reader_with_comments_of_their_own_sees_them_as_theirs(
    client, member, ola, event, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    mine = make_comment(event, comment="Min egen", user=member)
    make_comment(
        event, comment="Min ventende", status=Comment.Status.PENDING, user=member
    )
    client.force_login(ola)
    theirs = section_of(client.get(event.url))
    assert "Min ventende" not in theirs
    assert f"/kommentarer/{mine.pk}/rapporter/" in theirs
    assert f"/kommentarer/{mine.pk}/slett/" not in theirs

    client.force_login(member)
    kari = section_of(client.get(event.url))
    assert "Min ventende" in kari
    assert f"/kommentarer/{mine.pk}/slett/" in kari
    assert f"/kommentarer/{mine.pk}/rapporter/" not in kari
    assert 'value="kari@example.org"' in kari


def test_a_comment_published_shows_at_once_to_signed_in_readers(
    client, member, event, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    waiting = make_comment(event, comment="Snart synlig", status=Comment.Status.PENDING)
    client.force_login(member)
    assert "Snart synlig" not in section_of(client.get(event.url))
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_comments(Comment.objects.filter(pk=waiting.pk))
    assert "Snart synlig" in section_of(client.get(event.url))
