"""English for the demo programme (events/demo_content.py): the halls, the
genres, the programme page and the first ten events, so the English site
can be tried at once. Keys are the Norwegian texts the demo writes."""

import re

from django.utils.text import slugify

from home.demo_posters import CREDIT, CREDIT_ENGLISH, poster_descriptions_english

HALLS = {
    "Store sal": "Main hall",
    "Lille sal": "Small hall",
    "Black box": "Black box",
    "Hovedscenen, med amfi, balkong og orkestergrav.": (
        "The main stage, with raked seating, a balcony and an orchestra pit."
    ),
    "En intim sal med flatt gulv og løse stoler, for foredrag, "
    "kammermusikk og barneforestillinger.": (
        "An intimate hall with a flat floor and loose chairs, for talks, "
        "chamber music and children's shows."
    ),
    "Et svart rom der scene og publikum kan plasseres fritt.": (
        "A black room where stage and audience can be placed freely."
    ),
    "Rullestolplassene er på første rad, med heis fra foajeen.": (
        "The wheelchair places are in the first row, with a lift from the foyer."
    ),
    "Flatt gulv hele veien fra foajeen.": "A flat floor all the way from the foyer.",
    "Hodetelefoner til lån i garderoben.": "Headphones to borrow in the cloakroom.",
    "Hovedinngangen er fra Elvegata. Bussene 2 og 3 stopper ved Torget, to "
    "minutter unna. Parkering i Elvegata P-hus.": (
        "The main entrance is on Elvegata. Buses 2 and 3 stop at Torget, two "
        "minutes away. Parking in the Elvegata car park."
    ),
    "Inngang fra bakgården i Elvegata, skiltet fra hovedinngangen.": (
        "Entrance from the back yard on Elvegata, signposted from the main entrance."
    ),
}

GENRES = {
    "Konsert": "Concert",
    "konsert": "concert",
    "Teater": "Theatre",
    "teater": "theatre",
    "Dans": "Dance",
    "dans": "dance",
    "Familie": "Family",
    "familie": "family",
    "Foredrag": "Talk",
    "foredrag": "talk",
    "Humor": "Comedy",
    "humor": "comedy",
}

PROGRAMME = {
    "Program": "Programme",
    "arrangementer": "events",
    "Konserter, teater, dans, foredrag og forestillinger for hele "
    "familien. Velg sjanger eller måned, eller abonner på kalenderen.": (
        "Concerts, theatre, dance, talks and shows for the whole family. "
        "Choose a genre or a month, or subscribe to the calendar."
    ),
}

# Norwegian title: (English title, English lead)
EVENTS = {
    "Storbandkveld med Elvebyen storband": (
        "Big band night with Elvebyen Big Band",
        "The big band brings swing classics and new arrangements, with two "
        "guest soloists from Oslo.",
    ),
    "Reven som ville bli stjerne": (
        "The fox who wanted to be a star",
        "A musical tale of a little fox with big dreams. For children from three.",
    ),
    "Et dukkehjem": (
        "A Doll's House",
        "Ibsen's classic newly staged, with a young company that makes Nora one of us.",
    ),
    "Bevegelser i mørket": (
        "Movements in the dark",
        "Contemporary dance where light and shadow matter as much as the bodies "
        "on stage.",
    ),
    "Elvebyen gjennom 200 år": (
        "Elvebyen through 200 years",
        "Historian Kari Nygård tells the town's story from sawmills and log "
        "driving to a culture house and coffee bars.",
    ),
    "Standup: Ukens latter": (
        "Stand-up: Laughs of the week",
        "Four comedians, one host and an evening almost without awkward pauses.",
    ),
    "Kammermusikk: Schubert og Grieg": (
        "Chamber music: Schubert and Grieg",
        "A string quartet plays Schubert's “Death and the Maiden” and Grieg's "
        "only completed string quartet.",
    ),
    "Trollmannens hatt": (
        "The wizard's hat",
        "Magic, balloons and lots of laughter in a show where the children help "
        "on stage.",
    ),
    "Peer Gynt – fortalt på nytt": (
        "Peer Gynt – told anew",
        "Three actors and a musician take you on Peer's journey, shorter, faster "
        "and funnier than you remember it.",
    ),
    "Ingrid Solheim – Lysår": (
        "Ingrid Solheim – Light years",
        "The singer-songwriter releases her third album and plays the songs live "
        "for the first time, with a full band.",
    ),
}

PARAGRAPHS = {
    "Konserten har en pause på tjue minutter. Baren i foajeen åpner en "
    "time før, og du kan bestille drikke til pausen.": (
        "The concert has a twenty-minute interval. The bar in the foyer opens "
        "an hour before, and you can order drinks for the interval."
    ),
    "Salen har nummererte plasser. Kommer du for sent, slipper vi deg "
    "inn mellom to låter.": (
        "The hall has numbered seats. If you are late, we let you in between two songs."
    ),
    "Det blir signering og salg av plater i foajeen etter konserten.": (
        "Records are signed and sold in the foyer after the concert."
    ),
    "Forestillingen spilles uten pause. Vi slipper ikke inn publikum "
    "etter at den har begynt.": (
        "The performance has no interval. Latecomers cannot be let in once it "
        "has begun."
    ),
    "Etter forestillingen på fredag blir det publikumssamtale med "
    "regissøren og skuespillerne.": (
        "After Friday's performance there is a talk with the director and the cast."
    ),
    "Forestillingen har én pause, og kafeen i foajeen holder åpent.": (
        "The performance has one interval, and the café in the foyer is open."
    ),
    "Forestillingen bruker røyk og sterkt blinkende lys.": (
        "The performance uses haze and strong flashing lights."
    ),
    "Koreografen forteller om arbeidet i foajeen en halvtime før "
    "forestillingen. Gratis for alle med billett.": (
        "The choreographer talks about the work in the foyer half an hour before "
        "the performance. Free for everyone with a ticket."
    ),
    "Forestillingen passer for alle som liker musikk og bevegelse, også "
    "deg som aldri har sett dans på en scene før.": (
        "The performance suits everyone who likes music and movement, even if "
        "you have never seen dance on a stage before."
    ),
    "Barnevogner parkerer du i garderoben. Det er stellerom ved "
    "toalettene i første etasje.": (
        "Prams can be parked in the cloakroom. There is a baby-changing room by "
        "the toilets on the ground floor."
    ),
    "Alle må ha billett, også de voksne. Barn under ett år som sitter "
    "på fanget går gratis.": (
        "Everyone needs a ticket, adults too. Children under one sitting on a "
        "lap go free."
    ),
    "Forestillingen er uten pause og passer godt for barn som ikke "
    "sitter stille så lenge.": (
        "The show has no interval and suits children who cannot sit still for long."
    ),
    "Etter foredraget er det tid til spørsmål fra salen.": (
        "After the talk there is time for questions from the audience."
    ),
    "Kafeen holder åpent før foredraget, med suppe og kaffe.": (
        "The café is open before the talk, with soup and coffee."
    ),
    "Foredraget blir tegnspråktolket.": ("The talk is interpreted into sign language."),
    "Showet inneholder banning og humor for voksne.": (
        "The show contains swearing and adult humour."
    ),
    "Baren holder åpent før og etter showet.": (
        "The bar is open before and after the show."
    ),
    "De første radene bør være forberedt på å bli snakket til.": (
        "The front rows should be ready to be talked to."
    ),
    "En kveld vi kommer til å snakke om lenge.": (
        "An evening we will talk about for a long time."
    ),
    "Presist, varmt og uventet morsomt.": "Precise, warm and unexpectedly funny.",
    "Publikum reiste seg før siste tone hadde klinget ut.": (
        "The audience stood up before the last note had faded."
    ),
    "Det beste jeg har sett på den scenen på årevis.": (
        "The best I have seen on that stage in years."
    ),
}

PRICES = [
    (
        re.compile(r"Ordinær (\d+), student (\d+), barn (\d+)"),
        r"Full price \1, students \2, children \3",
    ),
]
# The notes the demo writes on performances (events/demo_content.py).
NOTES = {
    "Premiere": "Opening night",
    "Tegnspråktolket": "Sign language interpreted",
    "Avlyst. Kjøpte billetter refunderes.": "Cancelled. Tickets bought are refunded.",
    "Utsatt. Ny dato kommer.": "Postponed. A new date will follow.",
}
FREE = {
    "Gratis, men hent billett her på nettsiden.": (
        "Free, but get a ticket here on the website."
    ),
    "Gratis, ingen billett nødvendig.": "Free, no ticket needed.",
}


def event_strings(page):
    """{Norwegian text: English} for one demo event, or None when the demo
    has no English for it."""
    english = EVENTS.get(page.title)
    if english is None:
        return None
    title, lead = english
    strings = {page.title: title, page.slug: slugify(title), page.lead: lead}
    strings[CREDIT] = CREDIT_ENGLISH
    strings.update(poster_descriptions_english())
    strings.update(PARAGRAPHS)
    strings.update(FREE)
    strings.update(NOTES)
    for pattern, replacement in PRICES:
        if pattern.fullmatch(page.price_info):
            strings[page.price_info] = pattern.sub(replacement, page.price_info)
    return strings
