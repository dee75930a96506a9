"""The newsletter's section of my page (``/konto/meg/``): subscribe with
the account's verified address, change name, mobile number and language,
or unsubscribe. The forms post to ``newsletter:my_subscription``."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.my_page import register_section
from accounts.services import participation_block_reason

from . import services
from .forms import DetailsForm


def newsletter_context(request):
    user = request.user
    subscriber = services.subscriber_for_user(user)
    if subscriber is not None:
        form = DetailsForm(
            initial={
                "name": subscriber.name,
                "phone": subscriber.phone,
                "language": subscriber.language,
            },
            auto_id="newsletter-%s",
        )
        return {"subscriber": subscriber, "form": form}
    language = (translation.get_language() or "").split("-")[0]
    version = services.current_policy_version()
    return {
        "subscriber": None,
        "email": services.account_email(user),
        "block_reason": participation_block_reason(user),
        "form": DetailsForm(
            initial={"name": user.get_full_name(), "language": language},
            auto_id="newsletter-%s",
        ),
        "policy_version": version,
        "consent_text": services.consent_text(
            policy_version=version, language=language
        ),
    }


def register_sections():
    register_section(
        "newsletter",
        title=_("Newsletter"),
        template_name="newsletter/my_page/subscription.html",
        get_context=newsletter_context,
        order=50,
    )
