"""The privacy app's mails, rendered in the recipient's language."""

from home.mail import send_templated_mail


def send_privacy_mail(name, recipient, context, *, language="") -> bool:
    """Send ``templates/privacy/email/<name>_*`` to ``recipient`` (see
    home.mail): False when the mail server refused it, for the caller to
    retry."""
    return send_templated_mail(
        f"privacy/email/{name}", recipient, context, language=language
    )
