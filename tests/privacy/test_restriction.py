"""Restriction of processing (GDPR art. 18): an editor or the person
restricts it; while it stands the retention purge keeps the person's data
and their export still works; the admin lists who is restricted and why,
and lifting is logged with who, when and why."""

import datetime
import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessLog
from django.core.exceptions import ValidationError
from django.utils import timezone

from comments.models import Comment
from privacy import registry, retention, services
from privacy.models import ConsentRecord, Restriction, RightsRequest
from privacy.registry import Subject

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/personvern/restrictions/"
CREATE = "/admin/personvern/restrictions/new/"
NOW = timezone.now()


def lift_url(restriction):
    return f"/admin/personvern/restrictions/{restriction.pk}/lift/"


def restrict(email="kari@example.org", reason="Contests the accuracy."):
    return services.restrict(Subject.for_email(email), reason=reason)


def closed_request(email, years=4):
    return RightsRequest.objects.create(
        email=email,
        action="erasure",
        status=RightsRequest.Status.DONE,
        created_at=NOW - datetime.timedelta(days=365 * years),
        closed_at=NOW - datetime.timedelta(days=365 * years),
    )


# Who is restricted -----------------------------------------------------------


def test_a_restriction_by_address_covers_the_address_in_any_case(db):
    restrict("Kari@Example.org")
    assert services.is_restricted("KARI@example.org")
    assert not services.is_restricted("ola@example.org")


def test_a_restricted_account_covers_its_verified_addresses(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True)
    services.restrict(Subject.for_user(user), reason="Asked by letter.")
    assert services.is_restricted(user)
    assert services.is_restricted("kari@example.org")


def test_a_restriction_needs_a_reason(db):
    with pytest.raises(ValidationError) as refused:
        restrict(reason="  ")
    assert "reason" in refused.value.message_dict
    assert not Restriction.objects.exists()


def test_restricting_twice_keeps_one_restriction(db):
    first = restrict()
    assert restrict() == first
    assert Restriction.objects.count() == 1


def test_a_lifted_restriction_no_longer_holds(db, editor):
    restriction = restrict()
    services.lift_restriction(restriction, reason="Corrected.", editor=editor)
    assert not services.is_restricted("kari@example.org")
    restriction.refresh_from_db()
    assert restriction.lifted_by == editor
    assert restriction.lift_reason == "Corrected."
    assert restriction.lifted_at is not None


# Kept, not used ----------------------------------------------------------------


def test_the_purge_keeps_a_restricted_persons_data_until_lifted(db, editor):
    kept = closed_request("kari@example.org")
    gone = closed_request("ola@example.org")
    restriction = restrict()
    retention.purge(keys={"privacy.closed_requests"})
    remaining = set(RightsRequest.objects.values_list("pk", flat=True))
    assert remaining == {kept.pk}
    assert gone.pk not in remaining

    services.lift_restriction(restriction, reason="Checked.", editor=editor)
    retention.purge(keys={"privacy.closed_requests"})
    assert not RightsRequest.objects.exists()


def test_the_purge_keeps_rows_linked_to_a_restricted_account(user, other_user):
    old = NOW - datetime.timedelta(days=4000)
    for person in (user, other_user):
        ConsentRecord.objects.create(user=person, created_at=old)
    services.restrict(Subject.for_user(user), reason="Asked on the phone.")
    retention.purge(keys={"privacy.consent_records"})
    assert list(ConsentRecord.objects.values_list("user", flat=True)) == [user.pk]


def test_the_purge_does_not_anonymise_a_restricted_persons_comments(
    home_page, venue, settings
):
    settings.PRIVACY_RETENTION = {
        **settings.PRIVACY_RETENTION,
        "comments.ip_address": 60,
    }
    old = NOW - datetime.timedelta(days=90)
    for email in ("kari@example.org", "ola@example.org"):
        Comment.objects.create(
            content_type_id=home_page.content_type_id,
            object_pk=str(home_page.pk),
            site_id=settings.SITE_ID,
            page=home_page,
            user_email=email,
            comment="Hei",
            submit_date=old,
            ip_address="198.51.100.20",
        )
    restrict()
    retention.purge(keys={"comments.ip_address"})
    addresses = dict(Comment.objects.values_list("user_email", "ip_address"))
    assert addresses == {"kari@example.org": "198.51.100.20", "ola@example.org": None}


def test_the_sign_in_log_of_a_restricted_address_is_kept(db):
    for username in ("kari@example.org", "ola@example.org"):
        row = AccessLog.objects.create(username=username, ip_address="203.0.113.7")
        AccessLog.objects.filter(pk=row.pk).update(
            attempt_time=NOW - datetime.timedelta(days=400)
        )
    restrict()
    retention.purge(keys={"accounts.security_log"})
    assert list(AccessLog.objects.values_list("username", flat=True)) == [
        "kari@example.org"
    ]


def test_the_export_still_works_and_shows_the_restriction(user):
    services.restrict(Subject.for_user(user), reason="Contests the accuracy.")
    buffer = io.BytesIO()
    services.export_subject(Subject.for_user(user), buffer)
    buffer.seek(0)
    data = json.loads(zipfile.ZipFile(buffer).read("data.json"))
    [row] = data["privacy.restrictions"]
    assert row["reason"] == "Contests the accuracy."
    assert row["addresses"] == ["kari@example.org"]
    assert row["lifted_at"] is None


def test_erasing_the_person_removes_their_restriction(user):
    services.restrict(Subject.for_user(user), reason="Contests the accuracy.")
    result = registry.get("privacy.restrictions").erase(Subject.for_user(user))
    assert result.deleted >= 1
    assert not Restriction.objects.exists()


def test_erasing_an_editor_keeps_the_restrictions_they_placed_without_them(editor):
    restriction = services.restrict(
        Subject.for_email("ola@example.org"), reason="Asked.", editor=editor
    )
    kind = registry.get("privacy.restriction_handling")
    assert [row["restriction"] for row in kind.export(Subject.for_user(editor))] == [
        restriction.pk
    ]
    kind.erase(Subject.for_user(editor))
    restriction.refresh_from_db()
    assert restriction.placed_by is None
    assert services.is_restricted("ola@example.org")


# The admin ------------------------------------------------------------------------


def test_the_admin_lists_restricted_people_why_and_counts(client, editor):
    restrict("kari@example.org", reason="Says the birth date is wrong.")
    lifted = restrict("ola@example.org", reason="Old.")
    services.lift_restriction(lifted, reason="Done.", editor=editor)
    client.force_login(editor)
    html = client.get(LIST).content.decode()
    assert "kari@example.org" in html
    assert "Says the birth date is wrong." in html
    assert "ola@example.org" not in html
    counts = html.split("data-restriction-counts>")[1].split("</p>")[0]
    assert "<strong>1</strong>" in counts
    assert "ola@example.org" in client.get(LIST + "?show=lifted").content.decode()


def test_an_editor_restricts_a_person_and_the_account_behind_the_address(
    client, editor, user
):
    EmailAddress.objects.create(user=user, email=user.email, verified=True)
    client.force_login(editor)
    response = client.post(
        CREATE, {"email": "KARI@example.org", "reason": "Called us."}
    )
    assert response.status_code == 302
    restriction = Restriction.objects.get()
    assert restriction.user == user
    assert restriction.placed_by == editor
    assert restriction.source == Restriction.Source.EDITOR
    assert services.is_restricted(user)


@pytest.mark.parametrize(
    "data", [{"email": "kari@example.org", "reason": ""}, {"email": "x", "reason": "Y"}]
)
def test_a_restriction_without_a_reason_or_address_is_refused_clearly(
    client, editor, data
):
    client.force_login(editor)
    response = client.post(CREATE, data)
    assert response.status_code == 400
    assert 'class="error-message"' in response.content.decode()
    assert not Restriction.objects.exists()


def test_lifting_in_the_admin_records_who_when_and_why(client, editor):
    restriction = restrict()
    client.force_login(editor)
    assert client.post(lift_url(restriction), {"reason": ""}).status_code == 302
    assert services.is_restricted("kari@example.org")
    client.post(lift_url(restriction), {"reason": "The data was corrected."})
    restriction.refresh_from_db()
    assert (restriction.lifted_by, restriction.lift_reason) == (
        editor,
        "The data was corrected.",
    )
    html = client.get(LIST + "?show=lifted").content.decode()
    assert "The data was corrected." in html


def test_restrictions_are_for_editors_only(client, user):
    client.force_login(user)
    assert client.get(LIST).status_code in (302, 403)
    assert client.post(
        CREATE, {"email": "a@example.org", "reason": "x"}
    ).status_code in (
        302,
        403,
    )
    assert not Restriction.objects.exists()


# My page ---------------------------------------------------------------------------


def test_a_person_restricts_their_own_data_from_my_page_and_lifts_it(client, user):
    client.force_login(user)
    page = client.get("/konto/meg/").content.decode()
    assert 'id="my-page-restriction"' in page
    response = client.post("/personvern/begrens/", {"reason": "Wrong address."})
    assert response.status_code == 302
    restriction = Restriction.objects.get()
    assert restriction.source == Restriction.Source.PERSON
    assert restriction.reason == "Wrong address."
    assert services.is_restricted(user)
    assert "data-restriction-status" in client.get("/konto/meg/").content.decode()

    client.post("/personvern/begrens/opphev/")
    restriction.refresh_from_db()
    assert restriction.lifted_by == user
    assert not services.is_restricted(user)


def test_a_person_cannot_lift_a_restriction_an_editor_placed(client, user, editor):
    services.restrict(Subject.for_user(user), reason="Dispute.", editor=editor)
    client.force_login(user)
    assert client.post("/personvern/begrens/opphev/").status_code == 400
    assert services.is_restricted(user)


def test_restricting_from_my_page_needs_a_signed_in_post(client, db):
    assert client.post("/personvern/begrens/", {"reason": "x"}).status_code == 302
    assert not Restriction.objects.exists()


def test_a_stranger_restricting_does_not_touch_another_account(client, user):
    stranger = UserFactory(email="stranger@example.org")
    client.force_login(stranger)
    client.post("/personvern/begrens/", {"reason": ""})
    assert services.is_restricted(stranger)
    assert not services.is_restricted(user)
