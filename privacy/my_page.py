"""My page's "my consents" section. privacy sits below accounts, so it does
not import accounts: the section is offered through the Wagtail hook
``my_page_sections`` (see privacy/wagtail_hooks.py), which accounts
discovers."""

from django.utils.translation import gettext_lazy as _

from . import consent, restrictions
from .forms import RestrictMyDataForm
from .models import ConsentRecord, PolicyAcknowledgement, Restriction


def consents_context(request):
    user = request.user
    return {
        "choice": consent.valid_choice(request),
        "records": list(
            ConsentRecord.objects.filter(user=user)
            .select_related("policy_version")
            .order_by("-created_at")[:10]
        ),
        "acknowledgements": list(
            PolicyAcknowledgement.objects.filter(user=user)
            .select_related("version")
            .order_by("-acknowledged_at")[:10]
        ),
    }


SECTION = {
    "key": "consents",
    "title": _("My consents"),
    "template_name": "privacy/my_page/consents.html",
    "get_context": consents_context,
    "order": 70,
}


def restriction_context(request):
    current = restrictions.active_for(request.user).first()
    return {
        "restriction": current,
        "can_lift": current is not None and current.source == Restriction.Source.PERSON,
        "form": RestrictMyDataForm(),
    }


RESTRICTION_SECTION = {
    "key": "restriction",
    "title": _("Restrict how we use my data"),
    "template_name": "privacy/my_page/restriction.html",
    "get_context": restriction_context,
    "order": 75,
}
