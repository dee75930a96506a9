"""Signed tokens for the links the newsletter mails. Nothing is stored for
them: the signature (SECRET_KEY, one salt per purpose) is the proof.

A token names the subscriber by id and carries a keyed digest of the
address the link was sent to (home/tokens.py), never the address: links
end up in web servers' access logs, which no erasure reaches. A link stops
working once the subscriber is gone or their address has changed. Links
mailed before tokens were opaque (with the address inside) no longer work:
they get the "link does not work" page (400). Reading a token that fails
any check raises ``signing.BadSignature``; a genuine token past its
lifetime raises ``signing.SignatureExpired`` (a subclass), so views can
tell the two apart.

- confirm: the double opt-in link, valid ``NEWSLETTER_CONFIRM_DAYS``;
- unsubscribe: in every mail, never expires (RFC 8058 one-click too);
- manage: "manage my subscription", in every mail, never expires;
- reconsent: "keep me subscribed", valid until the subscriber is removed;
- address: confirms a new address (mailed to it), valid
  ``NEWSLETTER_CONFIRM_DAYS``; it names the waiting change, not the
  subscriber.
"""

import dataclasses
import datetime

from django.core import signing
from django.utils.crypto import constant_time_compare

from home.tokens import address_digest, digest_matches

from .conf import conf
from .models import AddressChange, Subscriber, address_hash

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
MANAGE_SALT = "newsletter.manage"
RECONSENT_SALT = "newsletter.reconsent"
ADDRESS_SALT = "newsletter.address"


@dataclasses.dataclass(frozen=True)
class LinkToken:
    """What a genuine token names: the subscriber's id, and their address
    while the subscriber is still there with the address the link was sent
    to (None once they are gone)."""

    subscriber_id: int
    email: str | None = None
    # For unsubscribe links: the keyed hash suppressions are stored by
    # (``address_hash``), so "never again" works after the row is gone.
    address_hash: str = ""


def _dumps(subscriber, salt):
    value = [subscriber.pk, address_digest(subscriber.email, salt)]
    return signing.dumps(value, salt=salt, compress=False)


def _loads(token, salt, *, max_age=None) -> LinkToken:
    value = signing.loads(token, salt=salt, max_age=max_age)
    if not (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and value[0] > 0
        and isinstance(value[1], str)
    ):
        raise signing.BadSignature("Not a newsletter token.")
    subscriber_id, digest = value
    email = (
        Subscriber.objects.filter(pk=subscriber_id)
        .values_list("email", flat=True)
        .first()
    )
    if email is None or not digest_matches(email, digest, salt):
        email = None
    return LinkToken(subscriber_id=subscriber_id, email=email)


def confirm_token(subscriber) -> str:
    return _dumps(subscriber, CONFIRM_SALT)


def read_confirm_token(token: str) -> LinkToken:
    return _loads(
        token, CONFIRM_SALT, max_age=datetime.timedelta(days=conf.CONFIRM_DAYS)
    )


def unsubscribe_token(subscriber) -> str:
    """The subscriber's id and the address's keyed hash (the one
    suppressions are stored by): the link still finds the address after the
    person signed up again under a new id, and can suppress it after the
    subscription is gone."""
    value = [subscriber.pk, address_hash(subscriber.email)]
    return signing.dumps(value, salt=UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> LinkToken:
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and isinstance(value[1], str)
    ):
        raise signing.BadSignature("Not a newsletter token.")
    subscriber_id, email_hash = value
    return LinkToken(
        subscriber_id=subscriber_id,
        email=_address_of(subscriber_id, email_hash),
        address_hash=email_hash,
    )


def _address_of(subscriber_id, email_hash) -> str | None:
    """The subscribed address ``email_hash`` is the hash of: the
    subscriber's own when it still matches, else any subscriber's (the
    person signed up again; a rare path, so every address is hashed)."""
    email = (
        Subscriber.objects.filter(pk=subscriber_id)
        .values_list("email", flat=True)
        .first()
    )
    if email is not None and constant_time_compare(address_hash(email), email_hash):
        return email
    for email in Subscriber.objects.values_list("email", flat=True).iterator():
        if constant_time_compare(address_hash(email), email_hash):
            return email
    return None


def manage_token(subscriber) -> str:
    return _dumps(subscriber, MANAGE_SALT)


def read_manage_token(token: str) -> LinkToken:
    return _loads(token, MANAGE_SALT)


def reconsent_token(subscriber) -> str:
    return _dumps(subscriber, RECONSENT_SALT)


def read_reconsent_token(token: str) -> LinkToken:
    return _loads(token, RECONSENT_SALT)


def address_token(change) -> str:
    value = [change.pk, address_digest(change.new_email, ADDRESS_SALT)]
    return signing.dumps(value, salt=ADDRESS_SALT, compress=False)


def read_address_token(token: str) -> AddressChange | None:
    """The waiting change the link was mailed for, or None when it is gone
    (confirmed, replaced by a newer one, or the subscription ended).
    Raises ``SignatureExpired`` after ``NEWSLETTER_CONFIRM_DAYS`` and
    ``BadSignature`` for anything else not made by :func:`address_token`."""
    value = signing.loads(
        token, salt=ADDRESS_SALT, max_age=datetime.timedelta(days=conf.CONFIRM_DAYS)
    )
    if not (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and value[0] > 0
        and isinstance(value[1], str)
    ):
        raise signing.BadSignature("Not an address token.")
    change_id, digest = value
    change = (
        AddressChange.objects.filter(pk=change_id).select_related("subscriber").first()
    )
    if change is None or not digest_matches(change.new_email, digest, ADDRESS_SALT):
        return None
    return change
