"""Backups are a copy of every kind of personal data: declared as a copy,
so the privacy statement says how long they live, and their records as not
personal."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import not_personal, register_copy

from .conf import conf
from .models import BackupRun


@register_copy
class Backups:
    """Encrypted copies of the whole site, rotated by ``BACKUP_KEEP``."""

    key = "backups.archives"
    label = _("Backup copies of everything above")
    purpose = _(
        "To bring the site back after a lost disk or a failed update. "
        "Backups are encrypted and only the venue's technical staff can read them."
    )
    legal_basis = _(
        "Legitimate interest (GDPR art. 6(1)(f)) in not losing bookings, "
        "accounts and the records we must keep; art. 32 asks for it."
    )

    @property
    def retention(self):
        keep = conf.KEEP
        return (
            _(
                "One backup a night, kept %(daily)s days; one a week kept "
                "%(weekly)s weeks; one a month kept %(monthly)s months. When a "
                "backup is restored, everything erased since it was made is "
                "erased again before the site opens."
            )
            % keep
        )


not_personal(
    BackupRun,
    ["archive", "error"],
    _("The name and outcome of a backup run: the site's machinery, no person."),
)
