"""The blocks editors build page bodies from. Every StreamField body on the
site uses ``BaseStreamBlock`` so that editors meet the same choices
everywhere."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 or 3 keeps the page outline correct."""

    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")


class FigureBlock(blocks.StructBlock):
    """An image with an optional caption and credit."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("Photo credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "blocks/figure_block.html"
        label = _("Image")


class QuoteBlock(blocks.StructBlock):
    """A quotation from a review or an artist, with who said it."""

    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quotation")


class LinkButtonBlock(blocks.StructBlock):
    """A prominent link to a page or an address, e.g. "Buy tickets"."""

    text = blocks.CharBlock(label=_("Button text"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(
        label=_("Address"),
        required=False,
        help_text=_("Used when no page is chosen."),
    )

    class Meta:
        icon = "link"
        template = "blocks/link_button_block.html"
        label = _("Button")


class BaseStreamBlock(blocks.StreamBlock):
    """The common body of pages, articles and events."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        icon="pilcrow",
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
        template="blocks/paragraph_block.html",
    )
    figure = FigureBlock()
    quote = QuoteBlock()
    button = LinkButtonBlock()
    embed = EmbedBlock(
        label=_("Video or other embed"),
        help_text=_("Address of a video on YouTube or Vimeo, for example."),
        icon="media",
        template="blocks/embed_block.html",
    )
