"""Article and hero images say what they show (alt text or an explicit
"decorative"), carry their credit, and come as AVIF, WebP and JPEG in two
widths with width, height and lazy loading below the fold; listings fetch
the renditions with the articles (home/images.py, home/models.py)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    EventPageFactory,
    ImageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture
def undescribed():
    return ImageFactory(description="")


def test_an_article_image_needs_alt_text_or_the_decorative_tick(news, undescribed):
    article = ArticlePageFactory.build(image=undescribed)
    with pytest.raises(ValidationError) as refused:
        article.clean()
    assert "image_alt" in refused.value.message_dict

    article.image_decorative = True
    article.clean()
    article.image_decorative, article.image_alt = False, "Et kor på trappa"
    article.clean()
    assert article.image_alt_text == "Et kor på trappa"


def test_a_hero_image_needs_alt_text_or_the_decorative_tick(home_page, undescribed):
    home_page.hero_image = undescribed
    with pytest.raises(ValidationError) as refused:
        home_page.clean()
    assert "hero_image_alt" in refused.value.message_dict
    home_page.hero_image_decorative = True
    home_page.clean()
    assert home_page.hero_alt_text == ""


def test_the_admin_says_so_in_norwegian(client, editor, news, undescribed):
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/home/articlepage/{news.pk}/",
        {
            "title": "Premiere",
            "slug": "premiere",
            "date": "2027-01-20",
            "lead": "Et kort sammendrag.",
            "image": undescribed.pk,
            "image_alt": "",
            "image_credit": "",
            "body-count": "0",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beskriv bildet for besøkende som ikke ser det" in html


def test_an_article_shows_a_picture_with_alt_text_and_credit(client, news):
    image = ImageFactory(
        description="Koret synger på trappa", file__width=1600, file__height=900
    )
    article = ArticlePageFactory(
        parent=news, image=image, image_credit="Foto: Kari Nordmann"
    )
    html = client.get(article.url).content.decode()
    figure = re.search(r'<figure class="page__image">.*?</figure>', html, re.S)[0]
    assert re.search(r'<source [^>]*type="image/avif"', figure)
    assert re.search(r'<source [^>]*type="image/webp"', figure)
    assert re.search(r'srcset="[^"]+ 800w, [^"]+ 1200w"', figure)
    img = re.search(r"<img [^>]*>", figure)[0]
    assert 'width="800"' in img and 'height="450"' in img
    assert 'alt="Koret synger på trappa"' in figure
    assert '<figcaption class="image-credit">Foto: Kari Nordmann</figcaption>' in figure


def test_a_decorative_article_image_has_empty_alt(client, news):
    article = ArticlePageFactory(
        parent=news, image=ImageFactory(), image_decorative=True
    )
    html = client.get(article.url).content.decode()
    assert re.search(r'<figure class="page__image">.*?alt="".*?</figure>', html, re.S)


def test_the_hero_loads_at_once_and_the_cards_below_it_lazily(client, home_page, news):
    home_page.hero_image = ImageFactory(description="Foajeen en vinterkveld")
    home_page.hero_image_credit = "Foto: Ola Nordmann"
    home_page.save_revision().publish()
    ArticlePageFactory(parent=news, image=ImageFactory(), image_credit="Foto: NN")
    html = client.get("/").content.decode()
    hero = re.search(r'<section class="hero".*?</section>', html, re.S)[0]
    assert re.search(r'<img [^>]*fetchpriority="high"', hero)
    assert "loading=" not in hero
    assert 'alt="Foajeen en vinterkveld"' in hero
    assert re.search(r'<source [^>]*type="image/avif"', hero)
    assert "Foto: Ola Nordmann" in hero
    card = re.search(r'<article class="card">.*?</article>', html, re.S)[0]
    assert re.search(r'<img [^>]*loading="lazy"', card)
    assert re.search(r'<source [^>]*type="image/webp"', card)
    assert '<figcaption class="card__credit">Foto: NN</figcaption>' in card


@pytest.mark.parametrize("kind", ["article", "event"])
def test_the_first_screens_picture_and_heading_font_are_asked_for_first(
    client, news, event_index, kind
):
    """The page's own picture is what Lighthouse times as the largest paint,
    and the headings' font redraws the title when it comes late (the event
    page's Speed Index): both are asked for at once."""
    if kind == "article":
        page = ArticlePageFactory(parent=news, image=ImageFactory())
    else:
        page = EventPageFactory(parent=event_index, image=ImageFactory())
    html = client.get(page.url).content.decode()
    figure = re.search(r'<figure class="page__image">.*?</figure>', html, re.S)[0]
    assert re.search(r'<img [^>]*fetchpriority="high"', figure)
    assert "loading=" not in figure
    head = html.split("</head>")[0]
    preload = re.search(r'<link rel="preload" [^>]*as="font"[^>]*>', head)[0]
    assert "fraunces-latin-700-normal" in preload and "crossorigin" in preload
    assert head.index(preload) < head.index('rel="stylesheet"')


def queries_of(client, path):
    """Queries of ``path`` once the caches and renditions are warm."""
    client.get(path)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("path", ["/", "/aktuelt/"])
def test_more_articles_cost_no_more_queries(client, news, path, settings):
    """The cards' renditions come with the articles: three articles with
    images cost what one does."""
    settings.PAGE_CACHE_SECONDS = 0
    ArticlePageFactory(parent=news, image=ImageFactory())
    one = queries_of(client, path)
    for _ in range(2):
        ArticlePageFactory(parent=news, image=ImageFactory())
    assert queries_of(client, path) == one <= 6
