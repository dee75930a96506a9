"""Confirmed subscribers are told of material changes to the privacy
statement when the editor ticks "also notify newsletter subscribers", and
whenever the change touches what the newsletter stores (privacy/notices.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.notices import NoticeSource, Recipient, register_source

from .models import Subscriber


@register_source
class Subscribers(NoticeSource):
    key = "newsletter.subscribers"
    label = _("Newsletter subscribers")
    optional = True
    order = 50
    kinds = ("newsletter.subscriptions", "newsletter.consents")

    def recipients(self):
        rows = (
            Subscriber.objects.confirmed()
            .order_by("pk")
            .values_list("email", "language", "user_id")
        )
        for email, language, user_id in rows.iterator(chunk_size=2000):
            yield Recipient(email=email, language=language, user_id=user_id)
