"""The terms of sale's old setting, copied into the translatable terms by
the migration before."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0010_terms_of_sale_translatable"),
    ]

    operations = [
        migrations.DeleteModel(name="TermsOfSaleSettings"),
    ]
