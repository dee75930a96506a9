"""Signed tokens for the links the newsletter mails. Nothing is stored for
them: the signature (SECRET_KEY, one salt per purpose) is the proof.

A token names the subscriber's address (and, where the link acts on one
sign-up, the subscriber's id too), so a link stops working for anyone else
once the subscriber is gone. Reading a token that fails any check raises
``signing.BadSignature``; a genuine token past its lifetime raises
``signing.SignatureExpired`` (a subclass), so views can tell the two apart.

- confirm: the double opt-in link, valid ``NEWSLETTER_CONFIRM_DAYS``;
- unsubscribe: in every mail, never expires (RFC 8058 one-click too);
- manage: "manage my subscription", in every mail, never expires;
- reconsent: "keep me subscribed", valid until the subscriber is removed.
"""

import dataclasses
import datetime

from django.core import signing

from .conf import conf
from .models import normalise_email

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
MANAGE_SALT = "newsletter.manage"
RECONSENT_SALT = "newsletter.reconsent"


@dataclasses.dataclass(frozen=True)
class LinkToken:
    """What a genuine token names: an address, and for links about one
    sign-up, the subscriber's id."""

    email: str
    subscriber_id: int | None = None


def _dumps(subscriber, salt, *, with_id):
    value = {"e": normalise_email(subscriber.email)}
    if with_id:
        value["s"] = subscriber.pk
    return signing.dumps(value, salt=salt, compress=False)


def _loads(token, salt, *, with_id, max_age=None) -> LinkToken:
    value = signing.loads(token, salt=salt, max_age=max_age)
    if not isinstance(value, dict) or not isinstance(value.get("e"), str):
        raise signing.BadSignature("Not a newsletter token.")
    subscriber_id = value.get("s")
    if with_id and (not isinstance(subscriber_id, int) or subscriber_id <= 0):
        raise signing.BadSignature("Not a newsletter token.")
    return LinkToken(email=value["e"], subscriber_id=subscriber_id)


def confirm_token(subscriber) -> str:
    return _dumps(subscriber, CONFIRM_SALT, with_id=True)


def read_confirm_token(token: str) -> LinkToken:
    return _loads(
        token,
        CONFIRM_SALT,
        with_id=True,
        max_age=datetime.timedelta(days=conf.CONFIRM_DAYS),
    )


def unsubscribe_token(subscriber) -> str:
    return _dumps(subscriber, UNSUBSCRIBE_SALT, with_id=False)


def read_unsubscribe_token(token: str) -> LinkToken:
    return _loads(token, UNSUBSCRIBE_SALT, with_id=False)


def manage_token(subscriber) -> str:
    return _dumps(subscriber, MANAGE_SALT, with_id=False)


def read_manage_token(token: str) -> LinkToken:
    return _loads(token, MANAGE_SALT, with_id=False)


def reconsent_token(subscriber) -> str:
    return _dumps(subscriber, RECONSENT_SALT, with_id=True)


def read_reconsent_token(token: str) -> LinkToken:
    return _loads(token, RECONSENT_SALT, with_id=True)
