"""The comments app's knobs, read in one place. Each is a ``COMMENTS_*``
setting with the default below, read when used (tests override them)."""

from django.conf import settings

from home.site_url import site_url

DEFAULTS = {
    # Akismet: the API key (from AKISMET_API_KEY); without one, every comment
    # waits for moderation.
    "AKISMET_API_KEY": "",
    # The site's address as registered with Akismet; WAGTAILADMIN_BASE_URL
    # when empty.
    "AKISMET_SITE_URL": "",
    # Seconds to wait for Akismet before the comment waits for moderation.
    "AKISMET_TIMEOUT": 3.0,
    # Ask Akismet not to learn from our checks; None means "while DEBUG is
    # on", so only production trains it.
    "AKISMET_IS_TEST": None,
    # The client class: akismet.SyncClient, or a subclass of
    # akismet.TestSyncClient in tests.
    "AKISMET_CLIENT_CLASS": "akismet.SyncClient",
    # Comments Akismet could not check are tried again this often, for this
    # many days; when Akismet says the key is invalid, after this many hours.
    "RECHECK_MINUTES": 20,
    "RECHECK_DAYS": 15,
    "RECHECK_INVALID_KEY_HOURS": 6,
    # IP address, browser and referrer of a comment are cleared after this
    # many days: they serve spam handling only. Spam is deleted after
    # SPAM_RETENTION_DAYS. When these are not set, the site's retention
    # table (PRIVACY_RETENTION, "comments.ip_address" and "comments.spam")
    # decides, else these defaults; see retention_days().
    "IP_RETENTION_DAYS": 60,
    "SPAM_RETENTION_DAYS": 30,
    # Anonymous commenters confirm their address by mail before the comment
    # counts; the link works this many days, then the comment is deleted.
    "CONFIRM_EMAIL": False,
    "CONFIRM_LINK_DAYS": 7,
    # Comments from one IP address per window of seconds.
    "RATE_LIMIT": 5,
    "RATE_WINDOW": 60,
    # A comment with more links than this waits for moderation whatever
    # Akismet says.
    "MAX_LINKS": 2,
    # Page types that take comments ("app_label.ModelName").
    "PAGE_MODELS": ["events.EventPage", "home.ArticlePage"],
    # Whether an account may comment: a callable (user) -> "" when it may,
    # else the reason. accounts provides it (an app on comments' own floor,
    # which comments does not import); venue/settings wires it in. Empty:
    # every account may.
    "PARTICIPATION_CHECK": "",
    # Visitors with an account may report a comment (django-comments'
    # removal-suggestion flag), once each, with a reason. A comment reported
    # by this many different visitors since an editor last decided on it is
    # hidden until an editor does (0: never hidden by reports).
    "REPORTS_TO_HIDE": 3,
    # Reports from one account (and from one IP address) per window of
    # seconds.
    "REPORT_RATE_LIMIT": 10,
    "REPORT_RATE_WINDOW": 60 * 60,
    # "Remember me" cookie: name, email and website, for a year.
    "REMEMBER_COOKIE_NAME": "comment_remember",
    "REMEMBER_COOKIE_AGE": 365 * 24 * 60 * 60,
}


def get(name):
    return getattr(settings, f"COMMENTS_{name}", DEFAULTS[name])


RETENTION_KEYS = {
    "IP_RETENTION_DAYS": "comments.ip_address",
    "SPAM_RETENTION_DAYS": "comments.spam",
    "CONFIRM_LINK_DAYS": "comments.unconfirmed",
}


def retention_days(name, table_key=None) -> int:
    """Days for a retention knob: the COMMENTS_ setting when set, else the
    site's retention table (PRIVACY_RETENTION), else the default here."""
    explicit = getattr(settings, f"COMMENTS_{name}", None)
    if explicit is not None:
        return explicit
    table = getattr(settings, "PRIVACY_RETENTION", {})
    return table.get(table_key or RETENTION_KEYS[name], DEFAULTS[name])


def akismet_is_test() -> bool:
    value = get("AKISMET_IS_TEST")
    return settings.DEBUG if value is None else bool(value)


def akismet_site_url() -> str:
    return get("AKISMET_SITE_URL") or site_url()
