"""Wagtail's log entries (the history editors see in the admin) that mention
a person, and their redaction.

Wagtail writes a log entry for every create, edit and delete in the admin,
labelled with ``str(instance)`` at that moment and sometimes with JSON data,
and keeps it after the object is gone. Our models' labels name nobody
(tests/privacy/test_labels.py), but entries written before they did, and
entries of third-party models, may hold an address or a name. This module
finds the entries about a subject, by what they say (addresses, names and
phone numbers the registry's kinds hold for the subject) and by what they are
about (the content type and id of the subject's own rows), and redacts them:
the row and its action stay, as the record of what editors did; the text
that identifies the person goes.

The privacy app's ``privacy.admin_log`` kind (personal_data.py) exports and
erases through these functions; the retention rule of the same key deletes
entries past their time (retention_rules.py)."""

import json
import re

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry, PageLogEntry

from . import registry

LOG_MODELS = (ModelLogEntry, PageLogEntry)
REDACTED = "[redacted]"
# Fields whose values name or reach a person, among the fields the kinds
# declare: compared with log entries. Street names and cities are left out:
# "Oslo" in a page title is not a trace of anyone.
IDENTIFYING_FIELD = re.compile(r"e_?mail|name|phone|mobile")
# Shorter values (a first name alone, "Ola") would match other people's
# entries too.
MIN_LENGTH = 5


def identifiers(subject, *, exclude=()) -> set[str]:
    """The strings that identify the subject in free text: their addresses,
    their account's full name, and the names, addresses and phone numbers
    the registered kinds hold for them (a subscription's name, an order's
    buyer). Lower case."""
    values = set(subject.emails)
    if subject.user is not None:
        values.add(subject.user.get_full_name())
        values.add(getattr(subject.user, "email", "") or "")
    for kind, rows in _kinds_rows(subject, exclude):
        names = [
            name
            for name in kind.fields.get(rows.model, [])
            if _is_identifying(rows.model, name)
        ]
        if names:
            for row in rows.order_by().values_list(*names).distinct():
                values.update(str(value) for value in row if value)
    return {
        value.strip().lower() for value in values if len(value.strip()) >= MIN_LENGTH
    }


def _is_identifying(model, name) -> bool:
    field = model._meta.get_field(name)
    return (
        isinstance(field, models.CharField | models.EmailField)
        and not field.choices
        and bool(IDENTIFYING_FIELD.search(name))
    )


def _kinds_rows(subject, exclude):
    """(kind, queryset) for every other kind whose rows are a queryset (kinds
    that yield something else, editor activity, are about what a person
    did, not about them)."""
    for kind in registry.kinds():
        if kind.key in exclude:
            continue
        rows = kind.rows(subject)
        if isinstance(rows, models.QuerySet):
            yield kind, rows


def _about_subject_q(subject, exclude) -> models.Q:
    """Model log entries about one of the subject's own rows: the content
    type and id of every row the other kinds find for them (as subqueries,
    so nothing is loaded however many rows they have)."""
    query = models.Q(pk__in=[])
    for _kind, rows in _kinds_rows(subject, exclude):
        content_types = {
            ContentType.objects.get_for_model(rows.model),
            ContentType.objects.get_for_model(rows.model, for_concrete_model=False),
        }
        ids = rows.order_by().annotate(_log_id=Cast("pk", models.CharField()))
        query |= models.Q(
            content_type__in=content_types,
            object_id__in=ids.values("_log_id"),
        )
    return query


def _mentions_q(values) -> models.Q:
    """Entries whose label or data contain one of ``values``. SQLite folds
    the case of ASCII letters only ("SØREIDE" is not "søreide" to it), so the
    usual spellings of each value are asked for too, and JSON data is stored
    there with non-ASCII letters escaped."""
    query = models.Q(pk__in=[])
    for value in values:
        for spelling in {value, value.upper(), value.title(), value.capitalize()}:
            query |= models.Q(label__icontains=spelling)
            for text in {spelling, json.dumps(spelling)[1:-1]}:
                query |= models.Q(_data_text__icontains=text)
    return query


def entries(subject, *, exclude=()) -> list:
    """The log entries that mention the subject or are about their rows,
    oldest first, each with ``about_subject`` set (True when it is about one
    of their rows)."""
    values = identifiers(subject, exclude=exclude)
    mentions = _mentions_q(values)
    found = []
    for model in LOG_MODELS:
        texts = model.objects.annotate(
            _data_text=Cast("data", models.TextField())
        ).filter(mentions)
        about = (
            model.objects.filter(_about_subject_q(subject, exclude))
            if model is ModelLogEntry
            else model.objects.none()
        )
        about_ids = set(about.values_list("pk", flat=True))
        rows = model.objects.filter(
            models.Q(pk__in=texts.values("pk")) | models.Q(pk__in=about_ids)
        ).order_by("timestamp", "pk")
        pattern = mention_pattern(values)
        for entry in rows:
            entry.about_subject = entry.pk in about_ids
            entry.identifiers = pattern
            # The database matched substrings ("ola@example.org" inside
            # "kola@example.org"); only whole mentions count.
            if entry.about_subject or _mentions(entry.label, pattern):
                found.append(entry)
            elif redact_data(entry.data, pattern) != entry.data:
                found.append(entry)
    return found


def mention_pattern(values):
    """One case-insensitive pattern matching any of ``values`` as a whole:
    not inside a longer address or word. None when there are no values."""
    if not values:
        return None
    alternatives = "|".join(
        re.escape(value) for value in sorted(values, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w.+-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def neutral_label(entry) -> str:
    """What the entry is about without who: "Subscriber #12"."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    name = capfirst(model._meta.verbose_name) if model else gettext("Item")
    object_id = entry.page_id if isinstance(entry, PageLogEntry) else entry.object_id
    return f"{name} #{object_id}"


def _mentions(text, pattern) -> bool:
    return pattern is not None and bool(pattern.search(text))


def redact_data(value, pattern):
    """``value`` (JSON data) with every string that mentions the subject
    (``pattern``, from :func:`mention_pattern`) replaced; keys and
    everything else kept."""
    if isinstance(value, dict):
        return {key: redact_data(item, pattern) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_data(item, pattern) for item in value]
    if isinstance(value, str) and _mentions(value, pattern):
        return REDACTED
    return value


def redact(found) -> int:
    """Redact ``found`` (from :func:`entries`) in place in the database;
    returns how many entries changed. Updated by queryset: a log entry's own
    ``save()`` validates its action against Wagtail's registry, which an
    entry written by an uninstalled app would fail."""
    changed = 0
    for entry in found:
        pattern = entry.identifiers
        label = entry.label
        if entry.about_subject or _mentions(label, pattern):
            label = neutral_label(entry)
        data = redact_data(entry.data, pattern)
        if label != entry.label or data != entry.data:
            type(entry).objects.filter(pk=entry.pk).update(label=label, data=data)
            changed += 1
    return changed
