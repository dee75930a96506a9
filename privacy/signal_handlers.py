"""Receivers for signals of code we do not own (Wagtail's publishing and
images, Django's login and model saves)."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.signals import page_published

from home.cache import invalidate_page_cache

from . import images, policy
from .models import (
    LanguagePreference,
    PolicyVersion,
    PrivacyPolicyPage,
    PrivacySettings,
)


def record_policy_version(sender, instance, revision=None, **kwargs):
    """Every publish of the privacy statement is a numbered version."""
    policy.record_version(instance, revision)


def remember_language(sender, request, user, **kwargs):
    """Notices go out in the language the person uses the site in."""
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
    if language:
        LanguagePreference.objects.update_or_create(
            user=user, defaults={"language": language}
        )


def strip_image_metadata(sender, instance, raw=False, **kwargs):
    if not raw:
        images.strip_metadata_before_save(instance)


def settings_changed(sender, created=False, **kwargs):
    """Saved privacy settings change every page (the banner's IDs, the
    statement's contacts). Creating the row with its defaults, which the
    first ``load()`` does, changes nothing visible."""
    if not created:
        invalidate_page_cache()


def version_changed(sender, **kwargs):
    """A new version may ask signed-in people to acknowledge it (the
    material versions are kept per cache generation)."""
    invalidate_page_cache()


def connect():
    page_published.connect(
        record_policy_version,
        sender=PrivacyPolicyPage,
        dispatch_uid="privacy.record_policy_version",
    )
    user_logged_in.connect(remember_language, dispatch_uid="privacy.remember_language")
    for signal in (post_save, post_delete):
        signal.connect(
            settings_changed,
            sender=PrivacySettings,
            dispatch_uid=f"privacy.settings-cache-{signal}",
        )
    for signal in (post_save, post_delete):
        signal.connect(
            version_changed,
            sender=PolicyVersion,
            dispatch_uid=f"privacy.version-cache-{signal}",
        )
    pre_save.connect(
        strip_image_metadata,
        sender=get_image_model(),
        dispatch_uid="privacy.strip_image_metadata",
    )
