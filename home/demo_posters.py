"""Demo pictures that look like a culture house's: a poster design per
genre (sound rings for concerts, a spotlight and masks for theatre, swirls
for dance, balloons for families, a speech bubble for talks, zigzags for
humour), two colourways each, and a hero of a stage seen from the hall.
Drawn with Pillow, the same every time; stored once and found by title."""

import io
import math
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from wagtail.images import get_image_model

from .demo import POSTER_PALETTES, _hex

POSTER_SIZE = (1600, 900)
HERO_SIZE = (1600, 700)
CREDIT = "Illustrasjon: Elvebyen kulturhus"
CREDIT_ENGLISH = "Illustration: Elvebyen kulturhus"

# genre slug: (motif in Norwegian for the description, palette indexes)
GENRE_MOTIFS = {
    "konsert": ("lydbølger og et equalizer-mønster", (4, 1)),
    "teater": ("et lyskjeglebilde med to teatermasker", (3, 6)),
    "dans": ("svingete bevegelseslinjer", (2, 0)),
    "familie": ("ballonger og konfetti", (5, 6)),
    "foredrag": ("en snakkeboble med tekstlinjer", (1, 7)),
    "humor": ("sikksakk-striper og store prikker", (0, 5)),
}
COLOURS = [
    "lilla og rosa",
    "blått og turkis",
    "mørkeblått og grønt",
    "vinrødt og oransje",
    "nattblått og gull",
    "grønnblått og sand",
    "fiolett og rosa",
    "svart og messing",
]


# The same in English, for the English pages' alt texts.
GENRE_MOTIFS_ENGLISH = {
    "konsert": "sound waves and an equaliser pattern",
    "teater": "a spotlight with two theatre masks",
    "dans": "curving lines of movement",
    "familie": "balloons and confetti",
    "foredrag": "a speech bubble with lines of text",
    "humor": "zigzag stripes and large dots",
}
COLOURS_ENGLISH = [
    "purple and pink",
    "blue and turquoise",
    "dark blue and green",
    "wine red and orange",
    "night blue and gold",
    "blue-green and sand",
    "violet and pink",
    "black and brass",
]
HERO_DESCRIPTION = (
    "Illustrasjon av en scene med røde teppekanter og varmt lys på scenegulvet, "
    "sett fra mørket i salen."
)
HERO_DESCRIPTION_ENGLISH = (
    "Illustration of a stage with red curtain edges and warm light on the stage "
    "floor, seen from the dark of the hall."
)


def poster_description(genre, palette):
    return f"Plakatillustrasjon med {GENRE_MOTIFS[genre][0]} i {COLOURS[palette]}."


def poster_descriptions_english():
    """{Norwegian description of a genre poster: English}."""
    return {
        poster_description(genre, palette): (
            f"Poster illustration with {GENRE_MOTIFS_ENGLISH[genre]} in "
            f"{COLOURS_ENGLISH[palette]}."
        )
        for genre, (_motif, palettes) in GENRE_MOTIFS.items()
        for palette in palettes
    }


def _gradient(size, start, end, angle):
    width, height = size
    small = (width // 4, height // 4)
    side = math.ceil(math.hypot(*small))
    mask = PILImage.linear_gradient("L").resize((side, side))
    mask = mask.rotate(angle, resample=PILImage.BICUBIC)
    left, top = (side - small[0]) // 2, (side - small[1]) // 2
    mask = mask.crop((left, top, left + small[0], top + small[1]))
    mask = mask.resize(size, resample=PILImage.BICUBIC)
    return PILImage.composite(
        PILImage.new("RGBA", size, _hex(end)),
        PILImage.new("RGBA", size, _hex(start)),
        mask,
    )


def _concert(draw, rng, shapes, size):
    width, height = size
    cx, cy = rng.randint(1000, 1250), height // 2
    for ring in range(9, 0, -1):
        r = ring * 48
        draw.ellipse(
            (cx - r, cy - r, cx + r, cy + r),
            outline=_hex(shapes[ring % 3], 90 + ring * 15),
            width=10,
        )
    for number, x in enumerate(range(80, 720, 40)):
        bar = int(abs(math.sin(number * 0.7 + rng.random())) * 420) + 40
        draw.rectangle(
            (x, height - 90 - bar, x + 24, height - 90), fill=_hex(shapes[0])
        )


def _theatre(draw, rng, shapes, size):
    width, height = size
    top = rng.randint(500, 1100)
    draw.polygon(
        [(top - 40, 0), (top + 40, 0), (top + 420, height), (top - 420, height)],
        fill=_hex(shapes[0], 110),
    )
    for cx, tilt, colour in ((top - 140, -1, shapes[1]), (top + 150, 1, shapes[2])):
        cy = height // 2 + tilt * 40
        draw.ellipse((cx - 130, cy - 160, cx + 130, cy + 160), fill=_hex(colour, 235))
        for eye in (-55, 55):
            draw.ellipse(
                (cx + eye - 28, cy - 60, cx + eye + 28, cy - 20), fill=(0, 0, 0, 200)
            )
        mouth = (cx - 70, cy + 20, cx + 70, cy + 110)
        draw.arc(
            mouth,
            *((200, 340) if tilt < 0 else (20, 160)),
            fill=(0, 0, 0, 220),
            width=14,
        )


def _dance(draw, rng, shapes, size):
    width, height = size
    for line in range(5):
        phase, amp = rng.uniform(0, math.tau), rng.randint(90, 200)
        period = rng.randint(150, 260)
        y0 = 180 + line * 130
        points = [
            (x, y0 + amp * math.sin(x / period + phase))
            for x in range(-20, width + 40, 20)
        ]
        draw.line(
            points, fill=_hex(shapes[line % 3], 210), width=18 - line * 2, joint="curve"
        )


def _family(draw, rng, shapes, size):
    width, height = size
    for _ in range(7):
        cx, cy = rng.randint(150, width - 150), rng.randint(120, height - 380)
        r = rng.randint(60, 110)
        colour = shapes[rng.randrange(3)]
        draw.line(
            (cx, cy + r, cx + rng.randint(-60, 60), height),
            fill=_hex("#ffffff", 160),
            width=3,
        )
        draw.ellipse(
            (cx - r, cy - int(r * 1.2), cx + r, cy + int(r * 1.2)),
            fill=_hex(colour, 235),
        )
        draw.ellipse(
            (cx - r // 2, cy - r // 2 - 20, cx - r // 4, cy - r // 4 - 10),
            fill=_hex("#ffffff", 120),
        )
    for _ in range(120):
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.rectangle((x, y, x + 12, y + 6), fill=_hex(shapes[rng.randrange(3)], 220))


def _talk(draw, rng, shapes, size):
    width, height = size
    left, top = rng.randint(200, 500), rng.randint(140, 220)
    right, bottom = left + 900, top + 460
    draw.rounded_rectangle(
        (left, top, right, bottom), radius=60, fill=_hex(shapes[2], 235)
    )
    draw.polygon(
        [(left + 120, bottom - 5), (left + 260, bottom - 5), (left + 80, bottom + 160)],
        fill=_hex(shapes[2], 235),
    )
    for number in range(4):
        y = top + 80 + number * 90
        length = rng.randint(450, 760) if number < 3 else rng.randint(250, 400)
        draw.rounded_rectangle(
            (left + 80, y, left + 80 + length, y + 36),
            radius=18,
            fill=_hex(shapes[1], 230),
        )


def _humour(draw, rng, shapes, size):
    width, height = size
    for stripe in range(4):
        y = 120 + stripe * 190
        points = [
            (x, y + (50 if (x // 80) % 2 else -50)) for x in range(0, width + 80, 80)
        ]
        draw.line(points, fill=_hex(shapes[stripe % 3], 200), width=22)
    for _ in range(6):
        r = rng.randint(50, 120)
        cx, cy = rng.randint(r, width - r), rng.randint(r, height - r)
        draw.ellipse(
            (cx - r, cy - r, cx + r, cy + r), fill=_hex(shapes[rng.randrange(3)], 235)
        )


DRAWERS = {
    "konsert": _concert,
    "teater": _theatre,
    "dans": _dance,
    "familie": _family,
    "foredrag": _talk,
    "humor": _humour,
}


def _jpeg(picture):
    data = io.BytesIO()
    picture.convert("RGB").save(data, format="JPEG", quality=85, optimize=True)
    data.seek(0)
    return data


def draw_genre_poster(genre, variant):
    """JPEG bytes of the ``variant``-th poster of ``genre``."""
    _motif, palettes = GENRE_MOTIFS[genre]
    _name, start, end, shapes = POSTER_PALETTES[palettes[variant % len(palettes)]]
    rng = random.Random(f"{genre}-{variant}")  # noqa: S311 (pictures, not secrets)
    picture = _gradient(POSTER_SIZE, start, end, rng.uniform(20, 70))
    layer = PILImage.new("RGBA", POSTER_SIZE, (0, 0, 0, 0))
    DRAWERS[genre](ImageDraw.Draw(layer), rng, shapes, POSTER_SIZE)
    if variant % 2:
        layer = layer.transpose(PILImage.Transpose.FLIP_LEFT_RIGHT)
    return _jpeg(PILImage.alpha_composite(picture, layer))


def draw_hero():
    """JPEG bytes of the hero: a stage with red curtains and a warm light on
    its floor, and the heads of an audience in the dark."""
    width, height = HERO_SIZE
    picture = _gradient(HERO_SIZE, "#120818", "#3a1530", 90)
    light = PILImage.new("RGBA", HERO_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(light)
    draw.polygon(
        [(760, 0), (840, 0), (1180, 560), (420, 560)], fill=_hex("#ffd9a0", 70)
    )
    draw.ellipse((430, 470, 1170, 620), fill=_hex("#ffcf87", 200))
    light = light.filter(ImageFilter.GaussianBlur(18))
    picture = PILImage.alpha_composite(picture, light)
    stage = PILImage.new("RGBA", HERO_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(stage)
    for side in (0, 1):
        for fold in range(9):
            x = fold * 38 if side == 0 else width - (fold + 1) * 38
            shade = 150 + (40 if fold % 2 else 0) - fold * 6
            draw.rectangle((x, 0, x + 38, height), fill=(shade, 18, 38, 255))
    for fold in range(0, width, 60):
        draw.pieslice((fold - 10, -60, fold + 70, 60), 0, 180, fill=(130, 12, 30, 255))
    draw.rectangle((0, 560, width, height), fill=(22, 10, 20, 255))
    rng = random.Random("hero")  # noqa: S311 (pictures, not secrets)
    for row, y in enumerate((640, 690)):
        for x in range(-20 + row * 40, width + 40, 80):
            r = rng.randint(30, 38)
            draw.ellipse((x - r, y - r, x + r, y + r + 40), fill=(8, 4, 10, 255))
    picture = PILImage.alpha_composite(picture, stage)
    return _jpeg(picture)


def _stored(title, description, filename, draw):
    Image = get_image_model()
    image = Image.objects.filter(title=title).order_by("pk").first()
    if image is not None:
        return image, 0
    image = Image(
        title=title, description=description, file=ImageFile(draw(), name=filename)
    )
    image._set_image_file_metadata()
    image.save()
    return image, 1


def genre_posters():
    """{genre slug: [two posters]} and the number created."""
    posters, created = {}, 0
    for genre, (_motif, palettes) in GENRE_MOTIFS.items():
        for variant, palette in enumerate(palettes):
            image, made = _stored(
                f"Plakat {genre} {variant + 1}",
                poster_description(genre, palette),
                f"plakat-{genre}-{variant + 1}.jpg",
                lambda genre=genre, variant=variant: draw_genre_poster(genre, variant),
            )
            posters.setdefault(genre, []).append(image)
            created += made
    return posters, created


# The hero's <picture> (home/home_page.html), made when seeding rather than
# by the first visitor (AVIF is slow to encode).
HERO_SPECS = [
    f"format-{kind}|fill-{size}"
    for kind in ("avif", "webp", "jpeg")
    for size in ("800x350", "1600x700")
]


def hero_image():
    """The home page's hero picture and whether it was created."""
    image, created = _stored(
        "Forsidebilde: scenen",
        HERO_DESCRIPTION,
        "forside-scenen.jpg",
        draw_hero,
    )
    image.get_renditions(*HERO_SPECS)
    return image, created
