"""Demo content of the privacy app: the privacy statement at /personvern/,
published twice so that the archive and the comparison have something to
show, the controller and data protection officer, and the footer link."""

from django.utils import timezone
from wagtail.models import Locale

from home.demo import add_page, get_home_page, paragraph, register
from home.models import SiteTexts, VenueSettings
from home.services import translate

from . import demo_english
from .models import PolicyVersion, PrivacyPolicyPage, PrivacySettings

SLUG = "personvern"

# The names are site texts (home.SiteTexts), translated in demo_english.
NAMES = {
    "controller_name": "Elvebyen kommune, ved daglig leder for Elvebyen kulturhus",
    "officer_name": "Personvernombudet i Elvebyen kommune",
}
CONTROLLER = {
    "controller_email": "post@kulturhus.example",
    "controller_address": "Elvebyen kulturhus\nElvegata 12\n3045 Elvebyen",
    "officer_email": "personvernombud@elvebyen.example",
    "officer_address": "Elvebyen kommune\nPostboks 100\n3045 Elvebyen",
}


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def text(*paragraphs):
    return ("paragraph", paragraph(*paragraphs))


def bullets(*items):
    return (
        "paragraph",
        "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>",
    )


def body(*, second=False):
    """The statement, in our own words. ``second`` is the demo's later
    version: one sentence about embedded video is added."""
    embeds = [
        "Videoer fra YouTube og andre tjenester viser vi først når du klikker "
        "på dem, eller når du har sagt ja til markedsføring.",
    ]
    if second:
        embeds.append(
            "YouTube-videoer hentes fra YouTube sitt domene uten "
            "informasjonskapsler (youtube-nocookie.com)."
        )
    return [
        heading("Hvem som har ansvaret"),
        text(
            "Elvebyen kulturhus er en del av Elvebyen kommune. Kommunen er "
            "behandlingsansvarlig, og den daglige oppfølgingen er delegert til "
            "lederen av kulturhuset. Kontaktopplysninger og personvernombudet "
            "står nederst på siden.",
        ),
        heading("Hva vi lagrer, hvorfor og hvor lenge"),
        text(
            "Tabellen under lages av nettstedet selv, ut fra det koden faktisk "
            "lagrer. Den kan derfor ikke si noe annet enn det som skjer.",
        ),
        ("what_we_store", None),
        heading("Betaling"),
        text(
            "Når du kjøper billetter, betaler du hos betalingsleverandøren vår. "
            "Kortnummeret ditt kommer aldri til oss. Kjøpet må vi ta vare på i "
            "fem år etter bokføringsloven.",
        ),
        heading("Bilder du laster opp"),
        text(
            "Bilder kan inneholde stedet de er tatt (GPS) og annen informasjon "
            "fra kameraet. Vi fjerner slik informasjon fra alle bilder som lastes "
            "opp, før de lagres.",
        ),
        heading("Informasjonskapsler"),
        text(
            "Nødvendige informasjonskapsler bruker vi alltid. Statistikk og "
            "markedsføring bruker vi bare hvis du sier ja, og du kan ombestemme "
            "deg når som helst under «Innstillinger for informasjonskapsler» "
            "nederst på hver side. Vi spør på nytt etter tolv måneder, og "
            "tidligere hvis listen under endrer seg.",
        ),
        ("cookie_declaration", None),
        heading("Hvem vi deler opplysninger med"),
        text(
            "Noen tjenester utenfor huset behandler opplysninger for oss. "
            "Tabellen viser hvilke, hva de får, og hvor de holder til.",
        ),
        ("processors", None),
        heading("Innebygd innhold"),
        text(*embeds),
        heading("Barn"),
        text(
            "Er du under 15 år, må en av foreldrene dine eller en annen foresatt "
            "godkjenne kontoen din før du kan kommentere eller kjøpe billetter.",
        ),
        heading("Rettighetene dine"),
        bullets(
            "<b>Innsyn og dataportabilitet:</b> du kan få en kopi av alt vi har "
            "om deg, i en fil du kan ta med deg.",
            "<b>Retting:</b> du kan be oss rette opplysninger som er feil.",
            "<b>Sletting:</b> du kan be oss slette opplysninger om deg, så langt "
            "loven ikke krever at vi beholder dem.",
            "<b>Begrensning:</b> du kan be oss begrense bruken mens noe blir avklart.",
            "<b>Protest:</b> du kan protestere mot profilering og markedsføring.",
        ),
        text(
            'Har du konto, gjør du det meste selv på <a href="/konto/meg/">Min '
            'side</a>. Ellers bruker du <a href="/personvern/foresporsel/">'
            "skjemaet for forespørsler</a>; vi sjekker først at e-postadressen er "
            "din. Vi svarer senest 30 dager etter at du har bekreftet "
            "forespørselen.",
        ),
        heading("Endringer"),
        text(
            "Hver versjon av denne erklæringen har et nummer og en dato, og alle "
            "tidligere versjoner ligger i arkivet. Endrer vi noe som betyr noe "
            "for deg, får du e-post om det før endringen gjelder.",
        ),
    ]


def translate_statement(page, summary):
    """Sync the English statement from the Norwegian one and publish it with
    the English summary of the change, as a translator does: the newest
    version gets its English text (privacy.policy.record_translation)."""
    english = translate(page, "en", demo_english.STATEMENT, publish=False)
    english.change_summary = summary
    english.save_revision().publish()
    return english


@register
def seed(stdout, style, **options):
    """The privacy statement (two versions), its settings and the footer
    link."""
    home = get_home_page()
    created = {"pages": 0, "policy versions": 0, "updates": 0}
    existing = home.get_children().filter(slug=SLUG).first()
    if existing is not None and not isinstance(existing.specific, PrivacyPolicyPage):
        stdout.write(
            style.WARNING(
                f"/{SLUG}/ exists and is not a privacy statement page: left alone."
            )
        )
        return created
    page, page_created = add_page(
        home,
        PrivacyPolicyPage(
            title="Personvern",
            slug=SLUG,
            show_in_menus=False,
            introduction=(
                "Her forteller vi hvilke opplysninger Elvebyen kulturhus lagrer om "
                "deg, hvorfor, hvor lenge, og hva du kan be oss om."
            ),
            body=body(),
            change_summary="Første versjon av personvernerklæringen.",
        ),
    )
    created["pages"] += page_created
    english = Locale.objects.filter(language_code="en").first()
    if page_created:
        if english is not None:
            translate_statement(page, demo_english.SUMMARIES["first"])
        page.body = body(second=True)
        page.change_summary = (
            "Ny setning om at YouTube-videoer hentes uten informasjonskapsler."
        )
        page.effective_from = timezone.localdate()
        page.save_revision().publish()
        if english is not None:
            translate_statement(page, demo_english.SUMMARIES["second"])
        created["policy versions"] = PolicyVersion.objects.filter(page=page).count()
    elif english is not None and not page.has_translation(english):
        translate_statement(page, demo_english.SUMMARIES["second"])

    privacy = PrivacySettings.load()
    changed = False
    for name, value in CONTROLLER.items():
        if not getattr(privacy, name):
            setattr(privacy, name, value)
            changed = True
    if changed:
        privacy.save()
        created["updates"] += 1

    created["updates"] += seed_names(english)

    venue = VenueSettings.load()
    if venue.privacy_page_id is None:
        venue.privacy_page = page
        venue.save()
        created["updates"] += 1
    stdout.write(style.SUCCESS("Privacy: statement, versions and settings in place."))
    return created


def seed_names(english):
    """Fill in the controller's and officer's names in the Norwegian site
    texts where they are still empty, leaving what an editor has written,
    and translate them into English. Returns 1 when changed."""
    texts, changed = SiteTexts.objects.get_or_create(locale=Locale.get_default())
    for name, value in NAMES.items():
        if not getattr(texts, name):
            setattr(texts, name, value)
            changed = True
    if changed:
        texts.save()
    if english is not None and (changed or not texts.has_translation(english)):
        translate(texts, "en", demo_english.NAMES)
    return int(changed)
