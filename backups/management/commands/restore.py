from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backups import crypto, database, services


class Command(BaseCommand):
    help = (
        "Restore an archive (a path, or a name in the backups' storage) into "
        "this site's empty database and media, migrate it if its schema is "
        "older, and erase again everyone the erasure journal says was erased "
        "after the archive was made. The site answers 503 until that is done."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="The archive to restore.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that is not empty (everything in it goes).",
        )
        parser.add_argument(
            "--journal",
            metavar="FILE",
            help="A copy of the erasure journal to replay as well (JSON lines).",
        )
        parser.add_argument(
            "--replay",
            action="store_true",
            help="Only finish a restore that could not replay the journal.",
        )
        parser.add_argument(
            "--list", action="store_true", help="List the archives and stop."
        )

    def handle(self, *args, archive=None, force=False, journal=None, **options):
        try:
            if options["list"]:
                return self.list_archives()
            if options["replay"]:
                replayed = services.replay_pending(progress=self.stdout.write)
                self.report_replay(replayed)
                return
            if not archive:
                raise CommandError("Name the archive to restore (see --list).")
            lines = None
            if journal:
                with open(journal, encoding="utf-8") as fileobj:
                    lines = fileobj.read().splitlines()
            result = services.restore_backup(
                archive, force=force, journal_lines=lines, progress=self.stdout.write
            )
        except services.ReplayNotPossible as error:
            raise CommandError(str(error)) from error
        except (
            services.BackupError,
            crypto.BackupKeyError,
            crypto.ArchiveDamaged,
            database.DatabaseToolError,
            OSError,
        ) as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        self.report(result)

    def list_archives(self):
        storage = services.backup_storage()
        _folders, files = storage.listdir("")
        for name in sorted(files):
            if services.archive_time(name):
                self.stdout.write(f"{name}  {storage.size(name) / 1e6:.1f} MB")

    def report(self, result):
        created = timezone.localtime(result.created_at)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {result.archive} ({result.engine}), made "
                f"{created:%Y-%m-%d %H:%M:%S %Z}; {result.media_files} media files."
            )
        )
        self.stdout.write(
            self.style.WARNING(
                f"Lost: everything written after {created:%Y-%m-%d %H:%M:%S %Z} "
                "(accounts, orders, comments, sign-ups and edits made since then) "
                "is not in the restored site."
            )
        )
        if result.media_deleted:
            self.stdout.write(
                self.style.WARNING(
                    f"Deleted {len(result.media_deleted)} media files that were "
                    f"not in the archive (written after "
                    f"{created:%Y-%m-%d %H:%M:%S %Z}):"
                )
            )
            for name in result.media_deleted:
                self.stdout.write(f"  {name}")
        if result.journal_added:
            self.stdout.write(
                f"Erasure journal: {result.journal_added} entries newer than the "
                "archive added from the live journal."
            )
        if result.replayed is not None:
            self.report_replay(result.replayed)

    def report_replay(self, replayed):
        if not replayed.people and not replayed.purged:
            self.stdout.write("Erased again: nobody (no erasure after the archive).")
        for person in replayed.people:
            kinds = ", ".join(
                f"{kind} {count}" for kind, count in sorted(person["kinds"].items())
            )
            self.stdout.write(
                f"Erased again: the person erased "
                f"{timezone.localtime(person['erased_at']):%Y-%m-%d %H:%M} "
                f"(journal entry {person['entry']}): {kinds or 'nothing left'}"
            )
        for key, count in sorted(replayed.purged.items()):
            self.stdout.write(f"Purged again by {key}: {count} rows")
        self.stdout.write(self.style.SUCCESS("The site is open again."))
