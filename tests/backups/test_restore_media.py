"""A restore leaves the media as the archive had them: files written after
it (uploads the restored database knows nothing of, files of people erased
since) are deleted and named in the summary. On SQLite, and on PostgreSQL
when DATABASE_URL points there."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from backups import services

from .conftest import empty_database

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data_restored"),
]


def every_file(storage, folder=""):
    return set(services._walk(storage, folder))


def test_a_restore_deletes_media_written_after_the_archive_and_says_which(
    backup_dirs,
):
    media = storages["default"]
    media.save("documents/programme.pdf", ContentFile(b"%PDF-1.4 before"))
    media.save("original_images/hall.jpg", ContentFile(b"jpeg of the hall"))
    run = services.create_backup()

    # After the backup: new uploads, one in a new folder, and a changed file.
    media.save("original_images/portrait-of-kari.jpg", ContentFile(b"kari"))
    media.save("documents/2027/new-season.pdf", ContentFile(b"%PDF-1.4 new"))
    media.delete("documents/programme.pdf")
    media.save("documents/programme.pdf", ContentFile(b"%PDF-1.4 after"))

    empty_database()
    out = io.StringIO()
    call_command("restore", run.archive, stdout=out)
    output = out.getvalue()

    assert every_file(media) == {"documents/programme.pdf", "original_images/hall.jpg"}
    with media.open("documents/programme.pdf") as restored:
        assert restored.read() == b"%PDF-1.4 before"
    assert "Deleted 2 media files that were not in the archive" in output
    listed = [line.strip() for line in output.splitlines() if line.startswith("  ")]
    assert set(listed) >= {
        "original_images/portrait-of-kari.jpg",
        "documents/2027/new-season.pdf",
    }
    assert "documents/programme.pdf" not in listed


def test_a_restore_into_media_the_archive_matches_deletes_nothing(backup_dirs):
    media = storages["default"]
    media.save("documents/programme.pdf", ContentFile(b"%PDF-1.4"))
    run = services.create_backup()

    empty_database()
    result = services.restore_backup(run.archive)

    assert result.media_deleted == []
    assert every_file(media) == {"documents/programme.pdf"}
