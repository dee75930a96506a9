"""Correcting an account holder's name and profile (GDPR art. 16), from the
privacy admin's corrections page; recorded by privacy/rectification.py with
who, when and why. The account's sign-in address is not corrected here: it
changes only when its holder verifies a new one."""

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail import hooks

from privacy import rectification
from privacy.admin_rectification import CorrectionForm, correct, privacy_editors_only

from .forms import POSTAL_CODE, reject_control_characters
from .models import Profile, User
from .phone import MAX_INPUT_LENGTH, normalise_phone

KIND = "accounts.profile"


class ProfileCorrectionForm(CorrectionForm):
    first_name = forms.CharField(
        label=gettext_lazy("First name"), max_length=150, required=False
    )
    last_name = forms.CharField(
        label=gettext_lazy("Last name"), max_length=150, required=False
    )

    class Meta:
        model = Profile
        fields = ["street_address", "postal_code", "city", "phone", "birth_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["phone"].max_length = MAX_INPUT_LENGTH
        for name in ("first_name", "last_name", "street_address", "city"):
            self.fields[name].validators.append(reject_control_characters)
        self.order_fields(["first_name", "last_name"])

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"))

    def clean_postal_code(self):
        value = self.cleaned_data.get("postal_code", "").strip()
        if value and not POSTAL_CODE.match(value):
            raise forms.ValidationError(
                _("Enter a postal code of letters and digits, e.g. 3611."), "invalid"
            )
        return value.upper()

    def save_correction(self, _record):
        user = self.instance.user
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])
        self.save()


@privacy_editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def correct_profile(request, user_id):
    user = get_object_or_404(User, pk=user_id)
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    form = ProfileCorrectionForm(
        request.POST if request.method == "POST" else None, instance=profile
    )
    return correct(
        request,
        form,
        kind=KIND,
        user=user,
        email=user.email,
        title=_("Correct account %(id)s") % {"id": user.pk},
        description=_(
            "The name and what the profile holds. The sign-in address changes "
            "only when the account holder verifies a new one."
        ),
        back_url=reverse("privacy_admin:rectifications"),
        apply=ProfileCorrectionForm.save_correction,
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "konto/rett-profil/<int:user_id>/",
            correct_profile,
            name="accounts_correct_profile",
        )
    ]


@hooks.register(rectification.HOOK)
def account_to_correct(subject):
    if subject.user_id is None:
        return []
    return [
        rectification.Target(
            label=_("Account %(id)s") % {"id": subject.user_id},
            description=_("Name, postal address, phone and birth date"),
            url=reverse("accounts_correct_profile", args=[subject.user_id]),
        )
    ]
