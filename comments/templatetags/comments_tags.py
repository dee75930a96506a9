"""Comments on a page, for the templates of the page types that take them
(``{% page_comments page %}``), without those apps importing comments."""

from django import template
from django.template import Context
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from home.cache import cached_for_generation

from .. import services, text
from ..conf import conf
from ..forms import CommentForm
from ..models import CommentSettings

register = template.Library()

REPLY_PARAMETER = "svar"


def for_display(threads, *, user=None, can_reply=False):
    """The comments of ``threads`` in page order, each with what the
    template shows worked out here (text as HTML, date, its place in the
    thread), so the template does no more than print."""
    months = {number: str(name) for number, name in MONTHS.items()}
    zone = timezone.get_current_timezone()
    to_name = gettext("to %(name)s")
    by_name = gettext("the comment by %(name)s")
    shown = []
    for thread in threads:
        members = [thread.comment, *thread.replies]
        last = len(members) - 1
        for position, comment in enumerate(members):
            local = timezone.localtime(comment.submit_date, zone)
            comment.iso_date = local.isoformat()
            comment.date_label = (
                f"{local.day}. {months[local.month]} {local.year}, {local:%H:%M}"
            )
            comment.author_label = str(comment.display_name)
            comment.awaiting = not comment.is_visible
            comment.text_html = (
                "" if comment.is_removed else text.render(comment.comment)
            )
            comment.css = (" comment--reply" if comment.level else "") + (
                " comment--awaiting" if comment.awaiting else ""
            )
            comment.anchor = f"c{comment.pk}"
            comment.number = str(comment.pk)
            comment.reply_href = f"?{REPLY_PARAMETER}={comment.pk}#comment-form"
            comment.first_reply = position == 1
            comment.last_reply = position == last and position > 0
            comment.ends_thread = position == last
            comment.can_reply = (
                can_reply
                and comment.level == 0
                and comment.is_visible
                and not comment.is_removed
            )
            comment.reply_to_label = to_name % {"name": comment.author_label}
            comment.can_delete = services.can_delete(user, comment)
            if comment.can_delete:
                comment.delete_url = reverse("comments:delete_own", args=[comment.pk])
            # Anyone may open the report page (it asks visitors without an
            # account to sign in), so the cached section can offer it.
            comment.can_report = (
                comment.is_visible and not comment.is_removed and not comment.can_delete
            )
            if comment.can_report:
                comment.report_url = reverse("comments:report", args=[comment.pk])
                comment.report_label = by_name % {"name": comment.author_label}
            shown.append(comment)
    return shown


SECTION_TEMPLATE = "comments/site/section.html"


@register.simple_tag(takes_context=True)
def page_comments(context, page):
    """The thread and the form of ``page``, or nothing when the page does not
    take comments.

    The section is rendered once per page-cache generation and language,
    like the menu (publishing, hiding or deleting a comment starts a new
    generation), in two variants: for visitors without an account (no CSRF
    token, no remembered name: static/js/comments.js adds both), and for
    signed-in readers, whose form carries their name and address: those are
    put into the kept copy on the way out (:func:`for_reader`). A reader
    with comments of their own on the page (awaiting moderation, or with a
    delete link), one who may not comment yet, and a reply link followed
    without JavaScript get the section rendered afresh."""
    state = services.comments_state(page)
    if not state.enabled:
        return ""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = getattr(user, "is_authenticated", False)
    replying = request is not None and REPLY_PARAMETER in request.GET
    template = context.template.engine.get_template(SECTION_TEMPLATE)

    def produce(reader=None, form_user=None):
        data = section_context(
            page, state, request=request, user=reader, form_user=form_user
        )
        data.update(venue=context.get("venue"), request=request)
        return mark_safe(  # noqa: S308 (a template's autoescaped output)
            template.render(Context(data, autoescape=True))
        )

    key = f"comments:section:{page.pk}:{translation.get_language()}:{int(state.open)}"
    if replying:
        return produce(user)
    if not signed_in:
        return cached_for_generation(key, produce)
    if services.has_own_comments(page, user) or (
        state.open and services.participation_block_reason(user)
    ):
        return produce(user)
    kept = cached_for_generation(f"{key}:member", lambda: produce(form_user=StandIn()))
    return mark_safe(for_reader(kept, user))  # noqa: S308 (escaped below)


class StandIn:
    """A signed-in reader with no comments on the page, whose name and
    address are marks that :func:`for_reader` replaces: the section kept
    for every such reader. The marks are derived from the secret key, so a
    comment in the thread cannot contain them."""

    is_authenticated = True

    @property
    def email(self):
        return _mark("email")

    def get_full_name(self):
        return _mark("name")


def _mark(field):
    return salted_hmac("comments.section.reader", field).hexdigest()


def for_reader(kept, user):
    """The kept signed-in section with ``user``'s name and address."""
    return kept.replace(_mark("name"), escape(user.get_full_name() or "")).replace(
        _mark("email"), escape(user.email)
    )


def section_context(page, state, *, request=None, user=None, form_user=None):
    """What the section shows: the thread (one query) as ``user`` sees it,
    and the form, filled in for ``form_user`` (by default ``user``)."""
    site_settings = CommentSettings.current()
    threads = services.thread_for_page(
        page, user=user, with_avatars=site_settings.show_gravatar
    )
    form = None
    block_reason = ""
    reply_to = None
    if state.open:
        block_reason = services.participation_block_reason(user)
        reply_to = _reply_to(request, threads)
        form = CommentForm(
            user=form_user or user,
            initial={"reply_to": reply_to.pk} if reply_to is not None else None,
            auto_id="comment-%s",
        )
    return {
        "enabled": True,
        "page": page,
        "comments": for_display(
            threads, user=user, can_reply=form is not None and not block_reason
        ),
        "count": services.count_shown(threads),
        "state": state,
        "form": form,
        "reply_to": reply_to,
        "block_reason": block_reason,
        "ip_days": conf.retention_days("IP_RETENTION_DAYS"),
        "remember_cookie": conf.REMEMBER_COOKIE_NAME,
    }


def _reply_to(request, threads):
    """The comment named by ``?svar=`` (the reply link without JavaScript)."""
    requested = request.GET.get(REPLY_PARAMETER, "") if request is not None else ""
    if not requested.isdigit():
        return None
    return next(
        (
            thread.comment
            for thread in threads
            if thread.comment.pk == int(requested)
            and thread.comment.is_visible
            and not thread.comment.is_removed
        ),
        None,
    )


@register.filter
def comment_text(value):
    """A comment's plain text as paragraphs, with links (see comments.text)."""
    return text.render(value)
