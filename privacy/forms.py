from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RequestAction


class PrivacyRequestForm(forms.Form):
    """A request about one's data: which address, what they want, and for
    anything but a copy, details for the editor who answers it."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_(
            "The address you used with us: for tickets, comments or the newsletter."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    action = forms.ChoiceField(
        label=_("What do you want?"),
        choices=RequestAction.choices,
        initial=RequestAction.EXPORT,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=4000,
        help_text=_(
            "For a correction: what is wrong and what it should say. For a "
            "restriction or objection: which use of your data you mean."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ConsentForm(forms.Form):
    """A visitor's cookie choice. "Accept all" and "Only necessary" are
    buttons named ``choice``; "Save my choice" takes the boxes."""

    ALL, NECESSARY, CUSTOM = "all", "necessary", "custom"

    choice = forms.ChoiceField(
        choices=[(ALL, ALL), (NECESSARY, NECESSARY), (CUSTOM, CUSTOM)],
        required=False,
    )
    statistics = forms.BooleanField(label=_("Statistics"), required=False)
    marketing = forms.BooleanField(label=_("Marketing"), required=False)

    def choices(self) -> tuple[bool, bool]:
        """(statistics, marketing) as chosen."""
        choice = self.cleaned_data.get("choice") or self.CUSTOM
        if choice == self.ALL:
            return True, True
        if choice == self.NECESSARY:
            return False, False
        return self.cleaned_data["statistics"], self.cleaned_data["marketing"]


class AcknowledgeForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=10**6)
    next = forms.CharField(required=False, max_length=2000)


class RestrictMyDataForm(forms.Form):
    """My page: the person restricts processing of their own data."""

    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E.g. some of your data is wrong and you want us to stop using it "
            "until it is corrected."
        ),
    )
