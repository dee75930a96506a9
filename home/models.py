from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index

from .blocks import BaseStreamBlock
from .cache import cached_for_generation
from .forms import ContactFormBuilder
from .images import (
    alt_field,
    alt_text,
    check_described,
    credit_field,
    decorative_field,
    image_panels,
)
from .mail_transport import send_message
from .routing import FastServingMixin, public

# The renditions of an article card's <picture> (components/article_card.html):
# "format-{avif,webp,jpeg} fill-{400x225,800x450}" expands to these, fetched
# with the listing so a card costs no query of its own.
ARTICLE_CARD_SPECS = [
    f"format-{kind}|fill-{size}"
    for kind in ("avif", "webp", "jpeg")
    for size in ("400x225", "800x450")
]


def with_card_images(articles):
    """``articles`` with their images and the cards' renditions."""
    renditions = get_image_model().get_rendition_model().objects
    return articles.select_related("image").prefetch_related(
        Prefetch(
            "image__renditions",
            queryset=renditions.filter(filter_spec__in=ARTICLE_CARD_SPECS),
        )
    )


def paginate(request, queryset, per_page):
    """Return the requested page of ``queryset``; a page number that is not a
    number or lies outside the range is a 404, never a 500."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("side", "1")
    try:
        return paginator.page(number)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(_("No such page of results.")) from error


class HomePage(FastServingMixin, Page):
    """The front page: a hero for the season's headline, the next events
    (filled in automatically) and the latest news."""

    hero_title = models.CharField(_("hero title"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True, max_length=400)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = alt_field()
    hero_image_decorative = decorative_field()
    hero_image_credit = credit_field()
    hero_link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("hero link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page the hero's button leads to, e.g. the programme."),
    )
    hero_link_text = models.CharField(_("hero button text"), max_length=60, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                *image_panels(
                    "hero_image",
                    "hero_image_alt",
                    "hero_image_decorative",
                    "hero_image_credit",
                ),
                FieldRowPanel([FieldPanel("hero_link"), FieldPanel("hero_link_text")]),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def clean(self):
        super().clean()
        check_described(self, "hero_image", "hero_image_alt", "hero_image_decorative")

    @property
    def hero_alt_text(self):
        return alt_text(
            self.hero_image, self.hero_image_alt, self.hero_image_decorative
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = cached_for_generation(
            f"latest-articles:{self.locale_id}", self.latest_articles
        )
        return context

    def latest_articles(self):
        """The three newest articles in this page's language with their
        images' card renditions (kept per cache generation by
        :meth:`get_context`)."""
        return list(
            with_card_images(
                public(ArticlePage.objects.live().filter(locale_id=self.locale_id))
            )
            .defer("body", "search_description")
            .order_by("-date", "-pk")[:3]
        )


class StandardPage(FastServingMixin, Page):
    """A plain page for anything that is not an event or news: about the
    house, rent a hall, accessibility."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class ArticleIndexPage(FastServingMixin, Page):
    """The news section: lists its articles, newest first."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["home.ArticlePage"]
    max_count = 1
    per_page = 12

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = with_card_images(
            public(ArticlePage.objects.child_of(self).live())
        ).order_by("-date", "-pk")
        context["articles"] = paginate(request, articles, self.per_page)
        return context


class ArticlePage(FastServingMixin, Page):
    """A news article: a premiere, an interview, a note from the house."""

    date = models.DateField(_("date"))
    lead = models.TextField(_("lead"), max_length=600)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = alt_field()
    image_decorative = decorative_field()
    image_credit = credit_field()
    author = models.CharField(
        _("written by"),
        max_length=120,
        blank=True,
        help_text=_("The name shown under the title, e.g. a staff member."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("lead"),
        MultiFieldPanel(
            image_panels("image", "image_alt", "image_decorative", "image_credit"),
            heading=_("Image"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["home.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    social_type = "article"

    def clean(self):
        super().clean()
        check_described(self)

    @property
    def image_alt_text(self):
        return alt_text(self.image, self.image_alt, self.image_decorative)

    @property
    def social_image(self):
        return self.image

    @property
    def social_description(self):
        return self.lead

    @property
    def social_meta_extra(self):
        return [("article:published_time", self.date.isoformat())]


class ContactFormField(TranslatableMixin, AbstractFormField):
    """A field of the contact form; translatable, so that the English
    contact page asks in English."""

    page = ParentalKey(
        "ContactPage", on_delete=models.CASCADE, related_name="form_fields"
    )

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        pass


class ContactPage(FastServingMixin, AbstractEmailForm):
    """A contact form editors build from fields; submissions are read in the
    admin and mailed to the address given."""

    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("introduction"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email"),
        ),
    ]
    subpage_types = []
    max_count = 1
    form_builder = ContactFormBuilder

    class Meta:
        verbose_name = _("contact page")

    def send_mail(self, form):
        """Mail the answers to the venue from the site's own address, with
        the visitor's address (the form's first email field answered) as
        Reply-To, so that answering reaches them and the venue's mail is
        never sent in a visitor's name. A mail server that refuses is
        logged; the submission is stored and readable in the admin."""
        fields = {field.clean_name: field for field in self.get_form_fields()}
        visitor = next(
            (
                value
                for name, value in form.cleaned_data.items()
                if value and name in fields and fields[name].field_type == "email"
            ),
            None,
        )
        message = EmailMessage(
            # An editor's subject is one line; a header cannot hold more.
            subject=" ".join(self.subject.split()),
            body=self.render_email(form),
            from_email=self.from_address or settings.DEFAULT_FROM_EMAIL,
            to=[address.strip() for address in self.to_address.split(",")],
            reply_to=[visitor] if visitor else None,
            headers={"Auto-Submitted": "auto-generated"},
        )
        send_message(message, "home/contact_form")


@register_setting(icon="site")
class VenueSettings(BaseGenericSetting):
    """Who the venue is: shown in the footer, on the contact page, in
    receipts and in structured data for search engines."""

    name = models.CharField(_("venue name"), max_length=120, default="Kulturhuset")
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=20,
        blank=True,
        help_text=_("Nine digits, as in the Brønnøysund Register."),
    )
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    instagram_url = models.URLField(_("Instagram profile"), blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from every footer."),
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contact page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown when a page without an image of its own is shared on social "
            "media (cropped to 1200 × 630)."
        ),
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
            ],
            heading=_("Address"),
        ),
        FieldPanel("organisation_number"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        HelpPanel(
            content=_(
                "The opening hours are written under Snippets, Site texts, "
                "where they can be translated."
            )
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("instagram_url")],
            heading=_("Social media"),
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("contact_page")],
            heading=_("Footer links"),
        ),
        FieldPanel("share_image"),
    ]

    select_related = ["privacy_page", "contact_page", "share_image"]

    class Meta:
        verbose_name = _("venue")

    @classmethod
    def current(cls):
        """The settings as every page shows them, read once per cache
        generation (saving them starts a new one)."""
        return cached_for_generation("venue-settings", cls.load)

    @property
    def address_line(self):
        return ", ".join(
            part
            for part in (self.street_address, f"{self.postal_code} {self.city}".strip())
            if part
        )


class DeliveryStatus(models.TextChoices):
    """The states of one delivery, the same for every channel (home/outbox.py):
    queued → being sent (claimed) → sent, or failed (retried when ``retry``)
    or not sent (skipped: the recipient can no longer get it)."""

    QUEUED = "queued", _("to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("not sent")


# The privacy notices' older name of the first state (stored as "pending"
# until privacy's migration 0010 mapped it to "queued").
DeliveryStatus.PENDING = DeliveryStatus.QUEUED


class DeliveryRecord(models.Model):
    """What a batched sender keeps for each recipient of one mailing (the
    newsletter's issues and SMS, the privacy notices); the engine that moves
    it through its states is ``home/outbox.py``. The row is claimed
    (``claimed_at``) before its message is handed over, marked sent right
    after, and a refused one waits for ``next_attempt_at``. Each app adds
    what it sends and to whom."""

    Status = DeliveryStatus

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.QUEUED,
    )
    retry = models.BooleanField(
        _("retried automatically"),
        default=True,
        help_text=_(
            "False when it may have arrived (a worker stopped mid-send) or "
            "was refused for good: only an editor's retry sends it again."
        ),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)

    class Meta:
        abstract = True


@register_setting(icon="view")
class AccessibilitySettings(BaseGenericSetting):
    """What the accessibility statement (tilgjengelighetserklæring) says
    beside the results of the site's own automated checks: who answers for
    the site, where visitors send feedback, and what a person found."""

    responsible = models.CharField(
        _("responsible for the site"),
        max_length=200,
        blank=True,
        help_text=_("The organisation that owns the site; empty for the venue name."),
    )
    feedback_email = models.EmailField(
        _("email for feedback"),
        blank=True,
        help_text=_("Where visitors report barriers; empty for the contact email."),
    )
    feedback_phone = models.CharField(
        _("phone for feedback"), max_length=30, blank=True
    )
    last_manual_check = models.DateField(
        _("date of the last manual check"),
        null=True,
        blank=True,
        help_text=_(
            "When a person last went through the site with a keyboard and a "
            "screen reader. The automated checks have their own date."
        ),
    )

    panels = [
        FieldPanel("responsible"),
        FieldRowPanel([FieldPanel("feedback_email"), FieldPanel("feedback_phone")]),
        FieldPanel("last_manual_check"),
        HelpPanel(
            content=_(
                "The known barriers are written under Snippets, Site texts, "
                "where they can be translated."
            )
        ),
    ]

    class Meta:
        verbose_name = _("accessibility statement")


class SiteText(NamedTuple):
    """One of the site texts as a page shows it: ``lang`` is empty when the
    text is in the page's language, else the language it is written in."""

    text: str
    lang: str

    def __bool__(self):
        return bool(self.text)

    @property
    def lines(self):
        return [line.strip() for line in self.text.splitlines() if line.strip()]


class SiteTexts(TranslatableMixin, models.Model):
    """The few texts every page or the accessibility statement shows that
    are not part of a page (the opening hours, the known barriers): one per
    language, the Norwegian written first and translated with
    wagtail-localize, like a page. Pages read them with
    :meth:`for_language`."""

    opening_hours = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown at the bottom of every page, e.g. 'Box office: Mon–Fri "
            "10–16 and an hour before shows'."
        ),
    )
    known_issues = models.TextField(
        _("known barriers"),
        blank=True,
        help_text=_(
            "Shown in the accessibility statement. One per line: what does not "
            "work for everyone yet, and when it will be fixed."
        ),
    )

    # The privacy statement's and its notice mails' names of who answers for
    # personal data; their addresses stay in the privacy settings.
    controller_name = models.CharField(
        _("controller"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who decides what personal data is used for, e.g. 'Elvebyen "
            "kommune, by the head of the culture house'."
        ),
    )
    officer_name = models.CharField(
        _("data protection officer"),
        max_length=200,
        blank=True,
        help_text=_("The name or role of the data protection officer."),
    )

    panels = [
        HelpPanel(
            content=_(
                "Texts shown on every page, in the accessibility statement and "
                "in the privacy statement and its notices. There is one set per "
                "language: write the Norwegian first and translate it with "
                "Translate. Until there is an English translation, English "
                "pages and mails show the Norwegian text."
            )
        ),
        FieldPanel("opening_hours"),
        FieldPanel("known_issues"),
        MultiFieldPanel(
            [FieldPanel("controller_name"), FieldPanel("officer_name")],
            heading=_("Privacy statement"),
            help_text=_(
                "Their email and postal addresses are written under Settings, Privacy."
            ),
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site texts")
        verbose_name_plural = _("site texts")
        constraints = [
            models.UniqueConstraint(fields=["locale"], name="one_site_texts_per_locale")
        ]

    def __str__(self):
        language = get_language_info(self.locale.language_code)["name_translated"]
        return gettext("Site texts (%(language)s)") % {"language": language}

    def clean(self):
        # The admin form has no locale field, so Django skips the constraint
        # and the database would answer a second set with a 500.
        super().clean()
        locale_id = self.locale_id or Locale.get_default().pk
        if type(self).objects.filter(locale_id=locale_id).exclude(pk=self.pk).exists():
            raise ValidationError(
                _("There are already site texts in this language: edit those instead.")
            )

    TEXT_FIELDS = ("opening_hours", "known_issues", "controller_name", "officer_name")

    @classmethod
    def for_language(cls, language_code):
        """The texts as a page in ``language_code`` shows them, as
        {field: SiteText}: a text not translated yet (missing, empty or
        still the source's) is the default language's, with its code as
        ``lang``. Read once per cache generation for all languages
        together."""
        texts = cached_for_generation("site-texts", cls._by_language)
        own = texts.get(language_code, {})
        default = texts.get(settings.LANGUAGE_CODE, {})
        shown = {}
        for field in cls.TEXT_FIELDS:
            # wagtail-localize fills a string not translated yet with the
            # source's text: the same text as the default language's is
            # taken as not translated.
            translated = own.get(field) and (
                language_code == settings.LANGUAGE_CODE
                or own[field] != default.get(field)
            )
            if translated:
                shown[field] = SiteText(own[field], "")
            elif default.get(field) and language_code != settings.LANGUAGE_CODE:
                shown[field] = SiteText(default[field], settings.LANGUAGE_CODE)
            else:
                shown[field] = SiteText("", "")
        return shown

    @classmethod
    def _by_language(cls):
        return {
            row.pop("locale__language_code"): row
            for row in cls.objects.values("locale__language_code", *cls.TEXT_FIELDS)
        }
