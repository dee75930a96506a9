"""What the accounts app does, as verbs: keep a profile, ask a guardian,
decide whether an account may take part, list sign-ins, and hand export and
deletion to the privacy registry. Views stay thin and call these; later apps
call ``can_participate`` before a comment, an order or a subscription."""

import dataclasses
import datetime
import functools
import logging
import time
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from home.client_ip import client_ip
from home.mail import send_templated_mail
from home.site_url import site_url
from home.tokens import address_digest, digest_matches
from privacy import guardians
from privacy import services as privacy_services
from privacy.models import DataExport
from privacy.registry import Subject

from .conf import conf
from .models import KnownAddress, Profile, SecurityEvent, User

logger = logging.getLogger(__name__)

GUARDIAN_SALT = "accounts.guardian"
GUARDIAN_PURPOSE = "accounts.signup"
SIGNED_IN_AT_KEY = "accounts:signed_in_at"


# Profile and guardian -------------------------------------------------------


def get_profile(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Whole years from ``birth_date`` to ``day`` (a 29 February birthday
    comes on 1 March in other years)."""
    return (
        day.year
        - birth_date.year
        - ((day.month, day.day) < (birth_date.month, birth_date.day))
    )


def needs_guardian_on(birth_date, day) -> bool:
    return birth_date is not None and age_on(birth_date, day) < conf.GUARDIAN_AGE


def needs_guardian(profile: Profile | None) -> bool:
    """Whether this person is younger than the guardian age today."""
    return profile is not None and needs_guardian_on(
        profile.birth_date, timezone.localdate()
    )


def _profile_or_none(user):
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def participation_block_reason(user) -> str:
    """Why this account may not comment, buy or subscribe yet, or ``""``
    when it may. Visitors without an account are not restricted here."""
    if not getattr(user, "is_authenticated", False):
        return ""
    profile = _profile_or_none(user)
    if needs_guardian(profile) and profile.guardian_confirmed_at is None:
        return str(
            _(
                "You are under 15, so a parent or guardian must confirm your "
                "account before you can comment, buy tickets or subscribe. We "
                "have sent them an email."
            )
        )
    return ""


def can_participate(user) -> bool:
    """Whether ``user`` may comment, buy tickets or subscribe: every account
    may, except one of a child whose guardian has not confirmed it yet (it
    can still read everything). For later apps: check this, and show
    ``participation_block_reason(user)`` when it is False."""
    return not participation_block_reason(user)


@transaction.atomic
def update_profile(user, data, *, request=None) -> tuple[Profile, bool]:
    """Save the name (on the user) and the profile from a valid
    ``ProfileForm``'s ``cleaned_data``. For a child, a new or changed
    guardian must confirm (again), and gets the mail; an adult's guardian
    fields are cleared, as nothing needs them. Returns the profile and
    whether the guardian was asked now."""
    profile = Profile.objects.select_for_update().get(pk=get_profile(user).pk)
    user.first_name = data.get("first_name", "")
    user.last_name = data.get("last_name", "")
    user.save(update_fields=["first_name", "last_name"])
    for name in ("street_address", "postal_code", "city", "phone"):
        setattr(profile, name, data.get(name) or "")
    profile.birth_date = data.get("birth_date")
    guardian = (data.get("guardian_name", ""), data.get("guardian_email", "").lower())
    ask_guardian = False
    if needs_guardian(profile):
        changed = guardian != (profile.guardian_name, profile.guardian_email.lower())
        profile.guardian_name, profile.guardian_email = guardian
        if changed or profile.guardian_requested_at is None:
            profile.guardian_confirmed_at = None
            profile.guardian_requested_at = timezone.now()
            ask_guardian = True
    else:
        profile.guardian_name = ""
        profile.guardian_email = ""
        profile.guardian_requested_at = None
        profile.guardian_confirmed_at = None
    profile.save()
    if ask_guardian:
        _send_guardian_request_on_commit(profile, request)
    return profile, ask_guardian


def resend_guardian_request(user, *, request=None) -> bool:
    """Mail the guardian again (the button on my page). False when there is
    nobody to ask."""
    profile = _profile_or_none(user)
    if (
        not needs_guardian(profile)
        or not profile.guardian_email
        or profile.guardian_confirmed_at is not None
    ):
        return False
    Profile.objects.filter(pk=profile.pk).update(guardian_requested_at=timezone.now())
    _send_guardian_request_on_commit(profile, request)
    return True


def guardian_token(profile: Profile) -> str:
    """A signed link token naming the profile and a keyed digest of the
    guardian's address it was sent to (never the address: links end up in
    access logs): changing the guardian makes older links useless."""
    return signing.dumps(
        {
            "profile": profile.pk,
            "to": address_digest(profile.guardian_email, GUARDIAN_SALT),
        },
        salt=GUARDIAN_SALT,
    )


def read_guardian_token(token) -> Profile | None:
    """The profile a genuine, unexpired token confirms, or None (also for a
    token whose guardian has since changed)."""
    try:
        value = signing.loads(
            token,
            salt=GUARDIAN_SALT,
            max_age=datetime.timedelta(days=conf.GUARDIAN_LINK_DAYS),
        )
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    profile = (
        Profile.objects.select_related("user").filter(pk=value.get("profile")).first()
    )
    if (
        profile is None
        or not profile.guardian_email
        or not digest_matches(profile.guardian_email, value.get("to"), GUARDIAN_SALT)
    ):
        return None
    return profile


def confirm_guardian(profile: Profile) -> Profile:
    if profile.guardian_confirmed_at is None:
        profile.guardian_confirmed_at = timezone.now()
        profile.save(update_fields=["guardian_confirmed_at", "updated_at"])
    return profile


def ask_guardian_for_account(*, email, password, guardian_email, link_base=""):
    """A visitor under 15 signs up: no account yet, no mail to them; the
    pending request keeps the address and the password's hash (never the
    password) until the guardian agrees."""
    return guardians.ask_guardian(
        GUARDIAN_PURPOSE,
        guardian_email=guardian_email,
        child_email=email,
        data={"password": make_password(password)},
        link_base=link_base,
    )


def create_account_for_child(guardian_request, http_request=None):
    """The guardian agreed: the account is made, confirmed by the guardian
    already, and the child verifies their address as every new account
    does. Nothing happens when the address has an account by now."""
    email = guardian_request.child_email
    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        return None
    user = User(email=email)
    user.password = guardian_request.data.get("password") or make_password(None)
    user.save()
    Profile.objects.create(
        user=user,
        guardian_email=guardian_request.guardian_email,
        guardian_requested_at=guardian_request.created_at,
        guardian_confirmed_at=timezone.now(),
    )
    address = EmailAddress.objects.create(
        user=user, email=email, primary=True, verified=False
    )
    transaction.on_commit(
        functools.partial(address.send_confirmation, http_request, signup=True)
    )
    return user


def _send_guardian_request_on_commit(profile, request):
    link = reverse("accounts:guardian_confirm", args=[guardian_token(profile)])
    if request is not None:
        link = request.build_absolute_uri(link)
    else:
        link = site_url() + link
    context = {
        "child_name": profile.user.get_full_name() or profile.user.email,
        "guardian_name": profile.guardian_name,
        "link": link,
        "link_days": conf.GUARDIAN_LINK_DAYS,
    }
    recipient = profile.guardian_email
    language = translation.get_language()
    transaction.on_commit(
        functools.partial(
            send_mail, "guardian_request", recipient, context, language=language
        )
    )


def send_mail(name, recipient, context, *, language=None) -> bool:
    """Send ``templates/accounts/email/<name>_*`` (see home.mail)."""
    return send_templated_mail(
        f"accounts/email/{name}", recipient, context, language=language
    )


# Sign-in and security log ---------------------------------------------------


def record_sign_in(request, user=None) -> None:
    """Remember in the session when its owner last gave their password, so
    that sensitive actions within the reauthentication timeout do not ask
    again; a notice of deletion for inactivity no longer holds."""
    if user is not None:
        forget_inactivity_notice(user)
    if hasattr(request, "session"):
        request.session[SIGNED_IN_AT_KEY] = time.time()


def signed_in_recently(request) -> bool:
    signed_in_at = request.session.get(SIGNED_IN_AT_KEY) if request else None
    if not isinstance(signed_in_at, int | float):
        return False
    timeout = getattr(settings, "ACCOUNT_REAUTHENTICATION_TIMEOUT", 300)
    return 0 <= time.time() - signed_in_at < timeout


def addresses_of(user) -> set[str]:
    """The addresses the account has proved to control (now or before an
    email change), in lower case: the security log knows people by the
    address they typed, and an address merely added, unverified, must not
    show its owner's sign-ins to whoever added it."""
    return set(Subject.for_user(user).emails)


def remember_verified_address(user, email, *, now=None) -> KnownAddress:
    """Keep ``email`` as an address ``user`` has verified (again: it is in
    use from now on)."""
    now = now or timezone.now()
    known, created = KnownAddress.objects.get_or_create(
        user=user,
        email=email.strip().lower(),
        defaults={"verified_at": now},
    )
    if not created:
        known.verified_at, known.removed_at = now, None
        known.save(update_fields=["verified_at", "removed_at"])
    return known


def remember_replaced_address(user, email, *, verified, now=None) -> None:
    """``email`` is no longer the account's (replaced or removed). A
    verified one is kept, marked unused, so data left under it is still
    found; an address never verified was never the person's and is not."""
    if not verified:
        return
    now = now or timezone.now()
    known, created = KnownAddress.objects.get_or_create(
        user=user, email=email.strip().lower(), defaults={"removed_at": now}
    )
    if not created and known.removed_at is None:
        known.removed_at = now
        known.save(update_fields=["removed_at"])


def past_addresses(user) -> set[str]:
    """Every address the account has verified, current or not, except ones
    another account has verified since (the address changed hands: what is
    done under it now is the new holder's)."""
    addresses = set(
        KnownAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    if not addresses:
        return set()
    taken = {
        email.lower()
        for email in EmailAddress.objects.filter(verified=True)
        .exclude(user=user)
        .filter(username_q(addresses, "email"))
        .values_list("email", flat=True)
    }
    return addresses - taken


def username_q(addresses, field="username"):
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(**{f"{field}__iexact": address})
    return query


def record_security_event(user, kind, *, request=None, detail="") -> SecurityEvent:
    """Add ``kind`` (a ``SecurityEvent.Kind``) to the account's security
    log, with the address and browser of ``request`` when there is one."""
    ip_address, user_agent = None, ""
    if request is not None:
        ip_address = client_ip(request) or None
        user_agent = request.headers.get("user-agent", "")[:255]
    return SecurityEvent.objects.create(
        user=user,
        kind=kind,
        ip_address=ip_address,
        user_agent=user_agent,
        detail=detail[:300],
    )


def recent_security_events(user, limit=None):
    limit = limit or conf.MY_PAGE_SIGN_INS
    return list(SecurityEvent.objects.filter(user=user).order_by("-at")[:limit])


def recent_sign_ins(user, limit=None):
    limit = limit or conf.MY_PAGE_SIGN_INS
    return list(
        AccessLog.objects.filter(username_q(addresses_of(user))).order_by(
            "-attempt_time"
        )[:limit]
    )


def recent_failed_sign_ins(user, limit=None):
    limit = limit or conf.MY_PAGE_SIGN_INS
    return list(
        AccessFailureLog.objects.filter(username_q(addresses_of(user))).order_by(
            "-attempt_time"
        )[:limit]
    )


def active_sessions(user):
    """The account's sessions that still exist, oldest first (allauth's
    user sessions; ended ones are removed on the way)."""
    return sorted(UserSession.objects.purge_and_list(user), key=lambda s: s.created_at)


def purge_security_log(now=None) -> int:
    """Delete sign-in log entries (successes, failures, lockout counters)
    older than ACCOUNTS_SECURITY_LOG_DAYS. Returns how many went."""
    limit = (now or timezone.now()) - datetime.timedelta(days=conf.SECURITY_LOG_DAYS)
    deleted = 0
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        count, _per_model = model.objects.filter(attempt_time__lt=limit).delete()
        deleted += count
    count, _per_model = SecurityEvent.objects.filter(at__lt=limit).delete()
    return deleted + count


# Session keys that hold an account's id, each as its writer spells it:
# Django's login and allauth's sign-in methods as the plain id, allauth's
# stash of a sign-up waiting for its address as the id in base 36
# (``user_pk_to_url_str``: user 150 is "46", which is another user's plain
# id, so each key is compared with its own spelling only).
SESSION_SCAN_CHUNK = 2000


def _session_user_ids(user) -> dict[str, str]:
    return {
        "_auth_user_id": str(user.pk),
        "account_authentication_methods_user": str(user.pk),
        "user_pk": user_pk_to_url_str(user),
    }


def _session_mentions(value, user_ids, addresses) -> bool:
    """Whether decoded session data holds the account's id (under a key
    that names a user, spelt as that key's writer spells it) or one of
    ``addresses`` as a whole value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in user_ids and str(item) == user_ids[key]:
                return True
            if _session_mentions(item, user_ids, addresses):
                return True
        return False
    if isinstance(value, list | tuple):
        return any(_session_mentions(item, user_ids, addresses) for item in value)
    if isinstance(value, str):
        return value.strip().lower() in addresses
    return False


def session_keys_of(subject) -> list[str]:
    """The keys of every stored session that belongs to or mentions the
    person: those allauth lists for the account, and any whose data holds
    the account's id or one of the person's addresses (a sign-up never
    finished keeps the address for the session's life). Session data is
    signed and encoded, so the table is read in chunks by key and each row
    decoded; nothing but the keys found is kept."""
    keys = set()
    if subject.user_id is not None:
        keys.update(
            UserSession.objects.filter(user_id=subject.user_id).values_list(
                "session_key", flat=True
            )
        )
    user_ids = _session_user_ids(subject.user) if subject.user is not None else {}
    addresses = frozenset(subject.emails)
    if not user_ids and not addresses:
        return sorted(keys)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    last = None
    while True:
        chunk = Session.objects.order_by("session_key")
        if last is not None:
            chunk = chunk.filter(session_key__gt=last)
        rows = list(
            chunk.values_list("session_key", "session_data")[:SESSION_SCAN_CHUNK]
        )
        if not rows:
            break
        for key, data in rows:
            if _session_mentions(store.decode(data), user_ids, addresses):
                keys.add(key)
        last = rows[-1][0]
    return sorted(keys)


def forget_ended_sessions() -> int:
    """Delete allauth's records (address, browser) of sessions that have
    ended: they are kept only while the session lasts. Returns how many."""
    ended = UserSession.objects.exclude(
        session_key__in=Session.objects.filter(expire_date__gt=timezone.now()).values(
            "session_key"
        )
    )
    deleted, _per_model = ended.delete()
    return deleted


# My data: export and deletion -----------------------------------------------


def request_data_export(user) -> DataExport:
    """Build a copy of the account's data in the background; the privacy
    task mails the owner when it is ready."""
    return privacy_services.request_export(Subject.for_user(user), user=user)


def latest_export(user) -> DataExport | None:
    return DataExport.objects.filter(user=user).order_by("-created_at").first()


@dataclasses.dataclass(frozen=True)
class PreviewLine:
    """One kind of data in the "what will be deleted" summary."""

    key: str
    label: str
    count: int
    retention: str
    legal_basis: str


def deletion_preview(user) -> list[PreviewLine]:
    """What the account holds, kind by kind (only kinds with rows), with each
    kind's retention and legal basis: what is deleted, and what is kept and
    why."""
    return [
        PreviewLine(
            key=kind.key,
            label=str(kind.label),
            count=count,
            retention=str(kind.retention),
            legal_basis=str(kind.legal_basis),
        )
        for kind, count in privacy_services.erasure_preview(Subject.for_user(user))
        if count
    ]


def asks_about_comments(preview) -> bool:
    """Whether the person has comments, so must choose to delete or keep
    them (the comments app's kinds have keys ``comments.*``)."""
    return any(line.key.startswith("comments.") for line in preview)


@dataclasses.dataclass(frozen=True)
class ReceiptLine:
    label: str
    deleted: int
    anonymised: int
    kept: int
    kept_reason: str


def delete_account(user, **options) -> list[ReceiptLine]:
    """Erase everything the registry knows about the account, in one
    transaction, the account itself last; then mail a receipt to the address
    it had (captured before, as it is gone after). ``options`` go to every
    kind (``comments="delete"`` or ``"anonymise"``). The caller logs the
    person out."""
    recipient = user.email
    name = user.get_full_name()
    subject = Subject.for_user(user)
    results = privacy_services.erase_subject(subject, **options)
    lines = [
        ReceiptLine(
            label=str(line.label),
            deleted=line.deleted,
            anonymised=line.anonymised,
            kept=line.kept,
            kept_reason=str(line.kept_reason),
        )
        for line in privacy_services.erasure_lines(results)
    ]
    context = {"name": name, "lines": lines, "deleted_at": timezone.now()}
    transaction.on_commit(
        functools.partial(
            send_mail,
            "account_deleted",
            recipient,
            context,
            language=translation.get_language(),
        )
    )
    return lines


# Inactive accounts ------------------------------------------------------------


def _last_seen():
    return Coalesce("last_login", "date_joined")


def inactive_accounts(now=None, *, days=None):
    """Visitors' accounts (not editors': the site's staff manage those) with
    no sign-in for ACCOUNTS_INACTIVE_YEARS, or ``days`` when given."""
    now = now or timezone.now()
    days = days if days is not None else conf.INACTIVE_YEARS * 365
    return (
        User.objects.filter(is_staff=False, is_superuser=False)
        .annotate(last_seen=_last_seen())
        .filter(last_seen__lt=now - datetime.timedelta(days=days))
    )


def warn_inactive_accounts(now=None, *, days=None, dry_run=False) -> int:
    """Tell each holder of an account unused for years, once, that it is
    deleted in ACCOUNTS_INACTIVE_NOTICE_DAYS unless they sign in. Returns
    how many were told (or, dry, would be)."""
    now = now or timezone.now()
    waiting = inactive_accounts(now, days=days).exclude(
        profile__inactivity_notice_at__gt=F("last_seen")
    )
    if dry_run:
        return waiting.count()
    notice_days = conf.INACTIVE_NOTICE_DAYS
    told = 0
    for user in waiting.iterator():
        profile = get_profile(user)
        Profile.objects.filter(pk=profile.pk).update(inactivity_notice_at=now)
        context = {
            "name": user.get_full_name(),
            "login_url": site_url() + reverse("account_login"),
            "delete_on": now + datetime.timedelta(days=notice_days),
            "years": conf.INACTIVE_YEARS,
        }
        transaction.on_commit(
            functools.partial(send_mail, "inactive_account", user.email, context)
        )
        told += 1
    return told


def delete_inactive_accounts(now=None, *, dry_run=False) -> int:
    """Delete the accounts whose holders were told and have not signed in
    since, once the notice days are over. Each gets the usual receipt."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=conf.INACTIVE_NOTICE_DAYS)
    due = (
        User.objects.filter(is_staff=False, is_superuser=False)
        .annotate(last_seen=_last_seen())
        .filter(
            profile__inactivity_notice_at__lte=limit,
            profile__inactivity_notice_at__gt=F("last_seen"),
        )
    )
    if dry_run:
        return due.count()
    deleted = 0
    for user in list(due):
        with transaction.atomic():
            delete_account(user)
        deleted += 1
    return deleted


def forget_inactivity_notice(user) -> None:
    """The holder signed in: the account stays."""
    Profile.objects.filter(user=user).exclude(inactivity_notice_at=None).update(
        inactivity_notice_at=None
    )
