"""English for the demo site (home/demo_content.py): the home page, the news
section with three articles and the contact page. Keys are the Norwegian
texts the demo writes."""

from .demo import POSTER_NAMES, abstract_poster_description
from .demo_posters import (
    COLOURS,
    COLOURS_ENGLISH,
    CREDIT,
    CREDIT_ENGLISH,
    HERO_DESCRIPTION,
    HERO_DESCRIPTION_ENGLISH,
)

# The article posters' alt texts.
COLOUR_WORDS = dict(zip(COLOURS, COLOURS_ENGLISH, strict=True))
POSTERS = {
    abstract_poster_description(colours): (
        f"Abstract poster in {COLOUR_WORDS[colours]} with circles, rings and a "
        "triangle."
    )
    for _name, colours in POSTER_NAMES.values()
}

HOME = {
    CREDIT: CREDIT_ENGLISH,
    HERO_DESCRIPTION: HERO_DESCRIPTION_ENGLISH,
    "home-en": "home-en",
    "Elvebyen kulturhus": "Elvebyen Culture House",
    "Scenekunst, musikk og møteplass ved elva": (
        "Performing arts, music and a meeting place by the river"
    ),
    "Konserter, teater, dans og foredrag i tre saler – og en kafé i "
    "foajeen som er åpen for alle, også når det ikke er forestilling.": (
        "Concerts, theatre, dance and talks in three halls – and a café in the "
        "foyer that is open to everyone, even when there is no show."
    ),
    "Elvebyen kulturhus er hele byens storstue. Her spiller profesjonelle "
    "kompanier, lokale kor og kulturskolens elever på de samme scenene.": (
        "Elvebyen Culture House is the whole town's living room. Professional "
        "companies, local choirs and the arts school's pupils play on the same "
        "stages."
    ),
    "Se hele programmet": "See the whole programme",
}

NEWS = {
    "Aktuelt": "News",
    "aktuelt": "news",
    "Nytt fra huset: premierer, intervjuer og praktisk informasjon.": (
        "News from the house: premieres, interviews and practical information."
    ),
}

ARTICLES = {
    "Billettsalget for resten av sesongen er i gang": {
        "Billettsalget for resten av sesongen er i gang": (
            "Tickets for the rest of the season are on sale"
        ),
        "billettsalget-for-resten-av-sesongen-er-i-gang": "tickets-on-sale",
        "Nå kan du kjøpe billetter til alle forestillingene fram til sommeren. "
        "Flere av familieforestillingene pleier å bli utsolgt tidlig.": (
            "You can now buy tickets for every performance until the summer. "
            "Several of the family shows usually sell out early."
        ),
        "Tips for å få de beste plassene": "Tips for the best seats",
        "Billetter kjøper du her på nettsiden, i billettkontoret eller på "
        "telefon. Kjøper du på nett, får du billettene på e-post med en gang.": (
            "Buy tickets here on the website, at the box office or by phone. "
            "Buy online and you get your tickets by email at once."
        ),
        "Studenter, honnør og barn under 16 får rabatt på de fleste "
        "forestillingene. Ledsagere med ledsagerbevis går gratis.": (
            "Students, seniors and children under 16 get a discount for most "
            "performances. Companions with a companion card go free."
        ),
    },
    "Bli frivillig på kulturhuset": {
        "Bli frivillig på kulturhuset": "Volunteer at the culture house",
        "bli-frivillig-pa-kulturhuset": "volunteer",
        "Vi søker flere frivillige som vil være vertskap i foajeen, hjelpe til "
        "i garderoben og ta imot publikum på de store kveldene.": (
            "We are looking for more volunteers to host in the foyer, help in "
            "the cloakroom and welcome the audience on the big nights."
        ),
        "Hva får du igjen?": "What do you get?",
        "Frivillige får se forestillingene de jobber på, et kurs i "
        "førstehjelp og en sommerfest med resten av huset.": (
            "Volunteers see the shows they work at, get a first-aid course and "
            "a summer party with the rest of the house."
        ),
        "Du bestemmer selv hvor ofte du vil stille opp. Send oss en melding "
        "gjennom kontaktskjemaet, så tar vi en prat.": (
            "You decide how often you take part. Send us a message through the "
            "contact form and we will have a chat."
        ),
    },
    "Kulturskolen flytter inn i andre etasje": {
        "Kulturskolen flytter inn i andre etasje": (
            "The arts school moves in on the first floor"
        ),
        "kulturskolen-flytter-inn-i-andre-etasje": "arts-school-moves-in",
        "Fra neste semester får kulturskolen fire nye øvingsrom og et eget "
        "danserom i kulturhuset.": (
            "From next term the arts school gets four new practice rooms and a "
            "dance studio of its own in the culture house."
        ),
        "Mer liv på dagtid": "More life in the daytime",
        "Flyttingen betyr at huset blir brukt hele dagen, ikke bare om "
        "kvelden. Elevene får kort vei til scenen, og vi får flere "
        "elevkonserter i Lille sal.": (
            "The move means the house is used all day, not only in the evening. "
            "The pupils are close to the stage, and we get more pupils' "
            "concerts in the Small hall."
        ),
        "Under byggearbeidet kan det bli noe støy i foajeen på dagtid. "
        "Forestillingene blir ikke berørt.": (
            "While the building work goes on there may be some noise in the "
            "foyer in the daytime. Performances are not affected."
        ),
    },
}

ABOUT = {
    "Om huset": "About the house",
    "om-huset": "about",
    "Elvebyen kulturhus åpnet i 1986 og har siden vært byens scene for musikk, "
    "teater, dans og samtaler. Huset eies av kommunen og drives av en liten stab "
    "med god hjelp fra frivillige.": (
        "Elvebyen kulturhus opened in 1986 and has been the town's stage for "
        "music, theatre, dance and talks ever since. The municipality owns the "
        "house; a small staff runs it, with a great deal of help from volunteers."
    ),
    "Tre saler under ett tak": "Three halls under one roof",
    "<b>Store sal</b> har 450 plasser og orkestergrav, og brukes til konserter, "
    "teater og danseforestillinger.": (
        "<b>The main hall</b> seats 450, has an orchestra pit and is used for "
        "concerts, theatre and dance."
    ),
    "<b>Lille sal</b> tar 120 publikummere og passer for foredrag, kammermusikk "
    "og barneforestillinger.": (
        "<b>The small hall</b> holds an audience of 120 and suits talks, chamber "
        "music and shows for children."
    ),
    "<b>Black box</b> er et fleksibelt rom for 80 personer, der scene og publikum "
    "kan plasseres slik forestillingen trenger.": (
        "<b>The black box</b> is a flexible room for 80, where stage and audience "
        "are placed as each performance needs."
    ),
    "Abstrakt plakat i blått og turkis.": "Abstract poster in blue and turquoise.",
    "Sesongens plakat, laget for huset.": "This season's poster, made for the house.",
    "Tilgjengelighet": "Accessibility",
    "Alle salene har trinnfri adkomst og plasser for rullestol. Store og Lille sal "
    "har teleslynge. Ledsagere med ledsagerbevis går gratis – ta kontakt med "
    "billettkontoret når du bestiller.": (
        "Every hall has step-free access and places for wheelchairs. The main and "
        "the small hall have a hearing loop. A companion of a holder of a "
        "ledsagerbevis goes free: tell the box office when you book."
    ),
    "Lei et lokale": "Rent a hall",
    "Salene og møterommene leies ut til konserter, konferanser og private "
    'arrangementer. Skriv til oss på <a id="a1">post@kulturhus.example</a>, så '
    "sender vi priser og ledige datoer.": (
        "The halls and meeting rooms can be rented for concerts, conferences and "
        'private events. Write to us at <a id="a1">post@kulturhus.example</a> and '
        "we will send prices and free dates."
    ),
}

CONTACT = {
    "Kontakt": "Contact",
    "kontakt": "contact",
    "Spørsmål om billetter, utleie eller noe helt annet? Skriv til oss, "
    "så svarer vi innen to virkedager. Billettkontoret når du også på "
    "telefon +47 32 00 00 00.": (
        "Questions about tickets, renting a hall or something else entirely? "
        "Write to us and we will answer within two working days. You can also "
        "reach the box office by phone on +47 32 00 00 00."
    ),
    "Takk for meldingen! Vi svarer så snart vi kan, som regel innen to virkedager.": (
        "Thank you for your message! We will answer as soon as we can, usually "
        "within two working days."
    ),
    "Ny melding fra kontaktskjemaet": "New message from the contact form",
    "Navn": "Name",
    "E-postadresse": "Email address",
    "Vi bruker den bare til å svare deg.": "We use it only to answer you.",
    "Melding": "Message",
}

SITE_TEXTS = {
    "Billettkontoret: man–fre 10–16, lør 11–14 og én time før forestillinger": (
        "Box office: Mon–Fri 10–16, Sat 11–14 and an hour before shows"
    ),
}
