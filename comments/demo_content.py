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

from .conf import conf
from .models import Comment, CommentSettings

SEED = 2026
EVENTS_WITH_COMMENTS = 3
ARTICLES_WITH_COMMENTS = 1

# Comments fit their date: before an event's first performance visitors look
# forward to it and ask; after it they tell how it was. No text comes twice
# on one page. (name, email, text, the reply it gets or None)
BEFORE = [
    (
        "Per Kristian Dahl",
        "pkdahl@example.net",
        "Gleder meg! Er det mulig å kjøpe billett i døra, eller bør man bestille "
        "på forhånd?",
        (
            "Kari fra billettkontoret",
            "billett@kulturhus.example",
            "Hei! Det selges billetter i døra så langt det er plass, men vi "
            "anbefaler å bestille på forhånd.",
        ),
    ),
    (
        "Sigrid Aas",
        "sigrid.aas@example.org",
        "Har kjøpt billetter til hele familien. Passer dette for en sjuåring?",
        (
            "Kari fra billettkontoret",
            "billett@kulturhus.example",
            "Hei Sigrid! Forestillingen passer fra seks år, så dere er i gode hender.",
        ),
    ),
    (
        "Aisha Rahimi",
        "aisha.r@example.org",
        "Så traileren, og nå teller jeg dager. Dette blir høstens høydepunkt.",
        None,
    ),
    (
        "Tormod Vik",
        "tormod.vik@example.com",
        "Blir det mulig å parkere i nærheten, eller er bussen et bedre valg?",
        None,
    ),
    (
        "Marte Lunde",
        "marte.lunde@example.org",
        "Endelig er de tilbake i byen. Sist var det utsolgt på to dager!",
        None,
    ),
]
AFTER = [
    (
        "Ingrid Solberg",
        "ingrid.solberg@example.org",
        "For en opplevelse! Akustikken i Store sal gjør seg virkelig for strykerne.",
        (
            "Marte Lunde",
            "marte.lunde@example.org",
            "Enig! Sees på neste konsert.",
        ),
    ),
    (
        "Aisha Rahimi",
        "aisha.r@example.org",
        "Tok med meg to tenåringer som var skeptiske på forhånd. Nå snakker de "
        "ikke om annet.",
        None,
    ),
    (
        "Tormod Vik",
        "tormod.vik@example.com",
        "Fin forestilling, men litt trangt mellom radene på balkongen. Kanskje "
        "noe å se på?",
        (
            "Kari fra billettkontoret",
            "billett@kulturhus.example",
            "Takk for tipset, Tormod. Vi ser på setene på balkongen i vinter.",
        ),
    ),
    (
        "Marte Lunde",
        "marte.lunde@example.org",
        "Takk for en nydelig kveld. Programmet er lagt ut her for dem som lurte: "
        "https://www.example.org/program",
        None,
    ),
    (
        "Per Kristian Dahl",
        "pkdahl@example.net",
        "Stående applaus i ti minutter. Det sier vel sitt.",
        None,
    ),
]
# On a news article (the first is about Store sal's new light and sound).
ARTICLE = [
    (
        "Ingrid Solberg",
        "ingrid.solberg@example.org",
        "Endelig! Vi satt på balkongen i fjor og fikk ikke med oss halvparten av "
        "replikkene. Gleder meg til å høre forskjellen.",
        None,
    ),
    (
        "Jon Eriksen",
        "jon.eriksen@example.net",
        "Er det fortsatt teleslynge i hele salen etter ombyggingen?",
        (
            "Kari fra billettkontoret",
            "billett@kulturhus.example",
            "Hei Jon! Ja, teleslyngen er ny og dekker hele salen, også balkongen.",
        ),
    ),
    (
        "Marte Lunde",
        "marte.lunde@example.org",
        "Bra at lyset er byttet til LED. Det merkes nok på strømregningen.",
        None,
    ),
    (
        "Tormod Vik",
        "tormod.vik@example.com",
        "Blir de nye setene bak like brede som de gamle? Det var trangt før.",
        None,
    ),
]
AWAITING = {
    "before": (
        "Jon Eriksen",
        "jon.eriksen@example.net",
        "Blir det tolket til tegnspråk på noen av forestillingene?",
    ),
    "after": (
        "Jon Eriksen",
        "jon.eriksen@example.net",
        "Var det noen som fikk med seg navnet på ekstranummeret?",
    ),
}


def _new_comment(page, when, voice, *, parent=None, status=Comment.Status.PUBLISHED):
    name, email, text = voice[:3]
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


def _window(page, count, now):
    """When the comments on ``page`` are written, and whether before or
    after its first performance: after it when that has been, else in the
    days before it (or before now). On a page without performances (an
    article): between its publishing and now."""
    performances = getattr(page, "performances", None)
    if performances is None:
        published = page.first_published_at or now - datetime.timedelta(days=2)
        return "article", min(now, published + datetime.timedelta(hours=1)), now
    starts = (
        sorted(performances.values_list("start", flat=True)) if performances else []
    )
    if starts and starts[0] < now - datetime.timedelta(hours=3):
        first = starts[0] + datetime.timedelta(hours=3)
        return "after", first, min(now, first + datetime.timedelta(days=count + 2))
    end = min([now, *starts[:1]])
    return "before", end - datetime.timedelta(days=count + 2), end


def add_comments(page, count, *, rng=None, awaiting=False):
    """Add ``count`` published comments to ``page`` (questions get a reply),
    oldest first, fitting the page's first performance (before it or after
    it), no text twice, and one awaiting moderation when asked. Returns how
    many were added."""
    rng = rng or random.Random(SEED)  # noqa: S311 (demo texts, not secrets)
    now = timezone.now()
    moment, begin, end = _window(page, count, now)
    pool = {"before": BEFORE, "after": AFTER, "article": ARTICLE}[moment]
    # No text twice while the pool lasts (the benchmarks ask for more).
    order = rng.sample(pool, len(pool))
    voices = (order * (count // len(order) + 1))[:count]
    step = (end - begin) / (len(voices) + 1)
    added = 0
    for number, voice in enumerate(voices):
        when = begin + step * (number + rng.random() / 2)
        comment = _new_comment(page, when, voice)
        added += 1
        reply = voice[3]
        if reply is not None and added < count:
            _new_comment(page, when + step / 4, reply, parent=comment)
            added += 1
        if added >= count:
            break
    if awaiting:
        awaited = AWAITING["after" if moment == "after" else "before"]
        _new_comment(page, end, awaited, status=Comment.Status.PENDING)
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
    labels = {label.lower() for label in conf.PAGE_MODELS}
    pages = []
    if "events.eventpage" in labels and apps.is_installed("events"):
        pages += _first_pages("events.EventPage", EVENTS_WITH_COMMENTS)
    if "home.articlepage" in labels:
        pages += _first_pages("home.ArticlePage", ARTICLES_WITH_COMMENTS)
    created = 0
    for index, page in enumerate(pages):
        if Comment.objects.filter(page_id=page.pk).exists():
            continue
        if index == 0:
            # The demo's comment awaiting moderation would mail the admin
            # at the first run of the scheduler: the demo site sends no
            # daily digest (an editor can turn it on in the settings).
            comment_settings = CommentSettings.load()
            comment_settings.daily_digest = False
            comment_settings.save()
        created += add_comments(page, rng.randint(3, 5), rng=rng, awaiting=index == 0)
    return {"comments": created}
