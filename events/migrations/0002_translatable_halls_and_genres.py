"""Halls and genres become translatable snippets (one row per language,
joined by a translation key). Existing rows are Norwegian: Wagtail's
bootstrap operations give them the default locale and a key before the
fields become required, and names and slugs are unique per language."""

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
        ("events", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        BootstrapTranslationKeyField("events.Hall"),
        BootstrapLocaleField("events.Hall"),
        BootstrapTranslationKeyField("events.Genre"),
        BootstrapLocaleField("events.Genre"),
        BootstrapTranslatableModel("events.Hall"),
        BootstrapTranslatableModel("events.Genre"),
        migrations.AlterField(
            model_name="hall",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="hall",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="genre",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="genre",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="hall",
            name="name",
            field=models.CharField(max_length=100, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="genre",
            name="name",
            field=models.CharField(max_length=60, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="genre",
            name="slug",
            field=models.SlugField(
                help_text="Used in the programme's filter address, e.g. 'konsert'.",
                max_length=60,
                verbose_name="slug",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="hall", unique_together={("translation_key", "locale")}
        ),
        migrations.AlterUniqueTogether(
            name="genre", unique_together={("translation_key", "locale")}
        ),
        migrations.AddConstraint(
            model_name="hall",
            constraint=models.UniqueConstraint(
                fields=("name", "locale"), name="events_hall_name_per_locale"
            ),
        ),
        migrations.AddConstraint(
            model_name="genre",
            constraint=models.UniqueConstraint(
                fields=("name", "locale"), name="events_genre_name_per_locale"
            ),
        ),
        migrations.AddConstraint(
            model_name="genre",
            constraint=models.UniqueConstraint(
                fields=("slug", "locale"), name="events_genre_slug_per_locale"
            ),
        ),
    ]
