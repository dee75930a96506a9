"""Signed tokens for the links comments mail and show. Nothing is stored for
them: the signature (SECRET_KEY, one salt per purpose) is the proof. A token
names the comment by id with a keyed digest of the address it was sent to
(home/tokens.py), never the address itself, which web servers' access logs
would keep beyond any erasure; it stops working once the comment is gone
or its address erased. Links mailed before tokens were opaque no longer
work (404). Reading one that fails any check returns None."""

import datetime

from django.core import signing

from home.tokens import address_digest, digest_matches

from .conf import conf
from .models import Comment

CONFIRM_SALT = "comments.confirm"
DELETE_SALT = "comments.delete"
POSTED_SALT = "comments.posted"
UNSUBSCRIBE_SALT = "comments.unsubscribe"

# The page that tells a commenter what became of the comment they just sent
# is theirs for this long.
POSTED_SECONDS = 60 * 60


def _for_comment(comment, salt):
    return signing.dumps(
        [comment.pk, address_digest(comment.user_email, salt)], salt=salt
    )


def _read_comment(token, salt, max_age=None):
    """(comment id, address) from a genuine token whose comment still has
    the address it was sent to, or None; raises ``signing.SignatureExpired``
    for a genuine token past ``max_age``."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        return None
    if not (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and isinstance(value[1], str)
    ):
        return None
    comment_id, digest = value
    email = (
        Comment.objects.filter(pk=comment_id)
        .values_list("user_email", flat=True)
        .first()
    )
    if not email or not digest_matches(email, digest, salt):
        return None
    return comment_id, email.lower()


def confirm_token(comment) -> str:
    return _for_comment(comment, CONFIRM_SALT)


def read_confirm_token(token):
    """Raises ``signing.SignatureExpired`` after COMMENTS_CONFIRM_LINK_DAYS."""
    return _read_comment(
        token,
        CONFIRM_SALT,
        max_age=datetime.timedelta(days=conf.CONFIRM_LINK_DAYS),
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
    return signing.dumps(
        [page_id, address_digest(email, UNSUBSCRIBE_SALT)], salt=UNSUBSCRIBE_SALT
    )


def read_unsubscribe_token(token):
    """(address, page id) from a genuine token, or None: the address is
    that of a comment on the page whose digest the token carries (gone with
    the person's comments)."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and isinstance(value[1], str)
    ):
        return None
    page_id, digest = value
    addresses = (
        Comment.objects.filter(page_id=page_id)
        .exclude(user_email="")
        .values_list("user_email", flat=True)
        .distinct()
    )
    for email in addresses.iterator():
        if digest_matches(email, digest, UNSUBSCRIBE_SALT):
            return email.lower(), page_id
    return None
