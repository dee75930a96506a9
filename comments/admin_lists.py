"""The moderation list of comments in Wagtail's admin (wagtail-modeladmin):
its filters, views, buttons and menu badge, and the Comments button on the
pages that take them. Registered in wagtail_hooks.py."""

from django.contrib.admin import SimpleListFilter
from django.db import transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import Button
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.menus import ModelAdminMenuItem
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import DeleteView, EditView, InspectView

from home.admin_lists import StrictIndexView
from home.cache import invalidate_page_cache

from . import admin_views, services
from .conf import conf
from .models import Comment

Status = Comment.Status


PREVIEW_CHARACTERS = 280


STATES = {
    "awaiting": (_("Awaiting moderation"), {"status": Status.PENDING}),
    "unconfirmed": (_("Awaiting email confirmation"), {"status": Status.UNCONFIRMED}),
    "published": (_("Published"), {"status": Status.PUBLISHED, "is_removed": False}),
    "spam": (_("Spam"), {"status": Status.SPAM}),
    "removed": (_("Removed"), None),
    "not_checked": (_("Not checked by Akismet"), None),
    "reported": (_("Reported by visitors"), None),
}


class StateFilter(SimpleListFilter):
    """The states editors work through, with how many are in each."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        counts = services.moderation_counts()
        numbers = {
            "awaiting": counts["pending"],
            "unconfirmed": counts["unconfirmed"],
            "published": counts["published"],
            "spam": counts["spam"],
            "removed": counts["removed"],
            "not_checked": counts["not_checked"],
            "reported": counts["reported"],
        }
        return [
            (key, f"{label} ({numbers[key]})") for key, (label, _q) in STATES.items()
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "removed":
            return queryset.filter(Q(status=Status.REMOVED) | Q(is_removed=True))
        if value == "not_checked":
            return queryset.filter(
                status__in=[Status.PENDING, Status.UNCONFIRMED],
                spam_verdict=Comment.Verdict.UNCHECKED,
            )
        if value == "reported":
            return queryset.filter(services.reported_q())
        if value in STATES:
            return queryset.filter(**STATES[value][1])
        return queryset


class CommentPermissionHelper(PermissionHelper):
    """Comments come from visitors: editors moderate, edit and delete them,
    but never write new ones here."""

    def user_can_create(self, user):
        return False


class CommentButtonHelper(ButtonHelper):
    """The list's buttons are the comment column's own (publish, spam,
    delete, edit, inspect: see ``CommentAdmin.preview``), so the text is
    not a link and modeladmin adds no second set."""

    def get_buttons_for_obj(self, obj, **kwargs):
        return []

    def get_primary_button(self, obj):
        return None


class CommentIndexView(StrictIndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        can_change = user.has_perm("comments.change_comment")
        can_delete = user.has_perm("comments.delete_comment")
        rows = list(context["object_list"])
        for comment in rows:
            comment.can_edit = can_change
            comment.row_actions = admin_views.row_actions(
                comment, can_change=can_change, can_delete=can_delete
            )
        context.update(
            object_list=rows,
            shortcuts_enabled=getattr(
                getattr(user, "wagtail_userprofile", None), "keyboard_shortcuts", True
            ),
            counts=services.moderation_counts(),
            akismet_problem=services.akismet_problem(),
            bulk_actions=[
                (key, action.label)
                for key, action in admin_views.BULK_ACTIONS.items()
                if self.request.user.has_perm(f"comments.{action.permission}_comment")
            ],
        )
        return context


class CommentInspectView(InspectView):
    """The details of a comment, with the reports visitors made since an
    editor last decided on it (reason and text; not who made them)."""

    def get_fields_dict(self):
        fields = super().get_fields_dict()
        since = self.instance.moderated_at
        reports = (
            services.reports_of_comment(self.instance.pk, since=since)
            .select_related("report_reason")
            .order_by("flag_date")
        )
        fields.append(
            {
                "label": _("Reports since the last decision"),
                "value": render_to_string(
                    "comments/site/admin/reports.html", {"reports": reports}
                ),
            }
        )
        return fields


class CommentEditView(EditView):
    """Editors may correct a comment's text, name or website; the pages
    showing it are rendered afresh."""

    def form_valid(self, form):
        response = super().form_valid(form)
        transaction.on_commit(invalidate_page_cache)
        return response


class CommentDeleteView(DeleteView):
    """Deleting one comment as the bulk action does: replies keep their
    place under "comment deleted"."""

    def delete_instance(self):
        services.delete_comments(Comment.objects.filter(pk=self.instance.pk))


class CommentMenuItem(ModelAdminMenuItem):
    """The menu entry, with the number awaiting moderation beside it."""

    def render_component(self, request):
        component = super().render_component(request)
        waiting = Comment.objects.filter(status=Status.PENDING).count()
        if waiting:
            component.label = f"{self.label} ({waiting})"
        return component


class CommentAdmin(ModelAdmin):
    model = Comment
    menu_label = _("Comments")
    menu_icon = "comment"
    menu_order = 250
    list_display = (
        "select_box",
        "preview",
        "author",
        "page_title",
        "state",
        "submitted",
    )
    # Buttons go with the text, where there is room for them (the first
    # column only holds the checkbox).
    list_display_add_buttons = "preview"
    button_helper_class = CommentButtonHelper
    list_filter = (StateFilter,)
    # The Comments button of a page links to the list of its comments.
    extra_lookups = ("page__id__exact",)
    search_fields = ("comment", "author_name", "user_email")
    list_per_page = 50
    ordering = ["-submit_date", "-pk"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "page",
        "author_name",
        "user_email",
        "user_url",
        "comment",
        "submit_date",
        "status",
        "spam_verdict",
        "spam_check_error",
        "ip_address",
        "user_agent",
        "followup",
    ]
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    edit_view_class = CommentEditView
    delete_view_class = CommentDeleteView
    index_template_name = "comments/site/admin/index.html"
    index_view_extra_js = ["js/comments-admin.js"]
    index_view_extra_css = ["css/comments-admin.css"]
    permission_helper_class = CommentPermissionHelper
    panels = [FieldPanel("author_name"), FieldPanel("user_url"), FieldPanel("comment")]

    def get_queryset(self, request):
        return services.with_open_reports(
            super().get_queryset(request).select_related("page")
        ).prefetch_related(
            Prefetch(
                "flags",
                queryset=services.reports()
                .select_related("report_reason")
                .order_by("flag_date"),
                to_attr="report_flags",
            )
        )

    def get_extra_attrs_for_row(self, obj, context):
        # The row the keyboard shortcuts move to (static/js/comments-admin.js).
        return {"data-comment-row": obj.pk, "tabindex": "-1"}

    def get_menu_item(self, order=None):
        return CommentMenuItem(self, order or self.get_menu_order())

    def select_box(self, obj):
        return format_html(
            '<input type="checkbox" name="ids" value="{}" form="comments-bulk" '
            'aria-label="{}">',
            obj.pk,
            _("Select %(comment)s") % {"comment": obj},
        )

    select_box.short_description = _("Select")

    def preview(self, obj):
        """The start of the text (escaped by the template), why visitors
        reported it, and the buttons for the comment."""
        if obj.is_removed:
            text = _("Comment deleted.")
        else:
            text = Truncator(" ".join(obj.comment.split())).chars(PREVIEW_CHARACTERS)
        since = obj.moderated_at
        reasons = sorted(
            {
                str(flag.report_reason.get_reason_display())
                for flag in getattr(obj, "report_flags", ())
                if hasattr(flag, "report_reason")
                and (since is None or flag.flag_date > since)
            }
        )
        return render_to_string(
            "comments/site/admin/row_comment.html",
            {
                "comment": obj,
                "text": text,
                "reasons": reasons,
                "actions": getattr(obj, "row_actions", ()),
                "moderate_url": reverse("comments_admin_moderate", args=[obj.pk]),
                "edit_url": self.url_helper.get_action_url("edit", obj.pk),
                "inspect_url": self.url_helper.get_action_url("inspect", obj.pk),
            },
        )

    preview.short_description = _("Comment")

    def author(self, obj):
        if obj.user_email:
            return format_html(
                '{}<br><span class="comments-row__email">{}</span>',
                obj.display_name,
                obj.user_email,
            )
        return obj.display_name

    author.short_description = _("Author")

    def page_title(self, obj):
        return obj.page.title

    page_title.short_description = _("Page")

    def state(self, obj):
        label = obj.get_status_display()
        if obj.is_removed:
            label = _("Deleted, kept for its replies")
        elif obj.spam_verdict == Comment.Verdict.UNCHECKED and obj.status in (
            Status.PENDING,
            Status.UNCONFIRMED,
        ):
            label = _("%(status)s, not checked by Akismet") % {"status": label}
        elif obj.spam_verdict == Comment.Verdict.DISCARD:
            label = _("%(status)s (blatant)") % {"status": label}
        elif (
            obj.status == Status.PENDING
            and conf.REPORTS_TO_HIDE
            and getattr(obj, "open_reports", 0) >= conf.REPORTS_TO_HIDE
        ):
            label = _("Hidden after reports, awaiting moderation")
        return format_html(
            '<span class="w-status comments-status comments-status--{}">{}</span>',
            obj.status,
            label,
        )

    state.short_description = _("State")

    def submitted(self, obj):
        return obj.submit_date

    submitted.short_description = _("Written")
    submitted.admin_order_field = "submit_date"


def comments_button(page, user, priority):
    if not services.takes_comments(page):
        return None
    if not page.permissions_for_user(user).can_edit():
        return None
    return Button(
        _("Comments"),
        reverse("comments_admin_page", args=[page.pk]),
        icon_name="comment",
        priority=priority,
    )
