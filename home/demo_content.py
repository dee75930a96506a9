"""Demo content of the site app: who the venue is, the home page, the pages
about the house and contact, and ten news articles. (The privacy statement
is the privacy app's: privacy/demo_content.py.)"""

import copy
import datetime

from django.utils import timezone
from wagtail.models import Locale

from . import demo_english
from .demo import (
    Progress,
    add_page,
    get_home_page,
    paragraph,
    poster_images,
    register,
    slug_for,
)
from .demo_posters import CREDIT as POSTER_CREDIT
from .demo_posters import hero_image
from .models import (
    ARTICLE_CARD_SPECS,
    ArticleIndexPage,
    ArticlePage,
    ContactFormField,
    ContactPage,
    SiteTexts,
    StandardPage,
    VenueSettings,
)
from .services import translate

CONTACT_EMAIL = "post@kulturhus.example"

VENUE = {
    "name": "Elvebyen kulturhus",
    "street_address": "Elvegata 12",
    "postal_code": "3045",
    "city": "Elvebyen",
    "organisation_number": "921458363",
    "email": CONTACT_EMAIL,
    "phone": "+47 32 00 00 00",
}

SITE_TEXTS = {
    "opening_hours": (
        "Billettkontoret: man–fre 10–16, lør 11–14 og én time før forestillinger"
    ),
}


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def text(*paragraphs):
    return ("paragraph", paragraph(*paragraphs))


def figure(image, alt_text, caption):
    # ImageBlock keeps the alt text of this use on the image object itself.
    image = copy.copy(image)
    image.contextual_alt_text = alt_text
    image.decorative = False
    return ("figure", {"image": image, "caption": caption, "credit": ""})


@register
def seed(stdout, style, **options):
    """Settings, home page, standard pages, news and the contact page."""
    images, images_created = poster_images()
    # The article cards' renditions (AVIF is slow to encode) are made now
    # rather than by the first visitor.
    for image in images:
        image.get_renditions(*ARTICLE_CARD_SPECS)
    home = get_home_page()
    created = {"images": images_created, "pages": 0, "articles": 0, "updates": 0}

    news, news_created = add_page(home, article_index_page())
    created["pages"] += news_created
    for page in (about_page(images), contact_page()):
        _page, page_created = add_page(home, page)
        created["pages"] += page_created

    progress = Progress(stdout, "Articles", len(ARTICLES))
    for article in articles(images):
        _article, article_created = add_page(news, article)
        created["articles"] += article_created
        progress.step()

    created["updates"] += seed_settings(home)
    created["updates"] += seed_site_texts()
    created["updates"] += seed_home_page(home, images)
    created["translations"] = seed_english(home, news)
    stdout.write(style.SUCCESS("Site: settings, home page and pages in place."))
    return created


def seed_english(home, news):
    """English translations of the home page, the news section with three
    articles, the contact page and the site texts (the programme's are made
    by the events seeder). Returns how many were made."""
    english = Locale.objects.filter(language_code="en").first()
    if english is None:
        return 0
    made = 0
    plan = [
        (home, demo_english.HOME),
        (news, demo_english.NEWS),
        *(
            (article, {**demo_english.ARTICLES[article.title], **demo_english.POSTERS})
            for article in ArticlePage.objects.child_of(news).filter(
                title__in=demo_english.ARTICLES
            )
        ),
        *(
            (page, demo_english.ABOUT)
            for page in StandardPage.objects.child_of(home).filter(slug="om-huset")
        ),
        *(
            (page, demo_english.CONTACT)
            for page in ContactPage.objects.child_of(home).filter(slug="kontakt")
        ),
    ]
    for page, strings in plan:
        if not page.has_translation(english):
            translate(page, "en", strings)
            made += 1
    texts = SiteTexts.objects.filter(locale=Locale.get_default()).first()
    if texts is not None and not texts.has_translation(english):
        translate(texts, "en", demo_english.SITE_TEXTS)
        made += 1
    return made


def seed_site_texts():
    """Fill in the Norwegian site texts where they are still empty, leaving
    what an editor has written. Returns 1 when changed."""
    texts, created = SiteTexts.objects.get_or_create(locale=Locale.get_default())
    changed = created
    for name, value in SITE_TEXTS.items():
        if not getattr(texts, name):
            setattr(texts, name, value)
            changed = True
    if changed:
        texts.save()
    return int(changed)


def seed_settings(home):
    """Fill in the venue's details where they are still empty or the model's
    default, leaving what an editor has written. Returns 1 when changed."""
    settings = VenueSettings.load()
    changed = False
    for name, value in VENUE.items():
        field = VenueSettings._meta.get_field(name)
        current = getattr(settings, name)
        if current in ("", None, field.get_default()) and current != value:
            setattr(settings, name, value)
            changed = True
    links = {
        "contact_page": home.get_children().filter(slug="kontakt").first(),
    }
    for name, page in links.items():
        if getattr(settings, f"{name}_id") is None and page is not None:
            setattr(settings, name, page)
            changed = True
    if changed:
        settings.save()
    return int(changed)


def seed_home_page(home, images):
    """Give the home page its hero, once: a home page with a revision has been
    edited (or seeded) already. Returns 1 when changed."""
    if home.latest_revision_id is not None:
        return 0
    home.title = "Elvebyen kulturhus"
    home.draft_title = home.title
    home.hero_title = "Scenekunst, musikk og møteplass ved elva"
    home.hero_text = (
        "Konserter, teater, dans og foredrag i tre saler – og en kafé i "
        "foajeen som er åpen for alle, også når det ikke er forestilling."
    )
    home.hero_image, _created = hero_image()
    # Described on the page rather than only in the image library, so the
    # English page gets its own alt text through the translation.
    home.hero_image_alt = home.hero_image.description
    home.hero_image_credit = POSTER_CREDIT
    home.body = [
        text(
            "Elvebyen kulturhus er hele byens storstue. Her spiller profesjonelle "
            "kompanier, lokale kor og kulturskolens elever på de samme scenene.",
        )
    ]
    home.save_revision().publish()
    return 1


def about_page(images):
    return StandardPage(
        title="Om huset",
        slug="om-huset",
        show_in_menus=True,
        introduction=(
            "Elvebyen kulturhus åpnet i 1986 og har siden vært byens scene for "
            "musikk, teater, dans og samtaler. Huset eies av kommunen og drives "
            "av en liten stab med god hjelp fra frivillige."
        ),
        body=[
            heading("Tre saler under ett tak"),
            text(
                "<b>Store sal</b> har 450 plasser og orkestergrav, og brukes til "
                "konserter, teater og danseforestillinger.",
                "<b>Lille sal</b> tar 120 publikummere og passer for foredrag, "
                "kammermusikk og barneforestillinger.",
                "<b>Black box</b> er et fleksibelt rom for 80 personer, der scene "
                "og publikum kan plasseres slik forestillingen trenger.",
            ),
            figure(
                images[1],
                alt_text="Abstrakt plakat i blått og turkis.",
                caption="Sesongens plakat, laget for huset.",
            ),
            heading("Tilgjengelighet"),
            text(
                "Alle salene har trinnfri adkomst og plasser for rullestol. Store "
                "og Lille sal har teleslynge. Ledsagere med ledsagerbevis går "
                "gratis – ta kontakt med billettkontoret når du bestiller.",
            ),
            heading("Lei et lokale"),
            text(
                "Salene og møterommene leies ut til konserter, konferanser og "
                "private arrangementer. Skriv til oss på "
                f'<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>, så sender '
                "vi priser og ledige datoer.",
            ),
        ],
    )


def contact_page():
    page = ContactPage(
        title="Kontakt",
        slug="kontakt",
        show_in_menus=True,
        introduction=paragraph(
            "Spørsmål om billetter, utleie eller noe helt annet? Skriv til oss, "
            "så svarer vi innen to virkedager. Billettkontoret når du også på "
            "telefon +47 32 00 00 00.",
        ),
        thank_you_text=paragraph(
            "Takk for meldingen! Vi svarer så snart vi kan, som regel innen to "
            "virkedager.",
        ),
        to_address=CONTACT_EMAIL,
        from_address="nettsiden@kulturhus.example",
        subject="Ny melding fra kontaktskjemaet",
    )
    page.form_fields = [
        ContactFormField(
            sort_order=0,
            label="Navn",
            clean_name="name",
            field_type="singleline",
            required=True,
        ),
        ContactFormField(
            sort_order=1,
            label="E-postadresse",
            clean_name="email",
            field_type="email",
            required=True,
            help_text="Vi bruker den bare til å svare deg.",
        ),
        ContactFormField(
            sort_order=2,
            label="Melding",
            clean_name="message",
            field_type="multiline",
            required=True,
        ),
    ]
    return page


def article_index_page():
    return ArticleIndexPage(
        title="Aktuelt",
        slug="aktuelt",
        show_in_menus=True,
        introduction="Nytt fra huset: premierer, intervjuer og praktisk informasjon.",
    )


# (title, author, lead, heading, paragraphs)
ARTICLES = [
    (
        "Nytt lys og ny lyd i Store sal",
        "Marte Haugen",
        "Etter seks uker med ombygging er Store sal klar igjen, med nytt lysanlegg, "
        "bedre lyd på balkongen og nye seter på de bakerste radene.",
        "Hørbart bedre på balkongen",
        [
            "Publikum på balkongen har lenge klaget på at lyden blir grøtete. Nye "
            "høyttalere under balkongkanten og akustikkplater i taket skal rette "
            "på det.",
            "Lysanlegget er byttet til LED, som bruker en brøkdel av strømmen og "
            "gir teknikerne langt flere muligheter. Første forestilling i den "
            "oppussede salen er allerede utsolgt.",
        ],
    ),
    (
        "Billettsalget for resten av sesongen er i gang",
        "Jon Erik Dahl",
        "Nå kan du kjøpe billetter til alle forestillingene fram til sommeren. "
        "Flere av familieforestillingene pleier å bli utsolgt tidlig.",
        "Tips for å få de beste plassene",
        [
            "Billetter kjøper du her på nettsiden, i billettkontoret eller på "
            "telefon. Kjøper du på nett, får du billettene på e-post med en gang.",
            "Studenter, honnør og barn under 16 får rabatt på de fleste "
            "forestillingene. Ledsagere med ledsagerbevis går gratis.",
        ],
    ),
    (
        "Bli frivillig på kulturhuset",
        "Siri Lunde",
        "Vi søker flere frivillige som vil være vertskap i foajeen, hjelpe til "
        "i garderoben og ta imot publikum på de store kveldene.",
        "Hva får du igjen?",
        [
            "Frivillige får se forestillingene de jobber på, et kurs i "
            "førstehjelp og en sommerfest med resten av huset.",
            "Du bestemmer selv hvor ofte du vil stille opp. Send oss en melding "
            "gjennom kontaktskjemaet, så tar vi en prat.",
        ],
    ),
    (
        "Kulturskolen flytter inn i andre etasje",
        "Marte Haugen",
        "Fra neste semester får kulturskolen fire nye øvingsrom og et eget "
        "danserom i kulturhuset.",
        "Mer liv på dagtid",
        [
            "Flyttingen betyr at huset blir brukt hele dagen, ikke bare om "
            "kvelden. Elevene får kort vei til scenen, og vi får flere "
            "elevkonserter i Lille sal.",
            "Under byggearbeidet kan det bli noe støy i foajeen på dagtid. "
            "Forestillingene blir ikke berørt.",
        ],
    ),
    (
        "Ungdomsteateret tar opp nye medlemmer",
        "Ola Brekke",
        "Er du mellom 13 og 19 år og har lyst til å stå på en scene? "
        "Ungdomsteateret øver hver tirsdag og setter opp en forestilling i året.",
        "Ingen erfaring nødvendig",
        [
            "Vi jobber med improvisasjon, stemmebruk og samspill, og lager ofte "
            "forestillingene sammen fra bunnen av.",
            "Det koster ingenting å være med. Kom på en prøvekveld og se om "
            "det er noe for deg.",
        ],
    ),
    (
        "Slik kommer du deg hit",
        "Jon Erik Dahl",
        "Ny bussrute stopper rett utenfor inngangen, og vi har fått 40 nye "
        "sykkelparkeringer under tak.",
        "Buss, sykkel eller bil",
        [
            "Bussen går hvert kvarter fram til midnatt, så du rekker hjem også "
            "etter de sene konsertene.",
            "Parkeringshuset i Elvegata har 30 plasser reservert for publikum "
            "på forestillingskvelder, og to ladeplasser for el-bil.",
        ],
    ),
    (
        "Kafeen i foajeen får lengre åpningstid",
        "Siri Lunde",
        "Kafeen holder nå åpent fra klokka 10 alle hverdager, med lunsj, kaffe "
        "og gratis trådløst nett.",
        "Et sted å være",
        [
            "Vi vil at huset skal være åpent også når det ikke er forestilling. "
            "Ta med laptopen, møt en venn eller sett deg med en avis.",
            "Menyen lages av lokale råvarer, og det er alltid et vegetarisk "
            "alternativ.",
        ],
    ),
    (
        "Teleslynge og ledsagerbillett: et mer tilgjengelig hus",
        "Ola Brekke",
        "Teleslyngen i Lille sal er byttet, og nå kan du bestille ledsagerbillett "
        "direkte på nett.",
        "Si fra hva du trenger",
        [
            "Bruker du rullestol eller trenger en bestemt plass i salen, skriv det "
            "i merknadsfeltet når du bestiller, så sørger vi for resten.",
            "Flere forestillinger i vår blir tegnspråktolket. De er merket i "
            "programmet.",
        ],
    ),
    (
        "– Jeg ville skrive om dem som blir igjen",
        "Marte Haugen",
        "Regissør og dramatiker Hanne Strand har skrevet et nytt stykke om livet "
        "i en fraflyttingsbygd. Vi møtte henne under prøvene.",
        "Fra intervjuet til scenen",
        [
            "Utgangspunktet var samtaler med folk i hjembygda hennes. – Alle "
            "spør hvorfor de unge drar. Ingen spør dem som blir, sier Strand.",
            "Stykket har urpremiere i Black box, med fire skuespillere og en "
            "musiker på scenen.",
        ],
    ),
    (
        "Kulturhuset er miljøsertifisert",
        "Jon Erik Dahl",
        "Etter et år med endringer i alt fra søppelsortering til innkjøp er "
        "kulturhuset nå miljøsertifisert.",
        "Små grep, stor forskjell",
        [
            "Vi har halvert strømforbruket i salene med nytt lys og styrt "
            "ventilasjon, og kafeen har sluttet med engangskopper.",
            "Neste mål er å la flere turnéer fylle opp lastebilene begge veier, "
            "så færre biler kjører tomme.",
        ],
    ),
]


def articles(images):
    """Ten articles spread over the past two months, newest first."""
    today = timezone.localdate()
    for index, (title, author, lead, subheading, paragraphs) in enumerate(ARTICLES):
        date = today - datetime.timedelta(days=2 + index * 6)
        published = timezone.make_aware(
            datetime.datetime.combine(date, datetime.time(9, 0))
        )
        yield ArticlePage(
            title=title,
            slug=slug_for(title),
            date=date,
            first_published_at=published,
            author=author,
            lead=lead,
            image=images[index % len(images)],
            # Described on the page, so an English page gets an English alt.
            image_alt=images[index % len(images)].description,
            # The subheading leads in the text it names (the first paragraph).
            body=[heading(subheading), text(*paragraphs)],
        )
