"""The privacy app's own personal data, and the fields of models that cannot
declare themselves (third-party apps, and apps on the floor below privacy)
that look personal but are not."""

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import DataExport
from .registry import Erasure, PersonalData, not_personal, register
from .services import remove_export_files


@register
class DataExports(PersonalData):
    """Copies of their data a person asked for: when, and what became of
    them (the files themselves are not exported again)."""

    key = "privacy.exports"
    label = _("Copies of your data")
    purpose = _(
        "To give you a copy of your data when you ask, and to show that we did."
    )
    legal_basis = _("Legal obligation (GDPR art. 6(1)(c), art. 15 and 20).")
    retention = _(
        "The file is deleted when its download link expires, after a few days; "
        "the record that you asked is kept for a year."
    )
    fields = {DataExport: ["user", "email", "error"]}
    export_labels = {
        "requested_at": _("Requested"),
        "status": _("Status"),
        "ready_at": _("Ready"),
        "link_expires_at": _("Link expires"),
        "size_bytes": _("Size in bytes"),
        "email": _("Sent to"),
    }

    def rows(self, subject):
        return DataExport.objects.for_subject(subject).order_by("created_at")

    def export_row(self, row):
        return {
            "id": str(row.pk),
            "requested_at": row.created_at.isoformat(),
            "status": row.status,
            "ready_at": row.ready_at.isoformat() if row.ready_at else None,
            "link_expires_at": row.expires_at.isoformat() if row.expires_at else None,
            "size_bytes": row.size,
            "email": row.email or None,
            "error": row.error or None,
        }

    def erase(self, subject, **options):
        rows = self.rows(subject)
        names = [name for name in rows.values_list("file", flat=True) if name]
        deleted, _per_model = rows.delete()
        transaction.on_commit(lambda: remove_export_files(names))
        return Erasure(deleted=deleted)

    def seed_benchmark(self, subject, count):
        owner = (
            {"user": subject.user} if subject.user else {"email": min(subject.emails)}
        )
        DataExport.objects.bulk_create(
            [
                DataExport(status=DataExport.Status.EXPIRED, **owner)
                for _number in range(count)
            ],
            batch_size=1000,
        )


# Fields that look personal but are not. Models are looked up by label, not
# imported: events is on privacy's own floor (DESIGN.md), and third-party
# apps may be left out of INSTALLED_APPS.


def _declare(app_label, model_name, field_names, reason):
    try:
        apps.get_app_config(app_label)
    except LookupError:
        return  # the app is not installed; its fields need no declaration
    not_personal(apps.get_model(app_label, model_name), field_names, reason)


EDITORIAL = _(
    "Published content written by editors for everyone to read, not data "
    "about a visitor."
)
TECHNICAL = _("Technical data of the site's own machinery, about no person.")

for app_label, model_name, field_names, reason in [
    # Content editors write and publish.
    ("home", "HomePage", ["hero_text"], EDITORIAL),
    ("home", "StandardPage", ["introduction"], EDITORIAL),
    ("home", "ArticleIndexPage", ["introduction"], EDITORIAL),
    ("home", "ArticlePage", ["lead"], EDITORIAL),
    (
        "home",
        "ArticlePage",
        ["author"],
        _(
            "A byline editors type in for publication (a staff member or guest "
            "writer named with their consent as part of the article); it is not "
            "linked to any account or visitor."
        ),
    ),
    ("home", "ContactPage", ["introduction", "thank_you_text"], EDITORIAL),
    (
        "home",
        "ContactPage",
        ["to_address", "from_address"],
        _(
            "The venue's own mailboxes that receive and send the contact form's "
            "mail, set by editors; visitors' addresses are in the submissions."
        ),
    ),
    (
        "home",
        "ContactFormField",
        ["clean_name", "choices", "default_value"],
        _("The definition of a form field (its key, choices, default) set by editors."),
    ),
    (
        "home",
        "VenueSettings",
        ["name", "street_address", "postal_code", "city", "email", "phone"],
        _("The venue's public contact details, shown in every footer."),
    ),
    ("events", "EventIndexPage", ["introduction"], EDITORIAL),
    ("events", "EventPage", ["lead"], EDITORIAL),
    ("events", "Hall", ["name", "description", "accessibility"], EDITORIAL),
    ("events", "Genre", ["name"], EDITORIAL),
    # Wagtail: names of things editors create. Editors' own activity (page
    # owners, revisions, comments, log entries, uploads) is personal data and
    # is covered by accounts' "editor activity" kind.
    ("wagtailcore", "Collection", ["name"], EDITORIAL),
    ("wagtailcore", "Workflow", ["name"], TECHNICAL),
    ("wagtailcore", "Task", ["name"], TECHNICAL),
    (
        "wagtailcore",
        "APIToken",
        ["name"],
        _("The label its owner gives an API token, e.g. 'Ticket export'."),
    ),
    (
        "wagtailembeds",
        "Embed",
        ["author_name", "provider_name"],
        _(
            "Public metadata the video or media service publishes about an "
            "embedded item (its channel and the service), cached with the embed."
        ),
    ),
    ("taggit", "Tag", ["name"], EDITORIAL),
    ("auth", "Group", ["name"], _("The name of an editor role, e.g. 'Editors'.")),
    ("auth", "Permission", ["name"], TECHNICAL),
    (
        "django_tasks_database",
        "DBTaskResult",
        [
            "args_kwargs",
            "return_value",
            "exception_class_path",
            "task_path",
            "traceback",
            "worker_ids",
        ],
        _(
            "Queued background work. By the house rule, tasks are given ids, "
            "never personal data, and return counts or nothing."
        ),
    ),
]:
    _declare(app_label, model_name, field_names, reason)
