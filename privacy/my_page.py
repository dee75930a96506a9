"""My page's "my consents" section. privacy sits below accounts, so it does
not import accounts: the section is offered through the Wagtail hook
``my_page_sections`` (see privacy/wagtail_hooks.py), which accounts
discovers."""

from django.utils.translation import gettext_lazy as _

from . import consent
from .models import ConsentRecord, PolicyAcknowledgement


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
