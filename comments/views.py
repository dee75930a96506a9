"""Posting and owning comments. Each view parses input, calls ``services``
and responds; none of these responses is cached, and none is a bare error:
every refusal is a page in the site's layout that says why."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from home.client_ip import client_ip
from home.csrf import on_csrf_failure

from . import services, tokens
from .conf import conf
from .forms import CommentForm, ReportForm
from .models import Comment

POST_VIEW = "comments:post"


def _form_page(request, page, form, *, status, message="", title=""):
    """The comment form on a page of its own, filled in as sent, with a
    message and the fields' errors: nothing typed is lost."""
    return render(
        request,
        "comments/site/form_page.html",
        {
            "commented_page": page,
            "form": form,
            "message": message,
            "title": title or _("Your comment"),
            "ip_days": conf.retention_days("IP_RETENTION_DAYS"),
            "remember_cookie": conf.REMEMBER_COOKIE_NAME,
        },
        status=status,
    )


def _message_page(request, title, message, *, page=None, status=200):
    return render(
        request,
        "comments/site/message.html",
        {"title": title, "message": message, "commented_page": page},
        status=status,
    )


def _remember(response, request, data):
    """Set or clear the "remember me" cookie as the commenter chose."""
    name = conf.REMEMBER_COOKIE_NAME
    if data.get("remember"):
        value = urlencode(
            {"name": data["name"], "email": data["email"], "url": data.get("url", "")}
        )
        response.set_cookie(
            name,
            value,
            max_age=conf.REMEMBER_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=False,  # read by static/js/comments.js to fill the form
        )
    elif name in request.COOKIES:
        response.delete_cookie(name, samesite="Lax")


@never_cache
@require_POST
def post(request, page_id):
    """Take a comment on page ``page_id`` (the form on the page)."""
    page = services.commentable_page(page_id)
    if page is None:
        raise Http404
    form = CommentForm(request.POST, user=request.user)
    if not services.comments_state(page).open:
        return _message_page(
            request,
            _("Comments are closed"),
            _("This page no longer takes comments."),
            page=page,
            status=403,
        )
    reason = services.participation_block_reason(request.user)
    if reason:
        return _message_page(
            request, _("You cannot comment yet"), reason, page=page, status=403
        )
    if not form.is_valid():
        return _form_page(
            request,
            page,
            form,
            status=400,
            message=_("Please correct what is marked below and send again."),
        )
    sender = services.Sender.from_request(request)
    if not services.allow_comment_from(sender):
        return _form_page(
            request,
            page,
            form,
            status=429,
            title=_("Too many comments at once"),
            message=_(
                "You have sent several comments in the last minute. Wait a "
                "minute, then send this one again; what you wrote is kept "
                "below."
            ),
        )
    comment = services.post_comment(
        page=page, data=form.cleaned_data, user=request.user, sender=sender
    )
    response = redirect(services.posted_url(comment))
    if request.user.is_anonymous:
        _remember(response, request, form.cleaned_data)
    return response


@on_csrf_failure(POST_VIEW)
def comment_form_again(request, reason=""):
    """A comment sent without a valid token (the page came from the cache
    and static/js/forms.js did not run, or the browser kept the page too
    long) gets its form back, filled in, with a fresh token (home/csrf.py)."""
    match = request.resolver_match
    page = services.commentable_page(match.kwargs.get("page_id"))
    if page is None:
        raise Http404
    form = CommentForm(request.POST, user=request.user)
    return _form_page(
        request,
        page,
        form,
        status=403,
        title=_("Please send your comment again"),
        message=_(
            "Your comment has not been sent yet: for your security, the form "
            "needs a fresh check. Everything you wrote is below; press Send "
            "comment again."
        ),
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def posted(request, token):
    """What became of the comment just sent (the form's next page)."""
    found = tokens.read_posted_token(token)
    comment = (
        Comment.objects.select_related("page").filter(pk=found[0]).first()
        if found and services.is_id(found[0])
        else None
    )
    if comment is None:
        raise Http404
    if comment.status == Comment.Status.PUBLISHED:
        return redirect(comment.get_absolute_url())
    return render(
        request,
        "comments/site/posted.html",
        {"comment": comment, "commented_page": comment.page.specific},
    )


def _expired(request):
    return _message_page(
        request,
        _("The link has expired"),
        _(
            "The link in the mail works for %(days)s days. The comment was "
            "not confirmed in time and has been deleted; you are welcome to "
            "write it again."
        )
        % {"days": conf.CONFIRM_LINK_DAYS},
        status=410,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link in the confirmation mail. Opening it shows the comment; the
    button (a POST, so mail scanners that follow links confirm nothing)
    confirms."""
    try:
        found = tokens.read_confirm_token(token)
    except signing.SignatureExpired:
        return _expired(request)
    comment = services.comment_for_token(*found) if found else None
    if comment is None:
        raise Http404
    if request.method == "POST":
        services.confirm_comment(comment)
        return redirect(services.posted_url(comment))
    return render(
        request,
        "comments/site/confirm.html",
        {"comment": comment, "commented_page": comment.page.specific},
    )


def _delete(request, comment):
    """Ask, then delete (the POST)."""
    page = comment.page.specific
    if request.method == "POST":
        services.delete_comments(Comment.objects.filter(pk=comment.pk))
        return _message_page(
            request,
            _("Your comment is deleted"),
            _(
                "It is no longer on the page. Replies to it stay, under "
                "“comment deleted”."
            ),
            page=page,
        )
    return render(
        request,
        "comments/site/delete.html",
        {"comment": comment, "commented_page": page},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def delete_by_link(request, token):
    """The delete link in the mail to a commenter without an account."""
    found = tokens.read_delete_token(token)
    comment = services.comment_for_token(*found) if found else None
    if comment is None:
        raise Http404
    return _delete(request, comment)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_own(request, comment_id):
    """A signed-in author deletes their own comment."""
    comment = (
        Comment.objects.select_related("page").filter(pk=comment_id).first()
        if services.is_id(comment_id)
        else None
    )
    if comment is None or not services.can_delete(request.user, comment):
        raise Http404
    return _delete(request, comment)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The link in each follow-up mail: no more mails about that page."""
    found = tokens.read_unsubscribe_token(token)
    if found is None:
        raise Http404
    email, page_id = found
    page = services.commentable_page(page_id)
    if request.method == "POST":
        services.unsubscribe(email, page_id)
        return _message_page(
            request,
            _("No more mails about new comments"),
            _("We will not mail you about new comments on this page again."),
            page=page,
        )
    return render(request, "comments/site/unsubscribe.html", {"commented_page": page})


def _report_page(request, comment, *, form=None, status=200, message="", title=""):
    """The report form for ``comment``, or, without ``form``, a page that
    says why there is none (``message``)."""
    return render(
        request,
        "comments/site/report.html",
        {
            "comment": comment,
            "commented_page": comment.page.specific,
            "form": form,
            "title": title or _("Report a comment"),
            "message": message,
            "login_url": reverse("account_login")
            + "?"
            + urlencode({"next": request.path}),
            "signup_url": reverse("account_signup")
            + "?"
            + urlencode({"next": request.path}),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request, comment_id):
    """A visitor reports a published comment to the editors ("Rapporter"):
    signed in, once per account, with a reason. Without an account the page
    asks them to sign in: reports are tied to accounts so that each person
    counts once, and nothing is stored about visitors without one."""
    comment = services.reportable_comment(comment_id)
    if comment is None:
        raise Http404
    user = request.user
    if not user.is_authenticated:
        return _report_page(
            request,
            comment,
            status=200 if request.method != "POST" else 403,
            title=_("Sign in to report a comment"),
        )
    if comment.user_id == user.pk:
        return _report_page(
            request,
            comment,
            status=403,
            title=_("This is your own comment"),
            message=_("You cannot report your own comment, but you can delete it."),
        )
    block_reason = services.participation_block_reason(user)
    if block_reason:
        return _report_page(
            request,
            comment,
            status=403,
            title=_("You cannot report comments yet"),
            message=block_reason,
        )
    already = _(
        "You have already reported this comment. An editor will read it and "
        "decide whether it stays; each person can report a comment once."
    )
    if services.has_reported(user, comment):
        return _report_page(
            request,
            comment,
            status=409 if request.method == "POST" else 200,
            title=_("Already reported"),
            message=already,
        )
    if request.method != "POST":
        return _report_page(request, comment, form=ReportForm())
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _report_page(
            request,
            comment,
            form=form,
            status=400,
            message=_("Please correct what is marked below and send again."),
        )
    if not services.allow_report_from(user, client_ip(request)):
        return _report_page(
            request,
            comment,
            form=form,
            status=429,
            title=_("Too many reports at once"),
            message=_(
                "You have sent many reports in a short time. Wait an hour, "
                "then send this one again; nothing has been stored yet."
            ),
        )
    outcome = services.report_comment(
        comment,
        user,
        reason=form.cleaned_data["reason"],
        details=form.cleaned_data["details"],
        request=request,
    )
    if not outcome.created:
        return _report_page(
            request, comment, status=409, title=_("Already reported"), message=already
        )
    return _message_page(
        request,
        _("Thank you for your report"),
        _(
            "An editor will read the comment and decide whether it stays. "
            "The comment is hidden until then, because several people have "
            "reported it."
        )
        if outcome.hidden
        else _("An editor will read the comment and decide whether it stays."),
        page=comment.page.specific,
    )
