"""What happens around the privacy statement, as verbs: record a published
version, queue and send the notices of a material change exactly once,
retry and resume them, and record that a person has read a change."""

import dataclasses
import datetime
import functools
import logging
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from home import outbox
from home.cache import cached_for_generation
from home.i18n import language_of
from home.mail import render_mail
from home.models import SiteTexts, VenueSettings
from home.site_url import site_url

from . import notices, statement, tasks
from .conf import conf
from .models import (
    LocalizedVersion,
    NoticeDelivery,
    PolicyAcknowledgement,
    PolicyVersion,
    PolicyVersionTranslation,
    PrivacyPolicyPage,
    PrivacySettings,
)

logger = logging.getLogger(__name__)

QUEUE_CHUNK_SIZE = 2000
PAGE_FIELDS_CLEARED = {
    "change_summary": "",
    "material_change": False,
    "notify_subscribers": False,
    "effective_from": None,
}

# Versions ---------------------------------------------------------------------


def effective_moment(day: datetime.date | None, now=None) -> datetime.datetime:
    """When a version dated ``day`` takes effect: the start of that day in
    the site's time zone, or now when ``day`` is empty or today."""
    now = now or timezone.now()
    if day is None:
        return now
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return max(start, now)


def render_policy_text(page: PrivacyPolicyPage) -> str:
    """The page's statement as HTML, frozen into a version, in the page's
    language: the generated tables must not take the language of the
    editor's admin, which publishes."""
    with translation.override(page.locale.language_code):
        return render_to_string(
            "privacy/components/policy_text.html",
            {"page": page, "venue": VenueSettings.load()},
        )


def record_version(page: PrivacyPolicyPage, revision=None):
    """Make the next numbered version of ``page`` as just published, clear
    the change fields on the page and its revision (each publish asks
    afresh), and queue the notices of a material change once the
    transaction commits. A translation of the page records its language's
    text of the newest version instead (``record_translation``)."""
    if not page.is_source:
        return record_translation(page, revision)
    now = timezone.now()
    generated = statement.generated()
    previous = PolicyVersion.objects.filter(page=page).order_by("-number").first()
    fields = {
        "page": page,
        "title": page.title,
        "effective_at": effective_moment(page.effective_from, now),
        "published_at": now,
        "summary": page.change_summary.strip(),
        "is_material": page.material_change,
        "notify_subscribers": page.material_change and page.notify_subscribers,
        "text": render_policy_text(page),
        "generated": generated,
        "touched_kinds": statement.touched_kinds(previous.generated, generated)
        if previous is not None and previous.generated
        else [],
    }
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = PolicyVersion.objects.aggregate(last=Max("number"))["last"]
                version = PolicyVersion.objects.create(number=(last or 0) + 1, **fields)
            break
        except IntegrityError:  # published at the same moment elsewhere
            continue
    else:
        raise RuntimeError("Could not number the new privacy statement version.")
    _clear_change_fields(page, revision)
    if version.is_material:
        transaction.on_commit(
            functools.partial(tasks.queue_notices_task.enqueue, version.pk)
        )
    return version


def record_translation(page: PrivacyPolicyPage, revision=None):
    """The published translation of the privacy page gives the newest
    version of its source its text in the page's language, the generated
    tables frozen in that language. Published again before the source has
    a newer version, it corrects that text (a translation fix; the version's
    content is the source's). Notices waiting for this language's text are
    sent once it exists. Returns the ``PolicyVersionTranslation``, or None
    when the source has no version yet."""
    version = (
        PolicyVersion.objects.filter(page__translation_key=page.translation_key)
        .order_by("-number")
        .first()
    )
    if version is None:
        _clear_change_fields(page, revision)
        return None
    language = language_of(page)
    translated, created = PolicyVersionTranslation.objects.update_or_create(
        version=version,
        language=language,
        defaults={
            "page": page,
            "title": page.title,
            "summary": page.change_summary.strip(),
            "text": render_policy_text(page),
            "published_at": timezone.now(),
        },
    )
    _clear_change_fields(page, revision)
    if created and version.notices_queued_at is not None:
        transaction.on_commit(functools.partial(enqueue_batches, version.pk))
    return translated


def _clear_change_fields(page, revision):
    PrivacyPolicyPage.objects.filter(pk=page.pk).update(**PAGE_FIELDS_CLEARED)
    for name, value in PAGE_FIELDS_CLEARED.items():
        setattr(page, name, value)
    revision = revision or page.latest_revision
    if revision is not None and isinstance(revision.content, dict):
        revision.content.update(PAGE_FIELDS_CLEARED)
        revision.save(update_fields=["content"])


def page_versions(page):
    """Context for the privacy page: the version in effect and the one
    announced, if any."""
    versions = PolicyVersion.objects.filter(page=page)
    return versions.current(), versions.upcoming().order_by("number").first()


# Notices ----------------------------------------------------------------------


_chunks = outbox.chunks


class NoticeChannel(outbox.Channel):
    """The privacy notices as a channel of the delivery engine
    (home/outbox.py). A row a dead worker left *being sent* is sent again
    (``AfterCrash.RESEND``): nobody may miss a notice of a change to how
    their data is used, and the second copy in the rare case that the
    first arrived carries the same Message-ID, so receiving servers and
    mail programs keep one."""

    key = "privacy-notice"
    model = NoticeDelivery
    after_crash = outbox.AfterCrash.RESEND

    @property
    def max_attempts(self):
        return conf.NOTICE_MAX_ATTEMPTS

    @property
    def retry_seconds(self):
        return conf.NOTICE_RETRY_SECONDS

    @property
    def stale_minutes(self):
        return conf.NOTICE_STALE_MINUTES

    def waiting(self, batch, delivery) -> bool:
        # Waits for this language's text (record_translation).
        return batch.context(delivery.language) is None

    def send(self, batch, delivery, connection) -> dict:
        subject, text, html = batch.rendered(delivery.language)
        message = EmailMultiAlternatives(
            subject,
            text,
            to=[delivery.email],
            connection=connection,
            headers={"Message-ID": notice_message_id(delivery.pk)},
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            raise outbox.DeliveryFailed(f"{type(error).__name__}: {error}") from error
        return {}


CHANNEL = NoticeChannel()


@dataclasses.dataclass
class NoticeBatch:
    """The notice of one version in each language a batch needs, looked up
    and rendered once per language."""

    version: PolicyVersion
    contexts: dict = dataclasses.field(default_factory=dict)
    mails: dict = dataclasses.field(default_factory=dict)

    def context(self, stored_language):
        language = content_language(stored_language)
        if language not in self.contexts:
            self.contexts[language] = notice_context(self.version, language)
        return self.contexts[language]

    def rendered(self, stored_language):
        language = content_language(stored_language)
        if language not in self.mails:
            self.mails[language] = _render_notice(self.context(language), language)
        return self.mails[language]


def queue_notices(version: PolicyVersion, *, enqueue=True) -> int:
    """Create a delivery for every recipient of a material change (users;
    newsletter subscribers and other optional sources when the editor asked
    for them; people known by a kind of data the change touches), in
    chunks, once per address however often it runs; then enqueue the
    sending in batches. Returns how many deliveries exist."""
    if version.notices_queued_at is None:
        for source in notices.sources(
            include_optional=version.notify_subscribers,
            touched_kinds=version.touched_kinds,
        ):
            for chunk in _chunks(source.recipients(), QUEUE_CHUNK_SIZE):
                _insert_deliveries(version.pk, source.key, chunk)
    PolicyVersion.objects.filter(pk=version.pk, notices_queued_at=None).update(
        notices_queued_at=timezone.now()
    )
    if enqueue:
        enqueue_batches(version.pk)
    return NoticeDelivery.objects.filter(version_id=version.pk).count()


_INSERT_COLUMNS = (
    "version_id",
    "email",
    "user_id",
    "source",
    "language",
    "status",
    "attempts",
    "retry",
    "error",
    "created_at",
)


def _insert_deliveries(version_id, source_key, recipients):
    """Insert one chunk of deliveries, skipping addresses that have one.

    This is the hot path of a notice to every user (100,000 rows must be
    queued in well under a minute), so rows go in with the engine's one
    ``executemany`` (``outbox.insert_rows``) instead of ``bulk_create``,
    which spends most of its time preparing each field of each row."""
    created_at = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (
            version_id,
            recipient.email.strip().lower(),
            recipient.user_id,
            source_key,
            recipient.language or "",
            NoticeDelivery.Status.QUEUED,
            0,
            True,
            "",
            created_at,
        )
        for recipient in recipients
    ]
    outbox.insert_rows(NoticeDelivery, _INSERT_COLUMNS, rows)


def queue_notices_by_id(version_id) -> int:
    version = PolicyVersion.objects.filter(pk=version_id).first()
    return queue_notices(version) if version is not None else 0


def batch_ranges(version_id, size=None):
    """``(first id, last id)`` of consecutive queued deliveries, ``size``
    at a time, read in chunks."""
    return outbox.batch_ranges(
        NoticeDelivery.objects.filter(version_id=version_id),
        size or conf.NOTICE_BATCH_SIZE,
    )


def enqueue_batches(version_id) -> int:
    """Enqueue one sending task per batch of queued deliveries. A batch
    enqueued twice sends nothing twice (each delivery is claimed)."""
    count = 0
    for first, last in batch_ranges(version_id):
        tasks.send_notices_task.enqueue(version_id, first, last)
        count += 1
    return count


def content_language(language) -> str:
    """The site language a recipient's stored preference ("en", "en-gb",
    "" for unknown) reads content in; the default when none fits."""
    code = (language or "").split("-")[0].lower()
    codes = {code for code, _name in settings.LANGUAGES}
    return code if code in codes else settings.LANGUAGE_CODE


def _translated_page_live(version, language) -> bool:
    return (
        PrivacyPolicyPage.objects.live()
        .filter(
            translation_key=version.page.translation_key,
            locale__language_code=language,
        )
        .exists()
    )


def notice_context(version: PolicyVersion, language=None) -> dict | None:
    """What the notice mail of ``version`` shows a reader of ``language``:
    the version's summary and links in that language when the translated
    privacy page has given it a text; the source's when the site has no
    page in that language. None while a translated page exists but its text
    of this version does not yet: those notices wait for it."""
    language = content_language(language)
    page = version.page
    shown = version
    previous = (
        PolicyVersion.objects.filter(number__lt=version.number).order_by("-number")
    ).first()
    if page is not None and language != settings.LANGUAGE_CODE:
        translated = (
            PolicyVersionTranslation.objects.filter(version=version, language=language)
            .select_related("page")
            .first()
        )
        if translated is not None and translated.page is not None:
            page = translated.page
            shown = LocalizedVersion(version, translated, page)
            previous = (
                PolicyVersion.objects.filter(
                    translations__language=language,
                    translations__page=page,
                    number__lt=version.number,
                )
                .order_by("-number")
                .first()
            )
        elif _translated_page_live(version, language):
            return None
    base = site_url()
    compare_url = None
    if page is not None and previous is not None:
        compare_url = (
            base
            + page.url
            + page.reverse_subpage("compare")
            + f"?fra={previous.number}&til={version.number}"
        )
    return {
        "version": shown,
        "version_url": base + shown.get_url() if page is not None else None,
        "page_url": base + page.url if page is not None else None,
        "compare_url": compare_url,
        "privacy": PrivacySettings.load(),
        # The names in the reader's language, or the Norwegian ones (with
        # their ``lang``) until they are translated.
        "names": SiteTexts.for_language(language),
        "venue": VenueSettings.load(),
    }


def _render_notice(context, language):
    return render_mail("privacy/email/policy_notice", context, language=language)


def notice_message_id(delivery_id) -> str:
    """The Message-ID of one delivery's mail, the same each time it is sent:
    a notice sent again after a crash is the same message to the receiving
    server and mail program, which keep one copy."""
    domain = urlsplit(site_url()).hostname or "localhost"
    return f"<privacy-notice.{delivery_id}@{domain}>"


def send_notices(version_id, first_id, last_id, *, connection=None) -> int:
    """Send the queued deliveries of one batch. Each is claimed (queued →
    being sent) before its mail goes to the mail server and marked sent
    right after, so a batch run twice, or by two workers, mails nobody
    twice. A refused mail is marked failed and retried later with backoff
    (home/outbox.py). Returns how many were sent."""
    version = PolicyVersion.objects.select_related("page").filter(pk=version_id).first()
    if version is None:
        return 0
    deliveries = list(
        NoticeDelivery.objects.filter(
            version_id=version_id,
            pk__gte=first_id,
            pk__lte=last_id,
            status=NoticeDelivery.Status.QUEUED,
        )
        .order_by("pk")
        .only("pk", "email", "language", "attempts")
    )
    if not deliveries:
        return 0
    return outbox.send_rows(
        CHANNEL, deliveries, connection or get_connection(), NoticeBatch(version)
    )


def resume_notices(now=None) -> dict[str, int]:
    """Periodic: pick up what a crash or a refusal left behind.

    - a delivery claimed by a worker that never finished (older than
      ``PRIVACY_NOTICE_STALE_MINUTES``) is sent again (the channel's
      ``AfterCrash.RESEND``, see :class:`NoticeChannel`): the worker died
      before the mail server took it, or (a window of milliseconds) after
      it took it and before the row said so;
    - failed deliveries whose backoff has passed are queued again;
    - batches of every version with queued deliveries are enqueued again
      (claiming makes a duplicate batch harmless)."""
    counts = outbox.recover(CHANNEL, now)
    waiting = (
        NoticeDelivery.objects.filter(status=NoticeDelivery.Status.QUEUED)
        .values_list("version_id", flat=True)
        .distinct()
    )
    batches = sum(enqueue_batches(version_id) for version_id in list(waiting))
    return {**counts, "batches": batches}


def retry_failed_notices(version: PolicyVersion) -> int:
    """An editor's retry: every failed delivery of ``version`` is queued
    again and sent now."""
    count = outbox.retry_failed(NoticeDelivery.objects.filter(version=version))
    if count:
        transaction.on_commit(functools.partial(enqueue_batches, version.pk))
    return count


def delivery_counts(version: PolicyVersion) -> dict[str, int]:
    """To be sent (queued or being sent), sent and failed."""
    progress = outbox.progress(NoticeDelivery.objects.filter(version=version))
    return {"to_send": progress.left, "sent": progress.sent, "failed": progress.failed}


# Acknowledgements -------------------------------------------------------------


def version_to_acknowledge(user) -> PolicyVersion | None:
    """The newest material change published since the person joined that
    they have not acknowledged, or None. Asked on every page a signed-in
    person reads: the material versions are read once per cache generation
    (a new version starts one), so a person with nothing to acknowledge
    costs no query."""
    if not user.is_authenticated:
        return None
    since_joining = [
        pk
        for pk, published_at in material_versions()
        if published_at > user.date_joined
    ]
    if (
        not since_joining
        or PolicyAcknowledgement.objects.filter(
            user=user, version_id=since_joining[0]
        ).exists()
    ):
        return None
    return PolicyVersion.objects.get(pk=since_joining[0])


def material_versions() -> list[tuple[int, datetime.datetime]]:
    """(id, published) of the material versions, newest first."""
    return cached_for_generation(
        "privacy:material-versions",
        lambda: list(
            PolicyVersion.objects.filter(is_material=True)
            .order_by("-number")
            .values_list("pk", "published_at")
        ),
    )


def localized_version(version: PolicyVersion | None, language=None):
    """``version`` as readers of ``language`` (the active one when not
    given) see it: its translation's summary and URL when there is one,
    else the version itself."""
    language = content_language(language or translation.get_language())
    if version is None or language == settings.LANGUAGE_CODE:
        return version
    translated = (
        PolicyVersionTranslation.objects.filter(version=version, language=language)
        .select_related("page")
        .first()
    )
    if translated is None or translated.page is None:
        return version
    return LocalizedVersion(version, translated, translated.page)


def acknowledge(user, version: PolicyVersion) -> PolicyAcknowledgement:
    """Record, once, that ``user`` has read the notice of ``version``."""
    acknowledgement, _created = PolicyAcknowledgement.objects.get_or_create(
        user=user, version=version
    )
    return acknowledgement
