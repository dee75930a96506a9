"""The newsletter app's knobs, read here only, each with its default.

Values are read when used, not at import, so tests can override them.
(Subscriber side and sending side both keep their ``NEWSLETTER_*`` knobs
here; add properties, don't rewrite.)"""

from django.conf import settings


class NewsletterConf:
    """``NEWSLETTER_<NAME>`` settings with their defaults."""

    # Subscribers ---------------------------------------------------------

    @property
    def CONFIRM_DAYS(self) -> int:
        """How long the confirmation link of a sign-up works; an address
        not confirmed by then is deleted (retention ``newsletter.
        unconfirmed``)."""
        return getattr(settings, "NEWSLETTER_CONFIRM_DAYS", 7)

    @property
    def RECONSENT_MONTHS(self) -> int:
        """A confirmed subscriber with no sign of life for this long is
        asked whether they still want the newsletter."""
        return getattr(settings, "NEWSLETTER_RECONSENT_MONTHS", 24)

    @property
    def RECONSENT_DAYS(self) -> int:
        """Days a subscriber has to answer the re-consent mail before they
        are removed."""
        return getattr(settings, "NEWSLETTER_RECONSENT_DAYS", 30)

    @property
    def RECONSENT_BATCH_SIZE(self) -> int:
        """Re-consent mails one run of the periodic task sends at most."""
        return getattr(settings, "NEWSLETTER_RECONSENT_BATCH_SIZE", 500)

    @property
    def RATE_LIMIT(self) -> int:
        """Sign-ups allowed per client IP in ``RATE_WINDOW`` seconds. Never
        per address: strangers could then keep its owner from signing up."""
        return getattr(settings, "NEWSLETTER_RATE_LIMIT", 5)

    @property
    def MAIL_INTERVAL_MINUTES(self) -> int:
        """One mail about a sign-up (confirmation or "already subscribed")
        per address in this many minutes: a double submit, or a stranger
        typing someone's address again and again, does not fill their
        inbox; the link already mailed still confirms."""
        return getattr(settings, "NEWSLETTER_MAIL_INTERVAL_MINUTES", 2)

    @property
    def RATE_WINDOW(self) -> int:
        return getattr(settings, "NEWSLETTER_RATE_WINDOW", 60 * 60)

    @property
    def LIST_ID(self) -> str:
        """The ``List-Id`` header of every newsletter mail (RFC 2919): a
        name and a dotted identifier under a domain the venue controls."""
        default_domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
        return getattr(settings, "NEWSLETTER_LIST_ID", f"nyhetsbrev.{default_domain}")

    @property
    def FROM_EMAIL(self) -> str:
        return getattr(settings, "NEWSLETTER_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL)

    # Sending (issues and SMS announcements; newsletter/sending.py) -------

    @property
    def BATCH_SIZE(self) -> int:
        """Mails (or SMS) one background task sends."""
        return getattr(settings, "NEWSLETTER_BATCH_SIZE", 200)

    @property
    def MAX_ATTEMPTS(self) -> int:
        """Sends of one mail or SMS before it stays failed (for an editor's
        retry)."""
        return getattr(settings, "NEWSLETTER_MAX_ATTEMPTS", 5)

    @property
    def RETRY_SECONDS(self) -> int:
        """Wait before the first retry of a refused mail or SMS; doubles
        each time."""
        return getattr(settings, "NEWSLETTER_RETRY_SECONDS", 5 * 60)

    @property
    def STALE_MINUTES(self) -> int:
        """A mail claimed longer ago than this by a worker that never
        finished is taken for interrupted (and never resent by itself)."""
        return getattr(settings, "NEWSLETTER_STALE_MINUTES", 15)

    @property
    def SMS_STOP_WORDS(self) -> list[str]:
        """Replies that remove the sender's number (compared in upper case,
        first word only)."""
        return getattr(settings, "NEWSLETTER_SMS_STOP_WORDS", ["STOPP", "STOP"])


conf = NewsletterConf()
