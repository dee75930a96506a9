from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        # Importing registers: notices a recipient source; the sending side's
        # registry kinds, retention rule and demo content live in their own
        # modules beside the subscriber side's (personal_data.py,
        # retention_rules.py, demo_content.py).
        from . import (  # noqa: F401
            demo_content_mailings,
            my_page,
            notices,
            personal_data_mailings,
            retention_rules_mailings,
        )

        my_page.register_sections()
        register_guardian_purpose()


def register_guardian_purpose():
    """A visitor under 15 signs up only with a guardian's consent."""
    from privacy import guardians

    from . import services

    guardians.register(
        guardians.Purpose(
            key=services.GUARDIAN_PURPOSE,
            label=_("receive our programme newsletter (and SMS, if a number is given)"),
            carry_out=services.sign_up_for_child,
        )
    )
