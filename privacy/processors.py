"""The processor and transfer register: every outside service that receives
personal data, declared in code like the kinds of data (privacy/registry.py).

Each app that hands personal data to a service declares it in its own
``processors.py`` (found by discovery), one subclass of :class:`Processor`
per service, registered with :func:`register`::

    @register
    class Stripe(Processor):
        key = "stripe"
        label = _("Stripe (card payments)")
        receives = _("Buyer's email address, amount, what was bought")
        purpose = _("Taking card payments and refunds")
        location = _("Ireland (EU); Stripe, Inc. in the USA")
        transfer_basis = _("EU–US Data Privacy Framework; standard clauses")

        def is_active(self):
            return bool(conf.STRIPE_SECRET_KEY)

``transfer_basis`` is empty for a service that keeps the data inside the
EEA. :meth:`Processor.is_active` says whether the site uses the service as
configured (no Stripe key, no Stripe); the privacy page lists the active
ones. Code that sends data to a service names its entry first with
:func:`sends_to`, which refuses an undeclared one: the register cannot
silently fall behind the code."""

from django.conf import settings
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

MODULE_NAME = "processors"

_processors: dict[str, "Processor"] = {}


class UndeclaredProcessor(LookupError):
    """Personal data was about to go to a service the register does not
    declare."""


class Processor:
    """One outside service that receives personal data; see the module
    docstring. All texts are translatable and shown to the public."""

    key = ""
    label = ""
    receives = ""
    purpose = ""
    location = ""
    transfer_basis = ""

    def is_active(self) -> bool:
        """Whether the site, as configured, sends anything to the service."""
        return True


def register(processor_class):
    """Class decorator: register one instance of ``processor_class``."""
    processor = processor_class()
    if not processor.key:
        raise ValueError(f"{processor_class.__name__} needs a key.")
    _processors[processor.key] = processor
    return processor_class


def unregister(key):
    _processors.pop(key, None)


def processors(*, active_only=True) -> list[Processor]:
    """The declared services, by key; by default only those in use."""
    chosen = [_processors[key] for key in sorted(_processors)]
    return [p for p in chosen if p.is_active()] if active_only else chosen


def sends_to(key) -> Processor:
    """Name the register entry of the service a call is about to send
    personal data to. Raises :class:`UndeclaredProcessor` when no entry has
    that key, so a new service cannot be used before it is declared."""
    try:
        return _processors[key]
    except KeyError:
        raise UndeclaredProcessor(
            f"Personal data sent to {key!r}, which privacy/processors.py's "
            "register does not declare."
        ) from None


def autodiscover():
    autodiscover_modules(MODULE_NAME)


# The services of the site as a whole, not of one app ---------------------


@register
class MailProvider(Processor):
    key = "mail"
    label = _("Mail provider (sending email)")
    receives = _("Email address, name and the content of the mail")
    purpose = _("Delivering confirmations, receipts, newsletters and privacy notices")
    location = _("As agreed with the provider; within the EEA")

    def is_active(self):
        backend = getattr(settings, "EMAIL_BACKEND", "").lower()
        return "smtp" in backend or "anymail" in backend


@register
class Host(Processor):
    key = "host"
    label = _("Hosting provider (servers and backups)")
    receives = _("Everything the site stores, and the logs of each visit")
    purpose = _("Running the site and keeping backups")
    location = _("Norway")


class ConsentedTracker(Processor):
    """A tracker that runs once an editor enters its ID in the privacy
    settings (``settings_field``), and then only with the visitor's consent."""

    settings_field = ""

    def is_active(self):
        from .models import PrivacySettings

        return bool(getattr(PrivacySettings.load(), self.settings_field))


@register
class Analytics(ConsentedTracker):
    key = "analytics"
    label = _("Google Analytics (statistics)")
    receives = _("Pages visited, a random visitor ID, browser and shortened IP")
    purpose = _("Statistics on how the site is used, with your consent")
    location = _("Ireland (EU); Google LLC in the USA")
    transfer_basis = _("EU–US Data Privacy Framework; standard contractual clauses")
    settings_field = "analytics_id"


@register
class SocialPixel(ConsentedTracker):
    key = "pixel"
    label = _("Meta pixel (marketing)")
    receives = _("Pages visited, a random visitor ID, browser and IP address")
    purpose = _("Measuring and targeting advertising, with your consent")
    location = _("Ireland (EU); Meta Platforms, Inc. in the USA")
    transfer_basis = _("EU–US Data Privacy Framework; standard contractual clauses")
    settings_field = "pixel_id"


@register
class FileStorage(Processor):
    key = "s3"
    label = _("S3 storage (images and documents)")
    receives = _("Images and documents uploaded by editors, which may show people")
    purpose = _("Storing and serving the site's files")
    location = _("The storage provider's region, within the EEA")

    def is_active(self):
        return bool(getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""))
