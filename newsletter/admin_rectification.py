"""Correcting a subscriber's name, mobile number, language and address
(GDPR art. 16), from the privacy admin's corrections page. A new address
waits for its owner to confirm it (newsletter/address_changes.py); the
rest takes effect at once. Recorded by privacy/rectification.py."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks

from privacy import rectification
from privacy.admin_rectification import CorrectionForm, correct, privacy_editors_only

from . import address_changes
from .forms import PhoneField
from .models import Subscriber, normalise_email

KIND = address_changes.KIND


class SubscriberCorrectionForm(CorrectionForm):
    phone = PhoneField()

    class Meta:
        model = Subscriber
        fields = ["email", "name", "phone", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.old_email = self.instance.email
        self.fields["email"].help_text = _(
            "A new address is used only once its owner confirms it from the "
            "link we mail to it; until then the newsletter goes to the old one."
        )
        self.order_fields(["email", "name", "phone", "language"])

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def save_correction(self, record):
        subscriber = self.instance
        new_email = subscriber.email
        subscriber.email = self.old_email
        subscriber.save(update_fields=["name", "phone", "language"])
        if new_email != self.old_email:
            address_changes.request_change(subscriber, new_email, record=record)
            return _(
                "The correction is saved. The new address is used once its "
                "owner confirms it from the link mailed to %(email)s."
            ) % {"email": new_email}
        return None


@privacy_editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def correct_subscriber(request, subscriber_id):
    subscriber = get_object_or_404(Subscriber, pk=subscriber_id)
    form = SubscriberCorrectionForm(
        request.POST if request.method == "POST" else None, instance=subscriber
    )
    return correct(
        request,
        form,
        kind=KIND,
        user=subscriber.user,
        email=form.old_email,
        title=_("Correct subscriber %(id)s") % {"id": subscriber.pk},
        description=_("The newsletter subscription: address, name, mobile number."),
        back_url=reverse("privacy_admin:rectifications"),
        apply=SubscriberCorrectionForm.save_correction,
        waiting_field="email",
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "nyhetsbrev/rett-abonnent/<int:subscriber_id>/",
            correct_subscriber,
            name="newsletter_correct_subscriber",
        )
    ]


@hooks.register(rectification.HOOK)
def subscription_to_correct(subject):
    query = subject.email_q("email")
    if subject.user_id is not None:
        query |= Q(user_id=subject.user_id)
    return [
        rectification.Target(
            label=_("Subscriber %(id)s") % {"id": subscriber.pk},
            description=_("Newsletter subscription, confirmed")
            if subscriber.confirmed_at
            else _("Newsletter subscription, not confirmed"),
            url=reverse("newsletter_correct_subscriber", args=[subscriber.pk]),
        )
        for subscriber in Subscriber.objects.filter(query).only("pk", "confirmed_at")
    ]
