"""Commenters known only by their comments are told of a material change to
the privacy statement that touches what comments hold (privacy/notices.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.notices import NoticeSource, Recipient, register_source

from .models import Comment


@register_source
class CommentAuthors(NoticeSource):
    """Every address still on a comment that is not removed, in the
    language it was written in."""

    key = "comments.authors"
    label = _("Commenters")
    order = 70
    kinds = ("comments.comments",)

    def recipients(self):
        rows = (
            Comment.objects.exclude(user_email="")
            .filter(is_removed=False)
            .order_by("pk")
            .values_list("user_email", "language", "user_id")
        )
        for email, language, user_id in rows.iterator(chunk_size=2000):
            yield Recipient(email=email, language=language, user_id=user_id)
