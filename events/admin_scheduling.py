"""Admin pages for dates in bulk (events/scheduling.py): "Copy with new
dates" makes a draft of an event for a new run, and "Add a series of
performances" adds every Friday in March at 19:00 at once, after showing
what it would add. Linked from the event's header menu and the page
listing's "More" menu; registered in wagtail_hooks.py."""

import functools

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods
from wagtail.admin.ui.menus.pages import PageMenuItem

from home.i18n import default_locale_id

from . import scheduling
from .models import EventPage, Hall

DATE_EXAMPLES = "20.01.2027 19:30, 2027-01-20 19:30"


def norwegian_halls():
    return Hall.objects.filter(locale_id=default_locale_id()).order_by("name")


def first_hall(event):
    performance = event.performances.select_related("hall").order_by("start").first()
    return performance.hall if performance else None


def read_dates(text):
    """The date-times of ``text``, one a line, read the way the admin's date
    fields read them (20.01.2027 19:30 or 2027-01-20 19:30). Raises a
    ValidationError naming every line that is not one."""
    field = forms.DateTimeField()
    starts, errors = [], []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        try:
            starts.append(field.clean(line))
        except ValidationError:
            errors.append(
                ValidationError(
                    _(
                        "Line %(number)s, “%(text)s”, is not a date and time. "
                        "Write it as 20.01.2027 19:30 or 2027-01-20 19:30."
                    ),
                    params={"number": number, "text": line[:40]},
                )
            )
    if errors:
        raise ValidationError(errors)
    return starts


def refuse_past_and_too_many(starts):
    now = timezone.now()
    past = [start for start in starts if start < now]
    if past:
        raise ValidationError(
            _("%(date)s has already passed. Give dates still to come.")
            % {"date": formats.date_format(timezone.localtime(past[0]), "d.m.Y H:i")}
        )
    if len(starts) > scheduling.MAX_PERFORMANCES:
        raise ValidationError(
            _(
                "That makes %(count)s performances; at most %(max)s can be added "
                "at once. Choose a shorter period or fewer days."
            )
            % {"count": len(starts), "max": scheduling.MAX_PERFORMANCES}
        )


class CopyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the copy"), max_length=255)
    slug = forms.SlugField(
        label=gettext_lazy("Address (slug)"),
        max_length=255,
        required=False,
        help_text=gettext_lazy(
            "Leave empty to use the event's address with the year of the first "
            "date, e.g. peer-gynt-2027."
        ),
    )
    dates = forms.CharField(
        label=gettext_lazy("New performances"),
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": DATE_EXAMPLES}),
        help_text=gettext_lazy(
            "One date and time a line, e.g. 20.01.2027 19:30 or 2027-01-20 19:30."
        ),
    )
    hall = forms.ModelChoiceField(
        label=gettext_lazy("Hall"), queryset=Hall.objects.none(), empty_label=None
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["hall"].queryset = norwegian_halls()

    def clean_dates(self):
        starts = read_dates(self.cleaned_data["dates"])
        if not starts:
            raise ValidationError(_("Give at least one date and time."))
        starts = sorted(set(starts))
        refuse_past_and_too_many(starts)
        return starts

    def clean(self):
        cleaned_data = super().clean()
        starts = cleaned_data.get("dates")
        if not starts or "slug" in self.errors:
            return cleaned_data
        parent = self.event.get_parent()
        slug = cleaned_data.get("slug")
        if not slug:
            cleaned_data["slug"] = scheduling.suggested_slug(self.event, starts)
        elif parent.get_children().filter(slug=slug).exists():
            self.add_error(
                "slug",
                _("The address “%(slug)s” is taken. A free one is “%(suggestion)s”.")
                % {
                    "slug": slug,
                    "suggestion": scheduling.suggested_slug(self.event, starts),
                },
            )
        return cleaned_data


WEEKDAYS = [
    ("0", gettext_lazy("Monday")),
    ("1", gettext_lazy("Tuesday")),
    ("2", gettext_lazy("Wednesday")),
    ("3", gettext_lazy("Thursday")),
    ("4", gettext_lazy("Friday")),
    ("5", gettext_lazy("Saturday")),
    ("6", gettext_lazy("Sunday")),
]


class SeriesForm(forms.Form):
    first_day = forms.DateField(
        label=gettext_lazy("First day"),
        help_text=gettext_lazy("E.g. 01.03.2027 or 2027-03-01."),
    )
    last_day = forms.DateField(
        label=gettext_lazy("Last day"),
        help_text=gettext_lazy("E.g. 31.03.2027 or 2027-03-31."),
    )
    weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("Weekdays"),
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one weekday.")},
    )
    time = forms.TimeField(
        label=gettext_lazy("Time"), help_text=gettext_lazy("E.g. 19:00.")
    )
    hall = forms.ModelChoiceField(
        label=gettext_lazy("Hall"), queryset=Hall.objects.none(), empty_label=None
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Shown beside each date, e.g. 'Sign interpreted'."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = norwegian_halls()

    def clean(self):
        cleaned_data = super().clean()
        first, last = cleaned_data.get("first_day"), cleaned_data.get("last_day")
        weekdays, at = cleaned_data.get("weekdays"), cleaned_data.get("time")
        if not (first and last and weekdays and at):
            return cleaned_data
        if last < first:
            raise ValidationError(_("The last day comes before the first day."))
        if (last - first).days > scheduling.MAX_SERIES_DAYS:
            raise ValidationError(
                _("A series can span at most two years; add longer runs in parts.")
            )
        starts = scheduling.series_starts(first, last, weekdays, at)
        if not starts:
            raise ValidationError(
                _("None of the chosen weekdays falls between these days.")
            )
        refuse_past_and_too_many(starts)
        cleaned_data["starts"] = starts
        return cleaned_data


class Refused(Exception):
    """The editor may not do this to this event."""


def norwegian_event(request, page_id, permission):
    """The event ``page_id`` when the editor may ``permission`` it. Dates
    belong to the Norwegian event; its translations show them."""
    event = get_object_or_404(EventPage, pk=page_id)
    if event.locale_id != default_locale_id():
        raise Http404(_("Performances belong to the Norwegian event; use it instead."))
    if not permission(event.permissions_for_user(request.user)):
        raise Refused
    return event


def refused_unless_permitted(view):
    """A 403 that says why, rather than Wagtail's redirect to the dashboard."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused:
            return HttpResponseForbidden(
                _("You may not change this event's performances.")
            )

    return wrapped


@refused_unless_permitted
@require_http_methods(["GET", "HEAD", "POST"])
def copy_with_new_dates(request, page_id):
    event = norwegian_event(request, page_id, lambda perms: perms.can_copy())
    parent = event.get_parent()
    if not parent.permissions_for_user(request.user).can_add_subpage():
        raise Refused
    if request.method == "POST":
        form = CopyForm(request.POST, event=event)
        if form.is_valid():
            data = form.cleaned_data
            copy = scheduling.copy_event(
                event,
                title=data["title"],
                slug=data["slug"],
                starts=data["dates"],
                hall=data["hall"],
                user=request.user,
            )
            messages.success(
                request,
                ngettext(
                    "“%(title)s” is copied as a draft with %(count)s performance. "
                    "Check the texts and publish it when ready.",
                    "“%(title)s” is copied as a draft with %(count)s performances. "
                    "Check the texts and publish it when ready.",
                    len(data["dates"]),
                )
                % {"title": copy.title, "count": len(data["dates"])},
            )
            return redirect("wagtailadmin_pages:edit", copy.pk)
    else:
        form = CopyForm(
            event=event, initial={"title": event.title, "hall": first_hall(event)}
        )
    return TemplateResponse(
        request,
        "events/admin/copy_event.html",
        {
            "page_title": _("Copy “%(title)s” with new dates") % {"title": event.title},
            "header_icon": "copy",
            "event": event,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@refused_unless_permitted
@require_http_methods(["GET", "HEAD", "POST"])
def add_series(request, page_id):
    event = norwegian_event(request, page_id, lambda perms: perms.can_edit())
    preview = None
    if request.method == "POST":
        form = SeriesForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("action") == "create":
                may_publish = event.permissions_for_user(request.user).can_publish()
                result, published = scheduling.add_performances(
                    event,
                    data["starts"],
                    data["hall"],
                    user=request.user,
                    note=data["note"],
                    publish=may_publish,
                )
                messages.success(request, created_message(result, published))
                return redirect("wagtailadmin_pages:edit", event.pk)
            preview = scheduling.plan(event, data["starts"])
    else:
        form = SeriesForm(initial={"hall": first_hall(event)})
    return TemplateResponse(
        request,
        "events/admin/add_series.html",
        {
            "page_title": _("Add a series of performances to “%(title)s”")
            % {"title": event.title},
            "header_icon": "date",
            "event": event,
            "form": form,
            "preview": preview,
        },
        status=400 if form.errors else 200,
    )


def created_message(result, published):
    added = ngettext(
        "%(count)s performance added",
        "%(count)s performances added",
        len(result.new),
    ) % {"count": len(result.new)}
    parts = [added]
    if result.duplicates:
        parts.append(
            ngettext(
                "%(count)s the event already had was skipped",
                "%(count)s the event already had were skipped",
                len(result.duplicates),
            )
            % {"count": len(result.duplicates)}
        )
    text = "; ".join(parts) + "."
    if result.new and not published:
        text += " " + _("They are in a draft: publish the event to show them.")
    return text


def urlpatterns():
    return [
        path(
            "arrangementer/<int:page_id>/",
            (
                [
                    path("kopier/", copy_with_new_dates, name="copy"),
                    path("serie/", add_series, name="series"),
                ],
                "events_scheduling",
                "events_scheduling",
            ),
        )
    ]


def is_norwegian_event(page):
    return page.specific_class is EventPage and page.locale_id == default_locale_id()


class CopyWithNewDatesButton(PageMenuItem):
    label = gettext_lazy("Copy with new dates")
    icon_name = "copy"
    url_name = "events_scheduling:copy"

    def is_shown(self, user):
        return is_norwegian_event(self.page) and (
            self.page.permissions_for_user(user).can_copy()
        )


class AddSeriesButton(PageMenuItem):
    label = gettext_lazy("Add a series of performances")
    icon_name = "date"
    url_name = "events_scheduling:series"

    def is_shown(self, user):
        return is_norwegian_event(self.page) and (
            self.page.permissions_for_user(user).can_edit()
        )


def buttons(page, user, next_url=None, view_name=None):
    yield CopyWithNewDatesButton(page=page, priority=25)
    yield AddSeriesButton(page=page, priority=26)
