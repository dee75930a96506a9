from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.phone import normalise_phone
from privacy.guardians import AgeQuestionMixin

from .models import normalise_email

PHONE_HELP = _(
    "Optional. Only for SMS reminders about the programme; we use the number "
    "for nothing else."
)


class PhoneField(forms.CharField):
    """A mobile number as people type it, cleaned to E.164 (Norwegian
    unless a country code is given)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", PHONE_HELP)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return normalise_phone(super().clean(value))


class SubscribeForm(AgeQuestionMixin, forms.Form):
    """The public sign-up form (the page, and the short version in the
    footer with only the address and "15 or older"). ``policy_version`` is
    the number of the privacy statement the form showed. Consent is the
    legal basis, so the age is asked: a younger visitor's sign-up waits for
    a guardian."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=150,
        help_text=_("Optional. So we can greet you by name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = PhoneField()
    # The version of the privacy statement the form showed. Nobody types
    # it, so a value that is not a version number is ignored (the current
    # version is recorded) rather than refused with an error nobody sees.
    policy_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_policy_version(self):
        value = self.cleaned_data["policy_version"].strip()
        if value.isdecimal() and 0 < int(value) < 2**31:
            return int(value)
        return None

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class DetailsForm(forms.Form):
    """What a subscriber can change: name, mobile number, language."""

    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = PhoneField()
    language = forms.ChoiceField(
        label=_("Language of the newsletter"), choices=settings.LANGUAGES
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class AddressForm(forms.Form):
    """A subscriber's new address; it takes effect once confirmed."""

    email = forms.EmailField(
        label=_("New email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "We mail a link to the new address. The newsletter keeps coming "
            "to the old one until the link is used."
        ),
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class UnsubscribeForm(forms.Form):
    never_again = forms.BooleanField(
        label=_("Never send anything to this address again"),
        required=False,
        help_text=_(
            "We then keep only a coded fingerprint of the address, which "
            "cannot be turned back into it, to recognise it if someone signs "
            "it up again."
        ),
    )
