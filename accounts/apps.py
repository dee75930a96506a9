from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import my_page, signal_handlers

        signal_handlers.connect()
        my_page.register_own_sections()
