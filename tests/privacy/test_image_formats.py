"""Every format Wagtail accepts loses its metadata when an image is stored:
a photo's GPS position (EXIF, XMP) or a GIF's comment is not in the
original that the site serves."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.utils import get_allowed_image_extensions

from privacy.images import ORIENTATION

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
MAKE = 0x010F
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'exif:GPSLatitude="59,54.8333N" exif:GPSLongitude="10,45.1333E"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
# What must not be in the stored file's bytes (the XMP position, a GIF
# comment naming the place).
TRACES = (b"GPSLatitude", b"59,54.8333N", b"Bygdoy")


def exif_with_gps():
    exif = PILImage.Exif()
    exif[MAKE] = "Phone"
    exif[ORIENTATION] = 6
    exif[GPS_IFD] = {1: "N", 2: (59.0, 54.0, 50.0), 3: "E", 4: (10.0, 45.0, 8.0)}
    return exif.tobytes()


def photo():
    return PILImage.new("RGB", (40, 20), (200, 30, 30))


def saved(image_format, **options):
    data = io.BytesIO()
    photo().save(data, image_format, **options)
    return data.getvalue()


def gif_with_comment_and_xmp():
    """A GIF with a comment extension and XMP in an application extension,
    as image editors write them."""
    frames = [PILImage.new("RGB", (10, 10), colour) for colour in ("red", "blue")]
    data = io.BytesIO()
    frames[0].save(
        data,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=120,
        loop=0,
        comment=b"Bygdoy, 59.9N 10.7E",
    )
    gif = data.getvalue()
    packed = gif[10]
    colour_table = 3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0
    at = 13 + colour_table
    # XMP's "magic trailer" ends the extension's data (XMP spec, part 3).
    xmp = b"\x21\xff\x0bXMP DataXMP" + XMP + bytes([1, *range(255, -1, -1)]) + b"\0"
    return gif[:at] + xmp + gif[at:]


def mpo_with_gps():
    """A phone's JPEG with a second frame (Pillow reads these as MPO)."""
    data = io.BytesIO()
    photo().save(
        data, "MPO", save_all=True, append_images=[photo()], exif=exif_with_gps()
    )
    return data.getvalue()


def heic_with_gps():
    from pillow_heif import register_heif_opener

    register_heif_opener()
    return saved("HEIF", exif=exif_with_gps(), xmp=XMP)


FILES = {
    "jpg": lambda: saved("JPEG", exif=exif_with_gps(), xmp=XMP),
    "png": lambda: saved("PNG", exif=exif_with_gps()),
    "webp": lambda: saved("WEBP", exif=exif_with_gps(), xmp=XMP),
    "avif": lambda: saved("AVIF", exif=exif_with_gps(), xmp=XMP),
    "gif": gif_with_comment_and_xmp,
    "heic": heic_with_gps,
    "mpo.jpg": mpo_with_gps,
}
FORMATS = {
    "jpg": "JPEG",
    "png": "PNG",
    "webp": "WEBP",
    "avif": "AVIF",
    "gif": "GIF",
    "heic": "HEIF",
    "mpo.jpg": "JPEG",
}


def store(name, data):
    image = get_image_model()(
        title="Fra konserten", file=SimpleUploadedFile(name, data, "image/*")
    )
    image._set_image_file_metadata()
    image.save()
    image.refresh_from_db()
    with image.open_file() as stored:
        return image, stored.read()


def test_every_format_wagtail_accepts_is_tested(settings):
    settings.WAGTAILIMAGES_EXTENSIONS = [*get_allowed_image_extensions(), "heic"]
    accepted = {
        "jpg" if ext == "jpeg" else ext for ext in get_allowed_image_extensions()
    }
    assert accepted <= set(FILES)


@pytest.mark.parametrize("extension", sorted(FILES))
def test_the_test_file_does_carry_a_position(extension):
    data = FILES[extension]()
    opened = PILImage.open(io.BytesIO(data))
    has_gps = bool(opened.getexif().get_ifd(GPS_IFD))
    assert has_gps or any(trace in data for trace in TRACES)


@pytest.mark.parametrize("extension", sorted(FILES))
def test_the_stored_original_carries_no_position(extension):
    data = FILES[extension]()
    image, stored = store(f"foto.{extension}", data)
    opened = PILImage.open(io.BytesIO(stored))
    assert opened.format == FORMATS[extension]
    assert opened.size == PILImage.open(io.BytesIO(data)).size
    exif = opened.getexif()
    assert not exif.get_ifd(GPS_IFD)
    assert MAKE not in exif
    assert [trace for trace in TRACES if trace in stored] == []
    assert image.file_size == len(stored)


def test_an_animated_gif_keeps_its_frames_and_timing():
    _image, stored = store("anim.gif", gif_with_comment_and_xmp())
    opened = PILImage.open(io.BytesIO(stored))
    assert opened.n_frames == 2
    assert opened.info["duration"] == 120
    assert "comment" not in opened.info


@pytest.mark.parametrize("extension", ["jpg", "webp", "avif", "heic"])
def test_the_orientation_stays(extension):
    _image, stored = store(f"foto.{extension}", FILES[extension]())
    opened = PILImage.open(io.BytesIO(stored))
    orientation = opened.getexif().get(ORIENTATION)
    # pillow-heif turns the photo itself and drops the tag.
    turned = opened.size == (20, 40)
    assert orientation == 6 or turned
