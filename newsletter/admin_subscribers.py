"""Subscribers in Wagtail's admin (wagtail-modeladmin): the list with the
counts at a glance, search and filters, and a CSV export of confirmed
subscribers. Registered from wagtail_hooks.py.

The export has address, name, language and confirmation date, and no mobile
number: numbers are promised to be used only for SMS reminders, which the
site sends itself; a list that leaves the site could not keep that
promise."""

import csv
import itertools

from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from home.admin_lists import StrictIndexView

from . import services
from .models import Subscriber

EXPORT_PERMISSION = "newsletter.view_subscriber"
EXPORT_CHUNK_SIZE = 2000
# A cell a spreadsheet would run as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

STATES = {
    "confirmed": (_("Confirmed"), Q(confirmed_at__isnull=False)),
    "unconfirmed": (_("Not confirmed"), Q(confirmed_at__isnull=True)),
    "reconsent": (
        _("Asked whether they still want it"),
        Q(confirmed_at__isnull=False, reconsent_sent_at__isnull=False),
    ),
}


class StateFilter(SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _query) in STATES.items()]

    def queryset(self, request, queryset):
        if self.value() in STATES:
            return queryset.filter(STATES[self.value()][1])
        return queryset


class PhoneFilter(SimpleListFilter):
    title = _("mobile number")
    parameter_name = "phone"

    def lookups(self, request, model_admin):
        return [("yes", _("Given")), ("no", _("Not given"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(phone="")
        if self.value() == "no":
            return queryset.filter(phone="")
        return queryset


class SubscriberPermissionHelper(PermissionHelper):
    """Subscribers sign up themselves; editors look, export and, when a
    person asks by phone or letter, delete."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class SubscriberIndexView(StrictIndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = services.counts()
        return context


class SubscriberAdmin(ModelAdmin):
    model = Subscriber
    menu_label = _("Subscribers")
    menu_icon = "group"
    menu_order = 260
    add_to_settings_menu = False
    permission_helper_class = SubscriberPermissionHelper
    index_view_class = SubscriberIndexView
    index_template_name = "newsletter/admin/subscriber_index.html"
    list_display = (
        "email",
        "name",
        "language",
        "state",
        "has_phone",
        "created_at",
        "confirmed_at",
        "last_activity_at",
    )
    list_filter = (StateFilter, PhoneFilter, "language", "source")
    search_fields = ("email", "name")
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "name",
        "phone",
        "language",
        "source",
        "user",
        "created_at",
        "confirm_sent_at",
        "confirmed_at",
        "last_activity_at",
        "reconsent_sent_at",
    ]

    def state(self, obj):
        if obj.confirmed_at is None:
            return STATES["unconfirmed"][0]
        if obj.reconsent_sent_at is not None:
            return STATES["reconsent"][0]
        return STATES["confirmed"][0]

    state.short_description = _("state")

    def has_phone(self, obj):
        return bool(obj.phone)

    has_phone.boolean = True
    has_phone.short_description = _("mobile")


def _cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def export_rows():
    """The header and one row per confirmed subscriber, read in chunks."""
    yield [_("Email address"), _("Name"), _("Language"), _("Confirmed")]
    rows = (
        Subscriber.objects.confirmed()
        .order_by("confirmed_at", "pk")
        .values_list("email", "name", "language", "confirmed_at")
    )
    for email, name, language, confirmed_at in rows.iterator(
        chunk_size=EXPORT_CHUNK_SIZE
    ):
        yield [
            _cell(email),
            _cell(name),
            language,
            timezone.localtime(confirmed_at).strftime("%Y-%m-%d %H:%M"),
        ]


@require_safe
def export_csv(request):
    """``/admin/nyhetsbrev/abonnenter.csv``: confirmed subscribers, for
    editors who may see subscribers."""
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    writer = csv.writer(_Echo())
    lines = (writer.writerow([str(cell) for cell in row]) for row in export_rows())
    response = StreamingHttpResponse(
        # The byte-order mark tells spreadsheets the file is UTF-8 (æ, ø, å).
        itertools.chain(["\ufeff"], lines),
        content_type="text/csv; charset=utf-8",
    )
    today = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="nyhetsbrev-abonnenter-{today}.csv"'
    )
    response["Cache-Control"] = "no-store, private"
    return response
