"""The opening hours (from the venue settings) and the known barriers (from
the accessibility settings) move to the translatable site texts, one set per
language: today's values become the Norwegian set, which editors may
translate with wagtail-localize. Editors and moderators may edit them."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

GROUPS = ["Editors", "Moderators"]
CODENAMES = ["add_sitetexts", "change_sitetexts", "view_sitetexts"]


def copy_into_site_texts(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    VenueSettings = apps.get_model("home", "VenueSettings")
    AccessibilitySettings = apps.get_model("home", "AccessibilitySettings")
    SiteTexts = apps.get_model("home", "SiteTexts")
    venue = VenueSettings.objects.order_by("pk").first()
    statement = AccessibilitySettings.objects.order_by("pk").first()
    norwegian, _created = Locale.objects.get_or_create(
        language_code=settings.LANGUAGE_CODE
    )
    SiteTexts.objects.get_or_create(
        locale=norwegian,
        defaults={
            "translation_key": uuid.uuid4(),
            "opening_hours": venue.opening_hours if venue else "",
            "known_issues": statement.known_issues if statement else "",
        },
    )
    grant_permissions(apps)


def grant_permissions(apps):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("home")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="home", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def copy_back_into_settings(apps, schema_editor):
    VenueSettings = apps.get_model("home", "VenueSettings")
    AccessibilitySettings = apps.get_model("home", "AccessibilitySettings")
    SiteTexts = apps.get_model("home", "SiteTexts")
    texts = SiteTexts.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    ).first()
    if texts is None:
        return
    VenueSettings.objects.update(opening_hours=texts.opening_hours)
    AccessibilitySettings.objects.update(known_issues=texts.known_issues)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_image_descriptions"),
        ("wagtailcore", "0098_apitoken"),
        # Wagtail's migration that creates the Editors and Moderators groups.
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="SiteTexts",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "translation_key",
                    models.UUIDField(default=uuid.uuid4, editable=False),
                ),
                (
                    "opening_hours",
                    models.CharField(
                        blank=True,
                        help_text=(
                            "Shown at the bottom of every page, e.g. 'Box office: "
                            "Mon–Fri 10–16 and an hour before shows'."
                        ),
                        max_length=200,
                        verbose_name="opening hours",
                    ),
                ),
                (
                    "known_issues",
                    models.TextField(
                        blank=True,
                        help_text=(
                            "Shown in the accessibility statement. One per line: "
                            "what does not work for everyone yet, and when it "
                            "will be fixed."
                        ),
                        verbose_name="known barriers",
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
            ],
            options={
                "verbose_name": "site texts",
                "verbose_name_plural": "site texts",
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("locale",), name="one_site_texts_per_locale"
                    )
                ],
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.RunPython(copy_into_site_texts, copy_back_into_settings),
        migrations.RemoveField(model_name="accessibilitysettings", name="known_issues"),
        migrations.RemoveField(model_name="venuesettings", name="opening_hours"),
    ]
