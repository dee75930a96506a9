"""What goes wrong with archives is refused, never half restored: a backup
killed half way, a damaged archive, a missing key, a database that is not
empty."""

import gc
import io
import os
import struct

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from backups import crypto, services
from backups.models import BackupRun

from ..factories import UserFactory
from .conftest import archives

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data_restored"),
]


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no cleanup."""


def test_a_backup_killed_half_way_leaves_no_archive_that_looks_complete(
    backup_dirs, monkeypatch
):
    UserFactory(email="kari@example.org")

    def killed(archive, progress):
        archive.add_bytes("media/half.bin", os.urandom(3_000_000))  # some chunks out
        raise Killed

    monkeypatch.setattr(services, "_add_media", killed)
    monkeypatch.setattr(
        services, "_remove", lambda path: None
    )  # a kill cleans up nothing
    with pytest.raises(Killed):
        services.create_backup()

    assert archives(backup_dirs) == []
    (partial,) = backup_dirs.glob("*.part")
    assert partial.stat().st_size > 1_000_000
    out = io.StringIO()
    call_command("restore", "--list", stdout=out)
    assert out.getvalue() == ""
    assert BackupRun.objects.get().status == BackupRun.Status.FAILED
    # Even renamed to look like an archive, it is refused as incomplete.
    looks_complete = partial.with_name(partial.name.removesuffix(".part"))
    partial.rename(looks_complete)
    with pytest.raises(CommandError, match="ends early"):
        call_command("restore", str(looks_complete), "--force", stdout=io.StringIO())
    assert User.objects.filter(email="kari@example.org").exists()


def test_a_corrupted_archive_is_refused_by_its_checksum_and_nothing_changes(
    backup_dirs, settings
):
    UserFactory(email="kari@example.org")
    run = services.create_backup()
    UserFactory(email="ola@example.org")
    path = backup_dirs / run.archive
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))

    with pytest.raises(CommandError, match="fails its checksum"):
        call_command("restore", run.archive, "--force", stdout=io.StringIO())

    assert User.objects.filter(email="ola@example.org").exists()
    assert not services.maintenance_reason()


def test_chunks_swapped_in_an_archive_are_refused():
    key = crypto.load_key(crypto.new_key())
    sealed = io.BytesIO()
    writer = crypto.EncryptingWriter(sealed, key, chunk_size=100)
    writer.write(b"a" * 100 + b"b" * 100)
    writer.finish()
    raw = sealed.getvalue()
    (header_length,) = struct.unpack(
        ">I", raw[len(crypto.MAGIC) : len(crypto.MAGIC) + 4]
    )
    start = len(crypto.MAGIC) + 4 + header_length
    chunk = 4 + 100 + 16
    first, second = raw[start : start + chunk], raw[start + chunk : start + 2 * chunk]
    swapped = raw[:start] + second + first + raw[start + 2 * chunk :]

    reader = io.BufferedReader(crypto.DecryptingReader(io.BytesIO(swapped), key))
    with pytest.raises(crypto.ArchiveDamaged, match="Chunk 0"):
        reader.read()


def test_a_writer_given_up_after_an_error_never_marks_its_archive_complete():
    """Only finish() writes the final mark; close() (also what the garbage
    collector calls on a writer dropped by an exception) does not, and
    writes nothing more."""
    key = crypto.load_key(crypto.new_key())
    sealed = io.BytesIO()
    writer = crypto.EncryptingWriter(sealed, key, chunk_size=100)
    writer.write(b"a" * 150)
    writer.close()
    raw = sealed.getvalue()
    del writer
    gc.collect()
    assert sealed.getvalue() == raw
    reader = io.BufferedReader(crypto.DecryptingReader(io.BytesIO(raw), key))
    with pytest.raises(crypto.ArchiveDamaged, match="ends early"):
        reader.read()

    finished = io.BytesIO()
    writer = crypto.EncryptingWriter(finished, key, chunk_size=100)
    writer.write(b"a" * 150)
    writer.finish()
    reader = io.BufferedReader(
        crypto.DecryptingReader(io.BytesIO(finished.getvalue()), key)
    )
    assert reader.read() == b"a" * 150


def test_an_archive_with_another_key_is_refused_with_a_clear_message(
    backup_dirs, settings
):
    run = services.create_backup()
    settings.BACKUP_KEY = crypto.new_key()
    with pytest.raises(CommandError, match="encrypted with another BACKUP_KEY"):
        call_command("restore", run.archive, "--force", stdout=io.StringIO())


def test_the_backup_refuses_to_run_without_a_key(backup_dirs, settings):
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="BACKUP_KEY is not set"):
        call_command("backup", stdout=io.StringIO())
    assert archives(backup_dirs) == []


def test_a_restore_into_a_database_that_is_not_empty_needs_force(backup_dirs):
    run = services.create_backup()
    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", run.archive, stdout=io.StringIO())
    assert not services.maintenance_reason()


def test_the_backup_command_shows_progress_and_a_summary(backup_dirs):
    out = io.StringIO()
    call_command("backup", stdout=out)
    output = out.getvalue()
    assert "Database (" in output
    assert "Media: 0 files" in output
    assert "Backed up to backup-" in output
    assert len(archives(backup_dirs)) == 1
