"""Admin pages of the erasure per event (tickets/shredder.py): the events
with their orders and whether their buyers' data is still held; for one
event that is over, what would go, a download of it, and the button. Only
editors who may change orders and handle privacy requests use them."""

import functools

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from events.models import EventPage

from . import shredder
from .models import Shredding

PERMISSIONS = ("tickets.change_order", "privacy.change_rightsrequest")


def shredders_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perms(PERMISSIONS):
            return HttpResponseForbidden(
                _(
                    "Only editors who handle both orders and privacy requests "
                    "can erase an event's buyers."
                )
            )
        return view(request, *args, **kwargs)

    return wrapped


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that the buyers' names and addresses of this event "
            "are erased for good"
        )
    )


@shredders_only
@require_safe
def event_list(request):
    events = list(shredder.events())
    done = {
        row["event_id"]: row
        for row in Shredding.objects.filter(event_id__in=[event.pk for event in events])
        .order_by("event_id", "-shredded_at")
        .values("event_id", "shredded_at")
    }
    for event in events:
        event.shredded = done.get(event.pk)
    return TemplateResponse(
        request,
        "tickets/admin/shredder_list.html",
        {
            "page_title": _("Erase buyers after an event"),
            "header_icon": "bin",
            "events": events,
            "hours": shredder.conf.SHRED_AFTER_HOURS,
        },
    )


@shredders_only
@require_http_methods(["GET", "HEAD", "POST"])
def event_shred(request, event_id):
    event = get_object_or_404(EventPage, pk=event_id)
    refusal = None
    try:
        shredder.refuse_unless_over(event)
    except ValidationError as error:
        refusal = error.messages[0]
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            done = shredder.shred(event, editor=request.user)
        except ValidationError as error:
            refusal = error.messages[0]
        else:
            messages.success(
                request,
                _(
                    "The buyers' personal data of %(title)s is erased: %(orders)s "
                    "orders are kept for the books without it."
                )
                % {"title": event.title, "orders": done.orders},
            )
            return redirect("tickets_shredder:events")
    status = 200
    if refusal is not None:
        status = 409 if request.method == "POST" else 200
    elif form.errors:
        status = 400
    return TemplateResponse(
        request,
        "tickets/admin/shredder_event.html",
        {
            "page_title": _("Erase the buyers of %(title)s") % {"title": event.title},
            "header_icon": "bin",
            "event": event,
            "refusal": refusal,
            "preview": shredder.preview(event),
            "shreddings": shredder.shreddings_of(event),
            "form": form,
        },
        status=status,
    )


@shredders_only
@require_safe
def event_download(request, event_id):
    event = get_object_or_404(EventPage, pk=event_id)
    response = HttpResponse(shredder.download(event), content_type="application/zip")
    name = f"{slugify(event.title) or event.pk}-kjopere-{timezone.now():%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "billetter/sletting/",
            (
                [
                    path("", event_list, name="events"),
                    path("<int:event_id>/", event_shred, name="event"),
                    path("<int:event_id>/data.zip", event_download, name="download"),
                ],
                "tickets_shredder",
                "tickets_shredder",
            ),
        )
    ]


@hooks.register("before_edit_page")
def say_when_buyers_were_erased(request, page):
    """The event's edit view says when its buyers' data was erased."""
    if not isinstance(page.specific_deferred, EventPage):
        return None
    latest = Shredding.objects.filter(event_id=page.pk).order_by("-shredded_at").first()
    if latest is not None:
        messages.info(
            request,
            _(
                "The buyers' personal data of this event was erased on "
                "%(date)s; its orders are kept for the books without it."
            )
            % {"date": timezone.localtime(latest.shredded_at).strftime("%Y-%m-%d")},
        )
    return None


class ShredderMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perms(PERMISSIONS)


@hooks.register("register_admin_menu_item")
def register_shredder_menu_item():
    return ShredderMenuItem(
        gettext_lazy("Erase buyers after an event"),
        reverse("tickets_shredder:events"),
        icon_name="bin",
        order=310,
    )
