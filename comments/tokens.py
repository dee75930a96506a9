"""Signed tokens for the links comments mail and show. Nothing is stored for
them: the signature (SECRET_KEY, one salt per purpose) is the proof. A token
names the comment and the address it was sent to, so it stops working once
the comment is gone or its address erased. Reading one that fails any check
returns None."""

import datetime

from django.core import signing

from . import conf

CONFIRM_SALT = "comments.confirm"
DELETE_SALT = "comments.delete"
POSTED_SALT = "comments.posted"
UNSUBSCRIBE_SALT = "comments.unsubscribe"

# The page that tells a commenter what became of the comment they just sent
# is theirs for this long.
POSTED_SECONDS = 60 * 60


def _for_comment(comment, salt):
    return signing.dumps(
        {"c": comment.pk, "e": (comment.user_email or "").lower()}, salt=salt
    )


def _read_comment(token, salt, max_age=None):
    """(comment id, address) from a genuine token, or None; raises
    ``signing.SignatureExpired`` for a genuine token past ``max_age``."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("c"), int)
        or not isinstance(value.get("e"), str)
    ):
        return None
    return value["c"], value["e"]


def confirm_token(comment) -> str:
    return _for_comment(comment, CONFIRM_SALT)


def read_confirm_token(token):
    """Raises ``signing.SignatureExpired`` after COMMENTS_CONFIRM_LINK_DAYS."""
    return _read_comment(
        token,
        CONFIRM_SALT,
        max_age=datetime.timedelta(days=conf.get("CONFIRM_LINK_DAYS")),
    )


def delete_token(comment) -> str:
    return _for_comment(comment, DELETE_SALT)


def read_delete_token(token):
    return _read_comment(token, DELETE_SALT)


def posted_token(comment) -> str:
    return _for_comment(comment, POSTED_SALT)


def read_posted_token(token):
    try:
        return _read_comment(token, POSTED_SALT, max_age=POSTED_SECONDS)
    except signing.SignatureExpired:
        return None


def unsubscribe_token(email: str, page_id: int) -> str:
    return signing.dumps({"e": email.lower(), "p": page_id}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(address, page id) from a genuine token, or None."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("e"), str)
        or not isinstance(value.get("p"), int)
    ):
        return None
    return value["e"], value["p"]
