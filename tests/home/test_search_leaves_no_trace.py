"""A search is not recorded: what a visitor types (often a person's name)
is nowhere in the database afterwards, so no erasure or export has to find
it."""

import pytest
from django.apps import apps
from django.db import models

pytestmark = pytest.mark.django_db

TYPED = "Kari Nordmann-Søreide"


def rows_containing(text):
    """``app_label.Model.field`` for every text column of every table that
    holds ``text``."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        for field in model._meta.local_fields:
            if isinstance(field, models.CharField | models.TextField):
                lookup = {f"{field.attname}__icontains": text}
                if model._base_manager.filter(**lookup).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found


def test_a_search_stores_no_trace_of_what_was_typed(client, home_page):
    response = client.get("/sok/", {"q": TYPED})
    assert response.status_code == 200
    assert TYPED in response.content.decode()  # shown back to the visitor
    assert rows_containing(TYPED) == []
    assert rows_containing("Nordmann") == []


def test_search_promotion_tables_stay_empty_after_searches(client, home_page):
    for query in (TYPED, "jazz", "kari@example.org"):
        client.get("/sok/", {"q": query})
    promotions = apps.get_app_config("wagtailsearchpromotions")
    assert {
        model._meta.label: model._base_manager.count()
        for model in promotions.get_models()
    } == {model._meta.label: 0 for model in promotions.get_models()}
