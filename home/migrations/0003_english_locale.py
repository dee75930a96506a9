"""The English locale, next to the Norwegian one Wagtail creates: without
it no page or snippet can be translated, and /en/ has nothing to serve."""

from django.db import migrations


def create_english_locale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    Locale.objects.get_or_create(language_code="en")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_english_locale, migrations.RunPython.noop),
    ]
