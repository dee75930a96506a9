from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from home import processors as home_processors

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
        home_processors.install(processors.sends_to)
        notices.autodiscover()
        retention.autodiscover()
        signal_handlers.connect()
