"""Moderation screens in Wagtail's admin that wagtail-modeladmin does not
have: bulk actions on the comment list, the buttons of each row, and
comments on or off for a page. Registered under /admin/comments/ by
wagtail_hooks."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages
from wagtail.models import Page

from . import services
from .models import Comment

INDEX_URL_NAME = "comments_comment_modeladmin_index"


class BulkAction:
    """One bulk action: the service it calls, the permission it needs and
    what the editor is told afterwards."""

    def __init__(self, label, service, permission, done):
        self.label = label
        self.service = service
        self.permission = permission
        self.done_message = done

    def done(self, count):
        return self.done_message % {"count": count}


def _delete(comments):
    deleted, kept = services.delete_comments(comments)
    return deleted + kept


BULK_ACTIONS = {
    "publish": BulkAction(
        gettext_lazy("Publish"),
        services.publish_comments,
        "change",
        ngettext_lazy(
            "%(count)d comment published.",
            "%(count)d comments published.",
            "count",
        ),
    ),
    "unpublish": BulkAction(
        gettext_lazy("Unpublish"),
        services.unpublish_comments,
        "change",
        ngettext_lazy(
            "%(count)d comment unpublished.",
            "%(count)d comments unpublished.",
            "count",
        ),
    ),
    "spam": BulkAction(
        gettext_lazy("Mark as spam"),
        services.mark_spam,
        "change",
        ngettext_lazy(
            "%(count)d comment marked as spam.",
            "%(count)d comments marked as spam.",
            "count",
        ),
    ),
    "not_spam": BulkAction(
        gettext_lazy("Not spam"),
        services.mark_not_spam,
        "change",
        ngettext_lazy(
            "%(count)d comment marked as not spam; it awaits moderation.",
            "%(count)d comments marked as not spam; they await moderation.",
            "count",
        ),
    ),
    "dismiss": BulkAction(
        gettext_lazy("Keep published, dismiss reports"),
        services.dismiss_reports,
        "change",
        ngettext_lazy(
            "%(count)d reported comment kept; its reports are dismissed.",
            "%(count)d reported comments kept; their reports are dismissed.",
            "count",
        ),
    ),
    "delete": BulkAction(
        gettext_lazy("Delete"),
        _delete,
        "delete",
        ngettext_lazy(
            "%(count)d comment deleted.",
            "%(count)d comments deleted.",
            "count",
        ),
    ),
}


def _next_url(request):
    target = request.POST.get("next", "")
    # A path on this site only: redirect() takes a bare word for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(INDEX_URL_NAME)


def _selected_ids(request):
    return [int(value) for value in request.POST.getlist("ids") if value.isdigit()]


class RowAction:
    """A button in a row of the list: the bulk action it applies to that
    comment, its label and the key that presses it."""

    def __init__(self, key, label, shortcut, css=""):
        self.key = key
        self.label = label
        self.shortcut = shortcut
        self.css = css


def row_actions(comment, *, can_change, can_delete) -> list[RowAction]:
    """The buttons that fit the comment's state: publish what is not shown
    (or keep a reported one that is), unpublish, spam or not spam, delete.
    A comment deleted but kept for its replies can only go."""
    Status = Comment.Status
    actions = []
    if can_change and not comment.is_removed:
        if comment.status != Status.PUBLISHED:
            actions.append(RowAction("publish", _("Publish"), "p"))
        elif getattr(comment, "open_reports", 0):
            actions.append(RowAction("dismiss", _("Keep published"), "p"))
        if comment.status == Status.PUBLISHED:
            actions.append(
                RowAction("unpublish", _("Unpublish"), "u", " button-secondary")
            )
        if comment.status == Status.SPAM:
            actions.append(
                RowAction("not_spam", _("Not spam"), "n", " button-secondary")
            )
        else:
            actions.append(RowAction("spam", _("Spam"), "s", " button-secondary"))
    if can_delete:
        actions.append(RowAction("delete", _("Delete"), "d", " no"))
    return actions


@require_POST
def bulk_action(request):
    """Apply one action to the comments ticked in the list. Deleting asks
    first."""
    return _apply(request, request.POST.get("action", ""), _selected_ids(request))


@require_POST
def moderate_one(request, comment_id):
    """A button of one row of the list (the same actions as in bulk;
    deleting asks first)."""
    return _apply(request, request.POST.get("action", ""), [comment_id])


def _apply(request, key, ids):
    action = BULK_ACTIONS.get(key)
    if action is None:
        messages.error(request, _("Choose what to do with the selected comments."))
        return redirect(_next_url(request))
    if not request.user.has_perm(f"comments.{action.permission}_comment"):
        raise PermissionDenied
    ids = [pk for pk in ids if services.is_id(pk)]
    if not ids:
        messages.warning(request, _("No comments were selected."))
        return redirect(_next_url(request))
    comments = Comment.objects.filter(pk__in=ids)
    if key == "delete" and not request.POST.get("confirm"):
        return TemplateResponse(
            request,
            "comments/site/admin/confirm_delete.html",
            {
                "comments": comments.select_related("page"),
                "next": _next_url(request),
            },
        )
    count = action.service(comments)
    messages.success(request, action.done(count))
    return redirect(_next_url(request))


@require_http_methods(["GET", "HEAD", "POST"])
def page_settings(request, page_id):
    """Comments on or off for one page, with the page's counts."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not services.takes_comments(page):
        raise Http404
    page = page.specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    state = services.comments_state(page)
    if request.method == "POST":
        enabled = request.POST.get("enabled") == "on"
        services.set_page_comments(page, enabled)
        message = (
            _("Comments are on for “%(title)s”.")
            if enabled
            else _("Comments are off for “%(title)s”.")
        )
        messages.success(request, message % {"title": page.title})
        return redirect("comments_admin_page", page_id=page.pk)
    counts = services.page_counts(page)
    return TemplateResponse(
        request,
        "comments/site/admin/page_settings.html",
        {
            "page": page,
            "state": state,
            "counts": counts,
            "list_url": reverse(INDEX_URL_NAME) + f"?page__id__exact={page.pk}",
        },
    )
