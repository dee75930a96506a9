"""The demo programme's data: halls, genres, how events of each genre
usually run, press quotes, and the upcoming and past events. Read by the
seeder (``events/demo_content.py``), which draws from it with a fixed random
seed; edit the texts here without touching how they are planned."""

from decimal import Decimal
from typing import NamedTuple

# The halls' facts, as an editor fills them in (the notes say only what the
# boxes cannot).
ENTRANCE = "Elvegata 12, 3045 Elvebyen"
DIRECTIONS = (
    "Hovedinngangen er fra Elvegata. Bussene 2 og 3 stopper ved Torget, to "
    "minutter unna. Parkering i Elvegata P-hus."
)
HALLS = {
    "Store sal": {
        "capacity": 450,
        "description": "Hovedscenen, med amfi, balkong og orkestergrav.",
        "step_free_access": True,
        "hearing_loop": True,
        "wheelchair_places": 6,
        "companion_seats": 6,
        "accessibility": "Rullestolplassene er på første rad, med heis fra foajeen.",
        "address": ENTRANCE,
        "directions": DIRECTIONS,
    },
    "Lille sal": {
        "capacity": 120,
        "description": (
            "En intim sal med flatt gulv og løse stoler, for foredrag, "
            "kammermusikk og barneforestillinger."
        ),
        "step_free_access": True,
        "hearing_loop": True,
        "wheelchair_places": 4,
        "companion_seats": 4,
        "accessibility": "Flatt gulv hele veien fra foajeen.",
        "address": ENTRANCE,
        "directions": DIRECTIONS,
    },
    "Black box": {
        "capacity": 80,
        "description": "Et svart rom der scene og publikum kan plasseres fritt.",
        "step_free_access": True,
        "wheelchair_places": 2,
        "companion_seats": 2,
        "accessibility": "Hodetelefoner til lån i garderoben.",
        "address": ENTRANCE,
        "directions": ("Inngang fra bakgården i Elvegata, skiltet fra hovedinngangen."),
    },
}

# The ticket sale's price categories: name, share of the ordinary price.
PRICE_SHARES = [
    ("Ordinær", Decimal("1")),
    ("Student", Decimal("0.75")),
    ("Barn", Decimal("0.5")),
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
    # How a free event is attended: EventPage.free_entry's value ("" for an
    # event that costs money).
    free: str = ""
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
        "Dansens dag: åpen scene",
        "dans",
        "Byens dansegrupper viser korte verk, fra ballett til street.",
        hall="Store sal",
        free="ticket_here",
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
        free="no_ticket",
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
