"""Issues of the newsletter and SMS announcements in Wagtail's admin:
snippet viewsets for writing them (the issue with a preview of the mail),
the lists with state and counts per campaign, and the sending screen of
each (test to myself, send now, schedule, progress, retry). Registered from
wagtail_hooks.py. Views parse input, call newsletter.sending and respond."""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import registry as log_registry
from wagtail.snippets.views.snippets import (
    CopyView,
    DeleteView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from . import sending, sms
from .models import Delivery, DeliveryStatus, Issue, SmsAnnouncement, SmsDelivery
from .sms.gsm import BASIC, EXTENSION, MAX_LENGTH

CampaignStatus = Issue.Status
OPEN = [DeliveryStatus.QUEUED, DeliveryStatus.SENDING]


def _count(delivery_model, campaign_field, **filters):
    """A correlated count of a campaign's deliveries (evaluated only for
    the rows on the page, one query for the whole list)."""
    rows = (
        delivery_model.objects.filter(**{campaign_field: OuterRef("pk")}, **filters)
        .order_by()
        .values(campaign_field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_counts(queryset, delivery_model, campaign_field):
    return queryset.annotate(
        live_sent=_count(delivery_model, campaign_field, status=DeliveryStatus.SENT),
        live_failed=_count(
            delivery_model, campaign_field, status=DeliveryStatus.FAILED
        ),
        live_left=_count(delivery_model, campaign_field, status__in=OPEN),
    )


def _listed_count(name):
    """Live counts while sending; the kept counts once the rows are gone."""

    def accessor(campaign):
        live = (
            campaign.live_sent + campaign.live_failed + campaign.live_left
            if hasattr(campaign, "live_sent")
            else 0
        )
        if campaign.status == CampaignStatus.DRAFT or (
            campaign.status == CampaignStatus.SCHEDULED
        ):
            return "–"
        if campaign.status == CampaignStatus.SENT and not live:
            return {"sent": campaign.sent_count, "failed": campaign.failed_count}.get(
                name, 0
            )
        return getattr(campaign, f"live_{name}", 0)

    return accessor


def status_text(campaign) -> str:
    if campaign.status == CampaignStatus.SCHEDULED and getattr(
        campaign, "scheduled_at", None
    ):
        return _("Scheduled for %(when)s") % {
            "when": date_format(
                timezone.localtime(campaign.scheduled_at), "SHORT_DATETIME_FORMAT"
            )
        }
    if campaign.status == CampaignStatus.SENT and campaign.finished_at:
        return _("Sent %(when)s") % {
            "when": date_format(
                timezone.localtime(campaign.finished_at), "SHORT_DATETIME_FORMAT"
            )
        }
    return campaign.get_status_display().capitalize()


COUNT_COLUMNS = [
    Column("sent", label=gettext_lazy("Sent"), accessor=_listed_count("sent")),
    Column("failed", label=gettext_lazy("Failed"), accessor=_listed_count("failed")),
    Column("left", label=gettext_lazy("Left"), accessor=_listed_count("left")),
]


# Views shared by both kinds of campaign --------------------------------------


class CampaignIndexView(IndexView):
    """The list: titles lead to the sending screen once a campaign can no
    longer be edited, and every row has a "Sending" button."""

    sending_url_name = None

    def get_edit_url(self, instance):
        if not instance.is_editable:
            return reverse(self.sending_url_name, args=[instance.pk])
        return super().get_edit_url(instance)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_editable:
            return buttons
        # "Edit" would lead to the sending screen, which has its own button.
        sending_url = reverse(self.sending_url_name, args=[instance.pk])
        return [button for button in buttons if button.url != sending_url]

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        label = _("Send…") if instance.is_editable else _("Progress")
        buttons.insert(
            0,
            ListingButton(
                label,
                url=reverse(self.sending_url_name, args=[instance.pk]),
                icon_name="mail",
                priority=5,
            ),
        )
        return buttons


class CampaignEditView(EditView):
    """What was sent stays as it was: once sending starts, editing leads to
    the sending screen."""

    sending_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not self.object.is_editable:
            messages.info(
                request,
                _("It is being sent or has been sent, so it can no longer change."),
            )
            return redirect(self.sending_url_name, self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class CampaignDeleteView(DeleteView):
    """Deleting one that is being sent would leave its batches adrift."""

    sending_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if self.object.status == CampaignStatus.SENDING:
            messages.error(request, _("Wait until sending has finished."))
            return redirect(self.sending_url_name, self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class CampaignCopyView(CopyView):
    """A copy is a new draft with the same content, whatever state the
    original is in."""

    def get_initial_form_instance(self):
        return super().get_initial_form_instance().new_draft()


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=gettext_lazy("Send at"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        help_text=gettext_lazy("Norwegian time."),
    )


def _require(request, *permissions):
    if not any(request.user.has_perm(permission) for permission in permissions):
        raise PermissionDenied


def _perm(model, action):
    return f"newsletter.{action}_{model._meta.model_name}"


def _messages_from(request, refusal):
    for message in refusal.messages:
        messages.error(request, message)


def _sending_screen(request, campaign, viewset, extra):
    model = type(campaign)
    progress = sending.progress(campaign)
    logs = (
        log_registry.get_logs_for_instance(campaign)
        .filter(action__startswith="newsletter.")
        .select_related("user")[:10]
    )
    context = {
        "page_title": str(campaign),
        "header_icon": viewset.icon,
        "campaign": campaign,
        "model_opts": model._meta,
        "status_text": status_text(campaign),
        "progress": progress,
        "progress_url": reverse(viewset.get_url_name("progress"), args=[campaign.pk]),
        "list_url": reverse(viewset.get_url_name("list")),
        "edit_url": reverse(viewset.get_url_name("edit"), args=[campaign.pk])
        if campaign.is_editable and request.user.has_perm(_perm(model, "change"))
        else None,
        "send_url": reverse(viewset.get_url_name("send_now"), args=[campaign.pk]),
        "retry_url": reverse(viewset.get_url_name("retry"), args=[campaign.pk]),
        "can_send": request.user.has_perm(_perm(model, "send")),
        "recipients_now": sending.recipient_count(campaign)
        if campaign.is_editable
        else None,
        "logs": logs,
        **extra,
    }
    return TemplateResponse(request, "newsletter/admin/sending.html", context)


def _progress_json(request, campaign):
    progress = sending.progress(campaign)
    return JsonResponse(
        {"status": campaign.status, "status_text": status_text(campaign)}
        | progress.as_dict()
    )


def _viewable(request, model, pk):
    _require(
        request,
        *(_perm(model, action) for action in ("view", "change", "add", "send")),
    )
    return get_object_or_404(model, pk=pk)


class CampaignViewSetMixin:
    """The sending screen and its actions, for a snippet viewset of a
    campaign model (issue or SMS announcement)."""

    send_permission = ""
    index_view_class = CampaignIndexView
    edit_view_class = CampaignEditView
    delete_view_class = CampaignDeleteView
    copy_view_class = CampaignCopyView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            sending_url_name=self.get_url_name("sending"), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            sending_url_name=self.get_url_name("sending"), **kwargs
        )

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(
            sending_url_name=self.get_url_name("sending"), **kwargs
        )

    def get_campaign_urlpatterns(self):
        return [
            path("sending/<int:pk>/", self.sending_view, name="sending"),
            path("sending/<int:pk>/progress/", self.progress_view, name="progress"),
            path("sending/<int:pk>/send/", self.send_view, name="send_now"),
            path("sending/<int:pk>/retry/", self.retry_view, name="retry"),
        ]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), *self.get_campaign_urlpatterns()]

    def _back(self, campaign):
        return redirect(self.get_url_name("sending"), campaign.pk)

    def sending_context(self, request, campaign) -> dict:
        return {}

    @method_decorator(require_safe)
    def sending_view(self, request, pk):
        campaign = _viewable(request, self.model, pk)
        return _sending_screen(
            request, campaign, self, self.sending_context(request, campaign)
        )

    @method_decorator(require_safe)
    def progress_view(self, request, pk):
        return _progress_json(request, _viewable(request, self.model, pk))

    def start(self, campaign, user):
        raise NotImplementedError

    @method_decorator(require_POST)
    def send_view(self, request, pk):
        _require(request, self.send_permission)
        campaign = get_object_or_404(self.model, pk=pk)
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm sending."))
            return self._back(campaign)
        try:
            self.start(campaign, request.user)
        except sending.CannotSend as refusal:
            _messages_from(request, refusal)
        else:
            messages.success(request, _("Sending has started."))
        return self._back(campaign)

    @method_decorator(require_POST)
    def retry_view(self, request, pk):
        _require(request, self.send_permission)
        campaign = get_object_or_404(self.model, pk=pk)
        count = sending.retry_failed(campaign, user=request.user)
        messages.success(
            request,
            _("%(count)s failed message(s) will be sent again.") % {"count": count},
        )
        return self._back(campaign)


# Issues -----------------------------------------------------------------------


class IssueViewSet(CampaignViewSetMixin, SnippetViewSet):
    """Issues of the newsletter: written here, previewed as the mail."""

    model = Issue
    icon = "mail"
    menu_label = gettext_lazy("Issues")
    send_permission = "newsletter.send_issue"
    list_display = [
        "subject",
        Column("language", label=gettext_lazy("Language"), accessor="language_label"),
        Column("status", label=gettext_lazy("Status"), accessor=status_text),
        *COUNT_COLUMNS,
    ]
    list_filter = ["status", "language"]
    search_fields = ["subject"]
    edit_handler = ObjectList(
        [
            FieldPanel("subject"),
            FieldPanel("preheader"),
            FieldRowPanel([FieldPanel("language"), FieldPanel("all_languages")]),
            FieldPanel("body"),
        ]
    )

    def get_queryset(self, request):
        return with_counts(Issue.objects.all(), Delivery, "issue")

    def get_campaign_urlpatterns(self):
        return [
            *super().get_campaign_urlpatterns(),
            path("sending/<int:pk>/test/", self.test_view, name="send_test"),
            path("sending/<int:pk>/schedule/", self.schedule_view, name="schedule"),
            path(
                "sending/<int:pk>/unschedule/", self.unschedule_view, name="unschedule"
            ),
        ]

    def sending_context(self, request, issue):
        initial = {}
        if issue.scheduled_at:
            initial["send_at"] = timezone.localtime(issue.scheduled_at).replace(
                tzinfo=None
            )
        return {
            "kind": "issue",
            "can_test": request.user.has_perm("newsletter.change_issue"),
            "test_url": reverse(self.get_url_name("send_test"), args=[issue.pk]),
            "schedule_url": reverse(self.get_url_name("schedule"), args=[issue.pk]),
            "unschedule_url": reverse(self.get_url_name("unschedule"), args=[issue.pk]),
            "schedule_form": ScheduleForm(initial=initial),
            "user_email": request.user.email,
        }

    def start(self, issue, user):
        sending.start_issue(issue, user=user)

    @method_decorator(require_POST)
    def test_view(self, request, pk):
        _require(request, "newsletter.change_issue")
        issue = get_object_or_404(Issue, pk=pk)
        try:
            address = sending.send_test(issue, request.user)
        except sending.CannotSend as refusal:
            _messages_from(request, refusal)
        else:
            messages.success(
                request, _("A test was sent to %(address)s.") % {"address": address}
            )
        return self._back(issue)

    @method_decorator(require_POST)
    def schedule_view(self, request, pk):
        _require(request, self.send_permission)
        issue = get_object_or_404(Issue, pk=pk)
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return self._back(issue)
        try:
            issue = sending.schedule_issue(
                issue, form.cleaned_data["send_at"], user=request.user
            )
        except sending.CannotSend as refusal:
            _messages_from(request, refusal)
        else:
            messages.success(request, status_text(issue) + ".")
        return self._back(issue)

    @method_decorator(require_POST)
    def unschedule_view(self, request, pk):
        _require(request, self.send_permission)
        issue = get_object_or_404(Issue, pk=pk)
        try:
            sending.unschedule_issue(issue, user=request.user)
        except sending.CannotSend as refusal:
            _messages_from(request, refusal)
        else:
            messages.success(request, _("The issue is a draft again."))
        return self._back(issue)


# SMS announcements ------------------------------------------------------------


class SmsTextarea(forms.Textarea):
    """The message box with a live count of the characters left (an
    external script, static/js/newsletter-sms-counter.js, with the GSM
    alphabet and each language's stop instruction from data attributes)."""

    class Media:
        js = ["js/newsletter-sms-counter.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id", name)
        context["widget"]["attrs"].update(
            {
                "data-sms-counter": "",
                "data-sms-max": str(MAX_LENGTH),
                "data-sms-basic": BASIC,
                "data-sms-extension": EXTENSION,
                "data-sms-stop-texts": json.dumps(
                    {
                        code: sending.stop_text(code)
                        for code, _name in settings.LANGUAGES
                    }
                ),
                "data-sms-text-left": _("{left} of {max} characters left."),
                "data-sms-text-over": _("{over} character(s) too many."),
                "data-sms-text-unsupported": _(
                    "Cannot be sent in an SMS: {characters}"
                ),
                "data-sms-text-stop": _("Added at the end: “{stop}”"),
                "aria-describedby": f"{field_id}-count",
            }
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        field_id = (attrs or {}).get("id", name)
        return html + format_html(
            '<p class="help" id="{}-count" aria-live="polite" data-sms-count></p>',
            field_id,
        )


class SmsAnnouncementForm(WagtailAdminModelForm):
    """Refuses a message that does not fit one SMS with its stop
    instruction, or has characters an SMS cannot carry."""

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text")
        language = cleaned.get("language") or settings.LANGUAGE_CODE
        if text:
            for problem in sending.sms_problems(text, language):
                self.add_error("text", problem)
        return cleaned


class SmsAnnouncementViewSet(CampaignViewSetMixin, SnippetViewSet):
    """SMS announcements to subscribers who gave a mobile number."""

    model = SmsAnnouncement
    icon = "mobile-alt"
    menu_label = gettext_lazy("SMS announcements")
    send_permission = "newsletter.send_smsannouncement"
    list_display = [
        "text",
        Column("language", label=gettext_lazy("Language"), accessor="language_label"),
        Column("status", label=gettext_lazy("Status"), accessor=status_text),
        *COUNT_COLUMNS,
    ]
    list_filter = ["status"]
    search_fields = ["text"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("language"), FieldPanel("all_languages")]),
            FieldPanel("text", widget=SmsTextarea(attrs={"rows": 4})),
        ],
        base_form_class=SmsAnnouncementForm,
    )

    def get_queryset(self, request):
        return with_counts(SmsAnnouncement.objects.all(), SmsDelivery, "announcement")

    def sending_context(self, request, announcement):
        backend = getattr(settings, "SMS_BACKEND", sms.DEFAULT_BACKEND)
        return {
            "kind": "sms",
            "sms_preview": announcement.message
            or sending.compose_sms(announcement.text, announcement.language),
            "sms_not_sent": backend.endswith(".filebased.SmsBackend"),
        }

    def start(self, announcement, user):
        sending.start_sms(announcement, user=user)


class NewsletterViewSetGroup(SnippetViewSetGroup):
    items = (IssueViewSet, SmsAnnouncementViewSet)
    menu_icon = "mail"
    menu_label = gettext_lazy("Newsletter")
    menu_name = "newsletter"
