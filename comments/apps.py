from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from . import signal_handlers

        labels = [config.name for config in apps.get_app_configs()]
        if labels.index("django_comments_xtd") > labels.index(self.name):
            raise ImproperlyConfigured(
                "List 'django_comments_xtd' before 'comments' in INSTALLED_APPS: "
                "comments' ready() undoes a signal handler the library's connects."
            )
        signal_handlers.connect(self)
