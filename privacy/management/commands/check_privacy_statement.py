"""``manage.py check_privacy_statement``: exit status 1 when what the code
declares (kinds of data, retention, cookies, processors) differs from the
newest published version of the privacy statement, so CI or a deploy script
can refuse to go live with a change no version tells readers about."""

from django.core.management.base import BaseCommand, CommandError

from privacy import statement
from privacy.models import PrivacyPolicyPage


class Command(BaseCommand):
    help = (
        "Compare the privacy statement's published tables with what the code "
        "declares now; exit 1 on any difference."
    )

    def handle(self, *args, **options):
        drifted = 0
        pages = PrivacyPolicyPage.objects.live().order_by("pk")
        if not pages:
            self.stdout.write("No published privacy statement to compare.")
        for page in pages:
            found = statement.drift(page)
            if found is None:
                self.stdout.write(f"{page.url}: no version published yet.")
                continue
            rows = sum(len(section) for section in found.version.generated.values())
            self.stdout.write(
                f"{page.url}: compared version {found.version.number} "
                f"({rows} rows in {', '.join(statement.SECTIONS)}) with the code."
            )
            for change in found.changes:
                drifted += 1
                self.stdout.write(
                    f"  {change.section} {change.key}:\n"
                    f"    published: {change.old or '(none)'}\n"
                    f"    code now:  {change.new or '(none)'}"
                )
        if drifted:
            raise CommandError(
                f"{drifted} difference(s) between the code and the published "
                "privacy statement: publish a new version that tells readers."
            )
        self.stdout.write("The published privacy statement matches the code.")
