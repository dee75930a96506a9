"""What is the same for every reader and costly to render is rendered once
per cache generation and reused, signed in or not (home/templatetags/
fragment_tags.py): the pictures of the home page's hero, of article cards
and of event and article pages, whose renditions Wagtail looks up afresh on
every render. A publish starts a new generation; an editor's preview always
shows the draft."""

import pytest
from wagtail.images.models import AbstractImage

from events.models import EventPage

from ..factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    EventPageFactory,
    ImageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lookups(monkeypatch):
    """How many times Wagtail looked up renditions."""
    calls = []
    original = AbstractImage.get_renditions

    def counting(image, *filters):
        calls.append(image.pk)
        return original(image, *filters)

    monkeypatch.setattr(AbstractImage, "get_renditions", counting)
    return calls


@pytest.fixture
def pictured(home_page, event_index):
    home_page.hero_image = ImageFactory()
    home_page.save_revision().publish()
    news = ArticleIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=news, image=ImageFactory())
    event = EventPageFactory(parent=event_index, image=ImageFactory())
    return article, event


def test_a_signed_in_reader_gets_the_pictures_rendered_once(
    client, member, pictured, lookups, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    client.force_login(member)
    article, event = pictured
    for url in ("/", article.url, event.url):
        first = client.get(url).content.decode()
        assert lookups, url
        lookups.clear()
        again = client.get(url).content.decode()
        assert lookups == [], url
        assert first.count("<picture>") == again.count("<picture>") >= 1

    # A publish starts a new generation: looked up again.
    article.save_revision().publish()
    client.get("/")
    assert lookups


def test_a_preview_shows_the_draft_s_picture_not_the_published_one(
    client, editor, pictured, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    _article, event = pictured
    client.force_login(editor)
    client.get(event.url)  # the published picture, now kept
    published = event.image
    draft = EventPage.objects.get(pk=event.pk)
    draft.image = ImageFactory()
    html = draft.make_preview_request().content.decode()
    figure = html.split('<figure class="page__image">')[1].split("</figure>")[0]
    assert stem(draft.image) in figure
    assert stem(published) not in figure


def stem(image):
    """What the image's renditions are named after (example_AbC123)."""
    return image.file.name.rsplit("/", 1)[-1].split(".")[0]


def test_a_signed_in_reader_gets_the_article_kept_until_a_publish(
    client, member, pictured, settings
):
    """The article's body (its section's name, byline, text) is kept per
    generation: a change shows once it is published, not before."""
    settings.PAGE_CACHE_SECONDS = 600
    client.force_login(member)
    article, _event = pictured
    news = article.get_parent().specific
    assert f">{news.title}</a>" in client.get(article.url).content.decode()
    type(news).objects.filter(pk=news.pk).update(title="Aktuelt nå")  # a draft
    assert "Aktuelt nå" not in client.get(article.url).content.decode()
    news.title = "Aktuelt nå"
    news.save_revision().publish()
    assert ">Aktuelt nå</a>" in client.get(article.url).content.decode()
