import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.cache import cached_for_generation
from home.i18n import SharedWithSource, default_locale_id
from home.models import paginate
from home.routing import FastServingMixin, public

from .calendar import calendar_response
from .dates import date_range
from .filters import EventFilters
from .forms import EventPageForm

LISTING_IMAGE = "fill-640x360"


class UniquePerLanguageMixin:
    """Names (and slugs) are unique within a language. The database says so
    with a constraint on (field, locale); the admin form has no locale field,
    so Django would skip that constraint and the database would answer a
    duplicate with a 500. This check gives the editor a message instead."""

    unique_per_language: tuple[str, ...] = ()

    def clean(self):
        super().clean()
        locale_id = self.locale_id or default_locale_id()
        others = type(self).objects.filter(locale_id=locale_id).exclude(pk=self.pk)
        errors = {
            field: _("Another one in this language already has this value.")
            for field in self.unique_per_language
            if getattr(self, field)
            and others.filter(**{f"{field}__iexact": getattr(self, field)}).exists()
        }
        if errors:
            raise ValidationError(errors)


class Hall(UniquePerLanguageMixin, TranslatableMixin, index.Indexed, models.Model):
    """A stage or room in the house where performances take place. Named in
    each language (translated with wagtail-localize); performances point at
    the Norwegian one, and pages show the hall of their own language."""

    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        help_text=_("Seats or standing places; a performance can set its own."),
    )
    description = models.TextField(_("description"), blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, hearing loop, wheelchair places."),
    )

    unique_per_language = ("name",)
    panels = [
        FieldPanel("name"),
        FieldPanel("capacity"),
        FieldPanel("description"),
        FieldPanel("accessibility"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("hall")
        verbose_name_plural = _("halls")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "locale"], name="events_hall_name_per_locale"
            )
        ]

    def __str__(self):
        return self.name


class Genre(UniquePerLanguageMixin, TranslatableMixin, index.Indexed, models.Model):
    """A kind of event visitors filter the programme by: concert, theatre,
    dance, family, talk. Each language has its own name and filter slug."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        help_text=_("Used in the programme's filter address, e.g. 'konsert'."),
    )

    unique_per_language = ("name", "slug")
    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("genre")
        verbose_name_plural = _("genres")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "locale"], name="events_genre_name_per_locale"
            ),
            models.UniqueConstraint(
                fields=["slug", "locale"], name="events_genre_slug_per_locale"
            ),
        ]

    def __str__(self):
        return self.name


class PerformanceQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(start__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(start__lt=now or timezone.now())

    def published(self):
        return self.filter(event__in=public(EventPage.objects.live()).values("pk"))

    def for_listing(self):
        """Everything a listing shows, in a fixed number of queries: one for
        the performances with their events, genres, halls and images, one
        for the images' renditions."""
        return (
            self.select_related("event", "event__genre", "event__image", "hall")
            .defer("event__body", "event__lead", "event__search_description")
            .prefetch_related(
                Prefetch(
                    "event__image__renditions",
                    queryset=get_image_model()
                    .get_rendition_model()
                    .objects.filter(filter_spec=LISTING_IMAGE),
                )
            )
        )


class Performance(Orderable):
    """One showing of an event: a date and time in a hall."""

    class Status(models.TextChoices):
        ON_SALE = "on_sale", _("On sale")
        FEW_LEFT = "few_left", _("Few tickets left")
        SOLD_OUT = "sold_out", _("Sold out")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")

    event = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="performances"
    )
    start = models.DateTimeField(
        _("starts"), help_text=_("Date and time in Norwegian time.")
    )
    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the hall's capacity."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ON_SALE
    )
    note = models.CharField(
        _("note"),
        max_length=100,
        blank=True,
        help_text=_("Shown beside the date, e.g. 'Premiere' or 'Sign interpreted'."),
    )

    objects = PerformanceQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("hall")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("capacity")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["start"]
        verbose_name = _("performance")
        verbose_name_plural = _("performances")
        indexes = [models.Index(fields=["start"])]

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.event.title}, {local:%d.%m.%Y %H:%M}"

    @property
    def effective_capacity(self):
        return self.capacity if self.capacity is not None else self.hall.capacity

    @property
    def end(self):
        minutes = self.event.duration_minutes or 120
        return self.start + datetime.timedelta(minutes=minutes)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_bookable(self):
        return self.status in (self.Status.ON_SALE, self.Status.FEW_LEFT)


class EventIndexPage(FastServingMixin, RoutablePageMixin, Page):
    """The programme: upcoming performances by month, with filters by genre
    and month, an archive of past events and a calendar feed."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1
    per_page = 24

    class Meta:
        verbose_name = _("event index")

    def performances(self):
        """The performances of this programme's events. A translated
        programme lists the performances of the Norwegian events that have
        a translation in its language (untranslated events are left out)."""
        events = public(EventPage.objects.descendant_of(self).live())
        if self.locale_id == default_locale_id():
            return Performance.objects.filter(event__in=events.values("pk"))
        return Performance.objects.filter(
            event__live=True,
            event__locale_id=default_locale_id(),
            event__translation_key__in=events.values("translation_key"),
        )

    def month_choices(self, performances):
        """The months that have upcoming performances, for the month filter.
        Read once per cache generation and hour (a month can run out)."""
        hour = timezone.now().strftime("%Y%m%d%H")
        return cached_for_generation(
            f"programme-months:{self.pk}:{hour}",
            lambda: list(
                performances.upcoming().datetimes(
                    "start", "month", tzinfo=timezone.get_current_timezone()
                )
            ),
        )

    @path("")
    def programme(self, request):
        genres = cached_for_generation(
            f"genres:{self.locale_id}",
            lambda: list(Genre.objects.filter(locale_id=self.locale_id)),
        )
        filters = EventFilters(request.GET, genres=genres)
        performances = self.performances()
        listing = filters.apply(performances.upcoming()).for_listing()
        page = paginate(request, listing.order_by("start", "pk"), self.per_page)
        page.object_list = in_language(page.object_list, self.locale_id)
        return self.render(
            request,
            context_overrides={
                "filters": filters,
                "performances": page,
                "months": group_by_month(page),
                "month_choices": self.month_choices(performances),
            },
        )

    @path("arkiv/", name="archive")
    def archive(self, request):
        performances = (
            self.performances().past().for_listing().order_by("-start", "-pk")
        )
        page = paginate(request, performances, self.per_page)
        page.object_list = in_language(page.object_list, self.locale_id)
        return self.render(
            request,
            template="events/event_archive_page.html",
            context_overrides={"performances": page, "months": group_by_month(page)},
        )

    def calendar(self, request):
        """Every upcoming performance (served at ``<url>kalender.ics``)."""
        performances = (
            self.performances()
            .upcoming()
            .select_related("event", "hall")
            .order_by("start")
        )
        return calendar_response(
            request,
            in_language(performances, self.locale_id),
            filename="arrangementer.ics",
        )


def localized_halls(locale_id):
    """{translation key: hall} of the halls named in a language, read once
    per cache generation."""
    return cached_for_generation(
        f"halls:{locale_id}",
        lambda: {
            hall.translation_key: hall
            for hall in Hall.objects.filter(locale_id=locale_id)
        },
    )


def in_language(performances, locale_id):
    """``performances`` (of Norwegian events: performances, seats and
    tickets are shared by all languages) as a list, each showing the event
    and hall of the language of ``locale_id``; a performance whose event is
    not translated into it is left out. One query for the translations."""
    performances = list(performances)
    if locale_id == default_locale_id() or not performances:
        return performances
    translations = {
        event.translation_key: event
        for event in EventPage.objects.live()
        .filter(
            locale_id=locale_id,
            translation_key__in={p.event.translation_key for p in performances},
        )
        .select_related("genre")
        .defer("body", "search_description")
    }
    halls = localized_halls(locale_id)
    shown = []
    for performance in performances:
        source = performance.event
        event = translations.get(source.translation_key)
        if event is None:
            continue
        if event.image_id == source.image_id:
            # The same image, with the renditions fetched for the listing.
            event.image = source.image
        performance.event = event
        performance.hall = halls.get(performance.hall.translation_key, performance.hall)
        shown.append(performance)
    return shown


def group_by_month(performances):
    """[(first day of month, [performance, ...]), ...] in local time."""
    months = []
    for performance in performances:
        local = timezone.localtime(performance.start)
        month = local.date().replace(day=1)
        if not months or months[-1][0] != month:
            months.append((month, []))
        months[-1][1].append(performance)
    return months


class EventPage(FastServingMixin, Page):
    """An event in the programme: a concert, a play, a talk, with one or
    more performances."""

    lead = models.TextField(
        _("lead"),
        max_length=400,
        help_text=_("One or two sentences shown in listings and search results."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    genre = models.ForeignKey(
        Genre,
        verbose_name=_("genre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    age_limit = models.PositiveSmallIntegerField(
        _("age limit"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(25)],
        help_text=_("Lowest age in years; leave empty when all ages are welcome."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("Including any interval."),
    )
    organiser = models.CharField(
        _("organiser"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty when the house itself organises the event."),
    )
    price_from = models.DecimalField(
        _("price from (NOK)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The lowest ticket price; 0 for free events."),
    )
    price_info = models.CharField(
        _("price information"),
        max_length=200,
        blank=True,
        help_text=_("E.g. 'Ordinary 350, students 250, children 150'."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("genre"), FieldPanel("organiser")]),
                FieldRowPanel(
                    [FieldPanel("age_limit"), FieldPanel("duration_minutes")]
                ),
                FieldRowPanel([FieldPanel("price_from"), FieldPanel("price_info")]),
            ],
            heading=_("Facts"),
        ),
        InlinePanel("performances", label=_("Performances"), min_num=1),
        InlinePanel("price_categories", label=_("Ticket prices")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("organiser"),
        index.RelatedFields("genre", [index.SearchField("name")]),
        index.FilterField("genre"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm
    route_select_related = ["genre", "image"]
    # Dates, seats and ticket prices belong to the Norwegian event; its
    # translations show them instead of keeping copies that could diverge
    # (two sets of seats for one performance).
    shared_with_source = ["performances", "price_categories"]
    override_translatable_fields = [
        SharedWithSource(name) for name in shared_with_source
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def copy_for_translation(
        self, locale, copy_parents=False, alias=False, exclude_fields=None
    ):
        return super().copy_for_translation(
            locale,
            copy_parents=copy_parents,
            alias=alias,
            exclude_fields=[*(exclude_fields or []), *self.shared_with_source],
        )

    copy_for_translation.alters_data = True

    @cached_property
    def performance_list(self):
        """All performances with their halls, in one query: this event's own,
        or for a translation the Norwegian event's, with the halls named in
        the translation's language."""
        if self.locale_id == default_locale_id():
            return list(self.performances.select_related("hall").order_by("start"))
        performances = list(
            Performance.objects.filter(
                event__translation_key=self.translation_key,
                event__locale_id=default_locale_id(),
            )
            .select_related("hall")
            .order_by("start")
        )
        halls = localized_halls(self.locale_id)
        for performance in performances:
            performance.hall = halls.get(
                performance.hall.translation_key, performance.hall
            )
        return performances

    @property
    def social_image(self):
        return self.image

    @property
    def social_description(self):
        """For link previews: when, then the lead."""
        shown = self.upcoming_performances or self.performance_list
        dates = date_range(shown)
        return f"{dates}. {self.lead}" if dates else self.lead

    @property
    def upcoming_performances(self):
        now = timezone.now()
        return [p for p in self.performance_list if p.start >= now]

    def calendar(self, request):
        """This event's performances (served at ``<url>kalender.ics``)."""
        for performance in self.performance_list:
            performance.event = self
        return calendar_response(
            request, self.performance_list, filename=f"{self.slug}.ics"
        )
