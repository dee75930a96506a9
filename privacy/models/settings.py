from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
)
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from home.cache import cached_for_generation

DATATILSYNET_URL = "https://www.datatilsynet.no/"

# The IDs go into script URLs (static/js/consent.js); only these shapes pass.
analytics_id_validator = RegexValidator(
    r"^G-[A-Z0-9]{4,20}$", _("An ID like G-ABC123XYZ.")
)
pixel_id_validator = RegexValidator(r"^[0-9]{5,20}$", _("Digits only."))


@register_setting(icon="lock")
class PrivacySettings(BaseGenericSetting):
    """How to reach who answers for personal data (the controller and the
    data protection officer), shown on the privacy page and in every
    notice; and the statistics and marketing services whose scripts load
    only after a visitor consents. Their names, free text in each language,
    are in the translatable site texts (home.models.SiteTexts)."""

    controller_email = models.EmailField(_("controller's email"), blank=True)
    controller_address = models.TextField(
        _("controller's postal address"), blank=True, max_length=300
    )
    officer_email = models.EmailField(_("data protection officer's email"), blank=True)
    officer_address = models.TextField(
        _("data protection officer's postal address"), blank=True, max_length=300
    )
    complaints_url = models.URLField(
        _("supervisory authority"),
        default=DATATILSYNET_URL,
        help_text=_("Where people can complain: the Norwegian Datatilsynet."),
    )
    analytics_id = models.CharField(
        _("web analytics ID"),
        max_length=40,
        blank=True,
        validators=[analytics_id_validator],
        help_text=_(
            "Google Analytics measurement ID, e.g. G-ABC123XYZ. Loaded only for "
            "visitors who accept statistics cookies. Leave empty for none."
        ),
    )
    pixel_id = models.CharField(
        _("social pixel ID"),
        max_length=40,
        blank=True,
        validators=[pixel_id_validator],
        help_text=_(
            "Meta (Facebook) pixel ID, digits only. Loaded only for visitors "
            "who accept marketing cookies. Leave empty for none."
        ),
    )

    panels = [
        HelpPanel(
            content=_(
                "The names of the controller and the data protection officer "
                "are written under Snippets, Site texts, where they can be "
                "translated."
            )
        ),
        MultiFieldPanel(
            [
                FieldPanel("controller_email"),
                FieldPanel("controller_address"),
            ],
            heading=_("Controller"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("officer_email"),
                FieldPanel("officer_address"),
            ],
            heading=_("Data protection officer"),
        ),
        FieldPanel("complaints_url"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("analytics_id"), FieldPanel("pixel_id")])],
            heading=_("Statistics and marketing (only after consent)"),
        ),
    ]

    class Meta:
        verbose_name = _("privacy")

    @classmethod
    def current(cls):
        """The settings as every page shows them, read once per cache
        generation (saving them starts a new one)."""
        return cached_for_generation("privacy-settings", cls.load)
