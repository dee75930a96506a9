"""Who sees subscribers in the admin: editors and moderators see the list,
the counts and the CSV export; moderators may also delete a subscriber (a
person who asks by phone or letter). Nobody adds or edits subscribers there:
people sign up and change their details themselves."""

from django.db import migrations

GRANTS = {
    "Editors": ["view_subscriber"],
    "Moderators": ["view_subscriber", "delete_subscriber"],
}


def grant_permissions(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("newsletter")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="newsletter", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        # After the sending side's migration, which depends on Wagtail's
        # (that creates the Editors and Moderators groups).
        ("newsletter", "0002_issues_and_sms"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
