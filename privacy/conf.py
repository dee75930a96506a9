"""The privacy app's settings, read here only, each with its default.

Values are read when used, not at import, so tests can override them."""

from pathlib import Path

from django.conf import settings


class PrivacySettings:
    """``PRIVACY_<NAME>`` settings with their defaults."""

    @property
    def EXPORT_LINK_DAYS(self) -> int:
        """How long an export's download link works; the file is deleted
        after."""
        return getattr(settings, "PRIVACY_EXPORT_LINK_DAYS", 3)

    @property
    def EXPORT_RECORD_DAYS(self) -> int:
        """How long the record that an export was made is kept after its
        link expired (accountability: we answered the request, and when)."""
        return getattr(settings, "PRIVACY_EXPORT_RECORD_DAYS", 365)

    @property
    def EXPORT_DEDUP_MINUTES(self) -> int:
        """A second request within this time returns the first export."""
        return getattr(settings, "PRIVACY_EXPORT_DEDUP_MINUTES", 10)

    @property
    def EXPORT_STORAGE_DIR(self) -> Path:
        """Where export files are written. Never under MEDIA_ROOT: nothing
        here may be served except through the download view."""
        default = Path(settings.BASE_DIR) / "var" / "private" / "exports"
        return Path(getattr(settings, "PRIVACY_EXPORT_STORAGE_DIR", default))

    @property
    def REQUEST_LINK_HOURS(self) -> int:
        """How long the confirmation link of a request without an account
        works."""
        return getattr(settings, "PRIVACY_REQUEST_LINK_HOURS", 24)

    @property
    def REQUEST_RATE_LIMIT(self) -> int:
        """Requests without an account allowed per address and per client IP
        in ``REQUEST_RATE_WINDOW`` seconds."""
        return getattr(settings, "PRIVACY_REQUEST_RATE_LIMIT", 5)

    @property
    def REQUEST_RATE_WINDOW(self) -> int:
        return getattr(settings, "PRIVACY_REQUEST_RATE_WINDOW", 60 * 60)

    @property
    def PROXY_COUNT(self) -> int:
        """Reverse proxies in front of the site that append to
        X-Forwarded-For (1 behind site/nginx.conf.example); 0 trusts only
        REMOTE_ADDR. The site-wide ``TRUSTED_PROXY_COUNT`` unless overridden."""
        return getattr(
            settings,
            "PRIVACY_PROXY_COUNT",
            getattr(settings, "TRUSTED_PROXY_COUNT", 0),
        )

    @property
    def BASE_URL(self) -> str:
        """Scheme and host for links in mails sent by tasks (no request)."""
        return getattr(
            settings, "PRIVACY_BASE_URL", settings.WAGTAILADMIN_BASE_URL
        ).rstrip("/")


conf = PrivacySettings()
