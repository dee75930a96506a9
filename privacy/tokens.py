"""Signed, timestamped tokens for the links the privacy app mails. Nothing is
stored for them: the signature (SECRET_KEY, a salt per purpose) is the proof,
and the timestamp inside gives the age. Any token that fails a check raises
``signing.BadSignature``; one that is genuine but too old raises
``signing.SignatureExpired`` (a subclass), so views can tell the two apart."""

import dataclasses
import uuid
from datetime import timedelta

from django.core import signing

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


def make_request_token(email: str, action: str, request_id: int | None = None) -> str:
    """For an export, the address and action are the whole request; other
    actions are stored (with their details) and the token names the row."""
    value = {"email": email, "action": action}
    if request_id is not None:
        value["request"] = request_id
    return signing.dumps(value, salt=REQUEST_SALT)


def read_request_token(token: str) -> RequestToken:
    """Raise ``SignatureExpired`` after ``PRIVACY_REQUEST_LINK_HOURS`` and
    ``BadSignature`` for anything not made by ``make_request_token``."""
    value = signing.loads(
        token, salt=REQUEST_SALT, max_age=timedelta(hours=conf.REQUEST_LINK_HOURS)
    )
    if not (
        isinstance(value, dict)
        and isinstance(value.get("email"), str)
        and isinstance(value.get("action"), str)
        and isinstance(value.get("request", 0), int)
    ):
        raise signing.BadSignature("Not a request token.")
    return RequestToken(
        email=value["email"], action=value["action"], request_id=value.get("request")
    )
