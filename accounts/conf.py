"""The accounts app's knobs, read here only, each with its default.

Values are read when used, not at import, so tests can override them."""

from django.conf import settings


class AccountsConf:
    """``ACCOUNTS_<NAME>`` settings with their defaults."""

    @property
    def REMEMBER_ME_AGE(self):
        """Seconds a session lasts when "remember me" is ticked."""
        return getattr(settings, "ACCOUNTS_REMEMBER_ME_AGE", 14 * 24 * 60 * 60)

    @property
    def GUARDIAN_AGE(self):
        """Below this age (by birth date) a guardian must confirm the account."""
        return getattr(settings, "ACCOUNTS_GUARDIAN_AGE", 15)

    @property
    def GUARDIAN_LINK_DAYS(self):
        """Days a guardian's confirmation link stays valid."""
        return getattr(settings, "ACCOUNTS_GUARDIAN_LINK_DAYS", 14)

    @property
    def SECURITY_LOG_DAYS(self):
        """Days the sign-in log (axes) is kept."""
        return getattr(settings, "ACCOUNTS_SECURITY_LOG_DAYS", 180)

    @property
    def INACTIVE_YEARS(self):
        """Years without a sign-in after which the holder is told by mail that the
        account will be deleted..."""
        return getattr(settings, "ACCOUNTS_INACTIVE_YEARS", 3)

    @property
    def INACTIVE_NOTICE_DAYS(self):
        """...and the days they then have to sign in and keep it."""
        return getattr(settings, "ACCOUNTS_INACTIVE_NOTICE_DAYS", 30)

    @property
    def FORM_SUBMISSION_DAYS(self):
        """Days a message sent through a form (the contact form) is kept, unless
        the retention table (PRIVACY_RETENTION) says otherwise."""
        return getattr(settings, "ACCOUNTS_FORM_SUBMISSION_DAYS", 365)

    @property
    def MY_PAGE_SIGN_INS(self):
        """Sign-ins and failed attempts shown on my page."""
        return getattr(settings, "ACCOUNTS_MY_PAGE_SIGN_INS", 10)


conf = AccountsConf()
