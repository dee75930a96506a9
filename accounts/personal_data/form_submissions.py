"""What people sent through the site's forms (Wagtail's form pages), found
by an answer that is the person's address."""

import json

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import FormSubmission

from privacy import retention
from privacy.registry import Erasure, PersonalData, register

from .common import iso, matches_nothing


def _mentions(value, addresses):
    """Whether ``value`` (a form's stored data) holds one of ``addresses``
    as a whole answer."""
    if isinstance(value, str):
        return value.strip().lower() in addresses
    if isinstance(value, dict):
        return any(_mentions(item, addresses) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_mentions(item, addresses) for item in value)
    return False


@register
class FormSubmissions(PersonalData):
    """What people sent through the site's forms (the contact form). A
    submission is the person's when one of its answers is their address."""

    key = "accounts.form_submissions"
    label = _("Messages you sent through our forms")
    purpose = _("To answer what you asked us through the contact form.")
    legal_basis = _(
        "Legitimate interest (GDPR art. 6(1)(f)): answering people who contact us."
    )

    @property
    def retention(self):
        days = retention.get_days("accounts.form_submissions")
        return _(
            "%(months)s months after you sent it, or sooner if you ask us to delete it."
        ) % {"months": round(days / 30.44)}

    fields = {FormSubmission: ["form_data"]}
    export_labels = {
        "form": _("Form"),
        "submitted_at": _("Sent"),
        "answers": _("Answers"),
    }

    def candidates(self, subject):
        """Submissions whose stored text contains an address: a coarse
        filter the database can do (as stored JSON, which may escape
        non-ASCII), checked answer by answer in ``rows``."""
        query = matches_nothing()
        for address in subject.emails:
            query |= Q(as_text__icontains=address)
            escaped = json.dumps(address)[1:-1]
            if escaped != address:
                query |= Q(as_text__icontains=escaped)
        return (
            FormSubmission.objects.annotate(as_text=Cast("form_data", TextField()))
            .filter(query)
            .select_related("page")
            .order_by("submit_time", "pk")
        )

    def rows(self, subject):
        if not subject.emails:
            return
        addresses = set(subject.emails)
        for submission in self.candidates(subject).iterator(chunk_size=500):
            if _mentions(submission.form_data, addresses):
                yield submission

    def export_row(self, row):
        return {
            "form": row.page.title,
            "submitted_at": iso(row.submit_time),
            "answers": row.form_data,
        }

    def summary(self, subject):
        return sum(1 for _row in self.rows(subject))

    def erase(self, subject, **options):
        ids = [row.pk for row in self.rows(subject)]
        deleted, _per_model = FormSubmission.objects.filter(pk__in=ids).delete()
        return Erasure(deleted=deleted)
