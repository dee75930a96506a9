"""A field wagtail-localize can translate piece by piece."""

from django.db import models
from wagtail_localize.segments import StringSegmentValue


class PerformanceNotesField(models.JSONField):
    """An event's performance notes as {performance pk: note}. Performances
    (dates, seats) are shared by every language, so their notes cannot be
    translated on the rows themselves: the Norwegian event keeps a copy of
    its performances' notes here, which wagtail-localize offers as one
    string per note in its translation editor, and the translated event
    keeps the translated notes here (``get_translatable_segments`` and
    ``restore_translated_segments`` are wagtail-localize's hooks for a
    field of its own kind)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def get_translatable_segments(self, value):
        return [
            StringSegmentValue(str(key), note)
            for key, note in sorted((value or {}).items(), key=_by_number)
            if note
        ]

    def restore_translated_segments(self, value, segments):
        return {segment.path: segment.render_text() for segment in segments}


def _by_number(item):
    key = item[0]
    return (0, int(key)) if str(key).isdigit() else (1, str(key))
