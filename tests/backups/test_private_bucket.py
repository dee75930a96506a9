"""Backups with the private files in a private S3-compatible bucket (moto's
server on 127.0.0.1, the real boto3 over HTTP): the archive goes to the
bucket under backups/, lists the export files that are in the bucket under
exports/, and restores from the bucket into an empty database."""

import io
import json
import tarfile

import pytest
from django.core.management import call_command

from accounts.models import User
from backups import crypto, services
from privacy import services as privacy_services
from privacy.models import DataExport

from ..factories import UserFactory
from .conftest import empty_database

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data_restored"),
]


def export_listing(name):
    """The export list the archive carries."""
    key = crypto.load_key(services.conf.KEY)
    for member, fileobj in services._members(name, key):
        if member.name == services.EXPORTS_MEMBER:
            return json.loads(fileobj.read())
    raise AssertionError("no export list in the archive")


def test_a_backup_to_the_private_bucket_restores_from_it(
    settings, s3_server, s3_bucket, backup_dirs
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": s3_server.storage_config(s3_bucket, "exports"),
        "backups": s3_server.storage_config(s3_bucket, "backups"),
    }
    kari = UserFactory(email="kari.bucket@example.org", first_name="Kari")
    export = privacy_services.build_export(DataExport.objects.create(user=kari).pk)

    run = services.create_backup()
    keys = s3_server.keys(s3_bucket)
    assert f"backups/{run.archive}" in keys
    assert f"exports/{export.pk.hex}.zip" in keys
    assert not backup_dirs.exists() or not any(backup_dirs.iterdir())
    assert export_listing(run.archive) == [
        {"name": f"{export.pk.hex}.zip", "size": export.size}
    ]
    # The archive in the bucket is no tar anyone could read without the key.
    with pytest.raises(tarfile.ReadError):
        tarfile.open(
            fileobj=io.BytesIO(s3_server.read(s3_bucket, f"backups/{run.archive}"))
        )

    empty_database()
    out = io.StringIO()
    call_command("restore", run.archive, stdout=out)
    assert f"Restored {run.archive}" in out.getvalue()
    assert User.objects.get(email="kari.bucket@example.org").first_name == "Kari"
