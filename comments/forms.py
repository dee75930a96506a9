"""The comment form: the same fields for everyone, so the page that shows it
can be cached. A signed-in person's name and address come from the account;
"remember me" is read back by static/js/comments.js. Also the form that
reports a comment to the editors."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .models import ReportReason
from .text import normalise

NAME_MAX = 100
EMAIL_MAX = 254
URL_MAX = 200
TEXT_MAX = 3000
HONEYPOT = "subject"
# The largest id any database here stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class CommentTextField(forms.CharField):
    """Text with line breaks counted once, as the browser counts them for
    ``maxlength`` (it sends each as two characters)."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise(value) if value else value


class WebAddressField(forms.URLField):
    """A web address: http or https only (no javascript:, data:, ftp:)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        help_text=_("Shown with your comment. At most 100 characters."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX,
        help_text=_(
            "Never shown. We send you a link to delete the comment, and "
            "follow-up mails if you ask for them. At most 254 characters."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    url = WebAddressField(
        label=_("Website (optional)"),
        max_length=URL_MAX,
        required=False,
        assume_scheme="https",
        help_text=_(
            "Your name links to it. An address starting with http:// or "
            "https://, at most 200 characters."
        ),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    comment = CommentTextField(
        label=_("Comment"),
        max_length=TEXT_MAX,
        help_text=_(
            "Plain text, at most 3,000 characters. Line breaks are kept and "
            "web addresses become links. A comment with more than two links "
            "waits for an editor."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reply_to = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    followup = forms.BooleanField(
        label=_("Email me when someone else comments on this page"),
        required=False,
    )
    remember = forms.BooleanField(
        label=_(
            "Save my name, email and website in this browser for the next "
            "time I comment"
        ),
        help_text=_("Kept in a cookie for one year."),
        required=False,
    )
    # Left empty by people (it is hidden from them); filled in by robots.
    subject = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user if getattr(user, "is_authenticated", False) else None
        if self.user is not None:
            initial = kwargs["initial"] = dict(kwargs.get("initial") or {})
            initial.setdefault("name", self.user.get_full_name() or "")
            initial.setdefault("email", self.user.email)
        super().__init__(*args, **kwargs)
        if self.user is not None:
            # The account's address is used whatever is posted.
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("Your account's address. Never shown.")
            del self.fields["remember"]

    def clean_subject(self):
        if self.cleaned_data.get(HONEYPOT):
            raise forms.ValidationError(
                _("This field must be left empty."), code="honeypot"
            )
        return ""

    def clean(self):
        cleaned = super().clean()
        if HONEYPOT in self.errors:
            raise forms.ValidationError(
                _(
                    "The form has a hidden field that only spam robots fill "
                    "in, and it was filled in. If you are a person, empty the "
                    "field “Leave this field empty” and send again."
                ),
                code="honeypot",
            )
        return cleaned


class ReportForm(forms.Form):
    """Why a visitor reports a comment: a reason from a short list, and a few
    words if they like. Stored beside django-comments' removal-suggestion
    flag (``ReportReason``)."""

    reason = forms.ChoiceField(
        label=_("Why should an editor look at this comment?"),
        choices=ReportReason.Reason.choices,
        widget=forms.RadioSelect,
    )
    details = CommentTextField(
        label=_("More about it (optional)"),
        max_length=ReportReason.DETAILS_MAX_LENGTH,
        required=False,
        help_text=_(
            "At most 500 characters. Only the site's editors read it; it is "
            "deleted with the comment or with your account."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
