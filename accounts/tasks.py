from django_tasks import task

from . import services


@task()
def purge_security_log():
    """Delete sign-in log entries older than ACCOUNTS_SECURITY_LOG_DAYS
    (180 days): the log protects accounts against attacks and is not kept
    longer than that purpose needs."""
    return services.purge_security_log()


@task()
def forget_ended_sessions():
    """Delete the address and browser recorded for sessions that have ended
    (signed out, or expired): the session list keeps them only while the
    session lasts."""
    return services.forget_ended_sessions()
