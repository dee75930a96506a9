"""Demo subscribers: a few confirmed addresses at example.org (one with a
mobile number, one reading in English, one asked whether they still want the
newsletter) and one sign-up never confirmed, each with its consent.
Addresses that exist are left alone."""

import datetime

from django.utils import timezone

from home.demo import register

from . import services
from .models import Consent, Subscriber

# email, name, phone, language, confirmed days ago (None: not confirmed),
# asked to re-consent days ago (None: not asked)
SUBSCRIBERS = [
    ("kari.nordmann@example.org", "Kari Nordmann", "+4791234567", "nb", 400, None),
    ("ola.hansen@example.org", "Ola Hansen", "", "nb", 120, None),
    ("emma.smith@example.org", "Emma Smith", "", "en", 30, None),
    ("lars.berg@example.org", "", "", "nb", 760, 10),
    ("ingrid.lie@example.org", "Ingrid Lie", "", "nb", None, None),
]


@register
def seed(stdout, style, **options):
    now = timezone.now()
    version = services.current_policy_version()
    created = 0
    for email, name, phone, language, confirmed_days, asked_days in SUBSCRIBERS:
        if Subscriber.objects.filter(email=email).exists():
            continue
        signed_up = now - datetime.timedelta(days=(confirmed_days or 0) + 1)
        confirmed = (
            now - datetime.timedelta(days=confirmed_days)
            if confirmed_days is not None
            else None
        )
        subscriber = Subscriber.objects.create(
            email=email,
            name=name,
            phone=phone,
            language=language,
            source=Subscriber.Source.DEMO,
            created_at=signed_up,
            confirmed_at=confirmed,
            last_activity_at=confirmed or signed_up,
            # The confirmation link went at sign-up (no mail is owed).
            confirm_sent_at=signed_up,
            reconsent_sent_at=now - datetime.timedelta(days=asked_days)
            if asked_days is not None
            else None,
        )
        services.record_consent(
            subscriber,
            source=Consent.Source.FORM,
            policy_version=version,
            language=language,
            now=signed_up,
        )
        created += 1
    return {"newsletter subscribers": created}
