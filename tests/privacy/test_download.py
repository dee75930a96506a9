"""The signed download link: only its owner gets the file, and nothing else
learns anything."""

import datetime
import os
import zipfile
from io import BytesIO

import pytest
from django.core import signing
from django.utils import timezone

from privacy import services
from privacy.models import DataExport
from privacy.tokens import read_download_token

from .conftest import signed_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(test_kinds, user):
    export = DataExport.objects.create(user=user)
    return services.build_export(export.pk)


@pytest.fixture
def email_export(test_kinds, user):
    export = DataExport.objects.create(email="kari@example.org")
    return services.build_export(export.pk)


def download(client, export):
    return client.get(export.get_download_url())


def test_owner_downloads_the_zip_privately(client, user, export):
    client.force_login(user)
    response = download(client, export)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".zip" in response["Content-Disposition"]
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert response["Referrer-Policy"] == "same-origin"
    archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    assert "data.json" in archive.namelist()


def test_another_user_gets_404(client, other_user, export):
    client.force_login(other_user)
    assert download(client, export).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in_and_gets_no_file(client, export):
    response = download(client, export)
    assert response.status_code == 302
    assert "/konto/" in response["Location"] or "login" in response["Location"]
    assert not getattr(response, "streaming", False)


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "not-a-token:at:all",
        "eyJhIjoxfQ:1abcde:" + "A" * 43,
        "Z" * 500,
        "%00%ff",
        "æøå:ÆØÅ:🙂",
    ],
)
def test_malformed_tokens_get_404(client, user, export, token):
    client.force_login(user)
    assert client.get(f"/personvern/eksport/{token}/").status_code == 404


def test_a_tampered_token_gets_404(client, user, export):
    client.force_login(user)
    token = export.get_download_url().split("/")[-2]
    value, timestamp, signature = token.split(":")
    tampered = f"{value}:{timestamp}:{signature[:-2]}xy"
    assert client.get(f"/personvern/eksport/{tampered}/").status_code == 404


def test_a_token_with_another_salt_gets_404(client, user, export):
    client.force_login(user)
    token = signing.dumps(str(export.pk), salt="privacy.request.confirm")
    assert client.get(f"/personvern/eksport/{token}/").status_code == 404


def test_a_genuine_token_for_a_deleted_export_gets_404(client, user, export):
    client.force_login(user)
    url = export.get_download_url()
    DataExport.objects.filter(pk=export.pk).delete()
    assert client.get(url).status_code == 404


def test_an_unfinished_export_gets_404(client, user, test_kinds):
    client.force_login(user)
    export = DataExport.objects.create(user=user)
    assert download(client, export).status_code == 404


def test_an_old_link_is_gone_for_its_owner(client, user, export):
    client.force_login(user)
    with signed_at(3 * 24 * 60 * 60 + 60):
        url = export.get_download_url()
    response = client.get(url)
    assert response.status_code == 410
    assert "no-store" in response["Cache-Control"]


def test_an_old_link_tells_another_user_nothing(client, other_user, export):
    client.force_login(other_user)
    with signed_at(3 * 24 * 60 * 60 + 60):
        url = export.get_download_url()
    assert client.get(url).status_code == 404


def test_an_expired_export_is_gone_and_its_file_deleted(client, user, export):
    client.force_login(user)
    url = export.get_download_url()
    path = export.file.path
    DataExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(url).status_code == 410
    services.delete_expired_exports()
    assert not os.path.exists(path)
    assert client.get(url).status_code == 410


def test_a_missing_file_gets_404_not_500(client, user, export):
    client.force_login(user)
    os.remove(export.file.path)
    assert download(client, export).status_code == 404


def test_an_export_of_a_deleted_account_cannot_be_downloaded(client, export):
    url = export.get_download_url()
    DataExport.objects.filter(pk=export.pk).update(user=None)
    assert client.get(url).status_code == 404


def test_an_export_for_an_address_downloads_with_the_link_alone(client, email_export):
    response = download(client, email_export)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    data = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content))).read(
        "data.json"
    )
    assert b"kari@example.org" in data


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_refused(client, user, export, method):
    client.force_login(user)
    response = getattr(client, method)(export.get_download_url())
    assert response.status_code == 405


def test_the_mailed_link_is_absolute_and_names_the_export(client, user, export):
    url = services.download_url(export)
    prefix = "http://testserver/personvern/eksport/"
    assert url.startswith(prefix)
    assert read_download_token(url[len(prefix) : -1]).export_id == export.pk
    client.force_login(user)
    assert client.get(url.removeprefix("http://testserver")).status_code == 200
