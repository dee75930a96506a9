"""The backups app's settings, read here only (when used, so tests can
override them)."""

from pathlib import Path

from django.conf import settings


class BackupsConf:
    """``BACKUP_<NAME>`` settings with their defaults."""

    @property
    def KEY(self) -> str:
        """Base64 of the 32-byte key archives are encrypted with."""
        return getattr(settings, "BACKUP_KEY", "")

    @property
    def KEEP(self) -> dict[str, int]:
        """How many daily, weekly and monthly archives rotation keeps."""
        return {
            "daily": 14,
            "weekly": 8,
            "monthly": 12,
            **getattr(settings, "BACKUP_KEEP", {}),
        }

    @property
    def WARN_HOURS(self) -> int:
        """The dashboard warns when the last good backup is older."""
        return getattr(settings, "BACKUP_WARN_HOURS", 36)

    @property
    def MAINTENANCE_FILE(self) -> Path:
        """Present while a restore has not replayed the erasure journal."""
        default = Path(settings.BASE_DIR) / "var" / "maintenance"
        return Path(getattr(settings, "BACKUP_MAINTENANCE_FILE", default))

    @property
    def STORAGE(self) -> str:
        """The ``STORAGES`` alias archives go to."""
        return getattr(settings, "BACKUP_STORAGE", "backups")

    @property
    def SCRATCH_DIR(self) -> Path | None:
        """Where a database snapshot waits, unencrypted, while it is packed
        (a private temporary folder there); None for the system's."""
        value = getattr(settings, "BACKUP_SCRATCH_DIR", None)
        return Path(value) if value else None


conf = BackupsConf()
