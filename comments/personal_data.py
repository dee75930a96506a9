"""The personal data of comments: what people wrote, under what name and
address, and what we keep for spam handling (IP address, browser). Follow-up
subscriptions are a flag on each comment, so they go with it.

Erasure follows the person's choice, passed by the account deletion as
``comments="delete"`` (the default) or ``"anonymise"``: published comments
then stay, written by "anonymous", with nothing left that names them."""

from django.apps import apps
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from django_comments.models import Comment as BaseComment
from django_comments.models import CommentFlag

from home.site_url import site_url
from privacy.registry import Erasure, PersonalData, not_personal, register

from . import services
from .conf import conf
from .models import Comment, ReportReason

EXPORT_LABELS = {
    "page": _("Page"),
    "url": _("Address"),
    "written_at": _("Written"),
    "text": _("Comment"),
    "status": _("Status"),
    "name": _("Name"),
    "email": _("Email address"),
    "website": _("Website"),
    "follow_up_mails": _("Mails about new comments"),
    "ip_address": _("IP address"),
    "browser": _("Browser"),
}


def _iso(value):
    return value.isoformat() if value else None


@register
class Comments(PersonalData):
    """Comments a person wrote, signed in or with one of their addresses."""

    key = "comments.comments"
    label = _("Your comments")
    purpose = _(
        "To show what you wrote on our pages, to let you delete it, and to "
        "mail you about new comments when you asked for it. IP address and "
        "browser serve to keep spam away."
    )
    legal_basis = _(
        "Consent (GDPR art. 6(1)(a)) for the comment you chose to publish; "
        "legitimate interest (art. 6(1)(f)) in keeping spam off the site for "
        "IP address and browser."
    )
    fields = {
        BaseComment: [
            "user",
            "user_name",
            "user_email",
            "user_url",
            "comment",
            "ip_address",
        ],
        Comment: ["author_name", "user_agent", "referrer", "followup"],
    }
    export_labels = EXPORT_LABELS

    @property
    def retention(self):
        return _(
            "Published comments until you delete them. IP address and browser "
            "%(days)s days; spam %(spam_days)s days."
        ) % {
            "days": conf.retention_days("IP_RETENTION_DAYS"),
            "spam_days": conf.retention_days("SPAM_RETENTION_DAYS"),
        }

    def rows(self, subject):
        return (
            services.comments_of(subject)
            .filter(is_removed=False)
            .select_related("page")
            .order_by("submit_date", "pk")
        )

    def export_row(self, row):
        return {
            "page": row.page.title,
            "url": site_url() + (row.page.url or "/") + f"#c{row.pk}",
            "written_at": _iso(row.submit_date),
            "text": row.comment,
            "status": str(row.get_status_display()),
            "name": row.author_name,
            "email": row.user_email,
            "website": row.user_url or None,
            "follow_up_mails": row.followup,
            "ip_address": row.ip_address,
            "browser": row.user_agent or None,
        }

    def erase(self, subject, **options):
        comments = services.comments_of(subject)
        if subject.user_id is not None:
            # Flags of other kinds than reports (none are made today).
            CommentFlag.objects.filter(user_id=subject.user_id).exclude(
                flag=CommentFlag.SUGGEST_REMOVAL
            ).delete()
        if options.get("comments") == "anonymise":
            anonymised, deleted = services.anonymise_comments(comments)
            return Erasure(deleted=deleted, anonymised=anonymised)
        deleted, kept = services.delete_comments(comments)
        return Erasure(deleted=deleted, anonymised=kept)


REPORT_LABELS = {
    "comment": _("Comment reported"),
    "page": _("Page"),
    "reported_at": _("Reported"),
    "reason": _("Reason"),
    "details": _("What you wrote"),
}


@register
class CommentReports(PersonalData):
    """Comments a person reported to the editors ("Report"): django-comments'
    removal-suggestion flag, tied to their account, and the reason they gave
    (``ReportReason``)."""

    key = "comments.reports"
    label = _("Comments you reported")
    purpose = _(
        "To let editors look at comments visitors find unlawful or against "
        "our rules, to count each person's report once, and to hide a "
        "comment several people have reported until an editor has decided."
    )
    legal_basis = _(
        "Legitimate interest (GDPR art. 6(1)(f)) in keeping the comments on "
        "our pages lawful and civil. Editors see the reason, never who "
        "reported."
    )
    retention = _(
        "As long as the reported comment exists, or until you delete your account."
    )
    fields = {
        CommentFlag: ["user"],
        ReportReason: ["details"],
    }
    export_labels = REPORT_LABELS

    def rows(self, subject):
        return (
            services.reports_of(subject)
            .select_related("report_reason")
            .annotate(
                page_title=Subquery(
                    Comment.objects.filter(pk=OuterRef("comment_id")).values(
                        "page__title"
                    )[:1]
                )
            )
            .order_by("flag_date", "pk")
        )

    def export_row(self, row):
        reason = getattr(row, "report_reason", None)
        return {
            "comment": row.comment_id,
            "page": row.page_title,
            "reported_at": _iso(row.flag_date),
            "reason": str(reason.get_reason_display()) if reason else None,
            "details": reason.details if reason else "",
        }

    def erase(self, subject, **options):
        # The reasons go with their flags (on_delete=CASCADE).
        reports = services.reports_of(subject)
        count = reports.count()
        reports.delete()
        return Erasure(deleted=count)


# The sites framework is needed by django_comments; its one row names the
# site, not a person.
if apps.is_installed("django.contrib.sites"):
    not_personal(
        apps.get_model("sites", "Site"),
        ["name"],
        _("The name of this website, used by the comments framework."),
    )
