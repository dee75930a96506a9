"""Every field that looks personal is covered by a registered kind of
personal data, or declared not personal with a reason.

The heuristic, field by field, over every concrete field of every installed
model (``apps.get_models(include_auto_created=True)``, proxies skipped; a
field belongs to the model that defines it, so ``Page.owner`` is checked
once, on ``wagtailcore.Page``):

- a link to a person: a foreign key or one-to-one to ``AUTH_USER_MODEL``, and
  a many-to-many to it or on it (``User.groups``: which groups a person is
  in; its auto-created join table is checked as that field);
- by type: ``EmailField``, ``GenericIPAddressField``;
- by name (see ``PERSONAL_NAME``): email, a person's name (``name``,
  ``first_name``, ``username``, ``author``, ...), phone/mobile, address
  parts (street, postal code, zip, city), ip, user agent, birth date. Names
  that say what thing they name (``site_name``, ``file_name``...;
  ``TECHNICAL_NAMES``) are not a person's;
- free text in our apps: every ``TextField`` and ``JSONField`` (rich text
  included), because whether visitors write it cannot be seen from the model;
- every text column of a third-party app (Wagtail's log entries, form
  submissions and search queries, allauth, axes, sessions, django-tasks'
  results, comments-xtd...): each ``CharField``, ``TextField``,
  ``JSONField`` and ``BinaryField`` without fixed choices. What a library
  writes there (a log entry's label made from ``str(instance)``, a typed
  search, a stored form) is out of our sight, so each is declared: covered
  by a kind, or ``not_personal`` with the reason.

A field is covered when it is in some registered kind's ``fields``, and
declared when ``privacy.registry.not_personal`` names it. Anything else fails
the test, listed as ``app_label.Model.field``.
"""

import re
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from privacy import registry

PERSONAL_NAME = re.compile(
    r"""
    e_?mail
    | (?:^|_)(?:first|last|full|middle|given|family|display|nick|sur|user)?_?name(?:$|_)
    | (?:^|_)author(?:$|_)
    | phone | mobile | (?:^|_)tel(?:$|_)
    | address | street | postal | (?:^|_)zip(?:$|_) | (?:^|_)city(?:$|_)
    | (?:^|_)ip(?:$|_)
    | user_?agent
    | birth | (?:^|_)dob(?:$|_)
    """,
    re.VERBOSE,
)
TECHNICAL_NAMES = {
    "site_name",
    "file_name",
    "app_name",
    "model_name",
    "class_name",
    "template_name",
    "queue_name",
    "backend_name",
    "task_name",
    "field_name",
}
FREE_TEXT = (models.TextField, models.JSONField)
THIRD_PARTY_TEXT = (
    models.CharField,
    models.TextField,
    models.JSONField,
    models.BinaryField,
)


def is_third_party(model):
    """Whether ``model`` comes from an installed library rather than from
    this repository's apps."""
    path = Path(model._meta.app_config.path).resolve()
    base = Path(settings.BASE_DIR).resolve()
    return base not in path.parents or "site-packages" in path.parts


def looks_personal(model, field) -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if field.many_to_many:
        return model is user_model or field.related_model is user_model
    if field.is_relation:
        return field.related_model is user_model
    if isinstance(field, models.EmailField | models.GenericIPAddressField):
        return True
    if field.name not in TECHNICAL_NAMES and PERSONAL_NAME.search(field.name):
        return True
    if is_third_party(model):
        return (
            isinstance(field, THIRD_PARTY_TEXT)
            and not field.choices
            and field.name not in TECHNICAL_NAMES
        )
    return isinstance(field, FREE_TEXT)


def walked_fields():
    """(model, field) for every field each model defines itself; the join
    tables Django creates for many-to-many fields are walked as those fields."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or model._meta.auto_created:
            continue
        for field in model._meta.local_fields + model._meta.local_many_to_many:
            yield model, field


def field_id(model, name) -> str:
    """``app_label.Model.field`` for a field named on ``model`` or inherited
    by it, attributed to the model that defines it."""
    field = model._meta.get_field(name)
    owner = field.model._meta.concrete_model if field.model else model
    return f"{owner._meta.label}.{field.name}"


def covered_fields() -> set[str]:
    return {
        field_id(model, name)
        for kind in registry.kinds()
        for model, names in kind.fields.items()
        for name in names
    }


def declared_fields() -> set[str]:
    return {field_id(model, name) for model, name in registry.not_personal_fields()}


def describe_missing(missing) -> str:
    by_app = defaultdict(list)
    for name in sorted(missing):
        by_app[name.split(".", 1)[0]].append(name)
    lines = [
        f"{len(missing)} field(s) look personal but no registered kind covers "
        "them and none is declared not personal. Cover each in a PersonalData "
        "subclass's `fields` (the app's personal_data.py) or declare it with "
        "privacy.registry.not_personal(model, [fields], reason):"
    ]
    for app_label, names in sorted(by_app.items()):
        lines.append(f"  {app_label}:")
        lines.extend(f"    {name}" for name in names)
    return "\n".join(lines)


def test_every_personal_looking_field_is_covered_or_declared():
    accounted = covered_fields() | declared_fields()
    missing = {
        f"{model._meta.label}.{field.name}"
        for model, field in walked_fields()
        if looks_personal(model, field)
    } - accounted
    assert not missing, describe_missing(missing)


def test_every_covered_or_declared_field_exists():
    """A typo in ``fields`` or ``not_personal`` would cover nothing."""
    wrong = []
    pairs = [
        (kind.key, model, name)
        for kind in registry.kinds()
        for model, names in kind.fields.items()
        for name in names
    ] + [
        ("not_personal", model, name) for model, name in registry.not_personal_fields()
    ]
    for source, model, name in pairs:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            wrong.append(f"{source}: {model._meta.label}.{name}")
    assert not wrong, "No such field:\n" + "\n".join(wrong)


def test_every_not_personal_declaration_gives_a_reason():
    assert all(
        str(reason).strip() for reason in registry.not_personal_fields().values()
    )


def test_every_kind_states_label_purpose_basis_and_retention():
    incomplete = [
        kind.key
        for kind in registry.kinds()
        if not all(
            str(text).strip()
            for text in (kind.label, kind.purpose, kind.legal_basis, kind.retention)
        )
    ]
    assert not incomplete


def test_the_heuristic_flags_what_it_should():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    hall = apps.get_model("events", "Hall")
    flagged = {
        field.name
        for field in user_model._meta.local_fields
        if looks_personal(user_model, field)
    }
    assert {"email", "first_name", "last_name"} <= flagged
    assert looks_personal(hall, hall._meta.get_field("name"))
    assert not looks_personal(hall, hall._meta.get_field("capacity"))
    for name, expected in [
        ("street_address", True),
        ("ip_address", True),
        ("user_agent", True),
        ("birth_date", True),
        ("phone_number", True),
        ("username", True),
        ("filename", False),
        ("site_name", False),
        ("hostname", False),
        ("recipient_count", False),
        ("description", False),
    ]:
        field = models.CharField(max_length=10)
        field.name = name
        assert looks_personal(hall, field) is expected, name


def test_third_party_text_columns_are_walked_too():
    """What a library writes (a log entry's label, a typed search, a stored
    form, a session) is out of our sight, so each of its text columns must be
    accounted for; columns with fixed choices cannot hold a person's text."""
    log_entry = apps.get_model("wagtailcore", "ModelLogEntry")
    query = apps.get_model("wagtailsearchpromotions", "Query")
    submission = apps.get_model("wagtailforms", "FormSubmission")
    session = apps.get_model("sessions", "Session")
    attempt = apps.get_model("axes", "AccessAttempt")
    task_result = apps.get_model("django_tasks_database", "DBTaskResult")
    for model, name in [
        (log_entry, "label"),
        (log_entry, "data"),
        (query, "query_string"),
        (submission, "form_data"),
        (session, "session_data"),
        (attempt, "post_data"),
        (task_result, "args_kwargs"),
    ]:
        assert looks_personal(model, model._meta.get_field(name)), name
    assert not looks_personal(task_result, task_result._meta.get_field("status"))
    assert not looks_personal(task_result, task_result._meta.get_field("queue_name"))


def test_the_search_index_holds_no_field_a_kind_covers():
    """Wagtail's search index copies the indexed fields of pages, documents
    and images (declared not personal for that reason): none of them may be
    a field holding personal data."""
    from wagtail.search import index

    covered = covered_fields()
    indexed = {
        field_id(model, search_field.field_name)
        for model in apps.get_models()
        if issubclass(model, index.Indexed)
        for search_field in model.get_search_fields()
        if isinstance(search_field, index.SearchField | index.AutocompleteField)
        and _is_model_field(model, search_field.field_name)
    }
    assert "wagtailcore.Page.title" in indexed
    assert not indexed & covered


def _is_model_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
