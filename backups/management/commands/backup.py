from django.core.management.base import BaseCommand, CommandError

from backups import crypto, services


class Command(BaseCommand):
    help = (
        "Back the site up: a consistent snapshot of the database taken while "
        "the site runs, the media files, the erasure journal and the list of "
        "private export files, in one archive encrypted with BACKUP_KEY, in "
        "the backups' storage (BACKUP_DIR or the private bucket). Then apply "
        "the BACKUP_KEEP rotation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-key",
            action="store_true",
            help="Print a fresh key for BACKUP_KEY and stop.",
        )
        parser.add_argument(
            "--no-rotate",
            action="store_true",
            help="Keep every older archive this time.",
        )

    def handle(self, *args, new_key=False, no_rotate=False, **options):
        if new_key:
            self.stdout.write(crypto.new_key())
            return
        try:
            run = services.create_backup(progress=self.stdout.write)
        except crypto.BackupKeyError as error:
            raise CommandError(str(error)) from error
        except Exception as error:
            raise CommandError(
                f"The backup failed and left no archive: {error}"
            ) from error
        self.stdout.write(
            self.style.SUCCESS(f"Backed up to {run.archive} ({run.size / 1e6:.1f} MB).")
        )
        if not no_rotate:
            removed = services.rotate()
            self.stdout.write(f"Rotation: {len(removed)} older archive(s) removed.")
