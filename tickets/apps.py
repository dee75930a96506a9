from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Tickets")

    def ready(self):
        from . import my_page, signal_handlers

        signal_handlers.connect()
        my_page.register_sections()
        register_guardian_purpose()


def register_guardian_purpose():
    """A visitor under 15 joins a waiting list only with a guardian's
    consent."""
    from privacy import guardians

    from . import services

    guardians.register(
        guardians.Purpose(
            key=services.WAITING_LIST_GUARDIAN_PURPOSE,
            label=_("be told by email when seats come back for a sold-out show"),
            carry_out=services.join_for_child,
        )
    )
