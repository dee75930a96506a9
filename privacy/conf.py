"""The privacy app's settings, read here only, each with its default.

Values are read when used, not at import, so tests can override them."""

from pathlib import Path

from django.conf import settings


class PrivacyConf:
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
    def EXPORT_STALE_MINUTES(self) -> int:
        """An export still waiting or being built this long after it was
        asked for lost its worker (a crash, a restart) and is started again."""
        return getattr(settings, "PRIVACY_EXPORT_STALE_MINUTES", 30)

    @property
    def EXPORT_GIVE_UP_HOURS(self) -> int:
        """An export not built this long after it was asked for is marked
        failed and its owner told, instead of being started yet again."""
        return getattr(settings, "PRIVACY_EXPORT_GIVE_UP_HOURS", 24)

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
        """Requests without an account allowed per client IP in
        ``REQUEST_RATE_WINDOW`` seconds. Never per address: anyone could
        then lock an address's owner out by asking in their name."""
        return getattr(settings, "PRIVACY_REQUEST_RATE_LIMIT", 5)

    @property
    def REQUEST_MAIL_INTERVAL_MINUTES(self) -> int:
        """The confirmation mail of a request is sent to an address at most
        once in this many minutes per kind of request; asking again sooner
        answers as usual, and the link already mailed confirms it."""
        return getattr(settings, "PRIVACY_REQUEST_MAIL_INTERVAL_MINUTES", 10)

    @property
    def REQUEST_RATE_WINDOW(self) -> int:
        return getattr(settings, "PRIVACY_REQUEST_RATE_WINDOW", 60 * 60)

    @property
    def REQUEST_DUE_DAYS(self) -> int:
        """Days editors have to answer a rights request, counted from the
        requester's confirmation."""
        return getattr(settings, "PRIVACY_REQUEST_DUE_DAYS", 30)

    @property
    def NOTICE_BATCH_SIZE(self) -> int:
        """Notices one background task sends."""
        return getattr(settings, "PRIVACY_NOTICE_BATCH_SIZE", 500)

    @property
    def NOTICE_MAX_ATTEMPTS(self) -> int:
        """Sends of one notice before it stays failed (for an editor's
        retry)."""
        return getattr(settings, "PRIVACY_NOTICE_MAX_ATTEMPTS", 5)

    @property
    def NOTICE_RETRY_SECONDS(self) -> int:
        """Wait before the first retry of a refused notice; doubles each
        time."""
        return getattr(settings, "PRIVACY_NOTICE_RETRY_SECONDS", 5 * 60)

    @property
    def NOTICE_STALE_MINUTES(self) -> int:
        """A notice claimed longer ago than this by a worker that never
        finished is taken for interrupted."""
        return getattr(settings, "PRIVACY_NOTICE_STALE_MINUTES", 15)

    @property
    def NOTICE_PERIOD_DAYS(self) -> int:
        """Days between the notices of a material change going out (when it
        is published) and the day it may take effect."""
        return getattr(settings, "PRIVACY_NOTICE_PERIOD_DAYS", 30)

    @property
    def CONSENT_COOKIE_NAME(self) -> str:
        return getattr(settings, "PRIVACY_CONSENT_COOKIE_NAME", "samtykke")

    @property
    def CONSENT_DAYS(self) -> int:
        """How long a cookie choice lasts before the banner asks again."""
        return getattr(settings, "PRIVACY_CONSENT_DAYS", 365)

    @property
    def COOKIES(self) -> list[dict]:
        """The cookies the site sets: dicts with ``name``, ``category``
        (necessary, statistics, marketing), ``purpose``, ``lifetime``
        (seconds, or None until the browser closes) and ``provider`` (empty
        for the site itself)."""
        return getattr(settings, "PRIVACY_COOKIES", [])

    @property
    def RETENTION(self) -> dict[str, int]:
        """The retention table: days to keep each kind of data, by the key
        of its retention rule (privacy/retention.py). Rules not in the table
        keep their own default."""
        return getattr(settings, "PRIVACY_RETENTION", {})

    @property
    def CONSENT_AGE(self) -> int:
        """The age from which a person consents on their own (15 in Norway,
        personopplysningsloven § 5); younger, a guardian consents."""
        return getattr(settings, "PRIVACY_CONSENT_AGE", 15)

    @property
    def GUARDIAN_LINK_DAYS(self) -> int:
        """How long a guardian's confirmation link works; a request not
        confirmed by then is deleted."""
        return getattr(settings, "PRIVACY_GUARDIAN_LINK_DAYS", 14)

    @property
    def PURGE_CHUNK_SIZE(self) -> int:
        """Rows deleted or anonymised per statement by the purge."""
        return getattr(settings, "PRIVACY_PURGE_CHUNK_SIZE", 2000)


conf = PrivacyConf()
