"""The comments app's mails: ``templates/comments/site/email/<name>_subject.txt``
and ``_body.txt``, rendered in the recipient's language."""

from home.mail import send_templated_mail
from home.site_url import site_url


def send_comment_mail(name, recipient, context, *, language="", headers=None):
    """Send one mail; return whether the mail server took it. A failure is
    logged without the address and reported, never raised."""
    return send_templated_mail(
        f"comments/site/email/{name}",
        recipient,
        {"base_url": site_url(), **context},
        language=language,
        headers=headers,
    )
