"""Uploaded images lose their EXIF metadata (the GPS position above all)
but keep their orientation."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from privacy.images import ORIENTATION, strip_metadata

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
MAKE = 0x010F


def jpeg_with_gps(orientation=6):
    """A small JPEG as a phone takes it: camera make, orientation, and where
    it was taken (Oslo)."""
    image = PILImage.new("RGB", (40, 20), (200, 30, 30))
    exif = PILImage.Exif()
    exif[MAKE] = "Phone"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {
        1: "N",
        2: (59.0, 54.0, 50.0),
        3: "E",
        4: (10.0, 45.0, 8.0),
    }
    data = io.BytesIO()
    image.save(data, "JPEG", exif=exif.tobytes(), quality=90)
    return data.getvalue()


def exif_of(data):
    return PILImage.open(io.BytesIO(data)).getexif()


def test_the_test_image_does_carry_a_position():
    exif = exif_of(jpeg_with_gps())
    assert exif.get_ifd(GPS_IFD)
    assert exif[MAKE] == "Phone"


def test_stripping_keeps_only_the_orientation():
    cleaned = strip_metadata(jpeg_with_gps(orientation=6))
    exif = exif_of(cleaned)
    assert not exif.get_ifd(GPS_IFD)
    assert MAKE not in exif
    assert dict(exif) == {ORIENTATION: 6}
    assert PILImage.open(io.BytesIO(cleaned)).size == (40, 20)


def test_an_image_without_metadata_is_left_as_it_is():
    data = io.BytesIO()
    PILImage.new("RGB", (10, 10)).save(data, "PNG")
    assert strip_metadata(data.getvalue()) is None


def test_what_is_not_an_image_is_left_alone():
    assert strip_metadata(b"not an image at all") is None


def test_a_saved_wagtail_image_has_no_position(db):
    Image = get_image_model()
    image = Image(
        title="Fra konserten",
        file=SimpleUploadedFile("konsert.jpg", jpeg_with_gps(), "image/jpeg"),
    )
    image._set_image_file_metadata()
    image.save()
    image.refresh_from_db()
    with image.open_file() as stored:
        data = stored.read()
    assert not exif_of(data).get_ifd(GPS_IFD)
    assert exif_of(data)[ORIENTATION] == 6
    assert image.file_size == len(data)


def test_an_upload_through_the_admin_has_no_position(client, db):
    editor = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(editor)
    response = client.post(
        "/admin/images/multiple/add/",
        {
            "files[]": SimpleUploadedFile("mobil.jpg", jpeg_with_gps(), "image/jpeg"),
        },
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200, response.content[:500]
    image = get_image_model().objects.get()
    with image.open_file() as stored:
        data = stored.read()
    assert not exif_of(data).get_ifd(GPS_IFD)
    assert exif_of(data)[ORIENTATION] == 6
    assert image.file_size == len(data)
