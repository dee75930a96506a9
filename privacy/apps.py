from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the system checks
            notices,
            processors,
            registry,
            retention,
            signal_handlers,
        )

        registry.autodiscover()
        processors.autodiscover()
        notices.autodiscover()
        retention.autodiscover()
        signal_handlers.connect()
