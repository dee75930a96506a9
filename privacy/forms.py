from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RequestAction


class PrivacyRequestForm(forms.Form):
    """A request from a person without an account: which address, and what
    they want. While export is the only choice it is not shown."""

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if len(RequestAction.choices) == 1:
            self.fields["action"].widget = forms.HiddenInput()
            self.fields["action"].required = False

    def clean_action(self):
        return self.cleaned_data.get("action") or RequestAction.EXPORT

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
