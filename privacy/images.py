"""Uploaded images lose their metadata (EXIF with the GPS position, XMP,
IPTC, comments) before they are stored, in every format Wagtail accepts,
keeping only the orientation so that they still show the right way up.
Visitors could otherwise download an original and read where a photo was
taken."""

import io
import logging
import re

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import JpegImagePlugin, UnidentifiedImageError

logger = logging.getLogger(__name__)

ORIENTATION = 0x0112
# Every format Wagtail accepts (WAGTAILIMAGES_EXTENSIONS: AVIF, GIF, JPEG,
# PNG, WebP, and HEIC where enabled; Willow registers pillow-heif's
# opener), and MPO, which is how Pillow opens many phones' JPEGs. Others
# are kept as they are: Wagtail refuses them anyway.
WRITABLE = {"AVIF", "GIF", "HEIF", "JPEG", "MPO", "PNG", "WEBP"}
METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"}
# A GIF's comment extension, or an application extension other than the
# two that only say how an animation loops (XMP travels in one).
GIF_METADATA = re.compile(rb"\x21\xfe|\x21\xff\x0b(?!NETSCAPE2\.0|ANIMEXTS1\.0)")
# Quality of a lossy format written again (AVIF, HEIC): high enough that no
# one sees the difference on a web page.
REENCODE_QUALITY = 90


def _has_metadata(image, data: bytes) -> bool:
    exif = image.getexif()
    if set(exif) - {ORIENTATION}:
        return True
    if METADATA_KEYS & {key for key, value in image.info.items() if value}:
        return True
    if image.format == "PNG":
        return any(isinstance(value, str) for value in image.info.values())
    if image.format == "GIF":
        return bool(GIF_METADATA.search(data))
    return image.format == "HEIF" and bool(image.info.get("metadata"))


def _save(image, output, options):
    """Write ``image`` in its own format with only ``options`` (orientation
    and colour profile) as metadata."""
    image_format = image.format
    if image_format == "JPEG":
        # "keep" reuses the original quantisation: no visible loss.
        image.save(output, "JPEG", quality="keep", xmp=b"", **options)
    elif image_format == "MPO":
        # The same as "keep" (which Pillow allows for JPEG only), as a plain
        # JPEG: the extra frames (depth maps, previews) go with the metadata.
        image.save(
            output,
            "JPEG",
            qtables=image.quantization,
            subsampling=JpegImagePlugin.get_sampling(image),
            xmp=b"",
            **options,
        )
    elif image_format == "WEBP":
        image.save(
            output,
            "WEBP",
            lossless=image.info.get("lossless", False),
            quality=REENCODE_QUALITY,
            xmp=b"",
            **options,
        )
    elif image_format == "AVIF":
        image.save(output, "AVIF", quality=REENCODE_QUALITY, xmp=b"", **options)
    elif image_format == "HEIF":
        image.save(output, "HEIF", quality=REENCODE_QUALITY, xmp=None, **options)
    elif image_format == "GIF":
        # Every frame, with its timing; no comment, no other extensions.
        image.save(output, "GIF", save_all=True, comment=b"")
    else:
        image.save(output, "PNG", **options)


def strip_metadata(data: bytes) -> bytes | None:
    """``data`` without metadata but its orientation, or None when it holds
    none (or is not an image Pillow can rewrite): nothing to do."""
    try:
        image = PILImage.open(io.BytesIO(data))
        if image.format not in WRITABLE or not _has_metadata(image, data):
            return None
        orientation = image.getexif().get(ORIENTATION)
        kept = PILImage.Exif()
        if orientation:
            kept[ORIENTATION] = orientation
        options = {"exif": kept.tobytes()} if orientation else {}
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        output = io.BytesIO()
        _save(image, output, options)
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
