"""Export files in the "private" storage: a private S3-compatible bucket when
one is configured (here moto's server on 127.0.0.1, reached by the real
boto3 over HTTP), the local folder otherwise. Built, downloaded, purged,
swept and erased through the storage API wherever they are."""

import datetime
import io
import urllib.error
import urllib.request
import zipfile

import pytest
from django.core.files.storage import storages
from django.utils import timezone

from privacy import services
from privacy.models import DataExport
from privacy.registry import Subject
from privacy.storage import private_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings, s3_server, s3_bucket):
    """Private files in a bucket of the test's own, as AWS_PRIVATE_BUCKET_NAME
    makes them."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": s3_server.storage_config(s3_bucket, "exports"),
    }
    return s3_bucket


def build(user, **fields):
    export = DataExport.objects.create(user=user, **fields)
    return services.build_export(export.pk)


def test_an_export_is_built_into_the_private_bucket_and_nowhere_else(
    test_kinds, user, bucket, s3_server, export_dir
):
    export = build(user)
    key = f"exports/{export.pk.hex}.zip"
    assert s3_server.keys(bucket) == [key]
    body = s3_server.read(bucket, key)
    assert export.size == len(body)
    assert "data.json" in zipfile.ZipFile(io.BytesIO(body)).namelist()
    # Nothing on this machine's disk: the scratch copy was nameless.
    assert not export_dir.exists() or not any(export_dir.iterdir())
    grants = s3_server.client().get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)


def test_the_private_bucket_gives_no_urls(bucket):
    with pytest.raises(ValueError):
        private_storage().url("anything.zip")
    with pytest.raises(NotImplementedError):
        private_storage().path("anything.zip")


def test_an_anonymous_request_to_the_bucket_gets_nothing(
    test_kinds, user, bucket, s3_server
):
    export = build(user)
    url = f"{s3_server.endpoint_url}/{bucket}/exports/{export.pk.hex}.zip"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)  # noqa: S310 - http to the stand-in
    assert refused.value.code == 403


def test_the_owner_downloads_it_streamed_through_the_site(
    client, test_kinds, user, bucket, s3_server
):
    export = build(user)
    client.force_login(user)
    response = client.get(export.get_download_url())
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert "Location" not in response
    body = b"".join(response.streaming_content)
    assert body == s3_server.read(bucket, f"exports/{export.pk.hex}.zip")
    assert int(response["Content-Length"]) == len(body)


def test_a_file_gone_from_the_bucket_is_a_404_not_a_500(
    client, test_kinds, user, bucket, s3_server
):
    export = build(user)
    s3_server.client().delete_object(Bucket=bucket, Key=f"exports/{export.pk.hex}.zip")
    client.force_login(user)
    assert client.get(export.get_download_url()).status_code == 404


def test_the_retention_purge_deletes_expired_files_from_the_bucket(
    test_kinds, user, bucket, s3_server
):
    expired = build(user)
    current = build(user)
    DataExport.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert services.delete_expired_exports() == 1
    assert s3_server.keys(bucket) == [f"exports/{current.pk.hex}.zip"]
    expired.refresh_from_db()
    assert expired.status == DataExport.Status.EXPIRED and not expired.file


def test_the_sweep_deletes_day_old_strays_from_the_bucket(
    test_kinds, user, bucket, s3_server
):
    current = build(user)
    s3_server.client().put_object(
        Bucket=bucket, Key="exports/left-by-a-crash.zip", Body=b"half"
    )
    storage = private_storage()
    # Not a day old yet: kept.
    assert services._remove_stray_files(storage, timezone.now()) == 0
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=1)
    assert services._remove_stray_files(storage, tomorrow) == 1
    assert s3_server.keys(bucket) == [f"exports/{current.pk.hex}.zip"]


def test_erasing_the_person_deletes_their_export_from_the_bucket(
    test_kinds, user, bucket, s3_server, django_capture_on_commit_callbacks
):
    build(user)
    assert s3_server.keys(bucket)
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_subject(Subject.for_user(user))
    assert s3_server.keys(bucket) == []


def test_without_a_bucket_the_private_files_stay_in_the_local_folder(
    test_kinds, user, export_dir
):
    assert storages["private"].__class__.__name__ == "PrivateExportStorage"
    export = build(user)
    assert (export_dir / f"{export.pk.hex}.zip").stat().st_size == export.size


def test_the_private_bucket_takes_nothing_from_the_public_media_settings(settings):
    from privacy.s3 import PrivateS3Storage

    settings.AWS_S3_CUSTOM_DOMAIN = "cdn.example.net"
    settings.AWS_LOCATION = "media"
    settings.AWS_DEFAULT_ACL = "public-read"
    settings.AWS_QUERYSTRING_AUTH = False
    storage = PrivateS3Storage(bucket_name="venue-private")
    assert storage.custom_domain is None
    assert storage.location == ""
    assert storage.default_acl == "private"
    assert storage.querystring_auth is True
    # Reads spill to disk rather than hold a whole export in memory.
    assert storage.max_memory_size == 1024 * 1024


def test_the_deploy_check_refuses_a_bucket_open_to_strangers(
    settings, s3_server, s3_bucket
):
    from privacy.checks import private_bucket_is_private

    settings.STORAGES = {
        **settings.STORAGES,
        "private": s3_server.storage_config(s3_bucket, "exports"),
    }
    assert private_bucket_is_private() == []
    s3_server.client().put_bucket_acl(Bucket=s3_bucket, ACL="public-read")
    (error,) = private_bucket_is_private()
    assert error.id == "privacy.E001"
    assert "AllUsers: READ" in error.msg


def test_the_deploy_check_says_when_it_cannot_ask_the_bucket(settings, s3_server):
    from privacy.checks import private_bucket_is_private

    settings.STORAGES = {
        **settings.STORAGES,
        "backups": s3_server.storage_config("no-such-bucket-here", "backups"),
    }
    (warning,) = private_bucket_is_private()
    assert warning.id == "privacy.W001"
