"""Personal data in the record of an erasure per event: only which editor
erased it."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import EditorLinks, not_personal, register

from .shredding import Shredding

__all__ = ["ShreddingHandling"]


@register
class ShreddingHandling(EditorLinks):
    """For editors: which events' buyers they erased."""

    key = "tickets.shredding_handling"
    label = _("Events whose buyers you erased (editors)")
    purpose = _("To show who erased an event's buyers' data, and when.")
    legal_basis = _("Legal obligation (GDPR art. 5(2)).")
    retention = _("As long as the orders are kept for the books.")
    model = Shredding
    fields = {Shredding: ["editor"]}

    def export_row(self, row):
        return {"event": row.event_title, "erased_at": row.shredded_at.isoformat()}


not_personal(
    Shredding,
    ["event_title", "counts"],
    "The event's title as editors published it, and counts of what was erased.",
)
