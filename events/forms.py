"""The admin form of an event: what an editor gets wrong, said plainly."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.coreutils import find_available_slug
from wagtail.models import Page


class EventPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
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
