"""Forms of the privacy admin (the rights-request queue)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import RequestAction, RightsRequest

Status = RightsRequest.Status


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in Status if s != Status.UNCONFIRMED],
    )
    reason = forms.CharField(
        label=_("Reason for refusal"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing; it is emailed to the requester."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.REFUSED and not cleaned.get("reason"):
            self.add_error("reason", _("Say why the request is refused."))
        return cleaned


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open")), ("all", _("All")), ("overdue", _("Overdue"))]
        + [(s.value, s.label) for s in Status],
    )


class RestrictForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "The person's address. When it is an account's verified address, "
            "the account and all its addresses are restricted too."
        ),
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E.g. the person contests the accuracy of their data while we check it."
        ),
    )


class LiftForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the restriction is lifted"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RestrictionFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("In force")), ("lifted", _("Lifted")), ("all", _("All"))],
    )


class EnterRequestForm(forms.Form):
    """A request that came by phone, letter, email or in person."""

    action = forms.ChoiceField(label=_("Request"), choices=RequestAction.choices)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "The person's address: the copy of their data, and the answer, go "
            "there; an erasure covers what is held under it."
        ),
    )
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[
            choice
            for choice in RightsRequest.Channel.choices
            if choice[0] != RightsRequest.Channel.WEB
        ],
    )
    identity_check = forms.CharField(
        label=_("How identity was checked"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "E.g. called back on the number in their account, or a letter "
            "signed with the address on their orders."
        ),
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = forms.ChoiceField(
        label=_("Language of the answer"), choices=settings.LANGUAGES
    )
