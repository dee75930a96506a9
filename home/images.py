"""Images that say what they show: a page's image needs alt text (on the
page, or the image library's description) unless the editor ticks that it
is decorative, and may carry a credit shown with it. Events, articles and
the home page's hero use the same three fields beside their image key:
``<image>_alt``, ``<image>_decorative`` and ``<image>_credit`` (events and
articles name theirs ``image_alt`` and so on)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel


def alt_field():
    return models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for those who cannot see it, e.g. 'Four "
            "dancers in red mid-leap'. Leave empty to use the image library's "
            "description; one of them is required unless the image is decorative."
        ),
    )


def decorative_field():
    return models.BooleanField(
        _("the image is decorative"),
        default=False,
        help_text=_("Tick only when the image adds nothing the text does not say."),
    )


def credit_field():
    return models.CharField(
        _("image credit"),
        max_length=150,
        blank=True,
        help_text=_("Photographer or source, e.g. 'Foto: Kari Nordmann'."),
    )


def image_panels(image, alt, decorative, credit):
    return [
        FieldPanel(image),
        FieldPanel(alt),
        FieldRowPanel([FieldPanel(decorative), FieldPanel(credit)]),
    ]


def alt_text(image, alt, decorative):
    """The alt attribute: empty for a decorative image, else the page's
    description of it, else the image library's."""
    if decorative or image is None:
        return ""
    return alt or image.description


def check_described(
    page, image="image", alt="image_alt", decorative="image_decorative"
):
    """Refuse a page whose image is neither described nor decorative."""
    if (
        getattr(page, f"{image}_id")
        and not getattr(page, decorative)
        and not getattr(page, alt).strip()
        and not getattr(page, image).description.strip()
    ):
        raise ValidationError(
            {
                alt: _(
                    "Describe the image for visitors who cannot see it (here "
                    "or in the image library), or tick 'the image is "
                    "decorative'."
                )
            }
        )
