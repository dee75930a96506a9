"""Ticket sales: prices per event, sales per performance, orders with their
lines and tickets, refunds, the Stripe events already handled, and whether a
buyer lets us suggest events from their purchases.

Money is integer øre, as Stripe counts; card data never reaches us: an order
keeps Stripe's session and payment intent ids only."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, TranslatableMixin
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from home.cache import cached_for_generation
from home.models import SiteText

# Letters and digits that cannot be mistaken for each other when read aloud
# at the door or typed from a phone (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TICKET_CODE_LENGTH = 10
ORDER_NUMBER_OFFSET = 100_000
# Stripe's smallest charge in Norwegian kroner.
MIN_PRICE = Decimal("3.00")


def new_ticket_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(TICKET_CODE_LENGTH))


def new_access_key():
    """The secret in an order's address: buyers need no account, so the
    link in the receipt is what shows them their tickets."""
    return secrets.token_urlsafe(24)


def kroner(ore) -> str:
    """``35000`` øre as ``"350,00"``."""
    kr, rest = divmod(int(ore), 100)
    return f"{kr:,}".replace(",", "\u00a0") + f",{rest:02d}"


# Names of the payment methods and card brands Stripe reports, as buyers
# know them.
PAYMENT_METHODS = {"vipps": "Vipps", "klarna": "Klarna", "mobilepay": "MobilePay"}
CARD_BRANDS = {
    "visa": "Visa",
    "mastercard": "Mastercard",
    "amex": "American Express",
    "diners": "Diners Club",
    "discover": "Discover",
    "jcb": "JCB",
    "unionpay": "UnionPay",
}


class PriceCategory(Orderable):
    """A ticket price of an event: ordinary, student, child. Editors set
    them on the event; every performance of the event sells them."""

    event = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="price_categories"
    )
    name = models.CharField(
        _("name"), max_length=60, help_text=_("E.g. 'Ordinary', 'Student', 'Child'.")
    )
    price = models.DecimalField(
        _("price (NOK)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(MIN_PRICE)],
        help_text=_("In kroner, at least 3 (the smallest card payment)."),
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("price")])]

    class Meta(Orderable.Meta):
        verbose_name = _("price category")
        verbose_name_plural = _("price categories")

    def __str__(self):
        return f"{self.name} ({self.price} NOK)"

    @property
    def price_ore(self) -> int:
        return int(self.price * 100)


class PerformanceSales(models.Model):
    """What is sold and held of one performance, and where else its tickets
    are sold. The counters are changed only by ``tickets.seats`` inside a
    transaction holding this row's lock, so two buyers never get one seat."""

    performance = models.OneToOneField(
        "events.Performance",
        verbose_name=_("performance"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="sales",
    )
    sold = models.PositiveIntegerField(_("sold"), default=0)
    held = models.PositiveIntegerField(
        _("held"), default=0, help_text=_("Seats in checkouts not yet paid.")
    )
    wheelchair_sold = models.PositiveIntegerField(
        _("wheelchair places sold"), default=0
    )
    wheelchair_held = models.PositiveIntegerField(
        _("wheelchair places held"),
        default=0,
        help_text=_("Wheelchair places in checkouts not yet paid."),
    )
    external_url = models.URLField(
        _("external ticket seller"),
        blank=True,
        max_length=500,
        help_text=_(
            "Sell this performance elsewhere (Tixly, Ticketmaster...): the page "
            "links here instead of selling. Set its status by hand on the event."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("external_url")]

    class Meta:
        verbose_name = _("performance sales")
        verbose_name_plural = _("performance sales")

    def __str__(self):
        return str(self.performance)

    def left(self, capacity) -> int:
        return max(0, capacity - self.sold - self.held)

    def wheelchair_left(self, places) -> int:
        return max(0, places - self.wheelchair_sold - self.wheelchair_held)


class Order(models.Model):
    """One purchase: a buyer, a performance, lines of tickets, and its way
    through Stripe Checkout. Kept five years as a bookkeeping record; the
    buyer's name and email go when they ask to be erased."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid")
        # Free tickets of a free event: confirmed at once, no payment.
        FREE = "free", _("Free tickets")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partly refunded")
        REFUNDED = "refunded", _("Refunded")

    # Given from the primary key right after the insert; NULL until then,
    # as two empty strings would break the unique constraint.
    number = models.CharField(  # noqa: DJ001
        _("order number"), max_length=20, unique=True, null=True, editable=False
    )
    access_key = models.CharField(
        max_length=64, unique=True, default=new_access_key, editable=False
    )
    performance = models.ForeignKey(
        "events.Performance",
        verbose_name=_("performance"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="ticket_orders",
    )
    # Kept as they were, for the receipt and the books, should the
    # performance be edited or removed.
    event_title = models.CharField(_("event"), max_length=255)
    performance_start = models.DateTimeField(_("performance starts"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ticket_orders",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(max_length=10, default="nb")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    quantity = models.PositiveSmallIntegerField(_("tickets"))
    # Of ``quantity``, the tickets for wheelchair places: they count against
    # the performance's wheelchair quota, the others against its seats.
    wheelchair_quantity = models.PositiveSmallIntegerField(
        _("wheelchair places"), default=0
    )
    currency = models.CharField(max_length=3, default="nok")
    total_ore = models.PositiveIntegerField(_("total (øre)"))
    refunded_ore = models.PositiveIntegerField(_("refunded (øre)"), default=0)
    stripe_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    stripe_payment_intent_id = models.CharField(
        max_length=255, blank=True, db_index=True
    )
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    # How the order was paid, as Stripe's charge reports it: the payment
    # method's type ("card", "vipps") and, for a card, its brand and last
    # four digits. Nothing more of the card ever reaches us.
    payment_method = models.CharField(_("paid with"), max_length=30, blank=True)
    card_brand = models.CharField(_("card brand"), max_length=20, blank=True)
    card_last4 = models.CharField(
        _("card's last four digits"), max_length=4, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    receipt_sent_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["status", "hold_expires_at"])]

    def __str__(self):
        # The order number, never the buyer: Wagtail's log entries keep it.
        if not self.number:
            return gettext("order (new)")
        return gettext("Order %(number)s") % {"number": self.number}

    @property
    def total(self) -> str:
        return kroner(self.total_ore)

    @property
    def seat_quantity(self) -> int:
        """The seats the order holds or bought (companions included)."""
        return self.quantity - self.wheelchair_quantity

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def paid_with(self) -> str:
        """How the order was paid, for the receipt and my page: "Vipps", or
        "Visa card ending in 4242"; empty when not known."""
        if self.payment_method == "card":
            if self.card_brand and self.card_last4:
                return gettext("%(brand)s card ending in %(last4)s") % {
                    "brand": CARD_BRANDS.get(self.card_brand, self.card_brand.title()),
                    "last4": self.card_last4,
                }
            return gettext("Card")
        return PAYMENT_METHODS.get(self.payment_method, self.payment_method.title())

    @property
    def is_paid(self):
        """Paid or, free, confirmed: the order's tickets were issued."""
        return self.status in PAID_STATUSES

    @property
    def is_free(self):
        """Confirmed free tickets (a cancelled free order is ``CANCELLED``,
        with ``paid_at`` kept from when it was confirmed)."""
        return self.status == self.Status.FREE


# Orders whose tickets were issued: paid (whatever was refunded since), the
# bookkeeping records, and confirmed free orders, which the door list, the
# receipts, my page and the retention rules treat alike.
PAID_STATUSES = (
    Order.Status.PAID,
    Order.Status.FREE,
    Order.Status.PARTIALLY_REFUNDED,
    Order.Status.REFUNDED,
)


class OrderLine(models.Model):
    """Tickets of one price category in an order, priced as when bought: on
    seats, on wheelchair places, or companion tickets (free, no category)."""

    class Kind(models.TextChoices):
        SEAT = "seat", _("Seat")
        WHEELCHAIR = "wheelchair", _("Wheelchair place")
        COMPANION = "companion", _("Companion ticket")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.SEAT
    )
    price_category = models.ForeignKey(
        PriceCategory, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    category_name = models.CharField(_("price category"), max_length=60)
    unit_price_ore = models.PositiveIntegerField(_("unit price (øre)"))
    quantity = models.PositiveSmallIntegerField(_("quantity"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self):
        return f"{self.quantity} × {self.label}"

    @property
    def label(self) -> str:
        """The category as the buyer and the door see it: "Ordinær",
        "Ordinær, rullestolplass", "Ledsagerbillett"."""
        if self.kind == self.Kind.WHEELCHAIR:
            return gettext("%(category)s, wheelchair place") % {
                "category": self.category_name
            }
        return self.category_name

    @property
    def amount_ore(self) -> int:
        return self.unit_price_ore * self.quantity

    @property
    def unit_price(self) -> str:
        return kroner(self.unit_price_ore)

    @property
    def amount(self) -> str:
        return kroner(self.amount_ore)


class Refund(models.Model):
    """Money paid back on an order, made from the admin or seen in a
    ``charge.refunded`` webhook from Stripe's dashboard."""

    class Source(models.TextChoices):
        ADMIN = "admin", _("From the site's admin")
        STRIPE = "stripe", _("In Stripe's dashboard")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    stripe_refund_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    amount_ore = models.PositiveIntegerField(_("amount (øre)"))
    source = models.CharField(max_length=10, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self):
        return f"{kroner(self.amount_ore)} ({self.stripe_refund_id or '-'})"

    @property
    def amount_nok(self) -> str:
        return kroner(self.amount_ore)


class Ticket(models.Model):
    """One seat: a unique code shown as a QR code and read at the door."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="tickets")
    line = models.ForeignKey(
        OrderLine, on_delete=models.CASCADE, related_name="tickets"
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    refund = models.ForeignKey(
        Refund, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self):
        return self.code

    @property
    def is_valid(self):
        return self.refunded_at is None


class StripeEvent(models.Model):
    """A Stripe webhook event we have handled, by id, so a replay changes
    nothing. Forgotten after ``TICKETS_WEBHOOK_EVENT_DAYS``."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.type} {self.event_id}"


class RecommendationChoice(models.Model):
    """Whether an account lets us suggest events from the genres of its
    past purchases (profiling it may object to). No row: never chosen,
    suggestions on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendation_choice",
    )
    enabled = models.BooleanField(_("suggestions from my purchases"), default=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recommendation choice")
        verbose_name_plural = _("recommendation choices")

    def __str__(self):
        return f"{self.user_id}: {'on' if self.enabled else 'off'}"


def new_offer_key():
    return secrets.token_urlsafe(24)


class WaitingListEntry(models.Model):
    """A visitor waiting for seats on a sold-out performance. When seats come
    back they are offered in sign-up order: the entry's offer holds them
    for ``TICKETS_WAITING_OFFER_MINUTES`` behind a link only its mail (and
    its SMS, when a mobile number was given) carries; an offer not used
    passes to the next. Deleted once the performance has taken place."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered seats")
        BOUGHT = "bought", _("Bought")
        PASSED = "passed", _("Offer passed on")

    performance = models.ForeignKey(
        "events.Performance",
        verbose_name=_("performance"),
        on_delete=models.CASCADE,
        related_name="waiting_list",
    )
    email = models.EmailField(_("email"))
    # Optional, E.164: the offer goes by SMS as well as by mail.
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    language = models.CharField(max_length=10, default="nb")
    quantity = models.PositiveSmallIntegerField(_("tickets wanted"))
    # Of ``quantity``, the wheelchair places wanted: offered from the
    # performance's wheelchair quota when places come back there.
    wheelchair = models.PositiveSmallIntegerField(
        _("wheelchair places wanted"), default=0
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    # Who agreed to be told: the visitor (15 or older), or a guardian.
    consent_by_guardian = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    offer_key = models.CharField(
        max_length=64, unique=True, default=new_offer_key, editable=False
    )
    # Places the offer holds, and of them wheelchair places.
    offered_quantity = models.PositiveSmallIntegerField(default=0)
    offered_wheelchair = models.PositiveSmallIntegerField(default=0)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        indexes = [models.Index(fields=["performance", "status", "created_at"])]

    def __str__(self):
        # Never the address: Wagtail's log entries keep this.
        return gettext("Waiting list entry %(id)s") % {"id": self.pk}


class TermsOfSale(TranslatableMixin, models.Model):
    """The terms of sale (kjøpsvilkår) linked from every purchase step and
    receipt: one text per language, the Norwegian written first and
    translated with wagtail-localize. Left empty, the site shows its own
    default terms in the visitor's language, with the venue's contacts."""

    terms = RichTextField(
        _("terms of sale"),
        blank=True,
        help_text=_(
            "Your own terms of sale. Leave empty to show the site's default terms."
        ),
    )
    # A translation saved before its Norwegian source's text last changed
    # is out of date (see save()).
    updated_at = models.DateTimeField(
        _("last changed"), default=timezone.now, editable=False
    )

    panels = [
        HelpPanel(
            content=_(
                "The terms of sale buyers accept. There is one text per "
                "language: write the Norwegian first and translate it with "
                "Translate. Until the English translation is complete and up "
                "to date, English visitors see the Norwegian terms with a note "
                "that they are only available in Norwegian."
            )
        ),
        FieldPanel("terms"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("terms of sale")
        verbose_name_plural = _("terms of sale")
        constraints = [
            models.UniqueConstraint(
                fields=["locale"], name="one_terms_of_sale_per_locale"
            )
        ]

    def __str__(self):
        language = get_language_info(self.locale.language_code)["name_translated"]
        return gettext("Terms of sale (%(language)s)") % {"language": language}

    def save(self, *args, **kwargs):
        # A translation is stamped whenever it is saved (wagtail-localize
        # saves it after a sync, changed or not); the Norwegian only when
        # its text changes, so a save without a change leaves the
        # translation up to date.
        if self._state.adding:
            # Every text is a translation of the others, also one an editor
            # adds by hand: wagtail-localize then offers no second one.
            key = type(self).objects.values_list("translation_key", flat=True)
            self.translation_key = key.first() or self.translation_key
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "terms" in update_fields:
            is_source = (self.locale_id or Locale.get_default().pk) == (
                Locale.get_default().pk
            )
            stored = (
                type(self).objects.filter(pk=self.pk).values_list("terms", flat=True)
                if self.pk and is_source
                else []
            )
            if not is_source or list(stored) != [self.terms]:
                self.updated_at = timezone.now()
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)

    def clean(self):
        # The admin form has no locale field, so Django skips the constraint
        # and the database would answer a second text with a 500.
        super().clean()
        locale_id = self.locale_id or Locale.get_default().pk
        if type(self).objects.filter(locale_id=locale_id).exclude(pk=self.pk).exists():
            raise ValidationError(
                _(
                    "There are already terms of sale in this language: edit "
                    "those instead."
                )
            )

    @classmethod
    def for_language(cls, language_code):
        """The terms as the page in ``language_code`` shows them, as a
        SiteText: the venue's own text in that language, or its Norwegian
        one with ``lang`` "nb" while the translation is missing, empty,
        still the Norwegian, unfinished or older than the Norwegian; empty
        when the venue wrote none (the page then shows the site's default
        terms). Read once per cache generation for every language."""
        texts = cached_for_generation("terms-of-sale", cls._by_language)
        default = texts.get(settings.LANGUAGE_CODE)
        own = texts.get(language_code)
        if default is None or not has_text(default["terms"]):
            # Terms written only in this language (kept from before they
            # could be translated) are still the venue's own.
            if own is not None and has_text(own["terms"]):
                return SiteText(own["terms"], "")
            return SiteText("", "")
        if language_code == settings.LANGUAGE_CODE:
            return SiteText(default["terms"], "")
        translated = (
            own is not None
            and has_text(own["terms"])
            and own["terms"] != default["terms"]
            and own["updated_at"] >= default["updated_at"]
            and own["complete"]
        )
        if translated:
            return SiteText(own["terms"], "")
        return SiteText(default["terms"], settings.LANGUAGE_CODE)

    @classmethod
    def last_changed(cls, language_code):
        """When the page in ``language_code`` last changed: the latest change
        to its own text or to the Norwegian (which it shows, or is checked
        against, while the translation lags); None while neither has text
        (the page shows the site's default terms, which change only with
        the code). Read from the same cache as :meth:`for_language`."""
        texts = cached_for_generation("terms-of-sale", cls._by_language)
        rows = [
            texts[code]
            for code in {language_code, settings.LANGUAGE_CODE}
            if code in texts
        ]
        if not any(has_text(row["terms"]) for row in rows):
            return None
        return max(row["updated_at"] for row in rows)

    @classmethod
    def _by_language(cls):
        """{language code: {"terms", "updated_at", "complete"}}. A text
        translated with wagtail-localize is ``complete`` when every string
        of its source had a translation when the text was last saved (it
        keeps the Norwegian string of any other); one written by hand or
        whose sync was stopped is taken as it is."""
        rows = {
            row.pop("locale__language_code"): row
            for row in cls.objects.values(
                "locale__language_code",
                "locale_id",
                "translation_key",
                "terms",
                "updated_at",
            )
        }
        default = rows.get(settings.LANGUAGE_CODE)
        unfinished = set()
        if default is not None and len(rows) > 1:
            unfinished = unfinished_translations(cls, default, rows)
        for row in rows.values():
            row["complete"] = row.pop("locale_id") not in unfinished
            row.pop("translation_key")
        return rows


def has_text(html):
    return bool(strip_tags(html or "").strip())


def unfinished_translations(model, source_row, rows):
    """The ids of the locales whose text, translated with wagtail-localize
    from ``source_row``, was last saved while a string of the source had no
    translation yet (such a text keeps the source's string): one query."""
    target = model.objects.filter(
        translation_key=source_row["translation_key"],
        locale_id=OuterRef("target_locale_id"),
    )
    translated_when_saved = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=OuterRef(OuterRef("target_locale_id")),
        has_error=False,
        created_at__lte=OuterRef(OuterRef("saved_at")),
    )
    return set(
        Translation.objects.filter(
            source__object_id=source_row["translation_key"],
            source__specific_content_type=ContentType.objects.get_for_model(model),
            source__locale_id=source_row["locale_id"],
            target_locale_id__in=[row["locale_id"] for row in rows.values()],
            enabled=True,
        )
        .annotate(saved_at=Subquery(target.values("updated_at")[:1]))
        .filter(
            Exists(
                StringSegment.objects.filter(source_id=OuterRef("source_id")).exclude(
                    Exists(translated_when_saved)
                )
            )
        )
        .values_list("target_locale_id", flat=True)
    )


# In a module of its own (tickets/shredder.py owns the work).
from .shredding import Shredding  # noqa: E402, F401
