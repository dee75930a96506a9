"""Signed, timestamped tokens for the links the privacy app mails. Nothing is
stored for them: the signature (SECRET_KEY, a salt per purpose) is the proof,
and the timestamp inside gives the age. Any token that fails a check raises
``signing.BadSignature``; one that is genuine but too old raises
``signing.SignatureExpired`` (a subclass), so views can tell the two apart.

No token carries an address readably: links end up in web servers' access
logs, which no erasure reaches. A stored request is named by its id; an
export asked for without an account has no row until it is confirmed (we
store nothing about an address before its owner proves it), so its token
holds the address encrypted (Fernet: AES with an HMAC, under a key derived
from SECRET_KEY). Confirmation links mailed before this no longer work: they
get a 404 and the person asks again."""

import base64
import dataclasses
import json
import uuid
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.core import signing
from django.utils.crypto import salted_hmac

from home.tokens import address_digest, digest_matches

from .conf import conf

DOWNLOAD_SALT = "privacy.export"
REQUEST_SALT = "privacy.request.confirm"


@dataclasses.dataclass(frozen=True)
class DownloadToken:
    """A genuine download token: which export, and whether its link is past
    its lifetime."""

    export_id: uuid.UUID
    expired: bool


@dataclasses.dataclass(frozen=True)
class RequestToken:
    """A genuine confirmation of a request without an account: the address
    proved, and what was asked for."""

    email: str
    action: str
    request_id: int | None = None


def make_download_token(export) -> str:
    return signing.dumps(str(export.pk), salt=DOWNLOAD_SALT)


def read_download_token(token: str) -> DownloadToken:
    """Raise ``BadSignature`` for a forged, tampered or malformed token.
    An expired one is returned with ``expired=True``: the view decides what
    the holder may learn (only the owner hears "expired")."""
    value = signing.loads(token, salt=DOWNLOAD_SALT)
    try:
        export_id = uuid.UUID(value)
    except (TypeError, ValueError, AttributeError) as error:
        raise signing.BadSignature("Not an export id.") from error
    try:
        signing.loads(
            token, salt=DOWNLOAD_SALT, max_age=timedelta(days=conf.EXPORT_LINK_DAYS)
        )
    except signing.SignatureExpired:
        return DownloadToken(export_id=export_id, expired=True)
    return DownloadToken(export_id=export_id, expired=False)


def _export_cipher() -> Fernet:
    key = salted_hmac(f"{REQUEST_SALT}.export", "", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def make_request_token(email: str, action: str, request_id: int | None = None) -> str:
    """A stored request (every action but an export) is named by its id and
    a keyed digest of the address it was sent to; for an export, the address
    and action are the whole request and travel encrypted. Both are signed
    and timestamped alike."""
    if request_id is not None:
        value = [request_id, address_digest(email, REQUEST_SALT)]
    else:
        plain = json.dumps({"email": email, "action": action}).encode()
        value = {"x": _export_cipher().encrypt(plain).decode()}
    return signing.dumps(value, salt=REQUEST_SALT)


def read_request_token(token: str) -> RequestToken:
    """Raise ``SignatureExpired`` after ``PRIVACY_REQUEST_LINK_HOURS`` and
    ``BadSignature`` for anything not made by ``make_request_token``, or
    naming a request that is gone or has another address."""
    value = signing.loads(
        token, salt=REQUEST_SALT, max_age=timedelta(hours=conf.REQUEST_LINK_HOURS)
    )
    if isinstance(value, dict) and isinstance(value.get("x"), str):
        return _read_export(value["x"])
    if not (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and isinstance(value[1], str)
    ):
        raise signing.BadSignature("Not a request token.")
    request_id, digest = value
    # By name: the models import this module (a download link is made by
    # the export itself).
    rights_requests = apps.get_model("privacy", "RightsRequest")
    request = (
        rights_requests.objects.filter(pk=request_id, redacted=False)
        .exclude(email="")
        .only("email", "action")
        .first()
    )
    if request is None or not digest_matches(request.email, digest, REQUEST_SALT):
        raise signing.BadSignature("The request is gone.")
    return RequestToken(
        email=request.email, action=request.action, request_id=request.pk
    )


def _read_export(ciphertext) -> RequestToken:
    try:
        value = json.loads(_export_cipher().decrypt(ciphertext.encode()))
    except (InvalidToken, ValueError, UnicodeError) as error:
        raise signing.BadSignature("Not a request token.") from error
    if not (
        isinstance(value, dict)
        and isinstance(value.get("email"), str)
        and isinstance(value.get("action"), str)
    ):
        raise signing.BadSignature("Not a request token.")
    return RequestToken(email=value["email"], action=value["action"])
