"""Akismet in the processor register (privacy/processors.py): every call to
it goes through ``spam.http_client()``, which names this entry."""

from django.utils.translation import gettext_lazy as _

from privacy.processors import Processor, register

from .conf import conf


@register
class Akismet(Processor):
    key = "akismet"
    label = _("Akismet (spam filter for comments)")
    receives = _(
        "A comment's text, the name, email address and website given with it, "
        "the IP address and browser"
    )
    purpose = _("Telling spam from real comments")
    location = _("USA (Automattic, Inc.)")
    transfer_basis = _("EU–US Data Privacy Framework; standard contractual clauses")

    def is_active(self):
        return bool(conf.AKISMET_API_KEY)
