"""What the backups app does, as verbs: back the site up, restore it
(replaying the erasure journal), rotate the archives, and say how backups
stand.

An archive is one encrypted file (backups/crypto.py) holding a gzipped tar
stream: the database snapshot, the media files, the erasure journal, the
list of private export files, and last ``manifest.json`` (time, engine,
migration state, each member's size and SHA-256). It is written under a
temporary name and renamed when complete, so an interrupted backup never
looks like one."""

import dataclasses
import datetime
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import PurePosixPath

from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from privacy import journal, retention
from privacy import services as privacy_services
from privacy.models import ErasureJournalEntry
from privacy.storage import private_storage

from . import crypto, database
from .conf import conf
from .models import BackupRun

SUFFIX = ".vbak"
PARTIAL_SUFFIX = ".part"
NAME_PATTERN = re.compile(r"^backup-(\d{8}T\d{6}Z)\.vbak$")
TIME_FORMAT = "%Y%m%dT%H%M%SZ"
COPY_SIZE = 1024 * 1024
MANIFEST = "manifest.json"
JOURNAL_MEMBER = "erasure-journal.jsonl"
EXPORTS_MEMBER = "private/exports.json"

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on, with a message for people."""


class ReplayNotPossible(BackupError):
    """The restore could not replay the erasure journal: the site stays in
    maintenance mode."""


def _quiet(message: str) -> None:
    """Progress nobody asked to see."""


def backup_storage():
    return storages[conf.STORAGE]


def archive_name(when: datetime.datetime) -> str:
    return f"backup-{when.astimezone(datetime.UTC).strftime(TIME_FORMAT)}{SUFFIX}"


def archive_time(name: str) -> datetime.datetime | None:
    match = NAME_PATTERN.match(PurePosixPath(name).name)
    if not match:
        return None
    return datetime.datetime.strptime(match.group(1), TIME_FORMAT).replace(
        tzinfo=datetime.UTC
    )


# Backup -----------------------------------------------------------------------


class _HashingReader:
    """Reads a file, hashing what passes."""

    def __init__(self, fileobj):
        self._fileobj = fileobj
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self._fileobj.read(size)
        self.sha256.update(data)
        return data


class _ArchiveWriter:
    """The tar stream of one archive, gzipped and encrypted into ``fileobj``;
    remembers each member for the manifest."""

    def __init__(self, fileobj, key: bytes):
        self.encrypted = crypto.EncryptingWriter(fileobj, key)
        self.gzipped = gzip.GzipFile(fileobj=self.encrypted, mode="wb", compresslevel=6)
        self.tar = tarfile.open(fileobj=self.gzipped, mode="w|", bufsize=COPY_SIZE)
        self.members: dict[str, dict] = {}

    def add(self, name: str, fileobj, size: int):
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(time.time())
        info.mode = 0o600
        reader = _HashingReader(fileobj)
        self.tar.addfile(info, reader)
        self.members[name] = {"size": size, "sha256": reader.sha256.hexdigest()}

    def add_bytes(self, name: str, data: bytes):
        self.add(name, io.BytesIO(data), len(data))

    def close(self):
        self.tar.close()
        self.gzipped.close()
        self.encrypted.finish()


def migration_state() -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    recorder = MigrationRecorder(connection)
    for app, name in sorted(recorder.applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def _walk(storage, directory=""):
    """Every file of a storage, by name, without loading the listing of
    more than one folder at a time."""
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from _walk(storage, f"{directory}/{folder}" if directory else folder)


def _export_listing() -> bytes:
    """The private export files by name and size (the files themselves
    expire in days and are not kept)."""
    storage = private_storage()
    listing = [
        {"name": name, "size": storage.size(name)}
        for name in _walk(storage)
        if not name.endswith(privacy_services.PARTIAL_SUFFIX)
    ]
    return json.dumps(listing, indent=1).encode()


def _scratch_dir():
    """A private temporary folder for the unencrypted snapshot."""
    base = conf.SCRATCH_DIR
    if base is not None:
        os.makedirs(base, mode=0o700, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="venue-backup-", dir=base)


def create_backup(*, progress: Progress = _quiet, now=None) -> BackupRun:
    """Back the site up into one new archive in the backups' storage and
    record the run. A failure is recorded (the dashboard shows it) and
    raised; no archive is left that looks complete."""
    key = crypto.load_key(conf.KEY)
    run = BackupRun.objects.create()
    try:
        name, size = _write_archive(key, progress, now or timezone.now())
    except BaseException as error:
        BackupRun.objects.filter(pk=run.pk).update(
            status=BackupRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    BackupRun.objects.filter(pk=run.pk).update(
        status=BackupRun.Status.DONE,
        finished_at=timezone.now(),
        archive=name,
        size=size,
    )
    run.refresh_from_db()
    return run


def _write_archive(key: bytes, progress: Progress, now) -> tuple[str, int]:
    storage = backup_storage()
    name = archive_name(now)
    started = time.monotonic()
    with _scratch_dir() as scratch:
        snapshot = os.path.join(scratch, database.member_name())
        progress(f"Database ({database.engine()}): taking a snapshot")
        database.snapshot(snapshot)
        progress(f"Database: {os.path.getsize(snapshot) / 1e6:.1f} MB")
        local = _local_target(storage, name)
        descriptor = os.open(local, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with open(descriptor, "wb") as fileobj:
                archive = _ArchiveWriter(fileobj, key)
                with open(snapshot, "rb") as source:
                    archive.add(
                        database.member_name(), source, os.path.getsize(snapshot)
                    )
                os.remove(snapshot)
                media_files, media_bytes = _add_media(archive, progress)
                archive.add_bytes(JOURNAL_MEMBER, _journal_bytes())
                archive.add_bytes(EXPORTS_MEMBER, _export_listing())
                manifest = {
                    "format": 1,
                    "created_at": now.isoformat(),
                    "engine": database.engine(),
                    "database_member": database.member_name(),
                    "migrations": migration_state(),
                    "media": {"files": media_files, "bytes": media_bytes},
                    "members": archive.members,
                }
                archive.add_bytes(MANIFEST, json.dumps(manifest, indent=1).encode())
                archive.close()
                fileobj.flush()
                os.fsync(fileobj.fileno())
            size = _publish(storage, local, name)
        except BaseException:
            _remove(local)
            raise
    progress(
        f"Archive {name}: {size / 1e6:.1f} MB, {media_files} media files, "
        f"in {time.monotonic() - started:.1f} s"
    )
    if _has_journal():
        journal.write_copy()
    return name, size


def _has_journal() -> bool:
    """Whether the schema has the journal (one before it, being migrated,
    may not)."""
    return ErasureJournalEntry._meta.db_table in database.table_names()


def _journal_bytes() -> bytes:
    if not _has_journal():
        return b""
    return "".join(journal.dump_lines()).encode()


def _local_target(storage, name) -> str:
    """Where the archive is written while it grows: its final folder under
    a ``.part`` name for a local storage (renamed in one step at the end),
    else a temporary file before the upload."""
    if isinstance(storage, FileSystemStorage):
        os.makedirs(storage.location, mode=0o700, exist_ok=True)
        return storage.path(name) + PARTIAL_SUFFIX
    handle, path = tempfile.mkstemp(prefix="venue-backup-", suffix=PARTIAL_SUFFIX)
    os.close(handle)
    return path


def _publish(storage, local: str, name: str) -> int:
    size = os.path.getsize(local)
    if isinstance(storage, FileSystemStorage):
        os.replace(local, storage.path(name))
    else:
        with open(local, "rb") as fileobj:
            storage.save(name, fileobj)
        _remove(local)
    return size


def _add_media(archive: _ArchiveWriter, progress: Progress) -> tuple[int, int]:
    media = storages["default"]
    count = total = 0
    for name in _walk(media):
        try:
            size = media.size(name)
            with media.open(name, "rb") as fileobj:
                archive.add(f"media/{name}", fileobj, size)
        except FileNotFoundError:
            continue  # deleted while we walked: not part of the snapshot
        count += 1
        total += size
        if count % 500 == 0:
            progress(f"Media: {count} files, {total / 1e6:.1f} MB")
    progress(f"Media: {count} files, {total / 1e6:.1f} MB")
    return count, total


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


# Reading archives --------------------------------------------------------------


def open_archive(path_or_name: str):
    """An archive by path on this machine, or by name in the backups'
    storage."""
    if os.path.isfile(path_or_name):
        return open(path_or_name, "rb")  # noqa: SIM115 - the caller closes it
    storage = backup_storage()
    if storage.exists(path_or_name):
        return storage.open(path_or_name, "rb")
    raise BackupError(f"No archive {path_or_name!r} here or in the backups' storage.")


def _members(path_or_name: str, key: bytes):
    """(tar member, file object) of each member, streamed."""
    with open_archive(path_or_name) as raw:
        reader = io.BufferedReader(crypto.DecryptingReader(raw, key), COPY_SIZE)
        with (
            gzip.GzipFile(fileobj=reader, mode="rb") as plain,
            tarfile.open(fileobj=plain, mode="r|", bufsize=COPY_SIZE) as tar,
        ):
            for member in tar:
                if member.isfile():
                    yield member, tar.extractfile(member)


def verify(path_or_name: str, key: bytes) -> dict:
    """Read the whole archive, checking every chunk and every member against
    the manifest; return the manifest. Raises ``ArchiveDamaged``."""
    seen = {}
    manifest = None
    try:
        for member, fileobj in _members(path_or_name, key):
            if member.name == MANIFEST:
                manifest = json.loads(fileobj.read())
                continue
            digest = hashlib.sha256()
            while chunk := fileobj.read(COPY_SIZE):
                digest.update(chunk)
            seen[member.name] = {"size": member.size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, OSError, EOFError) as error:
        raise crypto.ArchiveDamaged(f"The archive is damaged: {error}") from error
    if manifest is None:
        raise crypto.ArchiveDamaged("The archive has no manifest: it is incomplete.")
    if seen != manifest["members"]:
        wrong = sorted(
            set(seen) ^ set(manifest["members"])
            | {
                name
                for name in set(seen) & set(manifest["members"])
                if seen[name] != manifest["members"][name]
            }
        )
        raise crypto.ArchiveDamaged(
            f"The archive does not match its manifest ({', '.join(wrong[:5])})."
        )
    return manifest


# Restore ----------------------------------------------------------------------


@dataclasses.dataclass
class RestoreResult:
    archive: str
    created_at: datetime.datetime
    engine: str
    media_files: int = 0
    # Media files that were not in the archive (uploaded after it, among
    # them files of people erased since), deleted by the restore.
    media_deleted: list[str] = dataclasses.field(default_factory=list)
    migrated: bool = False
    journal_added: int = 0
    replayed: journal.Replayed | None = None


def maintenance_on(reason: dict) -> None:
    path = conf.MAINTENANCE_FILE
    os.makedirs(path.parent, exist_ok=True)
    path.write_text(json.dumps(reason, default=str))


def maintenance_off() -> None:
    _remove(conf.MAINTENANCE_FILE)


def maintenance_reason() -> dict | None:
    try:
        return json.loads(conf.MAINTENANCE_FILE.read_text())
    except FileNotFoundError:
        return None


def restore_backup(
    path_or_name: str,
    *,
    force: bool = False,
    journal_lines: list[str] | None = None,
    progress: Progress = _quiet,
) -> RestoreResult:
    """Restore an archive into this site's database and media, then replay
    every erasure made after it. Refuses a damaged archive before touching
    anything, and a database that is not empty unless ``force``. The site
    is in maintenance mode from the start and leaves it only once the
    journal has been replayed; :class:`ReplayNotPossible` leaves it there."""
    key = crypto.load_key(conf.KEY)
    progress(f"Checking {path_or_name}")
    manifest = verify(path_or_name, key)
    created_at = datetime.datetime.fromisoformat(manifest["created_at"])
    if not force and not database.is_empty():
        raise BackupError(
            "The database is not empty. Restore into an empty database, or "
            "pass --force to replace everything in it."
        )
    # The journal as the live site knows it, read before the database goes.
    live_entries = journal.read_copy()
    if journal_lines:
        live_entries += journal.parse_lines(journal_lines)
    if _has_journal():
        live_entries += [
            journal.entry_to_dict(entry)
            for entry in ErasureJournalEntry.objects.iterator()
        ]
    maintenance_on({"archive": path_or_name, "created_at": created_at.isoformat()})
    result = RestoreResult(
        archive=path_or_name, created_at=created_at, engine=manifest["engine"]
    )
    media = storages["default"]
    restored_media = set()
    with _scratch_dir() as scratch:
        for member, fileobj in _members(path_or_name, key):
            if member.name == manifest["database_member"]:
                snapshot = os.path.join(scratch, member.name)
                with open(snapshot, "wb") as target:
                    shutil.copyfileobj(fileobj, target, COPY_SIZE)
                progress("Database: restoring")
                database.restore(snapshot, member=member.name)
                os.remove(snapshot)
            elif member.name.startswith("media/"):
                name = member.name.removeprefix("media/")
                if media.exists(name):
                    media.delete(name)
                restored_media.add(media.save(name, fileobj))
                result.media_files += 1
                if result.media_files % 500 == 0:
                    progress(f"Media: {result.media_files} files")
    progress(f"Media: {result.media_files} files")
    result.media_deleted = _delete_media_not_in(media, restored_media)
    if result.media_deleted:
        progress(f"Media: {len(result.media_deleted)} files not in the archive deleted")
    caches["default"].clear()  # pages cached from the database replaced
    before = migration_state()
    call_command("migrate", interactive=False, verbosity=0)
    result.migrated = migration_state() != before
    if result.migrated:
        progress("Database: migrated from the archive's older schema")
    result.journal_added = journal.merge(live_entries)
    replay_journal(created_at, result, progress)
    return result


def _delete_media_not_in(media, restored: set[str]) -> list[str]:
    """Delete the media files the archive did not hold: they were written
    after it (an upload the restored database knows nothing of, or a file of
    someone erased since, whom the journal cannot find by a file alone).
    Returns their names."""
    stale = [name for name in _walk(media) if name not in restored]
    for name in stale:
        media.delete(name)
    return stale


def replay_journal(since, result: RestoreResult | None = None, progress=_quiet):
    """Replay the erasures after ``since``; leave maintenance mode when
    done. Without the journal's key, stay in maintenance mode and say so."""
    try:
        replayed = journal.replay(
            since, erase=privacy_services.erase_subject, purge=retention.purge
        )
    except journal.JournalKeyMissing as error:
        raise ReplayNotPossible(
            f"{error} The site stays in maintenance mode (every page answers "
            "503) until the journal is replayed: set the key, then run "
            "`manage.py restore --replay`."
        ) from error
    if result is not None:
        result.replayed = replayed
    maintenance_off()
    progress(f"Erasure journal: {replayed.entries} entries after the archive replayed")
    return replayed


def replay_pending(progress: Progress = _quiet):
    """Finish a restore that stopped before its replay (``--replay``)."""
    reason = maintenance_reason()
    if reason is None:
        raise BackupError("No restore is waiting for its erasure journal.")
    since = datetime.datetime.fromisoformat(reason["created_at"])
    return replay_journal(since, progress=progress)


# Rotation ---------------------------------------------------------------------


def archives_to_keep(times: list[datetime.datetime], keep: dict[str, int]) -> set:
    """The archive times the schedule keeps: the newest of each of the last
    ``daily`` days, ``weekly`` ISO weeks and ``monthly`` months that have
    one (the newest archive always)."""
    newest_first = sorted(times, reverse=True)
    kept = set(newest_first[:1])
    periods = {
        "daily": lambda when: when.date(),
        "weekly": lambda when: when.isocalendar()[:2],
        "monthly": lambda when: (when.year, when.month),
    }
    for period, bucket_of in periods.items():
        seen = []
        for when in newest_first:
            bucket = bucket_of(when)
            if bucket in seen:
                continue
            if len(seen) >= keep.get(period, 0):
                break
            seen.append(bucket)
            kept.add(when)
    return kept


def rotate(*, now=None, dry_run=False) -> list[str]:
    """Delete the archives the ``BACKUP_KEEP`` schedule no longer keeps, and
    partial archives older than a day; return their names. The erasure
    journal's copy is not an archive and always stays."""
    storage = backup_storage()
    now = now or timezone.now()
    try:
        _folders, files = storage.listdir("")
    except FileNotFoundError:
        return []
    archives = {name: archive_time(name) for name in files}
    archives = {name: when for name, when in archives.items() if when}
    kept = archives_to_keep(list(archives.values()), conf.KEEP)
    doomed = [name for name, when in archives.items() if when not in kept]
    for name in files:
        if name.endswith(PARTIAL_SUFFIX):
            modified = storage.get_modified_time(name)
            if now - modified > datetime.timedelta(days=1):
                doomed.append(name)
    if not dry_run:
        for name in doomed:
            storage.delete(name)
    return sorted(doomed)


# Status -----------------------------------------------------------------------


@dataclasses.dataclass
class Status:
    last_good: BackupRun | None
    last_failed: BackupRun | None
    age: datetime.timedelta | None
    overdue: bool


def status(now=None) -> Status:
    """How backups stand, for the dashboard: the last good one and its age,
    a failure since, and whether it is overdue (older than
    ``BACKUP_WARN_HOURS``, or none at all)."""
    now = now or timezone.now()
    last_good = BackupRun.objects.filter(status=BackupRun.Status.DONE).first()
    failed = BackupRun.objects.filter(status=BackupRun.Status.FAILED)
    if last_good is not None:
        failed = failed.filter(started_at__gt=last_good.started_at)
    age = now - last_good.finished_at if last_good is not None else None
    return Status(
        last_good=last_good,
        last_failed=failed.first(),
        age=age,
        overdue=age is None or age > datetime.timedelta(hours=conf.WARN_HOURS),
    )
