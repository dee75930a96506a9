"""Contact form fields become translatable with their page: existing fields
are Norwegian (Wagtail's bootstrap operations give them the default locale
and a translation key before the fields become required)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models
from wagtail.models import (
    BootstrapLocaleField,
    BootstrapTranslatableModel,
    BootstrapTranslationKeyField,
)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_english_locale"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        BootstrapTranslationKeyField("home.ContactFormField"),
        BootstrapLocaleField("home.ContactFormField"),
        BootstrapTranslatableModel("home.ContactFormField"),
        migrations.AlterField(
            model_name="contactformfield",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="contactformfield",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="contactformfield",
            unique_together={("translation_key", "locale")},
        ),
    ]
