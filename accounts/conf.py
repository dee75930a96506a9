"""The accounts app's knobs, read in one place. Each is an ``ACCOUNTS_*``
setting with the default below."""

from django.conf import settings

DEFAULTS = {
    # Seconds a session lasts when "remember me" is ticked.
    "REMEMBER_ME_AGE": 14 * 24 * 60 * 60,
    # Below this age (by birth date) a guardian must confirm the account.
    "GUARDIAN_AGE": 15,
    # Days a guardian's confirmation link stays valid.
    "GUARDIAN_LINK_DAYS": 14,
    # Days the sign-in log (axes) is kept.
    "SECURITY_LOG_DAYS": 180,
    # Years without a sign-in after which the holder is told by mail that
    # the account will be deleted...
    "INACTIVE_YEARS": 3,
    # ...and the days they then have to sign in and keep it.
    "INACTIVE_NOTICE_DAYS": 30,
    # Days a message sent through a form (the contact form) is kept, unless
    # the retention table (PRIVACY_RETENTION) says otherwise.
    "FORM_SUBMISSION_DAYS": 365,
    # Sign-ins and failed attempts shown on my page.
    "MY_PAGE_SIGN_INS": 10,
}


def get(name):
    return getattr(settings, f"ACCOUNTS_{name}", DEFAULTS[name])
