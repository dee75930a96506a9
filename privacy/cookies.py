"""The cookies the site sets, as declared in ``PRIVACY_COOKIES``: the cookie
declaration on the privacy page and the cookie settings page are generated
from this list, and a change to it (a new cookie, another lifetime or
provider) gives a new version, which asks every visitor to consent again."""

import dataclasses
import hashlib
import json

from django.template.loader import get_template
from django.utils.translation import gettext_lazy as _

from .conf import conf

NECESSARY = "necessary"
STATISTICS = "statistics"
MARKETING = "marketing"
CATEGORIES = {
    NECESSARY: (
        _("Necessary"),
        _(
            "Needed for the site to work: signing in, forms, your language and "
            "your cookie choice. They cannot be turned off."
        ),
    ),
    STATISTICS: (
        _("Statistics"),
        _(
            "Count visits and show which pages are used, so we can improve the "
            "site. Set by the analytics service only if you accept."
        ),
    ),
    MARKETING: (
        _("Marketing"),
        _(
            "Measure our adverts on social media and load embedded videos from "
            "other services, which may follow you across sites. Only if you "
            "accept."
        ),
    ),
}
BANNER_TEMPLATE = "privacy/components/consent_banner.html"


@dataclasses.dataclass(frozen=True)
class Cookie:
    name: str
    category: str
    purpose: str
    lifetime: int | None  # seconds; None while the browser is open
    provider: str = ""  # empty: the site itself

    @property
    def lifetime_label(self):
        if not self.lifetime:
            return _("Until the browser closes")
        days = round(self.lifetime / 86400)
        if days >= 365 and days % 365 == 0:
            years = days // 365
            return _("%(count)s year(s)") % {"count": years}
        if days >= 30 and days % 30 == 0:
            return _("%(count)s month(s)") % {"count": days // 30}
        return _("%(count)s day(s)") % {"count": max(days, 1)}


def declared_cookies() -> list[Cookie]:
    return [Cookie(**entry) for entry in conf.COOKIES]


def by_category() -> list[tuple[str, str, str, list[Cookie]]]:
    """``(key, label, description, cookies)`` for each category."""
    cookies = declared_cookies()
    return [
        (key, label, description, [c for c in cookies if c.category == key])
        for key, (label, description) in CATEGORIES.items()
    ]


def cookie_list_version() -> str:
    """A short hash of what matters in the list (names, categories,
    lifetimes, providers; not the wording of purposes)."""
    facts = sorted(
        (c.name, c.category, c.lifetime or 0, c.provider) for c in declared_cookies()
    )
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:12]


def banner_version() -> str:
    """A short hash of the banner's template: a new wording is a new
    version, recorded with every consent given on it."""
    source = get_template(BANNER_TEMPLATE).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:12]
