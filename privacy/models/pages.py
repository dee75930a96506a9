from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.i18n import language_of
from home.routing import FastServingMixin

from .. import diff, statement
from ..blocks import PrivacyStreamBlock
from ..conf import conf
from ..panels import DriftPanel

ENGLISH_ROUTES = {
    "versions": "versions_en",
    "version": "version_en",
    "compare": "compare_en",
}


class PolicyVersionQuerySet(models.QuerySet):
    def in_effect(self, now=None):
        return self.filter(effective_at__lte=now or timezone.now())

    def upcoming(self, now=None):
        return self.filter(effective_at__gt=now or timezone.now())

    def current(self, now=None):
        """The version in effect now: the newest whose date has come."""
        return self.in_effect(now).order_by("-number").first()


class PolicyVersion(models.Model):
    """One published version of the privacy statement, numbered from 1, with
    its text frozen as it was published. Consent and notice records point
    here, never at a Wagtail revision (revisions can be purged), and a
    version is never deleted: its permanent URL is
    ``/personvern/versjoner/<number>/``."""

    page = models.ForeignKey(
        "privacy.PrivacyPolicyPage",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=255)
    effective_at = models.DateTimeField(_("in effect from"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    summary = models.TextField(_("what changed"), blank=True)
    is_material = models.BooleanField(_("material change"), default=False)
    notify_subscribers = models.BooleanField(
        _("newsletter subscribers notified too"), default=False
    )
    text = models.TextField(_("text as published"))
    notices_queued_at = models.DateTimeField(
        _("notices queued at"), null=True, blank=True
    )
    generated = models.JSONField(
        _("generated tables as published"),
        default=dict,
        blank=True,
        help_text=_(
            "What the site's code declared when this version was published "
            "(kinds of data, retention, cookies, processors): compared with "
            "what it declares now to find changes no version announces."
        ),
    )
    touched_kinds = models.JSONField(
        _("kinds of data the change touches"),
        default=list,
        blank=True,
        help_text=_(
            "Keys of the personal-data registry whose row changed since the "
            "previous version: people known only by such data are told too."
        ),
    )

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("privacy statement version")
        verbose_name_plural = _("privacy statement versions")
        ordering = ["-number"]

    def __str__(self):
        return _("Version %(number)s") % {"number": self.number}

    @property
    def is_in_effect(self):
        return self.effective_at <= timezone.now()

    @property
    def summary_language(self):
        """A version's own texts are the source page's, in the default
        language (its translations: ``PolicyVersionTranslation``)."""
        return settings.LANGUAGE_CODE

    def get_url(self):
        if self.page is None:
            return None
        return self.page.url + self.page.reverse_subpage("version", args=[self.number])


class PolicyVersionTranslation(models.Model):
    """A version's text in another language than the Norwegian source's:
    recorded when the translated privacy page (wagtail-localize's
    translation of the source page) is published, with the generated tables
    frozen in that language. The version itself, which consent and notices
    point at, stays one."""

    version = models.ForeignKey(
        PolicyVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    language = models.CharField(_("language"), max_length=10)
    page = models.ForeignKey(
        "privacy.PrivacyPolicyPage",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="version_translations",
    )
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("what changed"), blank=True)
    text = models.TextField(_("text as published"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("translated privacy statement version")
        verbose_name_plural = _("translated privacy statement versions")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"],
                name="privacy_version_translated_once_per_language",
            ),
        ]

    def __str__(self):
        return f"{self.version} ({self.language})"


class LocalizedVersion:
    """A version as a reader of one language sees it: the number, dates and
    flags of the version, the title, summary and text of its translation,
    and the URL on the translated page."""

    def __init__(self, version, translation, page):
        self._version = version
        self._translation = translation
        self._page = page

    def __getattr__(self, name):
        return getattr(self._version, name)

    @property
    def version(self):
        return self._version

    @property
    def title(self):
        return self._translation.title

    @property
    def summary(self):
        """The translated summary, or the source's when the translator left
        it empty (``summary_language`` then says so, for ``lang``)."""
        return self._translation.summary or self._version.summary

    @property
    def summary_language(self):
        if self._translation.summary or not self._version.summary:
            return self._translation.language
        return settings.LANGUAGE_CODE

    @property
    def text(self):
        return self._translation.text

    def get_url(self):
        return self._page.url + self._page.reverse_subpage(
            "version", args=[self.number]
        )


class PrivacyPolicyPageForm(WagtailAdminPageForm):
    """Asks for a summary of every change: each publish becomes a numbered
    version, and the summary is what readers and notices show."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_summary"].required = True
        self.fields["effective_from"].help_text = _(
            "Leave empty for 'when published'. Notices of a material change "
            "are mailed when you publish, so a material change takes effect "
            "%(days)s days later at the earliest: published today, on "
            "%(date)s. Until then the current version is shown beside it."
        ) % {
            "days": conf.NOTICE_PERIOD_DAYS,
            "date": formats.date_format(statement.earliest_effective_date()),
        }

    def clean_effective_from(self):
        day = self.cleaned_data.get("effective_from")
        if day is not None and day < timezone.localdate():
            raise ValidationError(_("Choose today or a later date."))
        return day

    def clean(self):
        cleaned = super().clean()
        earliest = statement.earliest_effective_date()
        day = cleaned.get("effective_from")
        if cleaned.get("material_change") and (day is None or day < earliest):
            self.add_error(
                "effective_from",
                _(
                    "A material change takes effect after the people it "
                    "concerns have been told: choose %(date)s or later."
                )
                % {"date": formats.date_format(earliest)},
            )
        return cleaned


class PrivacyPolicyPage(RoutablePageMixin, FastServingMixin, Page):
    """The privacy statement. Every publish becomes a numbered version with
    its date and a summary; material changes are mailed to the people they
    concern, and the archive keeps every version with a comparison."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(PrivacyStreamBlock(), verbose_name=_("body"), blank=True)
    change_summary = models.TextField(
        _("what changed"),
        blank=True,
        max_length=1000,
        help_text=_(
            "One or two sentences for readers and for the notice mail, e.g. "
            "'We now use a new ticket provider.' Cleared after each publish."
        ),
    )
    material_change = models.BooleanField(
        _("material change"),
        default=False,
        help_text=_(
            "Tick when the change matters to people (new purposes, new "
            "recipients, longer storage): every registered user is emailed."
        ),
    )
    notify_subscribers = models.BooleanField(
        _("also notify newsletter subscribers"),
        default=False,
        help_text=_("For a material change: email newsletter subscribers too."),
    )
    effective_from = models.DateField(
        _("in effect from"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty for 'when published'. A later date announces the "
            "change in advance; until then the current version is shown."
        ),
    )

    content_panels = Page.content_panels + [
        DriftPanel(),
        FieldPanel("introduction"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("change_summary"),
                FieldRowPanel(
                    [FieldPanel("material_change"), FieldPanel("notify_subscribers")]
                ),
                FieldPanel("effective_from"),
            ],
            heading=_("This change (asked at every publish)"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    base_form_class = PrivacyPolicyPageForm
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("privacy statement")

    # Versions as this page's readers see them -----------------------------

    @property
    def is_source(self):
        """The page in the site's default language holds the versions; a
        translation of it holds their translated texts."""
        return language_of(self) == settings.LANGUAGE_CODE

    def published_versions(self):
        """Every version readers of this page's language can read, newest
        first: the source page's own, or on a translation the versions with
        a text in its language (one query either way)."""
        if self.is_source:
            return list(PolicyVersion.objects.filter(page=self).order_by("-number"))
        rows = (
            PolicyVersionTranslation.objects.filter(
                language=language_of(self),
                version__page__translation_key=self.translation_key,
            )
            .select_related("version")
            .order_by("-version__number")
        )
        return [LocalizedVersion(row.version, row, self) for row in rows]

    def untranslated_version(self, versions):
        """On a translation: the newest source version that has no text in
        this language yet (readers are told it exists), or None."""
        if self.is_source:
            return None
        newest = (
            PolicyVersion.objects.filter(page__translation_key=self.translation_key)
            .order_by("-number")
            .first()
        )
        if newest is None or (versions and versions[0].number >= newest.number):
            return None
        return newest

    def reverse_subpage(self, name, args=None, kwargs=None):
        """English pages have English paths for the archive (``versions/``);
        the Norwegian paths answer on both."""
        if not self.is_source and name in ENGLISH_ROUTES:
            name = ENGLISH_ROUTES[name]
        return super().reverse_subpage(name, args=args, kwargs=kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        versions = self.published_versions()
        in_effect = [version for version in versions if version.effective_at <= now]
        coming = [version for version in versions if version.effective_at > now]
        current = in_effect[0] if in_effect else None
        upcoming = coming[-1] if coming else None
        context.update(
            {
                "current_version": current,
                "upcoming_version": upcoming,
                "untranslated_version": self.untranslated_version(versions),
                # A published version shows what it froze, generated tables
                # included: what the code declares now may have drifted
                # (privacy/statement.py), and readers see the statement in
                # effect, never one no version announced.
                "frozen_text": current.text if current else None,
            }
        )
        return context

    @path("versjoner/", name="versions")
    @path("versions/", name="versions_en")
    def versions_view(self, request):
        versions = self.published_versions()
        return self.render(
            request,
            template="privacy/policy_versions.html",
            context_overrides={"versions": versions, "compare": diff.CompareForm()},
        )

    @path("versjoner/<int:number>/", name="version")
    @path("versions/<int:number>/", name="version_en")
    def version_view(self, request, number):
        versions = self.published_versions()
        numbered = {version.number: version for version in versions}
        if number not in numbered:
            raise Http404
        older = [version for version in versions if version.number < number]
        return self.render(
            request,
            template="privacy/policy_version.html",
            context_overrides={
                "version": numbered[number],
                "previous": older[0] if older else None,
            },
        )

    @path("versjoner/sammenlign/", name="compare")
    @path("versions/compare/", name="compare_en")
    def compare_view(self, request):
        form = diff.CompareForm(request.GET or None)
        versions = self.published_versions()
        if not form.is_valid():
            response = self.render(
                request,
                template="privacy/policy_versions.html",
                context_overrides={"versions": versions, "compare": form},
            )
            response.status_code = 400 if request.GET else 200
            return response
        numbered = {version.number: version for version in versions}
        old = numbered.get(form.cleaned_data["fra"])
        new = numbered.get(form.cleaned_data["til"])
        if old is None or new is None:
            raise Http404
        if old.number > new.number:
            old, new = new, old
        if old.number == new.number:
            return redirect(new.get_url())
        return self.render(
            request,
            template="privacy/policy_compare.html",
            context_overrides={
                "old": old,
                "new": new,
                "comparison": diff.compare(old.text, new.text),
            },
        )
