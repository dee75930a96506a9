"""Download my data from my page: asked for with a POST (the password again
when the last sign-in is older than ten minutes), built in the background,
mailed, shown on my page, and downloadable by its owner only."""

import io
import json
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from privacy.models import DataExport

from .conftest import PASSWORD, profile_form, sign_in, sign_in_long_ago

DATA_URL = reverse("accounts:data")


@pytest.fixture
def ask_for_export(django_capture_on_commit_callbacks):
    def ask(client):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(DATA_URL)

    return ask


def test_asking_right_after_signing_in_builds_the_export_and_mails_the_link(
    member_client, member, ask_for_export
):
    response = ask_for_export(member_client)
    assert response.status_code == 302
    export = DataExport.objects.get(user=member)
    assert export.status == DataExport.Status.READY
    assert [message.to for message in mail.outbox] == [[member.email]]

    # The link is signed with a timestamp, so compare up to the timestamp:
    # the page may be rendered in another second than this line runs.
    link = export.get_download_url().split(":")[0]
    page = member_client.get(reverse("accounts:my_page")).content.decode()
    assert link in page
    data_page = member_client.get(DATA_URL).content.decode()
    assert link in data_page


def test_the_zip_holds_the_accounts_data(member_client, member, ask_for_export):
    member_client.post(
        reverse("accounts:profile"),
        profile_form(
            first_name="Kari", last_name="Nordmann", city="Kongsberg", phone="91234567"
        ),
    )
    ask_for_export(member_client)
    export = DataExport.objects.get(user=member)
    response = member_client.get(export.get_download_url())
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["accounts.user"][0]["email"] == member.email
    assert data["accounts.profile"][0]["phone"] == "+4791234567"
    assert data["accounts.sign_ins"][0]["ip_address"] == "198.51.100.7"
    assert "Kongsberg" in archive.read("index.html").decode()


def test_another_users_export_link_is_not_found(
    member_client, member, other_member, client, ask_for_export
):
    ask_for_export(member_client)
    link = DataExport.objects.get(user=member).get_download_url()
    other = client.__class__()
    sign_in(other, other_member.email)
    assert other.get(link).status_code == 404


def test_the_link_needs_a_sign_in(member_client, member, ask_for_export):
    ask_for_export(member_client)
    link = DataExport.objects.get(user=member).get_download_url()
    anonymous = member_client.__class__()
    response = anonymous.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_after_ten_minutes_the_password_is_asked_first(
    member_client, member, django_capture_on_commit_callbacks
):
    sign_in_long_ago(member_client)
    response = member_client.post(DATA_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not DataExport.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            response["Location"], {"password": PASSWORD}, follow=False
        )
    assert DataExport.objects.filter(user=member).count() == 1


def test_the_status_page_needs_no_password_again(member_client):
    sign_in_long_ago(member_client)
    assert member_client.get(DATA_URL).status_code == 200


def test_a_get_asks_for_nothing(member_client, member):
    member_client.get(DATA_URL)
    assert not DataExport.objects.exists()
