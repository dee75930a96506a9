"""Demo comments: a few conversations on the first events and articles, as
visitors of a Norwegian culture house would write them, one reply each, and
one comment that awaits moderation. Pages that have comments already are
left alone."""

import datetime
import random

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from home.demo import register

from . import conf
from .models import Comment

SEED = 2026
EVENTS_WITH_COMMENTS = 3
ARTICLES_WITH_COMMENTS = 1

# name, email, text
VOICES = [
    (
        "Ingrid Solberg",
        "ingrid.solberg@example.org",
        "Vi var der i går kveld. For en opplevelse! Akustikken i Store sal gjør "
        "seg virkelig for strykerne.",
    ),
    (
        "Per Kristian Dahl",
        "pkdahl@example.net",
        "Gleder meg! Er det mulig å kjøpe billett i døra, eller bør man bestille "
        "på forhånd?",
    ),
    (
        "Aisha Rahimi",
        "aisha.r@example.org",
        "Tok med meg to tenåringer som var skeptiske på forhånd. Nå snakker de "
        "ikke om annet.",
    ),
    (
        "Tormod Vik",
        "tormod.vik@example.com",
        "Fin forestilling, men litt trangt mellom radene på balkongen. Kanskje "
        "noe å se på?",
    ),
    (
        "Marte Lunde",
        "marte.lunde@example.org",
        "Takk for en nydelig kveld. Programmet er lagt ut her for dem som lurte: "
        "https://www.example.org/program",
    ),
]
REPLIES = [
    (
        "Kari fra billettkontoret",
        "billett@kulturhus.example",
        "Hei! Det selges billetter i døra så langt det er plass, men vi anbefaler "
        "å bestille på forhånd.",
    ),
    (
        "Ingrid Solberg",
        "ingrid.solberg@example.org",
        "Enig! Sees på neste konsert.",
    ),
]
AWAITING = (
    "Jon Eriksen",
    "jon.eriksen@example.net",
    "Blir det tolket til tegnspråk på noen av forestillingene?",
)


def _new_comment(page, when, voice, *, parent=None, status=Comment.Status.PUBLISHED):
    name, email, text = voice
    comment = Comment(
        content_type_id=page.content_type_id,
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
        page=page,
        author_name=name,
        user_email=email,
        comment=text,
        submit_date=when,
        parent_id=parent.pk if parent is not None else 0,
        status=status,
        is_public=status == Comment.Status.PUBLISHED,
        spam_verdict=Comment.Verdict.HAM,
        spam_checked_at=when,
    )
    comment.save()
    return comment


def add_comments(page, count, *, rng=None, awaiting=False):
    """Add ``count`` published comments to ``page`` (every third with a
    reply), oldest first, and one awaiting moderation when asked. Returns
    how many were added."""
    rng = rng or random.Random(SEED)  # noqa: S311 (demo texts, not secrets)
    start = timezone.now() - datetime.timedelta(days=count + 2)
    added = 0
    for number in range(count):
        when = start + datetime.timedelta(days=number, minutes=rng.randint(0, 600))
        comment = _new_comment(page, when, VOICES[(number + rng.randint(0, 4)) % 5])
        added += 1
        if number % 3 == 1 and added < count:
            _new_comment(
                page,
                when + datetime.timedelta(hours=3),
                REPLIES[number % len(REPLIES)],
                parent=comment,
            )
            added += 1
        if added >= count:
            break
    if awaiting:
        _new_comment(page, timezone.now(), AWAITING, status=Comment.Status.PENDING)
        added += 1
    return added


def _first_pages(label, count):
    model = apps.get_model(label)
    pages = (
        Page.objects.live()
        .type(model)
        .filter(first_published_at__isnull=False)
        .order_by("path")
    )
    return [page.specific for page in pages[:count]]


@register
def seed(stdout, style, **options):
    """A few comments on the first events and articles."""
    rng = random.Random(SEED)  # noqa: S311 (demo texts, not secrets)
    labels = {label.lower() for label in conf.get("PAGE_MODELS")}
    pages = []
    if "events.eventpage" in labels and apps.is_installed("events"):
        pages += _first_pages("events.EventPage", EVENTS_WITH_COMMENTS)
    if "home.articlepage" in labels:
        pages += _first_pages("home.ArticlePage", ARTICLES_WITH_COMMENTS)
    created = 0
    for index, page in enumerate(pages):
        if Comment.objects.filter(page_id=page.pk).exists():
            continue
        created += add_comments(page, rng.randint(3, 5), rng=rng, awaiting=index == 0)
    return {"comments": created}
