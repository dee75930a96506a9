from django import forms
from django.utils.translation import gettext_lazy as _

from .conf import conf


class BuyForm(forms.Form):
    """Who buys, and how many tickets of each of the event's prices. A
    quantity field per price category, named ``quantity_<category id>``."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Your tickets and receipt are sent here."),
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        for category in self.categories:
            self.fields[self.field_name(category)] = forms.IntegerField(
                label=f"{category.name} ({category.price:.0f} NOK)",
                min_value=0,
                max_value=conf.MAX_PER_ORDER,
                initial=0,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    @staticmethod
    def field_name(category):
        return f"quantity_{category.pk}"

    def quantity_fields(self):
        return [self[self.field_name(category)] for category in self.categories]

    def clean(self):
        cleaned = super().clean()
        if any(self.field_name(c) in self.errors for c in self.categories):
            return cleaned
        total = sum(cleaned.get(self.field_name(c)) or 0 for c in self.categories)
        if total < 1:
            raise forms.ValidationError(_("Choose at least one ticket."))
        if total > conf.MAX_PER_ORDER:
            raise forms.ValidationError(
                _("You can buy at most %(max)d tickets in one order."),
                params={"max": conf.MAX_PER_ORDER},
            )
        return cleaned

    @property
    def quantities(self):
        """``{category: count}`` of a valid form."""
        return {
            category: self.cleaned_data.get(self.field_name(category)) or 0
            for category in self.categories
        }


class RecommendationsForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Suggest events from the genres of the tickets I buy"),
        required=False,
    )
