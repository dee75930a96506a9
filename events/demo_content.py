"""Demo content of the programme: halls, genres, the programme page, events
with performances over the next six months and a few past events for the
archive.

Everything but the dates comes from ``random.Random(2026)``: the same run
gives the same titles, halls, prices and statuses, and the dates follow the
day it runs. The whole plan is drawn before anything is looked up, so events
that exist already do not change what the others get."""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.models import Locale

from home import demo_english as home_english
from home.demo import (
    Progress,
    add_page,
    get_home_page,
    paragraph,
    register,
    slug_for,
)
from home.demo_posters import CREDIT as POSTER_CREDIT
from home.demo_posters import genre_posters
from home.services import translate

from . import demo_english
from .demo_data import GENRES, HALLS, PAST, PRICE_SHARES, QUOTES, RULES, UPCOMING
from .models import (
    LISTING_IMAGE,
    LISTING_SPECS,
    EventIndexPage,
    EventPage,
    Genre,
    Hall,
    Performance,
)

OSLO = ZoneInfo("Europe/Oslo")
SEED = 2026
SEASON_DAYS = 180
PAST_EVENT_DAYS_AGO = [68, 51, 37, 23, 12]


@register
def seed(stdout, style, events=40, **options):
    """Halls, genres, the programme and ``events`` upcoming events."""
    created = {}
    halls, created["halls"] = seed_halls()
    genres, created["genres"] = seed_genres()
    # A poster design per genre, so a concert looks like one.
    images, created["images"] = genre_posters()
    # The cards' renditions (AVIF is slow to encode) are made now rather
    # than by the first visitor to the programme.
    for posters in images.values():
        for image in posters:
            image.get_renditions(*LISTING_SPECS, LISTING_IMAGE)
    home = get_home_page()
    index, created["pages"] = seed_index(home)

    plans = plan_events(events, timezone.now(), halls, genres, images)
    created["events"] = created["performances"] = 0
    progress = Progress(stdout, "Events", len(plans))
    for plan in plans:
        page, page_created = add_page(index, plan)
        if page_created:
            created["events"] += 1
            created["performances"] += page.performances.count()
        progress.step()

    created["updates"] = link_hero(index)
    created["translations"] = seed_english(index, halls, genres)
    stdout.write(style.SUCCESS("Events: halls, genres and programme in place."))
    return created


def seed_english(index, halls, genres):
    """English translations of the halls, the genres, the programme and the
    first ten events, once the English home page exists (home's seeder makes
    it). Returns how many translations were made."""
    english = Locale.objects.filter(language_code="en").first()
    if english is None or not index.get_parent().has_translation(english):
        return 0
    made = 0
    for hall in halls.values():
        if not hall.has_translation(english):
            translate(hall, "en", demo_english.HALLS)
            made += 1
    for genre in genres.values():
        if not genre.has_translation(english):
            translate(genre, "en", demo_english.GENRES)
            made += 1
    if not index.has_translation(english):
        translate(index, "en", demo_english.PROGRAMME)
        made += 1
    # The English home page was made before its hero pointed at the
    # programme (link_hero): bring it up to date, now that the English
    # programme it should point at exists.
    home = index.get_parent().specific
    english_home = home.get_translation(english).specific
    if home.hero_link_id and english_home.hero_link_id is None:
        translate(home, "en", home_english.HOME)
        made += 1
    for event in EventPage.objects.child_of(index).live().order_by("path"):
        strings = demo_english.event_strings(event)
        if strings and not event.has_translation(english):
            translate(event, "en", strings)
            made += 1
    return made


def seed_halls():
    halls, created = {}, 0
    for name, facts in HALLS.items():
        hall, hall_created = Hall.objects.filter(
            locale=Locale.get_default()
        ).get_or_create(name=name, defaults=facts)
        halls[name] = hall
        created += hall_created
    return halls, created


def seed_genres():
    genres, created = {}, 0
    for name, slug in GENRES:
        genre, genre_created = Genre.objects.filter(
            locale=Locale.get_default()
        ).get_or_create(slug=slug, defaults={"name": name})
        genres[slug] = genre
        created += genre_created
    return genres, created


def seed_index(home):
    """The programme page, first in the main menu. Returns ``(page, 1)`` when
    it was created, ``(page, 0)`` when it existed."""
    index, created = add_page(
        home,
        EventIndexPage(
            title="Program",
            slug="arrangementer",
            show_in_menus=True,
            introduction=(
                "Konserter, teater, dans, foredrag og forestillinger for hele "
                "familien. Velg sjanger eller måned, eller abonner på kalenderen."
            ),
        ),
    )
    if created:
        index.move(home, pos="first-child")
        index = EventIndexPage.objects.get(pk=index.pk)
    return index, int(created)


def link_hero(index):
    """Point the home page's hero button at the programme, unless an editor
    has chosen a link already. Returns 1 when changed."""
    home = get_home_page()
    if home.hero_link_id is not None:
        return 0
    home.hero_link = index
    home.hero_link_text = home.hero_link_text or "Se hele programmet"
    home.save_revision().publish()
    return 1


def plan_events(count, now, halls, genres, images):
    """``count`` upcoming events and the past ones, as unsaved pages with
    their performances."""
    rng = random.Random(SEED)  # noqa: S311 (demo content, not secrets)
    today = timezone.localdate(now, OSLO)
    taken = set()

    slots = [1 + k * (SEASON_DAYS - 10) // max(count, 1) for k in range(count)]
    rng.shuffle(slots)
    # Exactly one cancelled and one postponed performance, both upcoming.
    overrides = {
        1: (0, Performance.Status.CANCELLED, "Avlyst. Kjøpte billetter refunderes."),
        2: (-1, Performance.Status.POSTPONED, "Utsatt. Ny dato kommer."),
    }
    upcoming = []
    for number in range(count):
        spec = UPCOMING[number % len(UPCOMING)]
        repeat = number // len(UPCOMING)
        if repeat:
            spec = spec._replace(title=f"{spec.title} (runde {repeat + 1})")
        first_day = today + datetime.timedelta(days=slots[number] + rng.randint(0, 2))
        page, performances = plan_event(
            rng, spec, first_day, taken, halls, genres, images, past=False
        )
        if number in overrides:
            position, status, note = overrides[number]
            performances[position].status = status
            performances[position].note = note
        page.performances = performances
        upcoming.append(page)

    past = []
    for spec, days_ago in zip(PAST, PAST_EVENT_DAYS_AGO, strict=True):
        first_day = today - datetime.timedelta(days=days_ago)
        page, performances = plan_event(
            rng, spec, first_day, taken, halls, genres, images, past=True
        )
        page.performances = performances
        past.append(page)
    return upcoming + past


# Minutes before the start each hall opens, and how its audience sits.
DOORS_OPEN = {"Store sal": 30, "Lille sal": 20, "Black box": 15}
SEATING = {
    "Store sal": "numbered",
    "Lille sal": "unnumbered",
    "Black box": "unnumbered",
}


def seating_for(hall, genre):
    """Concerts in the black box are standing; elsewhere the hall's seats."""
    return "standing" if hall == "Black box" and genre == "konsert" else SEATING[hall]


def intervals_for(text, duration):
    """The intervals the event's text speaks of; when it is silent, none for
    a short evening, one for a long one, and not said in between."""
    if "uten pause" in text:
        return 0
    if "én pause" in text or "en pause" in text:
        return 1
    if duration <= 90:
        return 0
    return 1 if duration >= 120 else None


def plan_event(rng, spec, first_day, taken, halls, genres, images, *, past):
    """One event as an unsaved page and its performances, drawn from the
    genre's rules. ``taken`` holds the (day, hall) pairs already in use."""
    rules = RULES[spec.genre]
    hall = spec.hall or rng.choice(rules.halls)
    time = spec.time or rng.choice(rules.times)
    runs = rng.choice(rules.runs)
    price = 0 if spec.free else rng.choice(rules.prices)
    age_limit = rng.choice(rules.ages)
    duration = rng.choice(rules.durations)

    if spec.genre == "familie" and not spec.time and runs > 1:
        # Family shows run twice a day, at noon and in the afternoon.
        times = [(d // 2, ("12:00", "15:00")[d % 2]) for d in range(runs)]
    else:
        times = [(d, time) for d in range(runs)]

    # Move on a day while the hall is busy, so two events never share it.
    days = times[-1][0] + 1
    while any((first_day + datetime.timedelta(d), hall) in taken for d in range(days)):
        first_day += datetime.timedelta(days=1)
    taken.update((first_day + datetime.timedelta(d), hall) for d in range(days))

    performances = []
    for position, (day, clock) in enumerate(times):
        hour, minute = map(int, clock.split(":"))
        start = datetime.datetime.combine(
            first_day + datetime.timedelta(days=day),
            datetime.time(hour, minute),
            tzinfo=OSLO,
        )
        draw = rng.random()
        if draw < 0.12:
            status = Performance.Status.SOLD_OUT
        elif draw < 0.27 and not past:
            status = Performance.Status.FEW_LEFT
        else:
            status = Performance.Status.ON_SALE
        note = ""
        if position == 0 and runs > 1 and spec.genre == "teater":
            note = "Premiere"
        elif rng.random() < 0.08:
            note = "Tegnspråktolket"
        performances.append(
            Performance(
                sort_order=position,
                start=start,
                hall=halls[hall],
                status=status,
                note=note,
            )
        )

    text = rng.choice(rules.paragraphs)
    body = [("paragraph", paragraph(text))]
    if rng.random() < 0.25:
        quote, source = rng.choice(QUOTES)
        body.append(("quote", {"text": quote, "attribution": source}))

    image = rng.choice(images[spec.genre])
    page = EventPage(
        title=spec.title,
        slug=slug_for(spec.title),
        lead=spec.lead,
        image=image,
        # Described on the page, so an English page gets an English alt text.
        image_alt=image.description if image else "",
        image_credit=POSTER_CREDIT,
        body=body,
        genre=genres[spec.genre],
        age_limit=age_limit,
        duration_minutes=spec.duration or duration,
        intervals=intervals_for(text, spec.duration or duration),
        doors_open_minutes=DOORS_OPEN[hall],
        seating=seating_for(hall, spec.genre),
        organiser=spec.organiser,
        price_from=Decimal(price),
        price_info=price_info(price, spec.free),
        free_entry=spec.free,
        for_children=spec.genre == "familie",
        # As at most public houses: a free ticket for a ledsagerbevis holder's
        # companion, with every paid ticket.
        companion_tickets=price > 0,
    )
    return page, performances


def price_info(price, free=""):
    """The event's price text, which says what the ticket sale's price
    categories will (tickets/demo_content.py makes them)."""
    if free == EventPage.FREE_TICKET_HERE:
        return "Gratis, men hent billett her på nettsiden."
    if price == 0:
        return "Gratis, ingen billett nødvendig."
    return ", ".join(
        f"{name if number == 0 else name.lower()} {amount}"
        for number, (name, amount) in enumerate(ticket_prices(price))
    )


def ticket_prices(ordinary):
    """(name, price) of the demo's price categories for an ordinary price,
    in whole tens of kroner and at least the smallest card payment."""
    prices = []
    for name, share in PRICE_SHARES:
        tens = (Decimal(ordinary) * share / 10).quantize(Decimal("1"), ROUND_HALF_UP)
        prices.append((name, max(Decimal("10"), tens * 10)))
    return prices
