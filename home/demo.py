"""Demo content for a fresh site, found by discovery so that ``home`` never
imports the apps above it.

An app with demo content has a ``demo_content.py`` with one function
decorated with :func:`register`::

    @register
    def seed(stdout, style, **options):
        ...
        return {"halls": 3}

``manage.py seed_demo`` calls :func:`autodiscover` and then every seeder in
INSTALLED_APPS order (``home`` first), each in its own transaction. A seeder
receives the command's ``stdout`` and ``style`` and its options as keywords
(take what you need, accept ``**options`` for the rest), and returns how many
objects of each kind it created, ``{"label": count}``. It must be idempotent:
it looks objects up before creating them and leaves alone what exists.

The helpers below are shared by the seeders: a home page lookup, page
creation that skips existing slugs, generated poster images and a progress
line."""

import io
import math
import random
from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.files.images import ImageFile
from django.core.management.base import CommandError
from django.utils.module_loading import autodiscover_modules
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Site

from .models import HomePage

MODULE_NAME = "demo_content"

_seeders: list[Callable] = []


def register(seeder):
    """Add ``seeder`` to the seeders ``seed_demo`` runs; returns it unchanged,
    so it works as a decorator."""
    if apps.get_containing_app_config(seeder.__module__) is None:
        raise ImproperlyConfigured(
            f"Demo seeder {seeder.__module__}.{seeder.__qualname__} is not in an "
            "installed app."
        )
    if seeder not in _seeders:
        _seeders.append(seeder)
    return seeder


def autodiscover():
    """Import ``demo_content`` from every installed app, which registers the
    seeders."""
    autodiscover_modules(MODULE_NAME)


def get_seeders():
    """The registered seeders in INSTALLED_APPS order, as
    ``[(app label, seeder), ...]``."""
    position = {config.label: i for i, config in enumerate(apps.get_app_configs())}
    labelled = [
        (apps.get_containing_app_config(seeder.__module__).label, seeder)
        for seeder in _seeders
    ]
    return sorted(labelled, key=lambda item: position[item[0]])


def get_home_page():
    """The default site's home page; demo content hangs below it."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.specific if site else None
    if not isinstance(root, HomePage):
        raise CommandError(
            "The default site has no home page. Run 'manage.py migrate' first."
        )
    return root


NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def slug_for(title):
    """A URL slug from a Norwegian title: 'Bølgen på fjorden' gives
    'bolgen-pa-fjorden' (plain ``slugify`` would drop the ø)."""
    return slugify(title.lower().translate(NORWEGIAN_LETTERS))


def add_page(parent, page):
    """Add ``page`` below ``parent`` and publish it through a revision, as an
    editor would; when ``parent`` already has a child with the same slug,
    return that one instead. Returns ``(page, created)``."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific, False
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def paragraph(*texts):
    """A rich text value of one ``<p>`` per text (texts are our own, trusted
    demo strings that may hold inline markup)."""
    return "".join(f"<p>{text}</p>" for text in texts)


class Progress:
    """Writes ``Events: 12/40`` as work goes on: one line rewritten in place on
    a terminal, a line per quarter elsewhere (logs, tests)."""

    def __init__(self, stdout, label, total):
        self.stdout = stdout
        self.label = label
        self.total = total
        self.done = 0
        self.every = max(1, math.ceil(total / 4))
        self.live = stdout.isatty()

    def step(self):
        self.done += 1
        line = f"{self.label}: {self.done}/{self.total}"
        if self.live:
            ending = "\n" if self.done == self.total else ""
            self.stdout.write(f"\r{line}", ending=ending)
            self.stdout.flush()
        elif self.done % self.every == 0 or self.done == self.total:
            self.stdout.write(line)


# Poster images ------------------------------------------------------------

POSTER_SIZE = (1600, 900)

# name, gradient from, gradient to, colours of the shapes
POSTER_PALETTES = [
    ("skumring", "#2b1055", "#d53369", ["#fbb13c", "#f7f3e3", "#7b2cbf"]),
    ("fjord", "#0b3954", "#087e8b", ["#bfd7ea", "#ff5a5f", "#f2e9e4"]),
    ("nordlys", "#061a40", "#0d7e6b", ["#80ed99", "#c7f9cc", "#c77dff"]),
    ("glod", "#5f0f40", "#fb8b24", ["#fcefb4", "#9a031e", "#e36414"]),
    ("midnatt", "#0d0d1f", "#2c2c6c", ["#e0b84c", "#f4f1de", "#5fa8d3"]),
    ("sommer", "#264653", "#e9c46a", ["#f4a261", "#e76f51", "#fefae0"]),
    ("kirsebaer", "#3c096c", "#ff6d9f", ["#ffd6e0", "#ffc300", "#240046"]),
    ("messing", "#1b1b1b", "#7f5a24", ["#e9c46a", "#f8f4e3", "#c1121f"]),
]

POSTER_NAMES = {
    "skumring": ("Skumring", "lilla og rosa"),
    "fjord": ("Fjord", "blått og turkis"),
    "nordlys": ("Nordlys", "mørkeblått og grønt"),
    "glod": ("Glød", "vinrødt og oransje"),
    "midnatt": ("Midnatt", "nattblått og gull"),
    "sommer": ("Sommernatt", "grønnblått og sand"),
    "kirsebaer": ("Kirsebær", "fiolett og rosa"),
    "messing": ("Messing", "svart og messing"),
}


def _hex(colour, alpha=255):
    colour = colour.lstrip("#")
    return (*(int(colour[i : i + 2], 16) for i in (0, 2, 4)), alpha)


def draw_poster(index):
    """JPEG bytes of poster ``index``: a diagonal gradient with circles, rings,
    a triangle and a row of dots. The same index always gives the same
    picture."""
    name, start, end, shapes = POSTER_PALETTES[index % len(POSTER_PALETTES)]
    rng = random.Random(f"poster-{index}")  # noqa: S311 (pictures, not secrets)
    width, height = POSTER_SIZE

    # The gradient is turned at a quarter of the size and scaled up: it is
    # smooth, so nothing shows, and turning the full size is slow.
    small_width, small_height = width // 4, height // 4
    side = math.ceil(math.hypot(small_width, small_height))
    mask = PILImage.linear_gradient("L").resize((side, side))
    mask = mask.rotate(rng.uniform(20, 70), resample=PILImage.BICUBIC)
    left, top = (side - small_width) // 2, (side - small_height) // 2
    mask = mask.crop((left, top, left + small_width, top + small_height))
    mask = mask.resize(POSTER_SIZE, resample=PILImage.BICUBIC)
    picture = PILImage.composite(
        PILImage.new("RGBA", POSTER_SIZE, _hex(end)),
        PILImage.new("RGBA", POSTER_SIZE, _hex(start)),
        mask,
    )

    layer = PILImage.new("RGBA", POSTER_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    # A large "sun" and a few rings around it.
    cx, cy = rng.randint(900, 1300), rng.randint(250, 650)
    radius = rng.randint(180, 280)
    draw.ellipse(
        (cx - radius, cy - radius, cx + radius, cy + radius),
        fill=_hex(shapes[0], 230),
    )
    for step in range(1, rng.randint(3, 5)):
        ring = radius + step * rng.randint(55, 75)
        draw.ellipse(
            (cx - ring, cy - ring, cx + ring, cy + ring),
            outline=_hex(shapes[1], 150 - step * 25),
            width=rng.randint(6, 14),
        )
    # A tilted triangle on the left.
    tx, ty = rng.randint(150, 450), rng.randint(450, 750)
    size = rng.randint(220, 340)
    draw.polygon(
        [(tx, ty - size), (tx + size, ty + size // 2), (tx - size // 2, ty + size)],
        fill=_hex(shapes[2], 170),
    )
    # A row of small dots along the bottom.
    y = height - rng.randint(70, 110)
    for x in range(80, width - 60, 48):
        draw.ellipse((x, y, x + 14, y + 14), fill=_hex(shapes[1], 200))
    # A bar across the top corner.
    bar_y = rng.randint(60, 140)
    draw.rectangle((0, bar_y, rng.randint(380, 620), bar_y + 26), fill=_hex(shapes[0]))

    if index % 2:
        layer = layer.transpose(PILImage.Transpose.FLIP_LEFT_RIGHT)
    picture = PILImage.alpha_composite(picture, layer).convert("RGB")
    data = io.BytesIO()
    picture.save(data, format="JPEG", quality=85, optimize=True)
    data.seek(0)
    return name, data


def abstract_poster_description(colours):
    return f"Abstrakt plakat i {colours} med sirkler, ringer og en trekant."


def poster_images():
    """The demo posters as Wagtail images, created on first use and found by
    title afterwards. Returns ``(images, number created)``."""
    Image = get_image_model()
    images, created = [], 0
    for index, (key, *_colours) in enumerate(POSTER_PALETTES):
        name, colours = POSTER_NAMES[key]
        title = f"Demoplakat {index + 1}: {name}"
        image = Image.objects.filter(title=title).order_by("pk").first()
        if image is None:
            _name, data = draw_poster(index)
            image = Image(
                title=title,
                description=abstract_poster_description(colours),
                file=ImageFile(data, name=f"demoplakat-{index + 1}-{key}.jpg"),
            )
            image._set_image_file_metadata()
            image.save()
            created += 1
        images.append(image)
    return images, created
