"""Akismet, through the akismet package's ``SyncClient``: one check per new
comment, a recheck of comments it could not check, and reports of what
editors mark as spam or not spam.

Nothing here raises for Akismet's sake: a missing key, a timeout, an error
status or a strange answer comes back as a :class:`Check` without a verdict
(or a report that did not go), and the comment waits for moderation."""

import dataclasses
import logging

import akismet
import httpx
from django.conf import settings
from django.utils.module_loading import import_string

from home.site_url import site_url
from privacy.processors import sends_to

from .conf import conf
from .models import Comment

logger = logging.getLogger(__name__)

NOT_CONFIGURED = "Akismet is not configured (no AKISMET_API_KEY)."
KEY_INVALID = "Akismet says the API key is invalid."


@dataclasses.dataclass(frozen=True)
class Check:
    """What one check found: a verdict (``Comment.Verdict``), or UNCHECKED
    with the reason."""

    verdict: str
    error: str = ""
    key_invalid: bool = False

    @property
    def checked(self):
        return self.verdict != Comment.Verdict.UNCHECKED


def is_configured() -> bool:
    return bool(conf.AKISMET_API_KEY)


def http_client(**options) -> httpx.Client:
    """The HTTP client the Akismet client uses: the package's user agent and
    our timeout (COMMENTS_AKISMET_TIMEOUT, 3 s). ``options`` go to httpx
    (tests pass a transport to a local stand-in). Every call to Akismet goes
    through it, so it names Akismet's entry in the processor register."""
    sends_to("akismet")
    return httpx.Client(
        headers={"User-Agent": akismet.USER_AGENT},
        timeout=float(conf.AKISMET_TIMEOUT),
        **options,
    )


def client_class():
    return import_string(conf.AKISMET_CLIENT_CLASS)


def arguments(comment: Comment) -> dict:
    """What Akismet is told about ``comment`` (besides the IP address): the
    fields its documentation recommends."""
    page = comment.page
    arguments = {
        "comment_type": "reply" if comment.level else "comment",
        "comment_author": comment.author_name,
        "comment_author_email": comment.user_email,
        "comment_author_url": comment.user_url,
        "comment_content": comment.comment,
        "comment_date_gmt": comment.submit_date.isoformat(),
        "permalink": site_url() + (page.url or "/"),
        "blog_lang": comment.language or settings.LANGUAGE_CODE,
        "blog_charset": "UTF-8",
        "user_agent": comment.user_agent,
        "referrer": comment.referrer,
    }
    if page.last_published_at:
        arguments["comment_post_modified_gmt"] = page.last_published_at.isoformat()
    if conf.akismet_is_test():
        arguments["is_test"] = True
    return {key: value for key, value in arguments.items() if value not in ("", None)}


def _config():
    return akismet.Config(key=conf.AKISMET_API_KEY, url=conf.akismet_site_url())


def _describe(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


def check(comment: Comment, *, recheck=False) -> Check:
    """Ask Akismet whether ``comment`` is spam: one call."""
    if not is_configured():
        return Check(Comment.Verdict.UNCHECKED, error=NOT_CONFIGURED)
    extra = {"recheck_reason": "recheck_queue"} if recheck else {}
    with http_client() as http:
        client = client_class()(config=_config(), http_client=http)
        try:
            response = client.comment_check(
                user_ip=comment.ip_address or "", **arguments(comment), **extra
            )
        except akismet.APIKeyError:
            logger.warning("Akismet refused the API key.")
            return Check(Comment.Verdict.UNCHECKED, error=KEY_INVALID, key_invalid=True)
        except akismet.AkismetError as error:
            logger.warning("Akismet could not check comment %s: %s", comment.pk, error)
            return Check(Comment.Verdict.UNCHECKED, error=_describe(error))
    return Check(
        {
            akismet.CheckResponse.HAM: Comment.Verdict.HAM,
            akismet.CheckResponse.SPAM: Comment.Verdict.SPAM,
            akismet.CheckResponse.DISCARD: Comment.Verdict.DISCARD,
        }[response]
    )


def report(comment: Comment, *, as_spam: bool) -> bool:
    """Tell Akismet it got ``comment`` wrong (submit-spam or submit-ham).
    Returns whether the report went through."""
    if not is_configured():
        return False
    with http_client() as http:
        client = client_class()(config=_config(), http_client=http)
        submit = client.submit_spam if as_spam else client.submit_ham
        try:
            return bool(submit(user_ip=comment.ip_address or "", **arguments(comment)))
        except akismet.AkismetError as error:
            logger.warning(
                "Could not report comment %s to Akismet: %s", comment.pk, error
            )
            return False
