"""The terms of sale move from a setting with a field per language
(TermsOfSaleSettings.terms_nb, terms_en) to a translatable snippet, one text
per language, so that wagtail-localize can translate the Norwegian and mark
the English out of date when the Norwegian changes. Today's Norwegian text
becomes the Norwegian one's; today's English text, when there is one,
becomes the English one's as it is, not yet under wagtail-localize's sync.
The setting goes in the next migration."""

import uuid

import django.db.models.deletion
import django.utils.timezone
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def copy_into_terms_of_sale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    TermsOfSaleSettings = apps.get_model("tickets", "TermsOfSaleSettings")
    TermsOfSale = apps.get_model("tickets", "TermsOfSale")
    old = TermsOfSaleSettings.objects.order_by("pk").first()
    norwegian, _created = Locale.objects.get_or_create(
        language_code=settings.LANGUAGE_CODE
    )
    source, _created = TermsOfSale.objects.get_or_create(
        locale=norwegian,
        defaults={
            "translation_key": uuid.uuid4(),
            "terms": old.terms_nb if old else "",
        },
    )
    if old is None or not old.terms_en.strip():
        return
    english, _created = Locale.objects.get_or_create(language_code="en")
    # Saved after the Norwegian, so not taken as older than it.
    TermsOfSale.objects.get_or_create(
        locale=english,
        defaults={
            "translation_key": source.translation_key,
            "terms": old.terms_en,
            "updated_at": django.utils.timezone.now(),
        },
    )


def copy_back_into_settings(apps, schema_editor):
    TermsOfSaleSettings = apps.get_model("tickets", "TermsOfSaleSettings")
    TermsOfSale = apps.get_model("tickets", "TermsOfSale")
    texts = dict(TermsOfSale.objects.values_list("locale__language_code", "terms"))
    if not any(texts.values()):
        return
    old = TermsOfSaleSettings.objects.order_by("pk").first() or TermsOfSaleSettings()
    old.terms_nb = texts.get(settings.LANGUAGE_CODE, "")
    old.terms_en = texts.get("en", "")
    old.save()


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0009_free_tickets"),
        ("wagtailcore", "0098_apitoken"),
        # The English locale.
        ("home", "0003_english_locale"),
    ]

    operations = [
        migrations.CreateModel(
            name="TermsOfSale",
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
                    "terms",
                    wagtail.fields.RichTextField(
                        blank=True,
                        help_text=(
                            "Your own terms of sale. Leave empty to show the "
                            "site's default terms."
                        ),
                        verbose_name="terms of sale",
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        editable=False,
                        verbose_name="last changed",
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
                "verbose_name": "terms of sale",
                "verbose_name_plural": "terms of sale",
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("locale",), name="one_terms_of_sale_per_locale"
                    )
                ],
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.RunPython(copy_into_terms_of_sale, copy_back_into_settings),
    ]
