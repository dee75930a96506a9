"""The subscriber side of the newsletter, as verbs: sign up, confirm, keep
(re-consent), change, unsubscribe, suppress, and the periodic re-consent
mails. Views, tasks and my page call these; nothing here reads a request.

Sign-up answers nobody whether an address was subscribed already: the
caller gets an :class:`Outcome` for tests and logs, and shows the same page
for every outcome. Mails go out from tasks after the transaction commits,
so the answer takes as long whatever the outcome."""

import datetime
import enum
import functools
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare

from accounts.services import participation_block_reason
from home.models import VenueSettings
from privacy import guardians, throttle
from privacy.models import PolicyVersion
from privacy.registry import Subject

from . import links, mail, tasks
from .conf import conf
from .models import (
    Consent,
    Subscriber,
    Suppression,
    address_hash,
    normalise_email,
)

logger = logging.getLogger(__name__)

GUARDIAN_PURPOSE = "newsletter.subscribe"


class Outcome(enum.Enum):
    """What a sign-up did (never shown to the visitor)."""

    CREATED = "created"  # new subscriber, confirmation mailed
    PENDING = "pending"  # not confirmed yet, confirmation mailed again
    ALREADY = "already"  # confirmed already, told so by mail
    SUPPRESSED = "suppressed"  # the address asked never to be mailed


# Suppression --------------------------------------------------------------------


def _secrets():
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def is_suppressed(email) -> bool:
    hashes = [address_hash(email, secret=secret) for secret in _secrets()]
    stored = Suppression.objects.filter(email_hash__in=hashes).values_list(
        "email_hash", flat=True
    )
    return any(
        constant_time_compare(found, wanted) for found in stored for wanted in hashes
    )


def suppress(email) -> Suppression:
    """Never mail ``email`` again: keep only its keyed hash. Any
    subscription of the address is deleted too."""
    Subscriber.objects.filter(email=normalise_email(email)).delete()
    suppression, _created = Suppression.objects.get_or_create(
        email_hash=address_hash(email)
    )
    return suppression


def suppress_by_hash(email_hash) -> Suppression:
    """Never mail the address of ``email_hash`` (``address_hash``) again,
    for an unsubscribe link whose subscription is already gone."""
    suppression, _created = Suppression.objects.get_or_create(email_hash=email_hash)
    return suppression


def lift_suppression(email) -> int:
    """The owner of the address asks for the newsletter again (from my
    page, with a verified address)."""
    hashes = [address_hash(email, secret=secret) for secret in _secrets()]
    deleted, _per_model = Suppression.objects.filter(email_hash__in=hashes).delete()
    return deleted


# Consent ------------------------------------------------------------------------


def current_policy_version():
    return PolicyVersion.objects.current()


def shown_policy_version(number=None):
    """The version a form showed (its hidden field), when it is one that
    has been in effect; else the current one. A cached page may show the
    previous version for a moment after a new one is published."""
    if isinstance(number, str):
        number = int(number) if number.isdecimal() and len(number) < 10 else None
    if number:
        version = PolicyVersion.objects.in_effect().filter(number=number).first()
        if version is not None:
            return version
    return current_policy_version()


def consent_text(*, policy_version=None, language=None) -> str:
    """The consent text a sign-up form shows, exactly as it is stored with
    the consent."""
    with translation.override(language or settings.LANGUAGE_CODE):
        text = render_to_string(
            "newsletter/components/consent_text.txt",
            {"venue": VenueSettings.current(), "policy_version": policy_version},
        )
    return " ".join(text.split())


def record_consent(
    subscriber, *, source, ip_address=None, policy_version=None, language=None, now=None
) -> Consent:
    language = language or subscriber.language
    return Consent.objects.create(
        subscriber=subscriber,
        given_at=now or timezone.now(),
        ip_address=ip_address or None,
        policy_version=policy_version,
        text=consent_text(policy_version=policy_version, language=language),
        language=language,
        source=source,
    )


# Signing up ---------------------------------------------------------------------


def allow_sign_up(ip_address) -> bool:
    """The rate limit of the public form, per client address. Sign-ups for
    one address are not limited (anyone could lock its owner out); its
    mails are (``NEWSLETTER_MAIL_INTERVAL_MINUTES``), and it has one
    subscriber row whatever is sent."""
    return throttle.allow(
        "newsletter.ip",
        ip_address or "-",
        limit=conf.RATE_LIMIT,
        window=conf.RATE_WINDOW,
    )


def _may_mail_about(email) -> bool:
    return throttle.allow(
        "newsletter.mail",
        normalise_email(email),
        limit=1,
        window=conf.MAIL_INTERVAL_MINUTES * 60,
    )


def _verified_emails(user) -> frozenset[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return Subject.for_user(user).emails


@transaction.atomic
def sign_up(
    *,
    email,
    name="",
    phone="",
    language=None,
    ip_address=None,
    user=None,
    policy_version=None,
    consent_source=None,
    now=None,
) -> tuple[Outcome, Subscriber | None]:
    """The public form: double opt-in. A new address gets a subscriber (not
    confirmed), its consent and a confirmation mail. An address not
    confirmed yet gets its details updated and the mail again. A confirmed
    address is left as it is (nobody can change another's details by typing
    their address) and is told by mail that it is subscribed already. A
    suppressed address gets nothing. Two identical submits make one
    subscriber and one consent."""
    now = now or timezone.now()
    email = normalise_email(email)
    language = language or settings.LANGUAGE_CODE
    if is_suppressed(email):
        return Outcome.SUPPRESSED, None
    owner = user if email in _verified_emails(user) else None
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    email=email,
                    name=name,
                    phone=phone,
                    language=language,
                    user=owner,
                    source=Subscriber.Source.FORM,
                    created_at=now,
                    last_activity_at=now,
                )
        except IntegrityError:  # the same address, sent at the same moment
            subscriber = Subscriber.objects.select_for_update().get(email=email)
        else:
            record_consent(
                subscriber,
                source=consent_source or Consent.Source.FORM,
                ip_address=ip_address,
                policy_version=policy_version,
                language=language,
                now=now,
            )
            _mail_on_commit(tasks.send_confirmation_task, subscriber)
            return Outcome.CREATED, subscriber
    if subscriber.is_confirmed:
        _mail_on_commit(tasks.send_already_subscribed_task, subscriber)
        return Outcome.ALREADY, subscriber
    subscriber.name, subscriber.phone, subscriber.language = name, phone, language
    if owner is not None:
        subscriber.user = owner
    subscriber.save(update_fields=["name", "phone", "language", "user"])
    latest = subscriber.consents.order_by("-given_at", "-pk").first()
    text = consent_text(policy_version=policy_version, language=language)
    if latest is None or (latest.policy_version_id, latest.text) != (
        policy_version.pk if policy_version else None,
        text,
    ):
        record_consent(
            subscriber,
            source=consent_source or Consent.Source.FORM,
            ip_address=ip_address,
            policy_version=policy_version,
            language=language,
            now=now,
        )
    _mail_on_commit(tasks.send_confirmation_task, subscriber)
    return Outcome.PENDING, subscriber


def ask_guardian_to_sign_up(
    *,
    guardian_email,
    email,
    name="",
    phone="",
    language=None,
    policy_version=None,
    link_base="",
):
    """A visitor under 15 signs up: nothing but the pending request is
    stored, and only the guardian is mailed. When the guardian agrees,
    :func:`sign_up_for_child` signs the child up as the form would have."""
    return guardians.ask_guardian(
        GUARDIAN_PURPOSE,
        guardian_email=guardian_email,
        child_email=normalise_email(email),
        child_name=name,
        data={
            "name": name,
            "phone": phone,
            "language": language or settings.LANGUAGE_CODE,
            "policy_version": policy_version.number if policy_version else None,
        },
        link_base=link_base,
    )


def sign_up_for_child(guardian_request, http_request=None):
    """The guardian agreed: the usual double opt-in follows (the child
    still confirms their own address), with the consent recorded as the
    guardian's."""
    data = guardian_request.data
    sign_up(
        email=guardian_request.child_email,
        name=data.get("name", ""),
        phone=data.get("phone", ""),
        language=data.get("language"),
        policy_version=shown_policy_version(data.get("policy_version")),
        consent_source=Consent.Source.GUARDIAN,
    )


def _mail_on_commit(mail_task, subscriber):
    if _may_mail_about(subscriber.email):
        transaction.on_commit(functools.partial(mail_task.enqueue, subscriber.pk))


def send_confirmation(subscriber_id) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.is_confirmed:
        return False
    sent = mail.send_subscriber_mail(
        "newsletter/email/confirm",
        subscriber,
        {"confirm_url": links.confirm_url(subscriber), "days": conf.CONFIRM_DAYS},
    )
    if sent:
        Subscriber.objects.filter(pk=subscriber.pk).update(
            confirm_sent_at=timezone.now()
        )
    return sent


# A sign-up's confirmation mail is queued when the form is sent; the retry
# leaves it this long to that first try.
CONFIRMATION_RETRY_AFTER = datetime.timedelta(minutes=5)


def send_pending_confirmations(now=None) -> int:
    """Send the confirmation link again to sign-ups whose first mail the
    mail server refused (or a crash kept from going): not confirmed, never
    mailed, signed up at least a few minutes ago and within
    NEWSLETTER_CONFIRM_DAYS. Returns how many went. (The form's limit of
    mails per address is not asked again: this is the one mail the sign-up
    was owed, not another.)"""
    now = now or timezone.now()
    waiting = Subscriber.objects.filter(
        confirmed_at=None,
        confirm_sent_at=None,
        created_at__lte=now - CONFIRMATION_RETRY_AFTER,
        created_at__gte=now - datetime.timedelta(days=conf.CONFIRM_DAYS),
    ).values_list("pk", flat=True)
    return sum(send_confirmation(pk) for pk in list(waiting))


def send_already_subscribed(subscriber_id) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not subscriber.is_confirmed:
        return False
    return mail.send_subscriber_mail("newsletter/email/already", subscriber)


# Links from mails ---------------------------------------------------------------


def subscriber_for_token(found) -> Subscriber | None:
    """The subscriber a genuine token names, if it is still there with the
    address the link was sent to."""
    if found.email is None:
        return None
    return Subscriber.objects.filter(
        pk=found.subscriber_id, email=normalise_email(found.email)
    ).first()


def touch(subscriber, now=None) -> None:
    """A sign of life: the subscriber still wants the newsletter. Clears a
    pending re-consent question."""
    now = now or timezone.now()
    Subscriber.objects.filter(pk=subscriber.pk).update(
        last_activity_at=now, reconsent_sent_at=None
    )
    subscriber.last_activity_at, subscriber.reconsent_sent_at = now, None


def confirm(subscriber, now=None) -> bool:
    """The confirmation link was used: from now on the address receives
    the newsletter. Returns whether it was confirmed just now."""
    now = now or timezone.now()
    confirmed = Subscriber.objects.filter(
        pk=subscriber.pk, confirmed_at__isnull=True
    ).update(confirmed_at=now)
    if confirmed:
        subscriber.confirmed_at = now
    touch(subscriber, now)
    return bool(confirmed)


def keep(subscriber, *, ip_address=None, language=None, now=None) -> Consent:
    """ "Keep me subscribed" from the re-consent mail: a fresh consent under
    the current privacy statement, and a sign of life."""
    now = now or timezone.now()
    with transaction.atomic():
        consent = record_consent(
            subscriber,
            source=Consent.Source.RECONSENT,
            ip_address=ip_address,
            policy_version=current_policy_version(),
            language=language,
            now=now,
        )
        touch(subscriber, now)
    return consent


def update_details(subscriber, *, name, phone, language=None, now=None) -> Subscriber:
    """Change name, mobile number (and language); a sign of life."""
    subscriber.name, subscriber.phone = name, phone
    fields = ["name", "phone"]
    if language:
        subscriber.language = language
        fields.append("language")
    subscriber.save(update_fields=fields)
    touch(subscriber, now)
    return subscriber


def unsubscribe(email) -> bool:
    """Take effect at once: the subscriber and everything hanging off it
    (consents, deliveries) is deleted. Returns whether there was one."""
    deleted, _per_model = Subscriber.objects.filter(
        email=normalise_email(email)
    ).delete()
    return bool(deleted)


# Accounts (my page) ---------------------------------------------------------------


def subscriber_for_user(user) -> Subscriber | None:
    """The account's subscription: linked to it, or made with one of its
    verified addresses."""
    emails = _verified_emails(user)
    query = Q(user_id=user.pk)
    if emails:
        query |= Q(email__in=emails)
    return (
        Subscriber.objects.filter(query)
        .order_by(F("confirmed_at").desc(nulls_last=True), "pk")
        .first()
    )


def account_email(user) -> str:
    """The address an account subscribes with: its primary address, if
    verified, else any verified one; "" when there is none."""
    emails = _verified_emails(user)
    primary = normalise_email(user.email)
    if primary in emails:
        return primary
    return min(emails) if emails else ""


class CannotSubscribe(Exception):
    """Why an account may not subscribe (shown to its owner)."""


@transaction.atomic
def subscribe_account(
    user, *, name="", phone="", language=None, ip_address=None, now=None
) -> Subscriber:
    """Subscribe an account from my page with its verified address:
    confirmed at once (the address is proven), with a consent under the
    current privacy statement. An earlier "never again" for the address is
    lifted: its owner is asking."""
    reason = participation_block_reason(user)
    if reason:
        raise CannotSubscribe(reason)
    email = account_email(user)
    if not email:
        raise CannotSubscribe(translation.gettext("Verify your email address first."))
    now = now or timezone.now()
    language = language or settings.LANGUAGE_CODE
    lift_suppression(email)
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
        email=email,
        defaults={
            "name": name,
            "phone": phone,
            "language": language,
            "user": user,
            "source": Subscriber.Source.MY_PAGE,
            "created_at": now,
        },
    )
    subscriber.user = user
    subscriber.name, subscriber.phone, subscriber.language = name, phone, language
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = now
    subscriber.save(update_fields=["user", "name", "phone", "language", "confirmed_at"])
    record_consent(
        subscriber,
        source=Consent.Source.MY_PAGE,
        ip_address=ip_address,
        policy_version=current_policy_version(),
        language=language,
        now=now,
    )
    touch(subscriber, now)
    return subscriber


# Re-consent ---------------------------------------------------------------------


def send_reconsent_mails(now=None, *, limit=None, dry_run=False, progress=None) -> int:
    """Ask subscribers with no sign of life for NEWSLETTER_RECONSENT_MONTHS
    whether they still want the newsletter; at most ``limit`` per run.

    Idempotent: each subscriber is claimed (``reconsent_sent_at`` set where
    it was empty) before its mail goes out, so two runs never mail anyone
    twice; a mail the server refuses is unclaimed for the next run. Those
    who do not answer within NEWSLETTER_RECONSENT_DAYS are removed by the
    retention rule ``newsletter.reconsent``. Returns how many were mailed
    (or, dry, would be)."""
    now = now or timezone.now()
    limit = limit or conf.RECONSENT_BATCH_SIZE
    due = Subscriber.objects.due_for_reconsent(now).order_by("pk")
    if dry_run:
        return min(due.count(), limit)
    ids = list(due.values_list("pk", flat=True)[:limit])
    sent = 0
    for done, pk in enumerate(ids, start=1):
        claimed = Subscriber.objects.filter(
            pk=pk, reconsent_sent_at__isnull=True
        ).update(reconsent_sent_at=now)
        subscriber = Subscriber.objects.filter(pk=pk).first() if claimed else None
        if subscriber is not None:
            if mail.send_subscriber_mail(
                "newsletter/email/reconsent",
                subscriber,
                {
                    "reconsent_url": links.reconsent_url(subscriber),
                    "days": conf.RECONSENT_DAYS,
                    "months": conf.RECONSENT_MONTHS,
                    "deadline": now + datetime.timedelta(days=conf.RECONSENT_DAYS),
                },
            ):
                sent += 1
            else:
                Subscriber.objects.filter(pk=pk, reconsent_sent_at=now).update(
                    reconsent_sent_at=None
                )
        if progress is not None:
            progress(done, len(ids))
    return sent


# Admin ----------------------------------------------------------------------------


def counts() -> dict[str, int]:
    """For the editors' list, at a glance, in one query."""
    confirmed = Q(confirmed_at__isnull=False)
    return Subscriber.objects.aggregate(
        total=Count("pk"),
        confirmed=Count("pk", filter=confirmed),
        unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
        awaiting_reconsent=Count(
            "pk", filter=confirmed & Q(reconsent_sent_at__isnull=False)
        ),
        with_phone=Count("pk", filter=confirmed & ~Q(phone="")),
    )
