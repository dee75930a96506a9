"""The privacy app's own personal data, and the fields of models that cannot
declare themselves (third-party apps, and apps on the floor below privacy)
that look personal but are not."""

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry, PageLogEntry

from . import admin_log, rectification
from .models import (
    ConsentRecord,
    DataExport,
    ErasureJournalEntry,
    GuardianRequest,
    LanguagePreference,
    NoticeDelivery,
    PolicyAcknowledgement,
    PolicyVersion,
    PolicyVersionTranslation,
    PrivacyPolicyPage,
    PrivacySettings,
    Rectification,
    RestrictedAddress,
    Restriction,
    RightsRequest,
    RightsRequestEvent,
)
from .registry import EditorLinks, Erasure, PersonalData, not_personal, register
from .retention_rules import AdminLog as AdminLogRule
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


@register
class ConsentRecords(PersonalData):
    """Cookie choices made while logged in (choices made without an account
    are linked to no one we can find)."""

    key = "privacy.consents"
    label = _("Your cookie choices")
    purpose = _("To show that you agreed to statistics or marketing cookies, or not.")
    legal_basis = _("Legal obligation to document consent (GDPR art. 7(1)).")
    retention = _(
        "A choice lasts a year; its record is kept two more years, then deleted."
    )
    fields = {ConsentRecord: ["user"]}
    export_labels = {
        "given_at": _("Given"),
        "statistics": _("Statistics"),
        "marketing": _("Marketing"),
        "policy_version": _("Privacy statement version"),
        "banner_version": _("Banner text version"),
        "cookie_list_version": _("Cookie list version"),
        "given_on": _("Given on"),
    }

    def rows(self, subject):
        if subject.user_id is None:
            return ConsentRecord.objects.none()
        return (
            ConsentRecord.objects.filter(user_id=subject.user_id)
            .select_related("policy_version")
            .order_by("created_at")
        )

    def export_row(self, row):
        return {
            "id": str(row.pk),
            "given_at": row.created_at.isoformat(),
            "statistics": row.statistics,
            "marketing": row.marketing,
            "policy_version": row.policy_version.number if row.policy_version else None,
            "banner_version": row.banner_version,
            "cookie_list_version": row.cookie_list_version,
            "given_on": row.source,
        }

    def erase(self, subject, **options):
        # The record of what was agreed stays, linked to no one.
        count = self.rows(subject).update(user=None)
        return Erasure(anonymised=count)


@register
class RightsRequests(PersonalData):
    """Requests to correct, delete, restrict or object, found by the
    confirmed address. Erasing redacts them: the request stays as the record
    that we answered it, without the person's details."""

    key = "privacy.rights_requests"
    label = _("Your requests about your data")
    purpose = _("To answer your request, and to show that we did and when.")
    legal_basis = _("Legal obligation (GDPR art. 12 and 15–21).")
    retention = _(
        "Unconfirmed requests are deleted after 7 days; answered ones after "
        "three years. If your data is erased, the request is kept without "
        "your details."
    )
    fields = {
        RightsRequest: ["email", "details", "reason", "identity_check"],
        RightsRequestEvent: ["note"],
    }
    export_labels = {
        "received_at": _("Received"),
        "request": _("Request"),
        "status": _("Status"),
        "due_at": _("Due by"),
        "details": _("Details"),
        "reason": _("Reason for refusal"),
    }

    def rows(self, subject):
        return RightsRequest.objects.filter(subject.email_q("email")).order_by(
            "created_at"
        )

    def export_row(self, row):
        return {
            "id": row.pk,
            "received_at": row.created_at.isoformat(),
            "request": row.action,
            "status": row.status,
            "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
            "due_at": row.due_at.isoformat() if row.due_at else None,
            "details": row.details or None,
            "reason": row.reason or None,
            "received_by": row.channel,
        }

    def erase(self, subject, **options):
        rows = self.rows(subject)
        ids = list(rows.values_list("pk", flat=True))
        RightsRequestEvent.objects.filter(request_id__in=ids).exclude(note="").update(
            note="[redacted]"
        )
        count = RightsRequest.objects.filter(pk__in=ids).update(
            email="", details="", identity_check="", redacted=True
        )
        return Erasure(
            anonymised=count,
            kept=count,
            kept_reason=_(
                "The request is kept without your details, as the record that "
                "we answered it (GDPR art. 5(2))."
            ),
        )


@register
class GuardianConsents(PersonalData):
    """A child's request waiting for a guardian, and once agreed the record
    of the guardian's consent; found by the child's or the guardian's
    address."""

    key = "privacy.guardian_consents"
    label = _("A guardian's consent for a child under 15")
    purpose = _(
        "To ask a parent or guardian before we store anything about a child "
        "under 15, and to show that they agreed."
    )
    legal_basis = _("Consent given by the guardian (GDPR art. 8 and 7(1)).")
    retention = _(
        "A request nobody agrees to is deleted when the link expires, after 14 "
        "days; the record of an agreement is kept three years."
    )
    fields = {GuardianRequest: ["child_email", "child_name", "guardian_email", "data"]}
    export_labels = {
        "asked_at": _("Asked"),
        "purpose": _("What was asked for"),
        "child_email": _("Child's email address"),
        "guardian_email": _("Guardian's email address"),
        "confirmed_at": _("Agreed"),
    }

    def rows(self, subject):
        return GuardianRequest.objects.filter(
            subject.email_q("child_email") | subject.email_q("guardian_email")
        ).order_by("created_at")

    def export_row(self, row):
        # ``data`` may hold a password hash (an account waiting): never out.
        return {
            "id": row.pk,
            "asked_at": row.created_at.isoformat(),
            "purpose": row.purpose,
            "child_email": row.child_email,
            "child_name": row.child_name or None,
            "guardian_email": row.guardian_email,
            "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
        }


@register
class RequestHandling(EditorLinks):
    """For editors: which rights requests they worked on."""

    key = "privacy.request_handling"
    label = _("Rights requests you handled (editors)")
    purpose = _("To show who answered each request, and when.")
    legal_basis = _("Legal obligation (GDPR art. 5(2)).")
    retention = _("As long as the request is kept.")
    model = RightsRequestEvent
    ordering = ("created_at",)
    fields = {RightsRequestEvent: ["editor"]}

    def export_row(self, row):
        return {
            "request": row.request_id,
            "action": row.action,
            "at": row.created_at.isoformat(),
        }


@register
class Restrictions(PersonalData):
    """Restrictions of processing a person asked for or an editor placed,
    with why they were placed and lifted. Erasing the person removes them:
    there is nothing left to restrict."""

    key = "privacy.restrictions"
    label = _("Restrictions of how your data is used")
    purpose = _(
        "To keep your data without using it while a restriction stands, and to "
        "show when it was placed and lifted."
    )
    legal_basis = _("Legal obligation (GDPR art. 18).")
    retention = _("Until your data is erased.")
    fields = {
        Restriction: ["user", "reason", "lift_reason"],
        RestrictedAddress: ["email"],
    }
    export_labels = {
        "placed_at": _("Placed"),
        "reason": _("Why"),
        "lifted_at": _("Lifted"),
        "lift_reason": _("Why lifted"),
    }

    def rows(self, subject):
        query = Q(
            pk__in=RestrictedAddress.objects.filter(
                email__in=sorted(subject.emails)
            ).values("restriction_id")
        )
        if subject.user_id is not None:
            query |= Q(user_id=subject.user_id)
        return Restriction.objects.filter(query).order_by("placed_at", "pk")

    def export_row(self, row):
        return {
            "placed_at": row.placed_at.isoformat(),
            "placed_by": row.source,
            "reason": row.reason,
            "addresses": sorted(row.addresses.values_list("email", flat=True)),
            "lifted_at": row.lifted_at.isoformat() if row.lifted_at else None,
            "lift_reason": row.lift_reason or None,
        }


@register
class RestrictionHandling(EditorLinks):
    """For editors: which restrictions they placed or lifted."""

    key = "privacy.restriction_handling"
    label = _("Restrictions you placed or lifted (editors)")
    purpose = _("To show who placed and lifted each restriction, and when.")
    legal_basis = _("Legal obligation (GDPR art. 5(2)).")
    retention = _("As long as the restriction is kept.")
    model = Restriction
    editor_fields = ("placed_by", "lifted_by")
    ordering = ("placed_at", "pk")
    fields = {Restriction: ["placed_by", "lifted_by"]}

    def export_row(self, row):
        return {"restriction": row.pk, "placed_at": row.placed_at.isoformat()}


@register
class Rectifications(PersonalData):
    """Corrections made to the person's data: what, when, why and by whom
    (the names of the fields, never the old values)."""

    key = "privacy.rectifications"
    label = _("Corrections of your data")
    purpose = _(
        "To show what was corrected in your data, when, why and by whom, and "
        "to confirm a new address before it is used."
    )
    legal_basis = _("Legal obligation (GDPR art. 5(2) and 16).")
    retention = _("Three years after the correction, or until your data is erased.")
    fields = {Rectification: ["user", "email", "reason"]}
    export_labels = {
        "at": _("When"),
        "what": _("What was corrected"),
        "fields": _("Fields"),
        "reason": _("Why"),
        "by": _("By"),
        "state": _("State"),
    }

    def rows(self, subject):
        return rectification.for_subject(subject).order_by("at", "pk")

    def export_row(self, row):
        return {
            "at": row.at.isoformat(),
            "what": row.kind,
            "record": row.record_id,
            "fields": row.fields,
            "reason": row.reason,
            "by": row.source,
            "state": row.state,
            "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
        }


@register
class RectificationHandling(EditorLinks):
    """For editors: which corrections they made."""

    key = "privacy.rectification_handling"
    label = _("Corrections you made (editors)")
    purpose = _("To show who corrected a person's data, and when.")
    legal_basis = _("Legal obligation (GDPR art. 5(2)).")
    retention = _("As long as the record of the correction is kept.")
    model = Rectification
    ordering = ("at", "pk")
    fields = {Rectification: ["editor"]}

    def export_row(self, row):
        return {"correction": row.pk, "at": row.at.isoformat(), "what": row.kind}


@register
class PolicyNotices(PersonalData):
    """Notices of changes to the privacy statement mailed to the person."""

    key = "privacy.policy_notices"
    label = _("Notices of changes to this statement")
    purpose = _("To tell you when we change how we use your data, once per change.")
    legal_basis = _("Legal obligation to inform (GDPR art. 12–14).")
    retention = _("A year after the notice was sent.")
    fields = {NoticeDelivery: ["email", "user", "error"]}
    export_labels = {"version": _("Version"), "status": _("Status")}

    def rows(self, subject):
        query = subject.email_q("email")
        if subject.user_id is not None:
            query |= Q(user_id=subject.user_id)
        return (
            NoticeDelivery.objects.filter(query)
            .select_related("version")
            .order_by("pk")
        )

    def export_row(self, row):
        return {
            "version": row.version.number,
            "email": row.email,
            "status": row.status,
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        }


@register
class PolicyAcknowledgements(PersonalData):
    key = "privacy.acknowledgements"
    label = _("Changes to this statement you have read")
    purpose = _("To stop showing you a notice once you have read it.")
    legal_basis = _("Legitimate interest in informing you (GDPR art. 6(1)(f)).")
    retention = _("Until you delete your account.")
    fields = {PolicyAcknowledgement: ["user"]}

    def rows(self, subject):
        if subject.user_id is None:
            return PolicyAcknowledgement.objects.none()
        return PolicyAcknowledgement.objects.filter(
            user_id=subject.user_id
        ).select_related("version")

    def export_row(self, row):
        return {
            "version": row.version.number,
            "acknowledged_at": row.acknowledged_at.isoformat(),
        }


@register
class LanguagePreferences(PersonalData):
    key = "privacy.language"
    label = _("The language we write to you in")
    purpose = _("To send you notices in the language you use the site in.")
    legal_basis = _("Legitimate interest in informing you (GDPR art. 6(1)(f)).")
    retention = _("Until you delete your account.")
    fields = {LanguagePreference: ["user"]}

    def rows(self, subject):
        if subject.user_id is None:
            return LanguagePreference.objects.none()
        return LanguagePreference.objects.filter(user_id=subject.user_id)

    def export_row(self, row):
        return {"language": row.language, "updated_at": row.updated_at.isoformat()}


@register
class AdminLog(PersonalData):
    """Entries of the admin's history (Wagtail's log entries) that name the
    person or are about their data, e.g. "subscriber deleted" with their
    address as the label, written before labels stopped naming people.
    Erasing redacts them (privacy/admin_log.py): the entry stays as the
    record of what an editor did, without the person. Runs first, while the
    rows it recognises entries by still exist."""

    key = "privacy.admin_log"
    label = _("Mentions of you in the editors' history")
    purpose = _(
        "To keep a record of what our editors did, and when, so that changes "
        "can be traced and mistakes put right."
    )
    legal_basis = _(
        "Legitimate interest (GDPR art. 6(1)(f)): a traceable history of "
        "changes to the site and its data."
    )
    fields = {
        ModelLogEntry: ["label", "data"],
        PageLogEntry: ["label", "data"],
    }
    erase_order = -100
    export_labels = {"action": _("What"), "item": _("Item"), "at": _("When")}

    @property
    def retention(self):
        return _(
            "%(days)s days, then deleted. If your data is erased before that, "
            "the entry is kept without your details."
        ) % {"days": AdminLogRule().days}

    def rows(self, subject):
        return admin_log.entries(subject, exclude={self.key})

    def export_row(self, row):
        return {
            "action": row.action,
            "item": row.label,
            "at": row.timestamp.isoformat(),
            "data": row.data or None,
        }

    def erase(self, subject, **options):
        found = self.rows(subject)
        admin_log.redact(found)
        return Erasure(
            anonymised=len(found),
            kept=len(found),
            kept_reason=_(
                "Entries in the editors' history are kept without your details "
                "until they are deleted after their time, as the record of what "
                "our editors did (GDPR art. 5(2))."
            ),
        )


# Fields that look personal but are not. Models are looked up by label, not
# imported: events is on privacy's own floor (DESIGN.md), and third-party
# apps may be left out of INSTALLED_APPS.


def _declare(app_label, model_name, field_names, reason):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        # The app is not installed, or has no such model on this database
        # (Wagtail's SQLite search index on PostgreSQL): nothing to declare.
        return
    not_personal(model, field_names, reason)


EDITORIAL = _(
    "Published content written by editors for everyone to read, not data "
    "about a visitor."
)
TECHNICAL = _("Technical data of the site's own machinery, about no person.")
TRANSLATED = _(
    "Copies of what editors translate (pages, halls, genres, form labels), "
    "kept for the translation editor: editorial content, not data about "
    "visitors."
)

not_personal(
    PrivacySettings,
    [
        "controller_email",
        "controller_address",
        "officer_email",
        "officer_address",
    ],
    _(
        "The venue's controller and data protection officer, by name or role, "
        "published by law on the privacy page (GDPR art. 13(1)(a)–(b))."
    ),
)
not_personal(
    PolicyVersion, ["summary", "text", "generated", "touched_kinds"], EDITORIAL
)
not_personal(PolicyVersionTranslation, ["summary", "text"], EDITORIAL)
not_personal(PrivacyPolicyPage, ["introduction", "change_summary"], EDITORIAL)
not_personal(
    ErasureJournalEntry,
    ["hashes", "kinds", "options", "scope", "key_id"],
    _(
        "The erasure journal holds keyed hashes (HMAC) of erased identifiers, "
        "never the identifiers: without the journal's key, which is kept apart, "
        "nobody can tell whose they are or test a guess. It exists so that a "
        "restored backup erases the same people again."
    ),
)

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
    ("events", "EventPage", ["lead", "performance_notes"], EDITORIAL),
    (
        "events",
        "Hall",
        ["name", "description", "accessibility", "address", "directions"],
        EDITORIAL,
    ),
    (
        "home",
        "AccessibilitySettings",
        ["feedback_email", "feedback_phone"],
        _(
            "The venue's contact for accessibility feedback, published on the "
            "accessibility statement."
        ),
    ),
    ("home", "SiteTexts", ["opening_hours", "known_issues"], EDITORIAL),
    (
        "home",
        "SiteTexts",
        ["controller_name", "officer_name"],
        _(
            "The venue's controller and data protection officer, by name or "
            "role, published by law on the privacy page (GDPR art. 13(1)(a)–(b))."
        ),
    ),
    ("tickets", "TermsOfSale", ["terms"], EDITORIAL),
    ("events", "Genre", ["name"], EDITORIAL),
    (
        "wagtail_localize",
        "StringTranslation",
        ["tool_name"],
        _("The name of the tool that made a machine translation, e.g. DeepL."),
    ),
    (
        "wagtail_localize",
        "TranslationSource",
        ["content_json", "object_repr", "schema_version"],
        TRANSLATED,
    ),
    ("wagtail_localize", "String", ["data"], TRANSLATED),
    ("wagtail_localize", "StringSegment", ["attrs"], TRANSLATED),
    ("wagtail_localize", "StringTranslation", ["data", "field_error"], TRANSLATED),
    ("wagtail_localize", "SegmentOverride", ["data_json", "field_error"], TRANSLATED),
    ("wagtail_localize", "OverridableSegment", ["data_json"], TRANSLATED),
    ("wagtail_localize", "Template", ["template", "template_format"], TECHNICAL),
    ("wagtail_localize", "TranslationContext", ["path", "field_path"], TECHNICAL),
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

# Third-party apps' text columns that hold no one's personal data. Wagtail's
# log entries are not here: they can hold a person's name or address, and
# are the registry's to find (privacy.admin_log).
SITE_SETUP = _(
    "Set up by editors for the site (redirects, passwords of private pages, "
    "spam domains, search promotions); about no visitor."
)
EMBED_CACHE = _(
    "The public answer of a video or media service about an item editors "
    "embed (its address, title, picture and player), cached with the embed."
)
SEARCH_INDEX = _(
    "The search index of published pages, documents and images: only their "
    "titles and texts, never a field holding personal data (a test checks "
    "this)."
)
REVISIONS = _(
    "Saved versions of pages editors write; the only links to a person in "
    "them are editors' account ids."
)

for app_label, model_name, field_names, reason in [
    ("account", "EmailConfirmation", ["key"], TECHNICAL),
    ("auth", "Permission", ["codename"], TECHNICAL),
    ("contenttypes", "ContentType", ["app_label", "model"], TECHNICAL),
    ("sites", "Site", ["domain"], TECHNICAL),
    ("django_comments", "Comment", ["object_pk"], TECHNICAL),
    ("django_comments", "CommentFlag", ["flag"], TECHNICAL),
    ("django_comments_xtd", "BlackListedDomain", ["domain"], SITE_SETUP),
    ("wagtailadmin", "EditingSession", ["object_id"], TECHNICAL),
    ("wagtailadmin", "FormState", ["object_id", "parent_object_id"], TECHNICAL),
    ("wagtailcore", "APIToken", ["key_hash", "prefix"], TECHNICAL),
    ("wagtailcore", "Collection", ["path"], TECHNICAL),
    ("wagtailcore", "CollectionViewRestriction", ["password"], SITE_SETUP),
    ("wagtailcore", "PageViewRestriction", ["password"], SITE_SETUP),
    ("wagtailcore", "Comment", ["contentpath", "position"], TECHNICAL),
    ("wagtailcore", "Locale", ["language_code"], TECHNICAL),
    ("wagtailcore", "ModelLogEntry", ["action", "object_id"], TECHNICAL),
    ("wagtailcore", "PageLogEntry", ["action"], TECHNICAL),
    ("wagtailcore", "Page", ["path", "url_path"], TECHNICAL),
    (
        "wagtailcore",
        "Page",
        ["title", "draft_title", "seo_title", "search_description", "slug"],
        EDITORIAL,
    ),
    (
        "wagtailcore",
        "ReferenceIndex",
        ["content_path", "model_path", "object_id", "to_object_id"],
        TECHNICAL,
    ),
    ("wagtailcore", "Revision", ["object_id"], TECHNICAL),
    ("wagtailcore", "Revision", ["content", "object_str"], REVISIONS),
    ("wagtailcore", "Site", ["hostname"], TECHNICAL),
    ("wagtailcore", "WorkflowState", ["object_id"], TECHNICAL),
    ("wagtaildocs", "Document", ["title"], EDITORIAL),
    ("wagtaildocs", "Document", ["file_hash"], TECHNICAL),
    ("wagtailimages", "Image", ["title", "description"], EDITORIAL),
    ("wagtailimages", "Image", ["file_hash"], TECHNICAL),
    ("wagtailimages", "Rendition", ["filter_spec", "focal_point_key"], TECHNICAL),
    ("wagtailembeds", "Embed", ["hash"], TECHNICAL),
    ("wagtailembeds", "Embed", ["html", "thumbnail_url", "title", "url"], EMBED_CACHE),
    (
        "wagtailredirects",
        "Redirect",
        ["old_path", "redirect_link", "redirect_page_route_path"],
        SITE_SETUP,
    ),
    ("wagtailsearch", "IndexEntry", ["object_id"], TECHNICAL),
    (
        "wagtailsearch",
        "SQLiteFTSIndexEntry",
        ["autocomplete", "body", "title"],
        SEARCH_INDEX,
    ),
    (
        "wagtailsearchpromotions",
        "SearchPromotion",
        ["description", "external_link_text", "external_link_url"],
        SITE_SETUP,
    ),
    (
        "wagtailsearchpromotions",
        "Query",
        ["query_string"],
        _(
            "Only the search terms editors promote results for: the site "
            "does not record what visitors search for (a test checks this)."
        ),
    ),
    ("taggit", "Tag", ["slug"], EDITORIAL),
]:
    _declare(app_label, model_name, field_names, reason)


def _index_text_fields():
    """The text columns of Wagtail's search index, which differ by database
    (PostgreSQL adds ``title_text`` and ``body_text``)."""
    try:
        model = apps.get_model("wagtailsearch", "IndexEntry")
    except LookupError:
        return
    names = {"autocomplete", "body", "title", "title_text", "body_text"}
    present = [field.name for field in model._meta.local_fields if field.name in names]
    not_personal(model, present, SEARCH_INDEX)


_index_text_fields()
