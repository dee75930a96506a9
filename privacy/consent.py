"""Cookie consent, as verbs: record a visitor's choice, write and read the
consent cookie, and say whether a choice is still valid.

The consent cookie is read by ``static/js/consent.js`` (so it is not
HttpOnly): ``<record id>.<statistics 0/1><marketing 0/1>.<cookie list
version>.<unix time>``. Pages are the same for every anonymous visitor (the
page cache keeps them), so the script, not the server, shows the banner and
adds statistics and marketing scripts after consent. A choice is valid for
``PRIVACY_CONSENT_DAYS`` and only for the cookie list it was given on."""

import dataclasses
import re
import time

from django.conf import settings
from django.utils import translation

from . import cookies
from .conf import conf
from .models import ConsentRecord, PolicyVersion

_VALUE = re.compile(r"^([0-9a-f]{32})\.([01])([01])\.([0-9a-f]{1,40})\.([0-9]{1,12})$")


@dataclasses.dataclass(frozen=True)
class Choice:
    """A visitor's choice as read from their consent cookie."""

    record_id: str
    statistics: bool
    marketing: bool
    cookie_list_version: str
    given_at: int

    def is_valid(self, now=None) -> bool:
        now = now if now is not None else time.time()
        age = now - self.given_at
        return (
            self.cookie_list_version == cookies.cookie_list_version()
            and 0 <= age < conf.CONSENT_DAYS * 86400
        )


def record_consent(
    *, statistics: bool, marketing: bool, user=None, source=ConsentRecord.Source.BANNER
) -> ConsentRecord:
    """Store a visitor's choice with what it was given on: the banner's
    text version, the cookie list's version and the privacy statement in
    effect. No IP address, no browser."""
    return ConsentRecord.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        statistics=bool(statistics),
        marketing=bool(marketing),
        banner_version=cookies.banner_version(),
        cookie_list_version=cookies.cookie_list_version(),
        policy_version=PolicyVersion.objects.current(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        source=source,
    )


def cookie_value(record: ConsentRecord) -> str:
    given_at = int(record.created_at.timestamp())
    return (
        f"{record.pk.hex}.{int(record.statistics)}{int(record.marketing)}."
        f"{record.cookie_list_version}.{given_at}"
    )


def set_consent_cookie(response, record: ConsentRecord, *, secure=False):
    response.set_cookie(
        conf.CONSENT_COOKIE_NAME,
        cookie_value(record),
        max_age=conf.CONSENT_DAYS * 86400,
        samesite="Lax",
        secure=secure or settings.SESSION_COOKIE_SECURE,
        httponly=False,
    )
    return response


def read_choice(request) -> Choice | None:
    """The visitor's choice from their cookie, or None when there is none or
    it is malformed."""
    match = _VALUE.match(request.COOKIES.get(conf.CONSENT_COOKIE_NAME, ""))
    if match is None:
        return None
    record_id, statistics, marketing, version, given_at = match.groups()
    return Choice(
        record_id=record_id,
        statistics=statistics == "1",
        marketing=marketing == "1",
        cookie_list_version=version,
        given_at=int(given_at),
    )


def valid_choice(request) -> Choice | None:
    choice = read_choice(request)
    return choice if choice is not None and choice.is_valid() else None
