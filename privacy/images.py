"""Uploaded images lose their metadata (EXIF with the GPS position, XMP,
IPTC, comments) before they are stored, keeping only the orientation so
that they still show the right way up. Visitors could otherwise download
an original and read where a photo was taken."""

import io
import logging

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

logger = logging.getLogger(__name__)

ORIENTATION = 0x0112
# Formats Pillow writes back without losing what matters; others are kept.
WRITABLE = {"JPEG", "PNG", "WEBP"}


def strip_metadata(data: bytes) -> bytes | None:
    """``data`` without metadata but its orientation, or None when it holds
    none (or is not an image Pillow can rewrite): nothing to do."""
    try:
        image = PILImage.open(io.BytesIO(data))
        image_format = image.format
        if image_format not in WRITABLE:
            return None
        exif = image.getexif()
        orientation = exif.get(ORIENTATION)
        metadata_keys = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"}
        has_text = image_format == "PNG" and any(
            isinstance(value, str) for value in image.info.values()
        )
        if not (
            set(exif) - {ORIENTATION} or metadata_keys & set(image.info) or has_text
        ):
            return None
        kept = PILImage.Exif()
        if orientation:
            kept[ORIENTATION] = orientation
        options = {"exif": kept.tobytes()} if orientation else {}
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        output = io.BytesIO()
        if image_format == "JPEG":
            # "keep" reuses the original quantisation: no visible loss.
            image.save(output, "JPEG", quality="keep", xmp=b"", **options)
        elif image_format == "WEBP":
            image.save(
                output,
                "WEBP",
                lossless=image.info.get("lossless", False),
                quality=90,
                xmp=b"",
                **options,
            )
        else:
            image.save(output, "PNG", **options)
        return output.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        logger.warning("Could not strip an image's metadata: %s", error)
        return None


def strip_metadata_before_save(image) -> bool:
    """For a Wagtail image about to be saved with a new file: replace the
    file with one without metadata and update its size and hash. Returns
    whether anything was removed."""
    field_file = image.file
    if not field_file:
        return False
    committed = getattr(field_file, "_committed", True)
    if committed and image.pk is not None:
        stored = type(image).objects.filter(pk=image.pk).values_list("file", flat=True)
        if stored.first() == field_file.name:
            return False  # the file is not new
    field_file.open("rb")
    field_file.seek(0)
    data = field_file.read()
    cleaned = strip_metadata(data)
    if cleaned is None:
        field_file.seek(0)
        return False
    if committed:
        # Already in storage (Wagtail's multiple upload saves it first).
        storage, name = field_file.storage, field_file.name
        field_file.close()
        storage.delete(name)
        field_file.name = storage.save(name, ContentFile(cleaned))
    else:
        original_name = field_file.name
        image.file = ContentFile(cleaned, name=original_name)
    image._set_image_file_metadata()
    return True
