"""The controller's and the data protection officer's names, free text such
as "Elvebyen kommune, ved daglig leder ...", move from the privacy settings
to the translatable site texts (home.SiteTexts), so that English pages and
notices can show them in English. Today's values become the Norwegian set's;
their email and postal addresses stay in the settings."""

import uuid

from django.conf import settings
from django.db import migrations

NAMES = ("controller_name", "officer_name")


def copy_into_site_texts(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    PrivacySettings = apps.get_model("privacy", "PrivacySettings")
    SiteTexts = apps.get_model("home", "SiteTexts")
    privacy = PrivacySettings.objects.order_by("pk").first()
    if privacy is None or not any(getattr(privacy, name) for name in NAMES):
        return
    norwegian, _created = Locale.objects.get_or_create(
        language_code=settings.LANGUAGE_CODE
    )
    texts, _created = SiteTexts.objects.get_or_create(
        locale=norwegian, defaults={"translation_key": uuid.uuid4()}
    )
    for name in NAMES:
        if not getattr(texts, name):
            setattr(texts, name, getattr(privacy, name))
    texts.save()


def copy_back_into_settings(apps, schema_editor):
    PrivacySettings = apps.get_model("privacy", "PrivacySettings")
    SiteTexts = apps.get_model("home", "SiteTexts")
    texts = SiteTexts.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    ).first()
    if texts is None:
        return
    PrivacySettings.objects.update(
        **{name: getattr(texts, name) for name in NAMES}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0010_notice_states_shared"),
        ("home", "0008_site_texts_privacy_names"),
    ]

    operations = [
        migrations.RunPython(copy_into_site_texts, copy_back_into_settings),
        migrations.RemoveField(model_name="privacysettings", name="controller_name"),
        migrations.RemoveField(model_name="privacysettings", name="officer_name"),
    ]
