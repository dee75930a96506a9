"""Factories for the test suite. Pages are created under a parent with
``parent=...`` (wagtail-factories calls ``add_child``)."""

import datetime
import itertools

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from events.models import EventIndexPage, EventPage, Genre, Hall, Performance
from home.models import ArticleIndexPage, ArticlePage, StandardPage

_clock = itertools.count()


class UserFactory(DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Kari"
    last_name = "Nordmann"
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    class Meta:
        model = User
        skip_postgeneration_save = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Bilde {n}")
    description = factory.Sequence(lambda n: f"Fotografi nummer {n} fra scenen")


class HallFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Sal {n}")
    capacity = 300

    class Meta:
        model = Hall


class GenreFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Sjanger {n}")
    slug = factory.Sequence(lambda n: f"sjanger-{n}")

    class Meta:
        model = Genre


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Side {n}")

    class Meta:
        model = StandardPage


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Aktuelt"
    slug = "aktuelt"

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Nyhet {n}")
    date = factory.LazyFunction(lambda: timezone.localdate())
    lead = "Et kort sammendrag av nyheten."

    class Meta:
        model = ArticlePage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Program"
    slug = "arrangementer"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Forestilling {n}")
    lead = "En kveld du ikke vil gå glipp av."
    duration_minutes = 90

    class Meta:
        model = EventPage


class PerformanceFactory(DjangoModelFactory):
    event = factory.SubFactory(EventPageFactory)
    hall = factory.SubFactory(HallFactory)
    start = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=7, minutes=next(_clock))
    )

    class Meta:
        model = Performance
