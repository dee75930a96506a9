"""The profile on /konto/meg/profil/: everything but the login address is
editable by its owner; bad input gets field errors, never a 500."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile

from .conftest import PROFILE_FIELDS, profile_form

URL = reverse("accounts:profile")

VALID = profile_form(
    first_name="Kari",
    last_name="Nordmann",
    street_address="Storgata 12",
    postal_code="3611",
    city="Kongsberg",
    phone="912 34 567",
    birth_date="1990-05-17",
)


def test_the_profile_page_needs_a_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_owner_edits_name_address_phone_and_birth_date(member_client, member):
    response = member_client.post(URL, VALID)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:my_page")
    member.refresh_from_db()
    profile = Profile.objects.get(user=member)
    assert (member.first_name, member.last_name) == ("Kari", "Nordmann")
    assert (profile.street_address, profile.postal_code, profile.city) == (
        "Storgata 12",
        "3611",
        "Kongsberg",
    )
    assert profile.phone == "+4791234567"
    assert profile.birth_date == datetime.date(1990, 5, 17)
    my_page = member_client.get(reverse("accounts:my_page")).content.decode()
    assert "Storgata 12" in my_page and "91 23 45 67" in my_page


def test_the_birth_date_may_be_typed_the_norwegian_way(member_client, member):
    member_client.post(URL, {**VALID, "birth_date": "17.05.1990"})
    assert Profile.objects.get(user=member).birth_date == datetime.date(1990, 5, 17)


def test_everything_can_be_emptied_again(member_client, member):
    member_client.post(URL, VALID)
    response = member_client.post(URL, dict.fromkeys(VALID, ""))
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert (profile.phone, profile.city, profile.birth_date) == ("", "", None)


def test_the_login_address_is_not_on_the_form(member_client, member):
    member_client.post(URL, {**VALID, "email": "evil@example.org"})
    member.refresh_from_db()
    assert member.email == "kari@example.org"
    page = member_client.get(URL).content.decode()
    assert 'name="email"' not in page
    assert reverse("account_email") in page


def test_fields_have_labels_and_errors_are_linked(member_client):
    page = member_client.post(URL, {**VALID, "phone": "abc"}).content.decode()
    for name in PROFILE_FIELDS:
        assert f'<label for="id_{name}">' in page
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in page
    assert 'id="id_phone_error"' in page
    assert page.count("<h1") == 1


OVERSIZED = "x" * 10_000


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", OVERSIZED),
        ("last_name", "a" * 151),
        ("street_address", OVERSIZED),
        ("street_address", "Storgata 1\nDROP TABLE"),
        ("city", "Oslo\x00"),
        ("city", "Oslo\u202e"),
        ("postal_code", "36 11 <b>"),
        ("postal_code", OVERSIZED),
        ("phone", "call me"),
        ("phone", OVERSIZED),
        ("birth_date", "2999-01-01"),
        ("birth_date", "1800-01-01"),
        ("birth_date", "0000-00-00"),
        ("birth_date", "99.99.9999"),
        ("birth_date", OVERSIZED),
        ("guardian_email", "not an address"),
        ("guardian_email", OVERSIZED + "@example.org"),
    ],
)
def test_hostile_or_oversized_input_gets_a_field_error(
    member_client, member, field, value
):
    response = member_client.post(URL, {**VALID, field: value})
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not Profile.objects.filter(user=member, city="Kongsberg").exists()


def test_a_birth_date_today_is_accepted_with_a_guardian(member_client, member):
    today = timezone.localdate().isoformat()
    response = member_client.post(
        URL,
        {
            **VALID,
            "birth_date": today,
            "guardian_name": "Mor",
            "guardian_email": "mor@example.org",
        },
    )
    assert response.status_code == 302


def test_a_get_of_the_form_shows_what_is_stored(member_client, member):
    member_client.post(URL, VALID)
    page = member_client.get(URL).content.decode()
    assert 'value="+4791234567"' in page
    assert 'value="1990-05-17"' in page


def stored(member):
    member.refresh_from_db()
    profile = Profile.objects.get(user=member)
    return (
        member.first_name,
        member.last_name,
        profile.street_address,
        profile.postal_code,
        profile.city,
        profile.phone,
        profile.birth_date,
    )


KEPT = (
    "Kari",
    "Nordmann",
    "Storgata 12",
    "3611",
    "Kongsberg",
    "+4791234567",
    datetime.date(1990, 5, 17),
)


def without(*names):
    return {name: value for name, value in VALID.items() if name not in names}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"first_name": "Kari"}', "application/json"),
        ("", "application/json"),
        ("", "application/x-www-form-urlencoded"),
        ("first_name=Kari", "text/plain"),
        ("first_name=Ola&city=Oslo", "application/x-www-form-urlencoded"),
        ("profile_form=1", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00", "application/x-www-form-urlencoded"),
    ],
    ids=[
        "json",
        "empty json",
        "empty form",
        "text",
        "two fields",
        "only the marker",
        "bytes",
    ],
)
def test_a_post_that_is_not_the_whole_form_changes_nothing(
    member_client, member, body, content_type
):
    member_client.post(URL, VALID)
    response = member_client.post(URL, body, content_type=content_type)
    assert response.status_code == 400
    assert "arrived incomplete" in response.content.decode() or (
        "kom ufullstendig fram" in response.content.decode()
    )
    assert stored(member) == KEPT


@pytest.mark.parametrize("missing", ["profile_form", *PROFILE_FIELDS])
def test_a_form_missing_one_field_is_refused_with_a_message(
    member_client, member, missing
):
    member_client.post(URL, VALID)
    response = member_client.post(URL, without(missing))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert 'value="Storgata 12"' in page, "The form shows what is stored."
    assert stored(member) == KEPT


def test_clearing_one_optional_field_on_purpose_clears_only_that_one(
    member_client, member
):
    member_client.post(URL, VALID)
    response = member_client.post(URL, {**VALID, "city": "", "phone": ""})
    assert response.status_code == 302
    assert stored(member) == (*KEPT[:4], "", "", KEPT[6])


def test_the_form_the_page_shows_carries_the_marker(member_client):
    page = member_client.get(URL).content.decode()
    assert '<input type="hidden" name="profile_form" value="1"' in page


def test_the_form_sent_url_encoded_as_a_browser_does_saves(member_client, member):
    response = member_client.post(
        URL, urlencode(VALID), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert stored(member) == KEPT
