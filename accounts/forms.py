import re
import unicodedata

from allauth.account import forms as allauth_forms
from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.guardians import AgeQuestionMixin

from . import services
from .conf import conf
from .models import Profile
from .phone import normalise_phone
from .services import needs_guardian_on

# Oldest birth date we accept: nobody alive was born 130 years ago.
OLDEST_AGE_YEARS = 130
POSTAL_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$")


def reject_control_characters(value):
    """Single-line fields hold no line breaks, tabs or other control
    characters (a hostile or pasted value gets a field error)."""
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in value):
        raise ValidationError(
            _("Remove line breaks and other invisible characters."), "control"
        )


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form; a ticked "remember me" keeps the session for
    ACCOUNTS_REMEMBER_ME_AGE (two weeks). Unticked, allauth ends it when the
    browser closes, and the server forgets it after SESSION_COOKIE_AGE."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].help_text = _(
                "Keeps you signed in on this browser for two weeks. Leave it "
                "unticked on a shared computer."
            )

    def login(self, request, redirect_url=None):
        response = super().login(request, redirect_url=redirect_url)
        if self.cleaned_data.get("remember"):
            request.session.set_expiry(conf.REMEMBER_ME_AGE)
        return response


class SignupForm(AgeQuestionMixin, allauth_forms.SignupForm):
    """allauth's sign-up with the age question: an account rests on the
    person's consent, so a visitor under 15 gets no account (and no mail)
    until a guardian agrees; the request waits in the privacy app."""

    def try_save(self, request):
        if self.needs_guardian and not self.account_already_exists:
            services.ask_guardian_for_account(
                email=self.cleaned_data["email"],
                password=self.cleaned_data["password1"],
                guardian_email=self.cleaned_data["guardian_email"],
                link_base=request.build_absolute_uri("/"),
            )
            return None, redirect("privacy:guardian_sent")
        return super().try_save(request)


class ProfileForm(forms.ModelForm):
    """Everything a person may change about themselves except the login
    address (changed, and verified again, on allauth's email page).

    Every field is optional, so a POST that is not this form (a JSON body,
    an empty body, another form's fields) would validate and clear the whole
    profile: such a POST is refused (see ``is_complete``)."""

    # Sent by the template, never typed: tells this form's POST apart from
    # any other, even should a field someday be a checkbox (an unticked box
    # sends nothing).
    profile_form = forms.CharField(
        widget=forms.HiddenInput, initial="1", required=False
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    class Meta:
        model = Profile
        fields = list(Profile.OWN_FIELD_LABELS)
        labels = Profile.OWN_FIELD_LABELS
        help_texts = {
            "phone": _("A Norwegian number, or a number with its country code."),
            "birth_date": _(
                "Optional. If you are under 15, a parent or guardian must "
                "confirm your account before you can comment, buy tickets or "
                "subscribe."
            ),
            "guardian_email": _(
                "Only if you are under 15: we send your guardian a link to "
                "confirm your account."
            ),
        }
        widgets = {
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "birth_date": forms.DateInput(
                attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"
            ),
            "guardian_email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        # The stored number is E.164; the field takes what people type, and
        # up to 30 characters of it.
        self.fields["phone"].max_length = 30
        self.fields["phone"].widget.attrs["maxlength"] = 30
        for name in ("street_address", "postal_code", "city", "guardian_name"):
            self.fields[name].validators.append(reject_control_characters)
        self.order_fields(["first_name", "last_name"])

    def is_complete(self) -> bool:
        """Whether the POST carries the marker and every field the form
        shows (a checkbox may be absent: unticked, it sends nothing). An
        emptied field is sent empty, so clearing one on purpose passes."""
        return all(
            name in self.data
            for name, field in self.fields.items()
            if not isinstance(field.widget, forms.CheckboxInput)
        )

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"))

    def clean_postal_code(self):
        value = self.cleaned_data.get("postal_code", "").strip()
        if value and not POSTAL_CODE.match(value):
            raise ValidationError(
                _("Enter a postal code of letters and digits, e.g. 3611."), "invalid"
            )
        return value.upper()

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value is None:
            return value
        today = timezone.localdate()
        if value > today:
            raise ValidationError(_("The birth date cannot be in the future."))
        if value < today.replace(year=today.year - OLDEST_AGE_YEARS, day=1):
            raise ValidationError(_("Check the year of the birth date."))
        return value

    def clean_guardian_email(self):
        return self.cleaned_data.get("guardian_email", "").strip().lower()

    def clean(self):
        cleaned = super().clean()
        birth_date = cleaned.get("birth_date")
        if birth_date and needs_guardian_on(birth_date, timezone.localdate()):
            if not cleaned.get("guardian_name") and "guardian_name" not in self.errors:
                self.add_error(
                    "guardian_name",
                    ValidationError(
                        _("You are under 15: give the name of a parent or guardian."),
                        "required",
                    ),
                )
            guardian_email = cleaned.get("guardian_email")
            if not guardian_email and "guardian_email" not in self.errors:
                self.add_error(
                    "guardian_email",
                    ValidationError(
                        _(
                            "You are under 15: give the email address of a parent "
                            "or guardian."
                        ),
                        "required",
                    ),
                )
            elif guardian_email and guardian_email == self.user.email.lower():
                self.add_error(
                    "guardian_email",
                    ValidationError(
                        _(
                            "Your guardian's address must be a different one "
                            "from yours."
                        ),
                        "own_address",
                    ),
                )
        return cleaned


class DeleteAccountForm(forms.Form):
    """The last step of deleting an account: what to do with comments, and an
    explicit confirmation."""

    comments = forms.ChoiceField(
        label=_("Your comments"),
        choices=[
            ("delete", _("Delete my comments")),
            ("anonymise", _("Keep my comments, shown as written by “anonymous”")),
        ],
        initial="delete",
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account and the data listed above are "
            "deleted for good."
        ),
        required=True,
    )

    def __init__(self, *args, ask_about_comments=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_about_comments:
            del self.fields["comments"]

    def erase_options(self):
        return {"comments": self.cleaned_data.get("comments", "delete")}
