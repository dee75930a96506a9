"""Building exports: the ZIP's contents, the background build, failures,
and deleting expired files."""

import datetime
import io
import json
import os
import zipfile

import pytest
from django.core import mail
from django.utils import timezone, translation

from privacy import registry, services
from privacy.models import DataExport
from privacy.registry import PersonalData, Subject
from privacy.tokens import DownloadToken, read_download_token

from ..bench.seeding import seed
from .conftest import link_in

pytestmark = pytest.mark.django_db


def build_zip(subject):
    buffer = io.BytesIO()
    counts = services.export_subject(subject, buffer)
    buffer.seek(0)
    return zipfile.ZipFile(buffer), counts


def read_data(archive):
    return json.loads(archive.read("data.json").decode("utf-8"))


class BrokenKind(PersonalData):
    """Test-only kind whose export fails halfway."""

    key = "tests.broken"
    label = purpose = legal_basis = retention = "Testing."

    def rows(self, subject):
        yield {"fine": True}
        raise RuntimeError("Database went away")

    def export_row(self, row):
        return row


def test_export_zip_holds_data_json_and_index_html(test_kinds, user):
    archive, counts = build_zip(Subject.for_user(user))
    assert sorted(archive.namelist()) == ["data.json", "data.schema.json", "index.html"]
    assert counts == {"privacy.exports": 0, "tests.names": 1}


def test_data_json_has_a_key_per_kind_and_meta(test_kinds, user):
    DataExport.objects.create(user=user)
    data = read_data(build_zip(Subject.for_user(user))[0])
    assert set(data) == {kind.key for kind in registry.kinds()} | {"meta"}
    assert data["tests.names"] == [
        {
            "email": "kari@example.org",
            "first_name": "Kari",
            "last_name": "Nordmann",
            "date_joined": user.date_joined.isoformat(),
        }
    ]
    meta = data["meta"]
    assert meta["subject"] == {"user_id": user.pk, "emails": ["kari@example.org"]}
    assert meta["kinds"]["privacy.exports"]["rows"] == 1
    assert set(meta["kinds"]["tests.names"]) == {
        "label",
        "purpose",
        "legal_basis",
        "retention",
        "rows",
    }


def test_dates_in_data_json_are_iso_8601(test_kinds, user):
    DataExport.objects.create(user=user)
    data = read_data(build_zip(Subject.for_user(user))[0])
    datetime.datetime.fromisoformat(data["meta"]["generated_at"])
    datetime.datetime.fromisoformat(data["tests.names"][0]["date_joined"])
    datetime.datetime.fromisoformat(data["privacy.exports"][0]["requested_at"])


def test_data_json_is_utf8_without_escapes(test_kinds, user):
    user.first_name = "Åse Ødegård"
    user.save()
    raw = build_zip(Subject.for_user(user))[0].read("data.json")
    assert "Åse Ødegård".encode() in raw


def test_index_html_escapes_hostile_text(test_kinds, user):
    user.first_name = '<script>alert("x")</script>'
    user.last_name = '"><img src=x onerror=alert(1)>'
    user.save()
    page = build_zip(Subject.for_user(user))[0].read("index.html").decode()
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_index_html_is_self_contained_and_structured(test_kinds, user):
    page = build_zip(Subject.for_user(user))[0].read("index.html").decode()
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="' in page
    assert "<style>" in page
    for external in ("<link", "<script", "src=", "http://", "https://", "@import"):
        assert external not in page
    assert page.count("<h1") == 1
    assert 'id="kind-tests.names"' in page
    assert 'href="#kind-tests.names"' in page
    assert "Nordmann" in page
    assert page.rstrip().endswith("</html>")


def test_index_html_says_when_a_kind_is_empty(test_kinds, user):
    page = build_zip(Subject.for_user(user))[0].read("index.html").decode()
    section = page.split('id="kind-privacy.exports"')[1].split("</section>")[0]
    assert "<ol" not in section
    assert 'class="empty"' in section


def test_many_rows_span_several_chunks_in_one_list(test_kinds, user):
    seed(registry.get("privacy.exports"), Subject.for_user(user), 450)
    archive, counts = build_zip(Subject.for_user(user))
    assert counts["privacy.exports"] == 450
    assert len(read_data(archive)["privacy.exports"]) == 450
    page = archive.read("index.html").decode()
    section = page.split('id="kind-privacy.exports"')[1].split("</section>")[0]
    assert section.count("<ol") == 1
    assert section.count("</ol>") == 1
    assert section.count("<li>") == 450


def test_request_export_builds_the_zip_and_mails_the_link(
    test_kinds, user, django_capture_on_commit_callbacks, export_dir
):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(Subject.for_user(user))
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    assert export.user == user and export.email == ""
    assert export.size == os.path.getsize(export.file.path)
    assert os.path.dirname(export.file.path) == str(export_dir)
    assert oct(os.stat(export.file.path).st_mode & 0o777) == "0o600"
    assert export.expires_at - export.ready_at == datetime.timedelta(days=3)
    (message,) = mail.outbox
    assert message.to == ["kari@example.org"]
    token = link_in(message, "/personvern/eksport/").split("/")[-2]
    assert read_download_token(token) == DownloadToken(export.pk, expired=False)
    assert export.notified_at is not None
    assert zipfile.is_zipfile(export.file.path)


def test_a_second_request_soon_after_returns_the_first(
    test_kinds, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_export(Subject.for_user(user))
        second = services.request_export(Subject.for_user(user))
    assert first == second
    assert DataExport.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_request_after_the_dedup_window_makes_a_new_export(
    test_kinds, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_export(Subject.for_user(user))
    DataExport.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    with django_capture_on_commit_callbacks(execute=True):
        second = services.request_export(Subject.for_user(user))
    assert first != second


def test_a_failed_build_keeps_the_row_marks_it_and_tells_the_owner(
    only_kinds, user, django_capture_on_commit_callbacks, export_dir, caplog
):
    only_kinds(BrokenKind)
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(Subject.for_user(user))
    export.refresh_from_db()
    assert export.status == DataExport.Status.FAILED
    assert "Database went away" in export.error
    assert not export.file
    assert not os.listdir(export_dir)
    (message,) = mail.outbox
    assert "/personvern/eksport/" not in message.body
    assert "Building data export" in caplog.text


def test_a_build_delivered_twice_builds_once(test_kinds, user):
    export = DataExport.objects.create(user=user)
    assert services.build_export(export.pk) is not None
    assert services.build_export(export.pk) is None


def test_an_export_needs_an_owner():
    with pytest.raises(ValueError):
        services.request_export(Subject())


def test_an_export_erased_while_building_leaves_no_file(test_kinds, user, export_dir):
    export = DataExport.objects.create(user=user)
    original = services.export_subject

    def export_then_erase(subject, fileobj):
        counts = original(subject, fileobj)
        DataExport.objects.filter(pk=export.pk).delete()
        return counts

    services.export_subject = export_then_erase
    try:
        assert services.build_export(export.pk) is None
    finally:
        services.export_subject = original
    assert not os.listdir(export_dir)


def make_ready(user, *, expires_in):
    export = DataExport.objects.create(user=user)
    services.build_export(export.pk)
    DataExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() + expires_in
    )
    export.refresh_from_db()
    return export


def test_delete_expired_exports_removes_files_and_marks_rows(test_kinds, user):
    expired = make_ready(user, expires_in=-datetime.timedelta(minutes=1))
    current = make_ready(user, expires_in=datetime.timedelta(days=1))
    expired_path, current_path = expired.file.path, current.file.path
    assert services.delete_expired_exports() == 1
    expired.refresh_from_db()
    assert expired.status == DataExport.Status.EXPIRED
    assert not expired.file
    assert not os.path.exists(expired_path)
    assert os.path.exists(current_path)


def test_delete_expired_exports_removes_files_of_deleted_accounts(test_kinds, user):
    export = make_ready(user, expires_in=datetime.timedelta(days=1))
    path = export.file.path
    DataExport.objects.filter(pk=export.pk).update(user=None)  # as SET_NULL does
    services.delete_expired_exports()
    assert not os.path.exists(path)


def test_delete_expired_exports_forgets_old_records(test_kinds, user):
    old = DataExport.objects.create(
        user=user,
        status=DataExport.Status.EXPIRED,
        created_at=timezone.now() - datetime.timedelta(days=400),
    )
    recent = DataExport.objects.create(user=user, status=DataExport.Status.EXPIRED)
    services.delete_expired_exports()
    assert not DataExport.objects.filter(pk=old.pk).exists()
    assert DataExport.objects.filter(pk=recent.pk).exists()


def test_delete_expired_exports_sweeps_stray_files(test_kinds, user, export_dir):
    current = make_ready(user, expires_in=datetime.timedelta(days=1))
    stray = export_dir / "left-by-a-crash.zip.part"
    stray.write_bytes(b"half")
    day_old = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(stray, (day_old, day_old))
    os.utime(current.file.path, (day_old, day_old))
    services.delete_expired_exports()
    assert not stray.exists()
    assert os.path.exists(current.file.path)


def test_links_the_mail_server_refused_are_sent_later(
    test_kinds, user, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.privacy.test_export.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(Subject.for_user(user))
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    assert export.notified_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_pending_export_mails() == 1
    assert services.send_pending_export_mails() == 0
    assert len(mail.outbox) == 1


class RefusingBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server is down")


class MixedKind(PersonalData):
    """Test-only kind with one row of every shape of value."""

    key = "tests.mixed"
    label = purpose = legal_basis = retention = "Testing."

    def rows(self, subject):
        return [
            {
                "birth_date": "1990-05-17",
                "signed_in_at": "2025-03-01T09:30:00+00:00",
                "looks_like_a_date": "2025-13-45",
                "note": "line one\n<b>line two</b>",
                "tags": ["a", "<i>b</i>"],
                "nothing": None,
            }
        ]

    def export_row(self, row):
        return row


def test_index_html_shows_values_readably(only_kinds, user):
    only_kinds(MixedKind)
    with translation.override("nb"):
        archive, _counts = build_zip(Subject.for_user(user))
    page = archive.read("index.html").decode()
    assert "17. mai 1990" in page
    assert "1. mars 2025 10:30" in page  # Oslo time
    assert "2025-13-45" in page
    assert "<pre>line one\n&lt;b&gt;line two&lt;/b&gt;</pre>" in page
    assert "&lt;i&gt;b&lt;/i&gt;" in page
    assert "<b>" not in page and "<i>" not in page
    row = read_data(archive)["tests.mixed"][0]
    assert row["birth_date"] == "1990-05-17"
    assert row["nothing"] is None


def test_an_export_left_by_a_crashed_worker_is_built_again(
    test_kinds, user, export_dir
):
    """A worker died while building: the row says 'building' and nobody is
    building it. After the stale time the periodic task starts it again."""
    export = DataExport.objects.create(user=user, status=DataExport.Status.BUILDING)
    assert services.resume_stale_exports() == {"restarted": 0, "given_up": 0}
    later = timezone.now() + datetime.timedelta(minutes=31)
    assert services.resume_stale_exports(now=later) == {"restarted": 1, "given_up": 0}
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    assert export.is_downloadable
    (message,) = mail.outbox
    assert "/personvern/eksport/" in message.body


def test_an_export_never_built_is_given_up_and_its_owner_told(test_kinds, user):
    export = DataExport.objects.create(
        user=user,
        status=DataExport.Status.PENDING,
        created_at=timezone.now() - datetime.timedelta(hours=25),
    )
    assert services.resume_stale_exports() == {"restarted": 0, "given_up": 1}
    export.refresh_from_db()
    assert export.status == DataExport.Status.FAILED
    (message,) = mail.outbox
    assert "/personvern/eksport/" not in message.body
    assert services.resume_stale_exports() == {"restarted": 0, "given_up": 0}
