"""No model with personal data names the person in its label. Wagtail's
log entries (``wagtailcore_modellogentry.label``) and admin messages store
``str(instance)`` when an editor creates, edits or deletes something, and
keep it after the row itself is gone; a label with an address or a name in it
would outlive every erasure."""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from privacy import registry

OUR_APPS = {
    "accounts",
    "comments",
    "events",
    "home",
    "newsletter",
    "privacy",
    "tickets",
}
BIRTH_DATE = datetime.date(1987, 6, 5)
IP_ADDRESS = "203.0.113.77"


def declared_fields(model):
    """Every field any kind declares for ``model`` or a model it inherits
    from (a comment's address is declared on django_comments' model)."""
    lineage = {model, *model._meta.get_parent_list()}
    return sorted(
        {
            name
            for kind in registry.kinds()
            for declared_model, names in kind.fields.items()
            if declared_model in lineage
            for name in names
        }
    )


def our_personal_models():
    return sorted(
        {
            model
            for kind in registry.kinds()
            for model in kind.fields
            if model._meta.app_label in OUR_APPS
        }
        | {
            child
            for kind in registry.kinds()
            for parent in kind.fields
            for child in apps.get_models()
            if child._meta.app_label in OUR_APPS
            and parent in child._meta.get_parent_list()
        },
        key=lambda model: model._meta.label,
    )


def identifiable_user():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return user_model(
        pk=4242,
        email="kari.label@example.org",
        first_name="Kari",
        last_name="Labelsen",
    )


def identifiable_instance(model):
    """An instance of ``model`` as a person would leave it: every declared
    field filled with a value that is unmistakably theirs. Returns the
    instance and the values that must not show in its label."""
    user = identifiable_user()
    identifiers = {user.email, user.first_name, user.last_name}
    instance = model(pk=4243)
    for name in declared_fields(model):
        field = model._meta.get_field(name)
        if field.many_to_many or field.auto_created:
            continue
        if field.is_relation:
            if field.related_model is type(user):
                setattr(instance, field.name, user)
            continue
        if isinstance(field, models.EmailField):
            value = f"{name.replace('_', '.')}.label@example.org"
        elif isinstance(field, models.GenericIPAddressField):
            value = IP_ADDRESS
        elif isinstance(field, models.DateTimeField):
            continue  # when something happened says who nobody is
        elif isinstance(field, models.DateField):
            value = BIRTH_DATE
            identifiers |= {BIRTH_DATE.isoformat(), f"{BIRTH_DATE:%d.%m.%Y}"}
            setattr(instance, field.attname, value)
            continue
        elif isinstance(field, models.JSONField):
            value = {"written": f"Labelsen-{name}-json"}
            identifiers.add(value["written"])
            setattr(instance, field.attname, value)
            continue
        elif isinstance(field, models.CharField | models.TextField):
            value = f"Labelsen-{name}"
        else:
            continue
        setattr(instance, field.attname, value)
        identifiers.add(value)
    # Related rows that are not the person (a notice's policy version, a
    # delivery's issue): present, so a label may name them.
    for field in model._meta.concrete_fields:
        if (
            field.many_to_one
            and field.related_model is not type(user)
            and getattr(instance, field.attname) is None
        ):
            setattr(instance, field.name, field.related_model(pk=4244))
    return instance, identifiers


def test_the_models_checked_include_those_editors_manage_in_the_admin():
    labels = {model._meta.label for model in our_personal_models()}
    assert {
        "accounts.User",
        "accounts.Profile",
        "comments.Comment",
        "newsletter.Subscriber",
        "tickets.Order",
        "privacy.RightsRequest",
    } <= labels


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", our_personal_models(), ids=lambda model: model._meta.label
)
def test_a_label_names_no_one(model):
    instance, identifiers = identifiable_instance(model)
    label = str(instance)
    shown = sorted(value for value in identifiers if value.lower() in label.lower())
    assert not shown, f"str({model._meta.label}) = {label!r} shows {shown}"
