"""The admin form of an event: what an editor gets wrong, said plainly."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.coreutils import find_available_slug
from wagtail.models import Page


class EventPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        self._check_free_tickets(cleaned_data)
        slug = cleaned_data.get("slug") or self.data.get("slug")
        parent = getattr(self, "parent_page", None)
        if not slug or parent is None or "slug" not in self.errors:
            return cleaned_data
        if Page._slug_is_available(slug, parent, self.instance):
            return cleaned_data
        taken = parent.get_children().filter(slug=slug).specific().first()
        suggestion = find_available_slug(parent, slug, ignore_page_id=self.instance.pk)
        details = {
            "title": taken.title if taken else slug,
            "slug": slug,
            "suggestion": suggestion,
        }
        self._errors["slug"] = self.error_class(
            [
                _(
                    "The address “%(slug)s” belongs to the event “%(title)s”. "
                    "A free one is “%(suggestion)s”."
                )
                % details
            ]
        )
        self.add_error(
            "title",
            _(
                "The programme already has an event called “%(title)s” at the "
                "address “%(slug)s”. Give this one another address under "
                "Promote (for example “%(suggestion)s”), or copy the existing "
                "event with new dates instead."
            )
            % details,
        )
        return cleaned_data

    def save(self, commit=True):
        """The ticket prices of the form, not those stored before it, set
        "price from" (the model's clean() runs before the form's ticket
        prices are attached to the page)."""
        prices = self.formsets.get("price_categories")
        if prices is not None:
            self.instance.take_price_from(
                form.cleaned_data.get("price")
                for form in prices.forms
                if form.cleaned_data and form not in prices.deleted_forms
            )
        return super().save(commit=commit)

    def _check_free_tickets(self, cleaned_data):
        """A free event with tickets on the website has no prices: a price
        left in would make the shop ask for payment."""
        if cleaned_data.get("free_entry") != self.instance.FREE_TICKET_HERE:
            return
        prices = self.formsets.get("price_categories")
        if prices is None:
            return
        kept = [
            form
            for form in prices.forms
            if (form.has_changed() or form.instance.pk) and not _deleted(form)
        ]
        if kept:
            self.add_error(
                "free_entry",
                _(
                    "A free event with free tickets has no ticket prices. "
                    "Delete the ticket prices below, or choose another kind "
                    "of entry."
                ),
            )


def _deleted(form):
    """Whether an inline form is marked for deletion, read from its data
    (the formsets are cleaned after the page's form)."""
    if "DELETE" not in form.fields:
        return False
    return form["DELETE"].data not in (None, "", False, "false", "False", "0")
