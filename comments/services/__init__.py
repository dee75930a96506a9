"""What the comments app does, as verbs: show a page's thread, take a
comment, check it with Akismet, moderate, delete, notify, purge. Views,
tasks, the admin and the registry call these and stay thin.

One module per topic; every name is also importable from here, as it was
when this was one file (``from comments import services``,
``services.post_comment``):

========================  ====================================================
``pages``                 which pages take comments, open or closed, who may
``threads``               reading a page's thread, Gravatar, where a reply goes
``posting``               taking a comment, the rate limit, confirmation
``spam_checks``           Akismet's verdicts and rules, rechecks, reports
``moderation``            editors' publish, unpublish, spam, not spam
``deleting``              deleting so that replies keep their place
``followups``             after publishing: fresh pages, mail to followers
``author_mail``           confirmation and receipt mails, and their retries
``editors``               counts for the admin, the daily digest
``people``                a person's comments: find, hold, anonymise
``reports``               visitors' reports of comments, hiding after N
``retention``             what the retention rules purge
========================  ====================================================
"""

from .author_mail import (
    AUTHOR_MAIL_RETRY_AFTER,
    send_comment_mail_to_author,
    send_pending_author_mails,
)
from .deleting import (
    PLACEHOLDER_FIELDS,
    can_delete,
    comment_for_token,
    delete_comments,
)
from .editors import moderation_counts, moderators, page_counts, send_moderation_digest
from .followups import announce_published, notify_followers, unsubscribe
from .moderation import mark_not_spam, mark_spam, publish_comments, unpublish_comments
from .pages import (
    CommentsState,
    commentable_page,
    comments_state,
    is_id,
    participation_block_reason,
    set_page_comments,
    takes_comments,
)
from .people import anonymise_comments, comments_of, hold_comments_of, my_comments
from .posting import (
    Sender,
    allow_comment_from,
    confirm_comment,
    needs_confirmation,
    post_comment,
    posted_url,
)
from .reports import (
    Reported,
    allow_report_from,
    dismiss_reports,
    has_reported,
    report_comment,
    reportable_comment,
    reported_q,
    reports,
    reports_of,
    reports_of_comment,
    with_open_reports,
)
from .retention import with_sender_details
from .spam_checks import (
    akismet_problem,
    apply_check,
    author_restricted,
    is_known_author,
    recheck_comments,
    report_on_commit,
    report_pending,
    restricted_authors_q,
    status_after_check,
)
from .threads import (
    GRAVATAR_URL,
    THREAD_FIELDS,
    Thread,
    count_shown,
    gravatar_url,
    has_own_comments,
    reply_target,
    thread_for_page,
)

__all__ = [
    "AUTHOR_MAIL_RETRY_AFTER",
    "GRAVATAR_URL",
    "PLACEHOLDER_FIELDS",
    "THREAD_FIELDS",
    "CommentsState",
    "Reported",
    "Sender",
    "Thread",
    "akismet_problem",
    "allow_comment_from",
    "allow_report_from",
    "announce_published",
    "anonymise_comments",
    "apply_check",
    "author_restricted",
    "can_delete",
    "comment_for_token",
    "commentable_page",
    "comments_of",
    "comments_state",
    "confirm_comment",
    "count_shown",
    "delete_comments",
    "dismiss_reports",
    "gravatar_url",
    "has_own_comments",
    "has_reported",
    "hold_comments_of",
    "is_id",
    "is_known_author",
    "mark_not_spam",
    "mark_spam",
    "moderation_counts",
    "moderators",
    "my_comments",
    "needs_confirmation",
    "notify_followers",
    "page_counts",
    "participation_block_reason",
    "post_comment",
    "posted_url",
    "publish_comments",
    "recheck_comments",
    "reply_target",
    "report_comment",
    "report_on_commit",
    "report_pending",
    "reportable_comment",
    "reported_q",
    "reports",
    "reports_of",
    "reports_of_comment",
    "restricted_authors_q",
    "send_comment_mail_to_author",
    "send_moderation_digest",
    "send_pending_author_mails",
    "set_page_comments",
    "status_after_check",
    "takes_comments",
    "thread_for_page",
    "unpublish_comments",
    "unsubscribe",
    "with_open_reports",
    "with_sender_details",
]
