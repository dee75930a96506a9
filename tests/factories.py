"""Factories for the test suite. Pages are created under a parent with
``parent=...`` (wagtail-factories calls ``add_child``)."""

import datetime
import itertools

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from comments.models import Comment
from events.models import EventIndexPage, EventPage, Genre, Hall, Performance
from home.models import ArticleIndexPage, ArticlePage, StandardPage
from newsletter.models import Issue, Subscriber
from tickets.models import Order

_clock = itertools.count()
# Every factory-made user's password.
PASSWORD = "correct horse battery"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


class UserFactory(DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Kari"
    last_name = "Nordmann"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As an upload through the admin does: the file's size and hash are
        # recorded, and the hash is part of Wagtail's rendition cache key.
        # Without it, an image that got the id of one from an earlier test
        # (SQLite reuses ids after a rollback) was shown that one's renditions.
        image = model_class(*args, **kwargs)
        image._set_image_file_metadata()
        image.save()
        return image


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


# People ------------------------------------------------------------------


class EditorFactory(UserFactory):
    """Someone who may do everything in the admin (a superuser)."""

    email = factory.Sequence(lambda n: f"redaktor{n}@example.org")
    is_staff = True
    is_superuser = True


def make_member(email, **fields):
    """A person with an account and a verified, primary address."""
    user = UserFactory(email=email, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


# What people leave: comments, orders, subscriptions -----------------------


class CommentFactory(DjangoModelFactory):
    """A published comment on ``page`` (required), stored directly; a reply
    with ``parent=<comment>`` (the library's save puts it in its thread)."""

    page = None
    parent = None
    content_type_id = factory.LazyAttribute(lambda o: o.page.content_type_id)
    object_pk = factory.LazyAttribute(lambda o: str(o.page.pk))
    site_id = factory.LazyFunction(lambda: settings.SITE_ID)
    author_name = "Ola Hansen"
    user_email = "ola@example.org"
    comment = "En fin kveld."
    submit_date = factory.LazyFunction(timezone.now)
    ip_address = "198.51.100.20"
    user_agent = BROWSER
    status = Comment.Status.PUBLISHED
    is_public = factory.LazyAttribute(lambda o: o.status == Comment.Status.PUBLISHED)
    spam_verdict = Comment.Verdict.HAM
    parent_id = factory.LazyAttribute(lambda o: o.parent.pk if o.parent else 0)

    class Meta:
        model = Comment
        exclude = ("parent",)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        comment = model_class(*args, **kwargs)
        comment.save()
        return comment


class OrderFactory(DjangoModelFactory):
    """A paid order of one ticket; with ``performance=...`` it is for that
    performance, else only the event's title and time are kept (as after the
    performance was deleted)."""

    number = factory.Sequence(lambda n: f"T-{n + 1}")
    access_key = factory.Sequence(lambda n: f"key{n:013d}")
    performance = None
    event_title = factory.LazyAttribute(
        lambda o: o.performance.event.title if o.performance else "Vårkonsert"
    )
    performance_start = factory.LazyAttribute(
        lambda o: o.performance.start if o.performance else timezone.now()
    )
    name = "Kari Nordmann"
    email = "kari@example.org"
    status = Order.Status.PAID
    quantity = 1
    total_ore = 25_000
    paid_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Order


class SubscriberFactory(DjangoModelFactory):
    """A confirmed newsletter subscriber who reads Norwegian
    (``confirmed_at=None`` for one who never confirmed)."""

    email = factory.Sequence(lambda n: f"leser{n}@example.org")
    language = "nb"
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscriber


class IssueFactory(DjangoModelFactory):
    """A draft newsletter issue in Norwegian with a heading and a link."""

    subject = "Programmet for mai"
    preheader = "Jazz, teater og familiedag"
    language = "nb"
    body = factory.LazyFunction(
        lambda: [
            ("heading", "Velkommen til mai"),
            ("text", '<p>Les mer på <a href="/program/">programsiden</a>.</p>'),
        ]
    )

    class Meta:
        model = Issue
