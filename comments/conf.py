"""The comments app's knobs, read here only, each with its default.

Values are read when used, not at import, so tests can override them."""

from django.conf import settings

from home.site_url import site_url


class CommentsConf:
    """``COMMENTS_<NAME>`` settings with their defaults."""

    @property
    def AKISMET_API_KEY(self):
        """Akismet: the API key (from AKISMET_API_KEY); without one, every comment
        waits for moderation."""
        return getattr(settings, "COMMENTS_AKISMET_API_KEY", "")

    @property
    def AKISMET_SITE_URL(self):
        """The site's address as registered with Akismet; WAGTAILADMIN_BASE_URL
        when empty."""
        return getattr(settings, "COMMENTS_AKISMET_SITE_URL", "")

    @property
    def AKISMET_TIMEOUT(self):
        """Seconds to wait for Akismet before the comment waits for moderation."""
        return getattr(settings, "COMMENTS_AKISMET_TIMEOUT", 3.0)

    @property
    def AKISMET_IS_TEST(self):
        """Ask Akismet not to learn from our checks; None means "while DEBUG is
        on", so only production trains it."""
        return getattr(settings, "COMMENTS_AKISMET_IS_TEST", None)

    @property
    def AKISMET_CLIENT_CLASS(self):
        """The client class: akismet.SyncClient, or a subclass of
        akismet.TestSyncClient in tests."""
        return getattr(settings, "COMMENTS_AKISMET_CLIENT_CLASS", "akismet.SyncClient")

    @property
    def RECHECK_MINUTES(self):
        """Comments Akismet could not check are tried again this often, for this
        many days; when Akismet says the key is invalid, after this many hours."""
        return getattr(settings, "COMMENTS_RECHECK_MINUTES", 20)

    @property
    def RECHECK_DAYS(self):
        return getattr(settings, "COMMENTS_RECHECK_DAYS", 15)

    @property
    def RECHECK_INVALID_KEY_HOURS(self):
        return getattr(settings, "COMMENTS_RECHECK_INVALID_KEY_HOURS", 6)

    @property
    def IP_RETENTION_DAYS(self):
        """IP address, browser and referrer of a comment are cleared after this
        many days: they serve spam handling only. Spam is deleted after
        SPAM_RETENTION_DAYS. When these are not set, the site's retention table
        (PRIVACY_RETENTION, "comments.ip_address" and "comments.spam") decides,
        else these defaults; see retention_days()."""
        return getattr(settings, "COMMENTS_IP_RETENTION_DAYS", 60)

    @property
    def SPAM_RETENTION_DAYS(self):
        return getattr(settings, "COMMENTS_SPAM_RETENTION_DAYS", 30)

    @property
    def CONFIRM_EMAIL(self):
        """Anonymous commenters confirm their address by mail before the comment
        counts; the link works this many days, then the comment is deleted."""
        return getattr(settings, "COMMENTS_CONFIRM_EMAIL", False)

    @property
    def CONFIRM_LINK_DAYS(self):
        return getattr(settings, "COMMENTS_CONFIRM_LINK_DAYS", 7)

    @property
    def RATE_LIMIT(self):
        """Comments from one IP address per window of seconds."""
        return getattr(settings, "COMMENTS_RATE_LIMIT", 5)

    @property
    def RATE_WINDOW(self):
        return getattr(settings, "COMMENTS_RATE_WINDOW", 60)

    @property
    def MAX_LINKS(self):
        """A comment with more links than this waits for moderation whatever
        Akismet says."""
        return getattr(settings, "COMMENTS_MAX_LINKS", 2)

    @property
    def PAGE_MODELS(self):
        """Page types that take comments ("app_label.ModelName")."""
        return getattr(
            settings, "COMMENTS_PAGE_MODELS", ["events.EventPage", "home.ArticlePage"]
        )

    @property
    def PARTICIPATION_CHECK(self):
        """Whether an account may comment: a callable (user) -> "" when it may,
        else the reason. accounts provides it (an app on comments' own floor,
        which comments does not import); venue/settings wires it in. Empty:
        every account may."""
        return getattr(settings, "COMMENTS_PARTICIPATION_CHECK", "")

    @property
    def REPORTS_TO_HIDE(self):
        """Visitors with an account may report a comment (django-comments' removal-
        suggestion flag), once each, with a reason. A comment reported by this
        many different visitors since an editor last decided on it is hidden
        until an editor does (0: never hidden by reports)."""
        return getattr(settings, "COMMENTS_REPORTS_TO_HIDE", 3)

    @property
    def REPORT_RATE_LIMIT(self):
        """Reports from one account (and from one IP address) per window of
        seconds."""
        return getattr(settings, "COMMENTS_REPORT_RATE_LIMIT", 10)

    @property
    def REPORT_RATE_WINDOW(self):
        return getattr(settings, "COMMENTS_REPORT_RATE_WINDOW", 60 * 60)

    @property
    def REMEMBER_COOKIE_NAME(self):
        """ "Remember me" cookie: name, email and website, for a year."""
        return getattr(settings, "COMMENTS_REMEMBER_COOKIE_NAME", "comment_remember")

    @property
    def REMEMBER_COOKIE_AGE(self):
        return getattr(settings, "COMMENTS_REMEMBER_COOKIE_AGE", 365 * 24 * 60 * 60)

    def retention_days(self, name, table_key=None) -> int:
        """Days for a retention knob: the COMMENTS_ setting when set, else the
        site's retention table (PRIVACY_RETENTION), else the default here."""
        explicit = getattr(settings, f"COMMENTS_{name}", None)
        if explicit is not None:
            return explicit
        table = getattr(settings, "PRIVACY_RETENTION", {})
        return table.get(table_key or RETENTION_KEYS[name], getattr(self, name))

    def akismet_is_test(self) -> bool:
        value = self.AKISMET_IS_TEST
        return settings.DEBUG if value is None else bool(value)

    def akismet_site_url(self) -> str:
        return self.AKISMET_SITE_URL or site_url()


RETENTION_KEYS = {
    "IP_RETENTION_DAYS": "comments.ip_address",
    "SPAM_RETENTION_DAYS": "comments.spam",
    "CONFIRM_LINK_DAYS": "comments.unconfirmed",
}

conf = CommentsConf()
