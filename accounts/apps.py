from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import my_page, signal_handlers

        signal_handlers.connect()
        my_page.register_own_sections()
        register_guardian_purpose()


def register_guardian_purpose():
    """A visitor under 15 gets an account only with a guardian's consent."""
    from privacy import guardians

    from . import services

    guardians.register(
        guardians.Purpose(
            key=services.GUARDIAN_PURPOSE,
            label=_("have an account on our site"),
            carry_out=services.create_account_for_child,
        )
    )
