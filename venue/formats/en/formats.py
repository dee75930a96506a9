"""English, accepting the Norwegian way of writing dates as well.

The Wagtail admin shows dates as 05.04.2027 20:00 (``WAGTAIL_DATETIME_FORMAT``)
whatever the editor's language, so an editor who reads the admin in English
must be able to save them as shown. Dates read the British way, as the
site's English pages do: 7 December 2026, 19:30."""

from django.conf.locale.en import formats as _english
from django.conf.locale.en.formats import *  # noqa: F403

DATE_INPUT_FORMATS = ["%d.%m.%Y", *_english.DATE_INPUT_FORMATS]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    *_english.DATETIME_INPUT_FORMATS,
]

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
