"""Demo content of the programme: halls, genres, the programme page, events
with performances over the next six months and a few past events for the
archive.

Everything but the dates comes from ``random.Random(2026)``: the same run
gives the same titles, halls, prices and statuses, and the dates follow the
day it runs. The whole plan is drawn before anything is looked up, so events
that exist already do not change what the others get."""

import datetime
import random
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.models import Locale

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

# name, capacity, description, accessibility
HALLS = [
    (
        "Store sal",
        450,
        "Hovedscenen, med amfi, balkong og orkestergrav.",
        "Trinnfri adkomst fra foajeen, seks rullestolplasser på første rad og "
        "teleslynge i hele salen.",
    ),
    (
        "Lille sal",
        120,
        "En intim sal med flatt gulv og løse stoler, for foredrag, "
        "kammermusikk og barneforestillinger.",
        "Trinnfri adkomst og teleslynge. Plass til fire rullestoler.",
    ),
    (
        "Black box",
        80,
        "Et svart rom der scene og publikum kan plasseres fritt.",
        "Trinnfri adkomst. Ingen teleslynge; lånbare hodetelefoner i garderoben.",
    ),
]

GENRES = [
    ("Konsert", "konsert"),
    ("Teater", "teater"),
    ("Dans", "dans"),
    ("Familie", "familie"),
    ("Foredrag", "foredrag"),
    ("Humor", "humor"),
]


class Rules(NamedTuple):
    """How events of a genre usually run; one of each choice is drawn."""

    halls: tuple
    times: tuple
    runs: tuple
    durations: tuple
    prices: tuple
    ages: tuple
    paragraphs: tuple


RULES = {
    "konsert": Rules(
        halls=("Store sal", "Store sal", "Lille sal"),
        times=("19:00", "19:30", "20:00"),
        runs=(1, 1, 1, 2),
        durations=(75, 90, 105, 120),
        prices=(250, 300, 350, 400),
        ages=(None,),
        paragraphs=(
            "Konserten har en pause på tjue minutter. Baren i foajeen åpner en "
            "time før, og du kan bestille drikke til pausen.",
            "Salen har nummererte plasser. Kommer du for sent, slipper vi deg "
            "inn mellom to låter.",
            "Det blir signering og salg av plater i foajeen etter konserten.",
        ),
    ),
    "teater": Rules(
        halls=("Store sal", "Lille sal", "Black box"),
        times=("19:00",),
        runs=(1, 2, 3, 4),
        durations=(80, 100, 120, 150),
        prices=(300, 350, 400),
        ages=(None, None, 12, 15),
        paragraphs=(
            "Forestillingen spilles uten pause. Vi slipper ikke inn publikum "
            "etter at den har begynt.",
            "Etter forestillingen på fredag blir det publikumssamtale med "
            "regissøren og skuespillerne.",
            "Forestillingen har én pause, og kafeen i foajeen holder åpent.",
        ),
    ),
    "dans": Rules(
        halls=("Store sal", "Black box"),
        times=("18:00", "19:00"),
        runs=(1, 1, 2, 3),
        durations=(55, 65, 75),
        prices=(250, 300, 350),
        ages=(None,),
        paragraphs=(
            "Forestillingen bruker røyk og sterkt blinkende lys.",
            "Koreografen forteller om arbeidet i foajeen en halvtime før "
            "forestillingen. Gratis for alle med billett.",
            "Forestillingen passer for alle som liker musikk og bevegelse, også "
            "deg som aldri har sett dans på en scene før.",
        ),
    ),
    "familie": Rules(
        halls=("Lille sal", "Store sal"),
        times=("12:00", "15:00"),
        runs=(1, 2, 2, 4),
        durations=(40, 45, 50, 60),
        prices=(120, 150, 180),
        ages=(None,),
        paragraphs=(
            "Barnevogner parkerer du i garderoben. Det er stellerom ved "
            "toalettene i første etasje.",
            "Alle må ha billett, også de voksne. Barn under ett år som sitter "
            "på fanget går gratis.",
            "Forestillingen er uten pause og passer godt for barn som ikke "
            "sitter stille så lenge.",
        ),
    ),
    "foredrag": Rules(
        halls=("Lille sal",),
        times=("18:00", "19:00"),
        runs=(1,),
        durations=(60, 75, 90),
        prices=(0, 100, 150),
        ages=(None,),
        paragraphs=(
            "Etter foredraget er det tid til spørsmål fra salen.",
            "Kafeen holder åpent før foredraget, med suppe og kaffe.",
            "Foredraget blir tegnspråktolket.",
        ),
    ),
    "humor": Rules(
        halls=("Store sal", "Lille sal"),
        times=("20:00",),
        runs=(1, 1, 2),
        durations=(75, 90, 100),
        prices=(350, 390, 450),
        ages=(16, 18),
        paragraphs=(
            "Showet inneholder banning og humor for voksne.",
            "Baren holder åpent før og etter showet.",
            "De første radene bør være forberedt på å bli snakket til.",
        ),
    ),
}

QUOTES = [
    ("En kveld vi kommer til å snakke om lenge.", "Elvebyen Avis"),
    ("Presist, varmt og uventet morsomt.", "Kulturbloggen Scenekanten"),
    ("Publikum reiste seg før siste tone hadde klinget ut.", "Elvebyen Avis"),
    ("Det beste jeg har sett på den scenen på årevis.", "Radio Elvebyen"),
]


class Spec(NamedTuple):
    title: str
    genre: str
    lead: str
    hall: str | None = None
    time: str | None = None
    organiser: str = ""
    free: bool = False
    duration: int | None = None


UPCOMING = [
    Spec(
        "Storbandkveld med Elvebyen storband",
        "konsert",
        "Storbandet tar med seg swingklassikere og nyskrevne arrangementer, med "
        "to gjestesolister fra Oslo.",
    ),
    Spec(
        "Reven som ville bli stjerne",
        "familie",
        "En musikalsk fortelling om en liten rev med store drømmer. For barn fra "
        "tre år.",
    ),
    Spec(
        "Et dukkehjem",
        "teater",
        "Ibsens klassiker i ny regi, med et ungt ensemble som gjør Nora til en av oss.",
        organiser="Regionteateret",
    ),
    Spec(
        "Bevegelser i mørket",
        "dans",
        "Samtidsdans der lys og skygge er like viktige som kroppene på scenen.",
        hall="Black box",
    ),
    Spec(
        "Elvebyen gjennom 200 år",
        "foredrag",
        "Historiker Kari Nygård forteller om byen fra sagbruk og tømmerfløting "
        "til kulturhus og kaffebarer.",
        organiser="Elvebyen historielag",
    ),
    Spec(
        "Standup: Ukens latter",
        "humor",
        "Fire komikere, én konferansier og en kveld nesten helt uten pinlige pauser.",
    ),
    Spec(
        "Kammermusikk: Schubert og Grieg",
        "konsert",
        "En strykekvartett spiller Schuberts «Døden og piken» og Griegs eneste "
        "fullførte strykekvartett.",
        hall="Lille sal",
    ),
    Spec(
        "Trollmannens hatt",
        "familie",
        "Magi, ballonger og mye latter i en forestilling der barna hjelper til på "
        "scenen.",
    ),
    Spec(
        "Peer Gynt – fortalt på nytt",
        "teater",
        "Tre skuespillere og en musiker tar deg med på Peers reise, kortere, "
        "raskere og morsommere enn du husker den.",
    ),
    Spec(
        "Ingrid Solheim – Lysår",
        "konsert",
        "Visesangeren slipper sitt tredje album og spiller låtene live for "
        "første gang, med fullt band.",
    ),
    Spec(
        "Hvorfor sover vi?",
        "foredrag",
        "Søvnforsker Erik Holm om hva som skjer i hjernen om natta, og hvorfor "
        "mobilen ikke hører hjemme på nattbordet.",
    ),
    Spec(
        "Svanesjøen i kortversjon",
        "dans",
        "Elevene fra danseskolen og to gjestende solister danser utdrag fra den "
        "klassiske balletten.",
        hall="Store sal",
        organiser="Kulturskolen i Elvebyen",
    ),
    Spec(
        "Jonas Berg – Midt i livet",
        "humor",
        "Komikeren har fylt førti og har mye å si om det. Et helt nytt show.",
    ),
    Spec(
        "Nordlyd: ny folkemusikk",
        "konsert",
        "Hardingfele, synth og tre stemmer: trioen Nordlyd gir gamle slåtter en "
        "ny drakt.",
    ),
    Spec(
        "Vi som ble igjen",
        "teater",
        "Et nyskrevet stykke om en bygd der alle de unge har flyttet, og om dem "
        "som bestemte seg for å bli.",
        hall="Black box",
    ),
    Spec(
        "Bokormen Berit",
        "familie",
        "Dukketeater om en bokorm som spiser seg gjennom eventyrene, og så må "
        "reparere dem igjen.",
        hall="Lille sal",
    ),
    Spec(
        "Elvebyen symfoniorkester: Sibelius 2",
        "konsert",
        "Orkesteret som fyller Store sal hver sesong, denne gangen med Sibelius' "
        "andre symfoni og Bruchs fiolinkonsert.",
        hall="Store sal",
        organiser="Elvebyen symfoniorkester",
    ),
    Spec(
        "Hiphop-battle: Elvebyen Open",
        "dans",
        "Dansere fra hele landet møtes til battle i breaking og hiphop, med DJ og "
        "dommerpanel.",
        hall="Store sal",
        time="18:00",
        organiser="Breakers Elvebyen",
    ),
    Spec(
        "Reiseforedrag: Til fots gjennom Patagonia",
        "foredrag",
        "Bilder og historier fra tre måneder med telt, sekk og mye vind.",
    ),
    Spec(
        "Revy: Elvebyen på kornet",
        "humor",
        "Lokalrevyen tar for seg årets saker i byen, med sang, sketsjer og "
        "kommunestyret i fokus.",
        organiser="Elvebyen revylag",
    ),
    Spec(
        "Jazzkjelleren: Trio Sørvest",
        "konsert",
        "Pianotrioen spiller egne låter med nordisk tone og god plass til "
        "improvisasjon. Kafébord og servering.",
        hall="Black box",
        time="20:00",
        organiser="Elvebyen jazzklubb",
    ),
    Spec(
        "Familiekonsert: Instrumentjakten",
        "familie",
        "Orkesteret leter etter et forsvunnet instrument, og publikum må hjelpe "
        "til. Varer under en time.",
        hall="Store sal",
    ),
    Spec(
        "Gjengangere",
        "teater",
        "Ibsens mørkeste familiedrama i en tett og nær oppsetning.",
        hall="Black box",
    ),
    Spec(
        "Forfattermøte: Sigrid Aas",
        "foredrag",
        "Forfatteren leser fra og samtaler om sin nye roman om tre generasjoner "
        "langs elva.",
        organiser="Elvebyen bibliotek",
    ),
    Spec(
        "Tango nuevo",
        "dans",
        "Et argentinsk-norsk kompani i en forestilling om lengsel, med bandoneon "
        "på scenen.",
    ),
    Spec(
        "Korfestival: Elvebyen synger",
        "konsert",
        "Seks kor fra regionen deler scenen i en kveld med alt fra gospel til "
        "norsk romantikk.",
        hall="Store sal",
        organiser="Elvebyen korforum",
    ),
    Spec(
        "Sirkus Elvebyen",
        "familie",
        "Sjonglering, akrobatikk og en klovn som ikke får til noe som helst.",
    ),
    Spec(
        "Humorkveld med Lise og Lotte",
        "humor",
        "Søsterduoen byr på sanger, sketsjer og absurde historier fra oppveksten.",
    ),
    Spec(
        "Kvinnen som ville fly",
        "teater",
        "En monolog om en flypioner som aldri fikk lov, bygget på brev og dagbøker.",
        hall="Lille sal",
    ),
    Spec(
        "Lunsjkonsert: Kontrabass og kaffe",
        "konsert",
        "En halvtime med musikk midt på dagen. Kaffe i foajeen.",
        hall="Lille sal",
        time="12:00",
        free=True,
        duration=30,
    ),
    Spec(
        "Verdensrommet for nysgjerrige",
        "foredrag",
        "Astrofysiker Nora Berg om svarte hull, fjerne planeter og hvorfor "
        "himmelen er mørk om natta.",
    ),
    Spec(
        "Folkedans for alle",
        "dans",
        "Kom og se, eller bli med! Springar, halling og reinlender med levende musikk.",
        hall="Lille sal",
        organiser="Elvebyen spelemannslag",
    ),
    Spec(
        "Eventyrstund med Askeladden",
        "familie",
        "Forteller Per Lunde gjør de gamle eventyrene levende for store og små.",
        hall="Lille sal",
    ),
    Spec(
        "Bluesnatt med Kjell Arne Moe Band",
        "konsert",
        "Gitarblues fra Mississippi til Elvebyen, med et band som har spilt "
        "sammen i tretti år.",
    ),
    Spec(
        "Improteater: Helt uten manus",
        "teater",
        "Publikum kommer med forslagene, skuespillerne lager forestillingen. "
        "Ingen kvelder blir like.",
        hall="Black box",
        time="20:00",
    ),
    Spec(
        "Matkultur langs elva",
        "foredrag",
        "Om fisk, flatbrød og festmat gjennom hundre år, med smaksprøver i "
        "foajeen etterpå.",
        organiser="Elvebyen historielag",
    ),
    Spec(
        "Babykonsert",
        "familie",
        "En rolig konsert for de aller minste og de voksne deres. Vi sitter på "
        "puter på gulvet.",
        hall="Lille sal",
        time="11:00",
    ),
    Spec(
        "Rockeklassikere fra 70-tallet",
        "konsert",
        "Et husband med fire vokalister tar deg gjennom tiårets største rockelåter.",
        hall="Store sal",
    ),
    Spec(
        "Improkamp",
        "humor",
        "To lag med improvisatører kjemper om latteren, og publikum er dommere.",
        hall="Lille sal",
    ),
    Spec(
        "Dinosaurene kommer!",
        "familie",
        "En forestilling med store dukker og mye brøl. For barn fra fire år.",
        hall="Store sal",
    ),
    Spec(
        "Hamlet",
        "teater",
        "Shakespeares tragedie spilt av fem skuespillere på en nesten tom scene.",
        hall="Black box",
    ),
    Spec(
        "Unge talenter: kulturskolens konsert",
        "konsert",
        "Elever fra kulturskolen viser hva de har jobbet med dette semesteret.",
        hall="Lille sal",
        time="18:00",
        organiser="Kulturskolen i Elvebyen",
    ),
    Spec(
        "Dansens dag: åpen scene",
        "dans",
        "Byens dansegrupper viser korte verk, fra ballett til street.",
        hall="Store sal",
        free=True,
    ),
    Spec(
        "Elvebyen teaterlag: Spleiselaget",
        "teater",
        "Byens eget amatørteater spiller en folkekomedie om et bryllup der "
        "ingenting går etter planen.",
        organiser="Elvebyen teaterlag",
    ),
    Spec(
        "Hanne Vik og The Ramblers",
        "konsert",
        "Country med pedal steel, tostemt sang og historier fra veien.",
    ),
]

PAST = [
    Spec(
        "Åpningskonsert for sesongen",
        "konsert",
        "Hele huset i sving: symfoniorkesteret, kammerkoret og gjester åpnet sesongen.",
        hall="Store sal",
    ),
    Spec(
        "Standup: Sesongstart",
        "humor",
        "Fire komikere testet nytt materiale foran et fullsatt hus.",
        hall="Store sal",
    ),
    Spec(
        "Hedda Gabler",
        "teater",
        "Ibsens drama om en kvinne som ikke finner seg til rette, i en stram og "
        "moderne oppsetning.",
        hall="Lille sal",
    ),
    Spec(
        "Tre små griser",
        "familie",
        "Dukketeater om tre griser, tre hus og en ulv som puster litt for mye.",
        hall="Lille sal",
    ),
    Spec(
        "Elva som forsvant",
        "foredrag",
        "Om da elva ble lagt i rør gjennom sentrum, og om planene for å åpne "
        "den igjen.",
        organiser="Elvebyen historielag",
    ),
]


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
    for event in EventPage.objects.child_of(index).live().order_by("path"):
        strings = demo_english.event_strings(event)
        if strings and not event.has_translation(english):
            translate(event, "en", strings)
            made += 1
    return made


def seed_halls():
    halls, created = {}, 0
    for name, capacity, description, accessibility in HALLS:
        hall, hall_created = Hall.objects.filter(
            locale=Locale.get_default()
        ).get_or_create(
            name=name,
            defaults={
                "capacity": capacity,
                "description": description,
                "accessibility": accessibility,
            },
        )
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

    body = [("paragraph", paragraph(rng.choice(rules.paragraphs)))]
    if rng.random() < 0.25:
        quote, source = rng.choice(QUOTES)
        body.append(("quote", {"text": quote, "attribution": source}))

    page = EventPage(
        title=spec.title,
        slug=slug_for(spec.title),
        lead=spec.lead,
        image=rng.choice(images[spec.genre]),
        image_credit=POSTER_CREDIT,
        body=body,
        genre=genres[spec.genre],
        age_limit=age_limit,
        duration_minutes=spec.duration or duration,
        organiser=spec.organiser,
        price_from=Decimal(price),
        price_info=price_info(spec.genre, price),
    )
    return page, performances


def price_info(genre, price):
    if price == 0:
        return "Gratis, men hent billett på nett eller i billettkontoret."
    if genre == "familie":
        return f"Barn {price}, voksne {price + 80}"
    return f"Ordinær {price + 100}, student og honnør {price}"
