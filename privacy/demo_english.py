"""English for the demo's privacy statement (privacy/demo_content.py). Keys
are the Norwegian segments wagtail-localize cuts the page into: titles,
headings, paragraphs and list items (links as ``<a id="a1">``)."""

STATEMENT = {
    "Personvern": "Privacy",
    "personvern": "privacy",
    "Her forteller vi hvilke opplysninger Elvebyen kulturhus lagrer om "
    "deg, hvorfor, hvor lenge, og hva du kan be oss om.": (
        "Here we tell you what Elvebyen Culture House stores about you, why, "
        "for how long, and what you can ask us to do."
    ),
    "Hvem som har ansvaret": "Who is responsible",
    "Elvebyen kulturhus er en del av Elvebyen kommune. Kommunen er "
    "behandlingsansvarlig, og den daglige oppfølgingen er delegert til "
    "lederen av kulturhuset. Kontaktopplysninger og personvernombudet "
    "står nederst på siden.": (
        "Elvebyen Culture House is part of Elvebyen municipality. The "
        "municipality is the controller, and the day-to-day work is delegated "
        "to the head of the culture house. Contact details and the data "
        "protection officer are at the bottom of the page."
    ),
    "Hva vi lagrer, hvorfor og hvor lenge": "What we store, why and for how long",
    "Tabellen under lages av nettstedet selv, ut fra det koden faktisk "
    "lagrer. Den kan derfor ikke si noe annet enn det som skjer.": (
        "The table below is made by the website itself, from what its code "
        "actually stores. So it cannot say anything other than what happens."
    ),
    "Betaling": "Payment",
    "Når du kjøper billetter, betaler du hos betalingsleverandøren vår. "
    "Kortnummeret ditt kommer aldri til oss. Kjøpet må vi ta vare på i "
    "fem år etter bokføringsloven.": (
        "When you buy tickets, you pay with our payment provider. Your card "
        "number never reaches us. The Bookkeeping Act makes us keep the "
        "purchase for five years."
    ),
    "Bilder du laster opp": "Pictures you upload",
    "Bilder kan inneholde stedet de er tatt (GPS) og annen informasjon "
    "fra kameraet. Vi fjerner slik informasjon fra alle bilder som lastes "
    "opp, før de lagres.": (
        "Pictures can hold the place they were taken (GPS) and other "
        "information from the camera. We remove such information from every "
        "uploaded picture before it is stored."
    ),
    "Informasjonskapsler": "Cookies",
    "Nødvendige informasjonskapsler bruker vi alltid. Statistikk og "
    "markedsføring bruker vi bare hvis du sier ja, og du kan ombestemme "
    "deg når som helst under «Innstillinger for informasjonskapsler» "
    "nederst på hver side. Vi spør på nytt etter tolv måneder, og "
    "tidligere hvis listen under endrer seg.": (
        "We always use the necessary cookies. Statistics and marketing only if "
        "you say yes, and you can change your mind at any time under 'Cookie "
        "settings' at the bottom of every page. We ask again after twelve "
        "months, and sooner if the list below changes."
    ),
    "Hvem vi deler opplysninger med": "Who we share data with",
    "Noen tjenester utenfor huset behandler opplysninger for oss. "
    "Tabellen viser hvilke, hva de får, og hvor de holder til.": (
        "Some services outside the house process data for us. The table shows "
        "which, what they get and where they are."
    ),
    "Innebygd innhold": "Embedded content",
    "Videoer fra YouTube og andre tjenester viser vi først når du klikker "
    "på dem, eller når du har sagt ja til markedsføring.": (
        "We show videos from YouTube and other services only when you click "
        "them, or when you have said yes to marketing."
    ),
    "YouTube-videoer hentes fra YouTube sitt domene uten "
    "informasjonskapsler (youtube-nocookie.com).": (
        "YouTube videos come from YouTube's domain without cookies "
        "(youtube-nocookie.com)."
    ),
    "Barn": "Children",
    "Er du under 15 år, må en av foreldrene dine eller en annen foresatt "
    "godkjenne kontoen din før du kan kommentere eller kjøpe billetter.": (
        "If you are under 15, one of your parents or another guardian must "
        "approve your account before you can comment or buy tickets."
    ),
    "Rettighetene dine": "Your rights",
    "<b>Innsyn og dataportabilitet:</b> du kan få en kopi av alt vi har "
    "om deg, i en fil du kan ta med deg.": (
        "<b>Access and portability:</b> you can get a copy of everything we "
        "hold about you, in a file you can take with you."
    ),
    "<b>Retting:</b> du kan be oss rette opplysninger som er feil.": (
        "<b>Rectification:</b> you can ask us to correct data that is wrong."
    ),
    "<b>Sletting:</b> du kan be oss slette opplysninger om deg, så langt "
    "loven ikke krever at vi beholder dem.": (
        "<b>Erasure:</b> you can ask us to delete data about you, as far as "
        "the law does not make us keep it."
    ),
    "<b>Begrensning:</b> du kan be oss begrense bruken mens noe blir avklart.": (
        "<b>Restriction:</b> you can ask us to limit the use while something "
        "is being settled."
    ),
    "<b>Protest:</b> du kan protestere mot profilering og markedsføring.": (
        "<b>Objection:</b> you can object to profiling and marketing."
    ),
    'Har du konto, gjør du det meste selv på <a id="a1">Min side</a>. '
    'Ellers bruker du <a id="a2">skjemaet for forespørsler</a>; vi sjekker '
    "først at e-postadressen er din. Vi svarer senest 30 dager etter at du "
    "har bekreftet forespørselen.": (
        'With an account you do most of it yourself on <a id="a1">My page</a>. '
        'Otherwise use the <a id="a2">request form</a>; we first check that '
        "the email address is yours. We answer within 30 days of your "
        "confirming the request."
    ),
    "Endringer": "Changes",
    "Hver versjon av denne erklæringen har et nummer og en dato, og alle "
    "tidligere versjoner ligger i arkivet. Endrer vi noe som betyr noe "
    "for deg, får du e-post om det før endringen gjelder.": (
        "Every version of this statement has a number and a date, and every "
        "earlier version is in the archive. If we change something that "
        "matters to you, you get an email about it before the change applies."
    ),
}

SUMMARIES = {
    "first": "The first version of the privacy statement.",
    "second": "A new sentence: YouTube videos are fetched without cookies.",
}

# The names in the site texts (home.SiteTexts), keyed by the Norwegian ones
# in privacy/demo_content.py NAMES.
NAMES = {
    "Elvebyen kommune, ved daglig leder for Elvebyen kulturhus": (
        "Elvebyen municipality, by the head of Elvebyen Culture House"
    ),
    "Personvernombudet i Elvebyen kommune": (
        "The data protection officer of Elvebyen municipality"
    ),
}
