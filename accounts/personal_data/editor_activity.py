"""An editor's traces in Wagtail's admin: what they own, edited, locked,
uploaded or commented, and their admin settings."""

import datetime

from django.utils.translation import gettext_lazy as _
from wagtail.admin.models import EditingSession, FormState
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageSubscription,
    Revision,
    TaskState,
    UploadedFile,
    WorkflowState,
)
from wagtail.models.api import APIToken
from wagtail.users.models import UserProfile
from wagtail_localize.models import SegmentOverride, StringTranslation

from privacy.registry import Erasure, PersonalData, register

from .common import iso

# Wagtail's links to the person who did something: (model, field). Nullable
# links are set to NULL on erasure, so the history stays and names nobody.
EDITOR_LINKS = [
    (Page, "owner"),
    (Page, "locked_by"),
    (Revision, "user"),
    (PageLogEntry, "user"),
    (ModelLogEntry, "user"),
    (get_image_model(), "uploaded_by_user"),
    (get_document_model(), "uploaded_by_user"),
    (UploadedFile, "uploaded_by_user"),
    (WorkflowState, "requested_by"),
    (TaskState, "finished_by"),
    (Comment, "resolved_by"),
    # wagtail-localize: who last translated a string (issue 15).
    (StringTranslation, "last_translated_by"),
    (SegmentOverride, "last_translated_by"),
]
# Rows that exist only for the person (their settings, their own comments on
# pages in the admin, what they follow, their API keys): deleted.
EDITOR_OWNED = [
    (UserProfile, "user"),
    (Comment, "user"),
    (CommentReply, "user"),
    (PageSubscription, "user"),
    (EditingSession, "user"),
    (FormState, "user"),
    (APIToken, "user"),
]


def _editor_fields():
    fields = {}
    for model, field in EDITOR_LINKS + EDITOR_OWNED:
        fields.setdefault(model, []).append(field)
    # What the person wrote or chose, beyond the link to them.
    fields[Comment].append("text")
    fields[CommentReply].append("text")
    fields[UserProfile].extend(
        ["avatar", "preferred_language", "current_time_zone", "dismissibles"]
    )
    fields[TaskState].append("comment")
    fields[FormState].append("data")
    fields[APIToken].append("name")
    return fields


def _describe(obj):
    """A line naming the item: a page's or object's title, a comment's
    text."""
    if isinstance(obj, Revision):
        return obj.object_str
    if isinstance(obj, PageLogEntry | ModelLogEntry):
        return obj.label
    if isinstance(obj, Comment | CommentReply):
        return obj.text
    if isinstance(obj, PageSubscription):
        return obj.page.title
    return str(obj)


WHEN_FIELDS = (
    "created_at",
    "timestamp",
    "finished_at",
    "last_seen_at",
    "last_updated_at",
    "created",
)


def _when(obj):
    for name in WHEN_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, datetime.datetime):
            return value
    return None


@register
class EditorActivity(PersonalData):
    """What an editor did in Wagtail's admin: the pages they own, edited or
    locked, their uploads, workflow steps, admin comments and settings.
    Erasure keeps the editing history and removes the person from it."""

    key = "accounts.editor_activity"
    label = _("Your work in the editing system")
    purpose = _("To keep the history of who changed what on the site.")
    legal_basis = _(
        "Legitimate interest (GDPR art. 6(1)(f)): a traceable history of the "
        "site's content."
    )
    retention = _(
        "While you edit for us. When your account is deleted, the history is "
        "kept without your name; your admin settings and comments are deleted."
    )
    fields = _editor_fields()
    export_labels = {
        "what": _("What"),
        "item": _("Item"),
        "at": _("When"),
    }

    def _querysets(self, subject):
        if subject.user_id is None:
            return []
        return [
            (model, field, model.objects.filter(**{f"{field}_id": subject.user_id}))
            for model, field in EDITOR_LINKS + EDITOR_OWNED
        ]

    def rows(self, subject):
        for model, field, queryset in self._querysets(subject):
            for obj in queryset.order_by("pk").iterator(chunk_size=500):
                yield (model, field, obj)

    def export_row(self, row):
        model, field, obj = row
        return {
            "what": f"{model._meta.verbose_name} "
            f"({model._meta.get_field(field).verbose_name})",
            "item": _describe(obj),
            "at": iso(_when(obj)),
        }

    def summary(self, subject):
        return sum(
            queryset.count() for _model, _field, queryset in self._querysets(subject)
        )

    def erase(self, subject, **options):
        result = Erasure()
        if subject.user_id is None:
            return result
        for model, field in EDITOR_LINKS:
            result.anonymised += model.objects.filter(
                **{f"{field}_id": subject.user_id}
            ).update(**{field: None})
        for profile in UserProfile.objects.filter(user_id=subject.user_id):
            if profile.avatar:
                profile.avatar.delete(save=False)
        for model, field in EDITOR_OWNED:
            deleted, _per_model = model.objects.filter(
                **{f"{field}_id": subject.user_id}
            ).delete()
            result.deleted += deleted
        return result
