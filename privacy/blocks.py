"""Blocks of the privacy statement that are written by the code, not by
editors, so that the statement and the site cannot disagree."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import BaseStreamBlock

from . import cookies, processors, registry


class WhatWeStoreBlock(blocks.StaticBlock):
    """Every kind of personal data the site holds, from the personal-data
    registry: what, why, on what legal basis and for how long; then the
    copies of it all (backups), with how long they live."""

    class Meta:
        icon = "list-ul"
        label = _("What we store (from the site)")
        admin_text = _(
            "Lists every kind of personal data the site holds, with purpose, "
            "legal basis and retention, as the site's code declares them."
        )
        template = "privacy/blocks/what_we_store.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["kinds"] = [*registry.kinds(), *registry.copies()]
        return context


class CookieDeclarationBlock(blocks.StaticBlock):
    """The cookies the site sets, from the declared cookie list: name,
    purpose, lifetime and who sets it, by category."""

    class Meta:
        icon = "table"
        label = _("Cookie declaration (from the site)")
        admin_text = _("Lists every cookie the site sets, from the site's settings.")
        template = "privacy/blocks/cookie_declaration.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["categories"] = cookies.by_category()
        return context


class ProcessorsBlock(blocks.StaticBlock):
    """The outside services that receive personal data, from the processor
    register: what each receives, why, where, and the transfer basis."""

    class Meta:
        icon = "site"
        label = _("Who receives the data (from the site)")
        admin_text = _(
            "Lists every outside service the site sends personal data to, as "
            "the site's code declares them."
        )
        template = "privacy/blocks/processors.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["processors"] = processors.processors()
        return context


class PrivacyStreamBlock(BaseStreamBlock):
    """The common body blocks, plus the lists the site writes itself."""

    what_we_store = WhatWeStoreBlock()
    cookie_declaration = CookieDeclarationBlock()
    processors = ProcessorsBlock()
