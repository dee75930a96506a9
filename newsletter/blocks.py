"""The blocks an issue of the newsletter is written with. Each renders
twice: as mail HTML (single column, inline styles, absolute links) and as
plain text for the text part of the same mail."""

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from events.models import Performance, in_language
from home.i18n import default_locale_id, locale_id

from .text import html_to_text


class MailBlockMixin:
    """A block that also renders as plain text, through ``text_template``
    (the HTML goes through ``Meta.template`` as usual)."""

    text_template = ""

    def render_text(self, value, context=None):
        new_context = self.get_context(value, parent_context=dict(context or {}))
        return render_to_string(self.text_template, new_context).strip()


class MailHeadingBlock(MailBlockMixin, blocks.CharBlock):
    """A section heading of the mail."""

    text_template = "newsletter/mailing/blocks/heading.txt"

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "newsletter/mailing/blocks/heading.html"


class MailTextBlock(blocks.RichTextBlock):
    """Running text: paragraphs, bold, italic, links and lists."""

    def render_text(self, value, context=None):
        return html_to_text(str(value))

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "newsletter/mailing/blocks/text.html"


class MailImageBlock(MailBlockMixin, blocks.StructBlock):
    """A picture across the mail's width, with alt text for readers who
    do not load images and an optional caption."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    text_template = "newsletter/mailing/blocks/image.txt"

    class Meta:
        icon = "image"
        label = _("Image")
        template = "newsletter/mailing/blocks/image.html"


class MailButtonBlock(MailBlockMixin, blocks.StructBlock):
    """A prominent link, e.g. "Buy tickets" or "See the whole programme"."""

    text = blocks.CharBlock(label=_("Button text"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(
        label=_("Address"), required=False, help_text=_("Used when no page is chosen.")
    )

    text_template = "newsletter/mailing/blocks/button.txt"

    class Meta:
        icon = "link"
        label = _("Button")
        template = "newsletter/mailing/blocks/button.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(_("Choose a page or give an address."))
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = value.get("page")
        context["href"] = page.get_url() if page is not None else value.get("url")
        return context


def upcoming_performances(limit):
    """The next ``limit`` published events, each by its next performance
    that is not cancelled (as on the home page), with what a listing shows."""
    now = timezone.now()
    next_of_event = (
        Performance.objects.filter(event=OuterRef("event"), start__gte=now)
        .exclude(status=Performance.Status.CANCELLED)
        .order_by("start", "pk")
        .values("pk")[:1]
    )
    return list(
        Performance.objects.published()
        .filter(pk=Subquery(next_of_event))
        .for_listing()
        # The lead is shown too (the listing defers it).
        .defer(None)
        .defer("event__body", "event__search_description")
        .order_by("start", "pk")[:limit]
    )


# How many upcoming events an issue in another language looks through for
# translated ones.
ENOUGH_TO_TRANSLATE = 100


class UpcomingEventsBlock(MailBlockMixin, blocks.StructBlock):
    """The next events in the programme, read when the issue is sent: date,
    hall, title and a link to each."""

    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=120,
        help_text=_("E.g. 'Coming up'. Leave empty for no heading."),
    )
    count = blocks.IntegerBlock(
        label=_("Number of events"), min_value=1, max_value=12, default=4
    )

    text_template = "newsletter/mailing/blocks/upcoming_events.txt"

    class Meta:
        icon = "date"
        label = _("Upcoming events")
        template = "newsletter/mailing/blocks/upcoming_events.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        count = value.get("count") or 4
        # The issue is rendered in its language: an English issue lists the
        # English events (titles, halls, addresses), leaving out those not
        # translated yet.
        language = locale_id()
        if language == default_locale_id():
            context["performances"] = upcoming_performances(count)
        else:
            performances = upcoming_performances(ENOUGH_TO_TRANSLATE)
            context["performances"] = in_language(performances, language)[:count]
        return context


class IssueStreamBlock(blocks.StreamBlock):
    """The content of an issue, top to bottom in one column."""

    heading = MailHeadingBlock()
    text = MailTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    image = MailImageBlock()
    button = MailButtonBlock()
    upcoming_events = UpcomingEventsBlock()

    class Meta:
        template = "newsletter/mailing/blocks/stream.html"

    def render_text(self, value, context=None):
        """The plain-text part: each block's text, a blank line between."""
        parts = [child.block.render_text(child.value, context) for child in value]
        return "\n\n".join(part for part in parts if part)
