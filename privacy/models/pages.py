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

from home.routing import FastServingMixin

from .. import diff, statement
from ..blocks import PrivacyStreamBlock
from ..conf import conf
from ..panels import DriftPanel


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

    def get_url(self):
        if self.page is None:
            return None
        return self.page.url + self.page.reverse_subpage("version", args=[self.number])


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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        versions = PolicyVersion.objects.filter(page=self)
        current = versions.current(now)
        upcoming = versions.upcoming(now).order_by("number").first()
        context.update(
            {
                "current_version": current,
                "upcoming_version": upcoming,
                # A published version shows what it froze, generated tables
                # included: what the code declares now may have drifted
                # (privacy/statement.py), and readers see the statement in
                # effect, never one no version announced.
                "frozen_text": current.text if current else None,
            }
        )
        return context

    @path("versjoner/", name="versions")
    def versions_view(self, request):
        versions = PolicyVersion.objects.filter(page=self).order_by("-number")
        return self.render(
            request,
            template="privacy/policy_versions.html",
            context_overrides={"versions": versions, "compare": diff.CompareForm()},
        )

    @path("versjoner/<int:number>/", name="version")
    def version_view(self, request, number):
        version = PolicyVersion.objects.filter(page=self, number=number).first()
        if version is None:
            raise Http404
        return self.render(
            request,
            template="privacy/policy_version.html",
            context_overrides={
                "version": version,
                "previous": PolicyVersion.objects.filter(
                    page=self, number__lt=number
                ).first(),
            },
        )

    @path("versjoner/sammenlign/", name="compare")
    def compare_view(self, request):
        form = diff.CompareForm(request.GET or None)
        versions = PolicyVersion.objects.filter(page=self)
        if not form.is_valid():
            response = self.render(
                request,
                template="privacy/policy_versions.html",
                context_overrides={
                    "versions": versions.order_by("-number"),
                    "compare": form,
                },
            )
            response.status_code = 400 if request.GET else 200
            return response
        old = versions.filter(number=form.cleaned_data["fra"]).first()
        new = versions.filter(number=form.cleaned_data["til"]).first()
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
