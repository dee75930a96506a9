import dataclasses
import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.cache import cached_for_generation, cached_until, key_digest
from home.i18n import SharedWithSource, default_locale_id
from home.i18n import locale_id as language_locale_id
from home.images import alt_text, check_described
from home.models import paginate
from home.routing import FastServingMixin, public

from .calendar import calendar_response
from .dates import date_range as dates_in_one_line
from .fields import PerformanceNotesField
from .forms import EventPageForm
from .programme import (
    ProgrammeFilters,
    date_range,
    events_in_language,
    month_calendar,
    read_facts,
)

LISTING_IMAGE = "fill-640x360"
# The renditions of a card's <picture> (components/event_picture.html):
# two widths in AVIF, WebP and JPEG, prefetched with the listing.
# The tag's spec "format-{avif,webp,jpeg} fill-{400x225,800x450}" expands to
# these; a prefetch that missed one would make Wagtail create it again on
# every request.
LISTING_SPECS = [
    f"format-{kind}|fill-{size}"
    for kind in ("avif", "webp", "jpeg")
    for size in ("400x225", "800x450")
]


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
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        help_text=_(
            "Used in the hall's address and the programme's hall filter, "
            "e.g. 'store-sal'. Made from the name when left empty."
        ),
    )
    accessibility = models.TextField(
        _("accessibility notes"),
        blank=True,
        help_text=_(
            "Anything a visitor with a disability should know beyond the boxes below."
        ),
    )
    step_free_access = models.BooleanField(
        _("step-free access"),
        default=False,
        help_text=_("The hall can be reached without steps (ramp or lift)."),
    )
    hearing_loop = models.BooleanField(
        _("hearing loop"), default=False, help_text=_("An induction loop is installed.")
    )
    wheelchair_places = models.PositiveSmallIntegerField(
        _("wheelchair places"), default=0
    )
    companion_seats = models.PositiveSmallIntegerField(
        _("companion seats"),
        default=0,
        help_text=_("Seats beside the wheelchair places for a companion."),
    )
    address = models.CharField(
        _("address"),
        max_length=200,
        blank=True,
        help_text=_(
            "Street address of the entrance, e.g. 'Sjøgata 1, 4612 Kristiansand'."
        ),
    )
    directions = models.TextField(
        _("how to get there"),
        blank=True,
        help_text=_("Entrance, public transport, parking."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    unique_per_language = ("name", "slug")
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("capacity"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("step_free_access"), FieldPanel("hearing_loop")]
                ),
                FieldRowPanel(
                    [FieldPanel("wheelchair_places"), FieldPanel("companion_seats")]
                ),
                FieldPanel("accessibility"),
            ],
            heading=_("Accessibility"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("directions"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("How to get there"),
        ),
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

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)

    @property
    def map_url(self):
        """A plain link to OpenStreetMap (no embedded map, nothing loaded
        from a third party until the visitor follows it)."""
        if self.latitude is not None and self.longitude is not None:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude}"
                f"&mlon={self.longitude}#map=17/{self.latitude}/{self.longitude}"
            )
        if self.address:
            return "https://www.openstreetmap.org/search?" + urlencode(
                {"query": self.address}
            )
        return ""


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
                    # The cards' <picture>, and the one image mailings show.
                    .objects.filter(filter_spec__in=[*LISTING_SPECS, LISTING_IMAGE]),
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
    wheelchair_places = models.PositiveIntegerField(
        _("wheelchair places"),
        default=0,
        help_text=_(
            "Places for wheelchairs sold as their own quota beside the seats "
            "(rullestolplass). 0: none sold online."
        ),
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

    # The language of ``note`` when it differs from the page's: a translated
    # event whose translation lacks a note shows the Norwegian one, marked.
    note_language = ""

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("hall")]),
        FieldRowPanel(
            [
                FieldPanel("status"),
                FieldPanel("capacity"),
                FieldPanel("wheelchair_places"),
            ]
        ),
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


PROGRAMME_TEMPLATE = "events/components/programme.html"


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

    def programme_facts(self):
        """{event pk: EventFacts} of the upcoming performances, read once per
        cache generation and hour; performances that have started since are
        dropped when read."""
        hour = timezone.now().replace(minute=0, second=0, microsecond=0)
        facts = cached_for_generation(
            f"programme-facts:{self.pk}:{hour:%Y%m%d%H}",
            lambda: read_facts(self.performances().upcoming(hour)),
        )
        now = timezone.now()
        current = {}
        for pk, event in facts.items():
            showings = [s for s in event.showings if s.start >= now]
            if len(showings) == len(event.showings):
                current[pk] = event  # nothing has started: the kept facts
            elif showings:
                current[pk] = dataclasses.replace(event, showings=showings)
        return current

    @path("")
    def programme(self, request):
        """The programme with the visitor's filters, rendered once per cache
        generation, hour and choice (the query string) and kept until a
        performance it shows starts; what surrounds it (the user bar, a
        signed-in person's notice) is rendered per request."""
        if getattr(request, "is_preview", False):
            _until, html = self.render_programme(request)
        else:
            hour = timezone.now().replace(minute=0, second=0, microsecond=0)
            query = urlencode(sorted(request.GET.lists()), doseq=True)
            html = cached_until(
                f"programme:{self.pk}:{translation.get_language()}:"
                f"{hour:%Y%m%d%H}:{key_digest(query)}",
                lambda: self.render_programme(request),
            )
        return self.render(
            request,
            context_overrides={"programme": mark_safe(html)},  # noqa: S308
        )

    def render_programme(self, request):
        """(when it stops being true, HTML) of the filters and the events
        they choose: the first start of a performance shown, or None."""
        genres = cached_for_generation(
            f"genres:{self.locale_id}",
            lambda: list(Genre.objects.filter(locale_id=self.locale_id)),
        )
        halls = localized_halls(self.locale_id)
        filters = ProgrammeFilters(request.GET, genres=genres, halls=halls.values())
        facts = self.programme_facts()
        months = sorted({s.month for event in facts.values() for s in event.showings})
        base_url = self.get_url(request)
        context = {
            "page": self,
            "filters": filters,
            "filter_groups": filters.options(facts, base_url, months),
            "list_url": filters.url(base_url, calendar=False),
            "calendar_url": filters.url(base_url, calendar=True),
        }
        selected = filters.select(facts)
        if filters.calendar:
            context.update(
                self.calendar_context(request, filters, selected, months, halls)
            )
        else:
            page = paginate(request, selected, self.per_page)
            page.object_list = self.cards(page.object_list, facts, halls)
            context["events"] = page
        until = min(
            (s.start for event in facts.values() for s in event.showings),
            default=None,
        )
        html = render_to_string(PROGRAMME_TEMPLATE, context, request=request)
        return until, html

    def cards(self, selected, facts, halls):
        """The event cards of ``selected`` [(facts, showings)]: the event in
        this page's language, its date range and its next performance."""
        pages = events_in_language(
            [event.pk for event, _showings in selected],
            facts,
            self.locale_id,
            LISTING_SPECS,
        )
        halls_by_key = {str(key): hall for key, hall in halls.items()}
        cards = []
        for position, (event, showings) in enumerate(selected):
            page = pages.get(event.pk)
            if page is None:
                continue
            bookable = [s for s in showings if s.status != Performance.Status.CANCELLED]
            upcoming = bookable[0] if bookable else showings[0]
            cards.append(
                {
                    "event": page,
                    "dates": date_range(
                        [
                            s.local_date
                            for s in event.showings
                            if s.status != Performance.Status.CANCELLED
                        ]
                        or [s.local_date for s in event.showings]
                    ),
                    "next": upcoming,
                    "next_hall": halls_by_key.get(upcoming.hall_key),
                    "next_status": Performance.Status(upcoming.status),
                    "count": len(event.showings),
                    "price_from": event.price_from,
                    # The first row is above the fold: not lazy.
                    "eager": position < 3,
                }
            )
        return cards

    def calendar_context(self, request, filters, selected, months, halls):
        """The month calendar: the chosen month (or the first with
        performances), each day with the performances that pass the filters."""
        month = filters.month or (months[0] if months else None)
        if month is None:
            month = timezone.localdate().replace(day=1)
        showings = [
            (event, showing)
            for event, matching in selected
            for showing in matching
            if showing.month == month
        ]
        facts = {event.pk: event for event, _showing in showings}
        pages = events_in_language(list(facts), facts, self.locale_id, [])
        halls_by_key = {str(key): hall for key, hall in halls.items()}
        by_day = {}
        for event, showing in showings:
            page = pages.get(event.pk)
            if page is None:
                continue
            by_day.setdefault(showing.local_date, []).append(
                {
                    "event": page,
                    "start": showing.start,
                    "hall": halls_by_key.get(showing.hall_key),
                    "status": Performance.Status(showing.status),
                }
            )
        base_url = self.get_url(request)
        index = months.index(month) if month in months else None
        previous_month = months[index - 1] if index else None
        next_month = (
            months[index + 1] if index is not None and index + 1 < len(months) else None
        )
        return {
            "calendar_month": month,
            "calendar_weeks": month_calendar(month, by_day),
            "calendar_days": sorted(by_day.items()),
            "previous_month_url": previous_month
            and filters.url(base_url, month=previous_month),
            "previous_month": previous_month,
            "next_month_url": next_month and filters.url(base_url, month=next_month),
            "next_month": next_month,
        }

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

    @path("sal/<slug:slug>/", name="hall")
    @path("halls/<slug:slug>/", name="hall_en")
    def hall(self, request, slug):
        """A hall: what it is, its accessibility, how to get there, and the
        events coming up in it."""
        halls = localized_halls(self.locale_id)
        hall = next((h for h in halls.values() if h.slug == slug), None)
        if hall is None:
            raise Http404(_("No such hall."))
        filters = ProgrammeFilters({}, genres=[], halls=[])
        facts = self.programme_facts()
        selected = filters.select(facts, hall=hall)
        return self.render(
            request,
            template="events/hall_page.html",
            context_overrides={
                "hall": hall,
                "events": self.cards(selected[: self.per_page], facts, halls),
                "hall_programme_url": filters.url(self.get_url(request), hall=hall),
            },
        )

    def hall_url(self, hall):
        """The address of a hall's page under this programme."""
        name = "hall" if self.locale_id == default_locale_id() else "hall_en"
        return self.url + self.reverse_subpage(name, kwargs={"slug": hall.slug})

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
        event.translate_note(performance)
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
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for those who cannot see it, e.g. 'Four "
            "dancers in red mid-leap'. Leave empty to use the image library's "
            "description; one of them is required unless the image is decorative."
        ),
    )
    image_decorative = models.BooleanField(
        _("the image is decorative"),
        default=False,
        help_text=_("Tick only when the image adds nothing the text does not say."),
    )
    image_credit = models.CharField(
        _("image credit"),
        max_length=150,
        blank=True,
        help_text=_("Photographer or source, e.g. 'Foto: Kari Nordmann'."),
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
    intervals = models.PositiveSmallIntegerField(
        _("intervals"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(5)],
        help_text=_("How many intervals; 0 for none, empty when not said."),
    )
    doors_open_minutes = models.PositiveSmallIntegerField(
        _("doors open (minutes before)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(180)],
        help_text=_(
            "When the hall opens, in minutes before each performance starts; "
            "empty when not said."
        ),
    )
    SEATING_CHOICES = [
        ("numbered", _("Numbered seats")),
        ("unnumbered", _("Unnumbered seats")),
        ("standing", _("Standing")),
        ("mixed", _("Seats and standing room")),
    ]
    seating = models.CharField(
        _("seating"),
        max_length=12,
        blank=True,
        choices=SEATING_CHOICES,
        help_text=_("Leave empty when not said."),
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
        help_text=_(
            "The lowest ticket price; 0 for free events. With ticket prices "
            "set below, the lowest of them is used."
        ),
    )
    price_info = models.CharField(
        _("price information"),
        max_length=200,
        blank=True,
        help_text=_("E.g. 'Ordinary 350, students 250, children 150'."),
    )
    companion_tickets = models.BooleanField(
        _("offer companion tickets"),
        default=False,
        help_text=_(
            "A free ticket (ledsagerbillett) for the companion of a buyer who "
            "holds a ledsagerbevis, bought together with a paying ticket."
        ),
    )
    for_children = models.BooleanField(
        _("for children and families"),
        default=False,
        help_text=_("Listed under 'Children and family' in the programme."),
    )
    performance_notes = PerformanceNotesField(
        _("notes on performances"),
        help_text=_(
            "A note shown beside a performance's date, e.g. 'Premiere'. The "
            "Norwegian notes are written on the performances."
        ),
    )
    # A free event whose seats are counted: visitors get free tickets
    # through the ticket shop's own order flow, without payment.
    FREE_TICKET_HERE = "ticket_here"
    free_entry = models.CharField(
        _("free entry"),
        max_length=20,
        blank=True,
        choices=[
            ("", _("Not free, or tickets through the ticket sale")),
            (FREE_TICKET_HERE, _("Free, visitors get a free ticket on the website")),
            ("no_ticket", _("Free, no ticket needed")),
            ("ticket_at_door", _("Free, collect a ticket at the door")),
        ],
        help_text=_(
            "For free events: whether visitors need a ticket. With a free "
            "ticket on the website the seats are counted as in a sale (never "
            "more than the hall holds, waiting list when full); leave the "
            "ticket prices empty."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("image"),
                FieldPanel("image_alt"),
                FieldRowPanel(
                    [FieldPanel("image_decorative"), FieldPanel("image_credit")]
                ),
            ],
            heading=_("Image"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("genre"), FieldPanel("organiser")]),
                FieldRowPanel([FieldPanel("for_children"), FieldPanel("free_entry")]),
                FieldRowPanel(
                    [
                        FieldPanel("age_limit"),
                        FieldPanel("duration_minutes"),
                        FieldPanel("intervals"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("doors_open_minutes"), FieldPanel("seating")]
                ),
                FieldRowPanel([FieldPanel("price_from"), FieldPanel("price_info")]),
            ],
            heading=_("Facts"),
        ),
        InlinePanel("performances", label=_("Performances"), min_num=1),
        # Not edited here: the Norwegian event fills it from its performances
        # (save()), the translation editor offers each note to translate.
        FieldPanel("performance_notes", widget=forms.HiddenInput),
        InlinePanel("price_categories", label=_("Ticket prices")),
        FieldPanel("companion_tickets"),
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
    # Its genre and image are read only when the kept page is rendered again
    # (once per cache generation), so they are not joined to every request.
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
            exclude_fields=[
                *(exclude_fields or []),
                *self.shared_with_source,
                # A translation holds only translated notes; wagtail-localize
                # fills them in.
                "performance_notes",
            ],
        )

    copy_for_translation.alters_data = True

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None and self.is_translation_source():
            # Now that the performances are stored (with their keys), keep
            # their notes where wagtail-localize reads them.
            notes = {
                str(performance.pk): performance.note
                for performance in self.performances.all()
                if performance.note and performance.pk
            }
            if notes != self.performance_notes:
                self.performance_notes = notes
                EventPage.objects.filter(pk=self.pk).update(performance_notes=notes)
        return result

    def is_translation_source(self):
        return self.locale_id == default_locale_id()

    def in_language(self, language_code):
        """The live translation of this event into ``language_code``, for
        what is shown or mailed to a buyer in that language (the title, the
        link); itself when it is in that language or not translated yet.
        Performances, prices and sales stay with the Norwegian event."""
        if language_locale_id(language_code) == self.locale_id:
            return self
        translated = (
            EventPage.objects.live()
            .filter(
                translation_key=self.translation_key,
                locale__language_code=language_code,
            )
            .first()
        )
        return translated or self

    @property
    def free_tickets_here(self):
        """Free, with free tickets registered on the website."""
        return self.free_entry == self.FREE_TICKET_HERE

    def translate_note(self, performance):
        """Give ``performance`` (of the Norwegian event) this event's note
        for it: the translated note, or the Norwegian one marked as such
        when it is not translated yet (wagtail-localize publishes an
        untranslated string as the source's text)."""
        if not performance.note or self.is_translation_source():
            return
        translated = (self.performance_notes or {}).get(str(performance.pk))
        if translated and translated != performance.note:
            performance.note = translated
        else:
            performance.note_language = settings.LANGUAGE_CODE

    def clean(self):
        super().clean()
        check_described(self)
        categories = getattr(self, "price_categories", None)
        if categories is not None:
            self.take_price_from(c.price for c in categories.all())

    def take_price_from(self, ticket_prices):
        """With ticket prices set on the event (the shop's price
        categories), "price from" is the lowest of them: the programme's
        cards and the search engines' data then say what the shop sells at,
        whatever was typed in the field. The editor's form passes the prices
        it holds (EventPageForm.save); code that saves a revision gets this
        from clean()."""
        prices = [price for price in ticket_prices if price is not None]
        if prices:
            self.price_from = min(prices)

    @property
    def image_alt_text(self):
        """The alt attribute: empty for a decorative image, else this
        event's description of it, else the image library's."""
        return alt_text(self.image, self.image_alt, self.image_decorative)

    @cached_property
    def performance_list(self):
        """All performances with their halls, in one query: this event's own,
        or for a translation the Norwegian event's, with the halls named in
        the translation's language."""
        if self.locale_id == default_locale_id():
            return list(self.performances.select_related("hall").order_by("start"))
        # With the Norwegian event in the same query: a performance's end
        # reads its duration there (the search engines' data, on every view).
        performances = list(
            Performance.objects.filter(
                event__translation_key=self.translation_key,
                event__locale_id=default_locale_id(),
            )
            .select_related("hall", "event")
            .order_by("start")
        )
        halls = localized_halls(self.locale_id)
        for performance in performances:
            performance.hall = halls.get(
                performance.hall.translation_key, performance.hall
            )
            self.translate_note(performance)
        return performances

    @property
    def social_image(self):
        return self.image

    @property
    def social_description(self):
        """For link previews: when, then the lead."""
        shown = self.upcoming_performances or self.performance_list
        dates = dates_in_one_line(shown)
        return f"{dates}. {self.lead}" if dates else self.lead

    @cached_property
    def upcoming_performances(self):
        now = timezone.now()
        return [p for p in self.performance_list if p.start >= now]

    @property
    def next_change(self):
        """When what this page shows next changes by the clock alone: the
        start of its next performance, which then is no longer upcoming
        and sells no more tickets here (None when none is to come). Kept
        renderings of the page hold until then."""
        upcoming = self.upcoming_performances
        return upcoming[0].start if upcoming else None

    @cached_property
    def date_summary(self):
        """The days of the performances still to come (all of them once the
        event is over), as the programme's cards write them."""
        shown = [
            p for p in self.upcoming_performances if not p.is_cancelled
        ] or self.performance_list
        return date_range([timezone.localtime(p.start).date() for p in shown])

    @cached_property
    def halls_shown(self):
        """[(hall, URL of its page)] of the upcoming performances' halls, in
        order of first use."""
        shown = self.upcoming_performances or self.performance_list
        halls = {}
        for performance in shown:
            halls.setdefault(performance.hall.pk, performance.hall)
        return [(hall, self.hall_url(hall)) for hall in halls.values()]

    @property
    def has_wheelchair_places(self):
        """Whether a hall of the upcoming performances has wheelchair
        places (booked ahead, with the ticket)."""
        return any(hall.wheelchair_places for hall, _url in self.halls_shown)

    def hall_url(self, hall):
        """The address of a hall's page, under this event's programme (the
        parent page, whose URL this page's own ends with)."""
        if not hall.slug:
            return ""
        index_url = self.url[: -len(self.slug) - 1] if self.url else ""
        name = "hall" if self.locale_id == default_locale_id() else "hall_en"
        return index_url + EventIndexPage.get_resolver().reverse(name, slug=hall.slug)

    def calendar(self, request):
        """This event's performances (served at ``<url>kalender.ics``)."""
        for performance in self.performance_list:
            performance.event = self
        return calendar_response(
            request, self.performance_list, filename=f"{self.slug}.ics"
        )
