import time

from django.core.management.base import BaseCommand, CommandError

from newsletter import sending
from newsletter.models import Issue, SmsAnnouncement


class Command(BaseCommand):
    help = (
        "Send an issue of the newsletter (or, with --sms, an SMS announcement) "
        "from this process, batch by batch, showing progress: as the admin's "
        "'Send now' does with the task worker. Each subscriber gets it once: "
        "running it again, or beside a worker, sends nobody anything twice. "
        "With --resume, pick up what a crash left (the periodic task does it "
        "every five minutes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("id", nargs="?", type=int, help="The issue's id.")
        parser.add_argument(
            "--sms", action="store_true", help="The id is an SMS announcement's."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the recipients."
        )
        parser.add_argument(
            "--resume", action="store_true", help="Resume interrupted sending."
        )

    def handle(self, *args, id=None, sms=False, dry_run=False, resume=False, **options):
        if resume:
            totals = sending.resume()
            self.stdout.write(
                self.style.SUCCESS(
                    "Resumed: {interrupted} interrupted, {retried} queued again, "
                    "{batches} batch(es) enqueued, {finished} finished.".format(
                        **totals
                    )
                )
            )
            return
        if id is None:
            raise CommandError("Give the id of an issue (or --resume).")
        model = SmsAnnouncement if sms else Issue
        campaign = model.objects.filter(pk=id).first()
        if campaign is None:
            kind = "SMS announcement" if sms else "newsletter issue"
            raise CommandError(f"No {kind} with id {id}.")
        channel = sending.channel_for(campaign)
        if dry_run:
            count = sending.recipient_count(campaign)
            self.stdout.write(
                self.style.SUCCESS(f"Dry run: “{campaign}” would go to {count}.")
            )
            return
        if campaign.is_editable:
            try:
                if sms:
                    sending.start_sms(campaign)
                else:
                    sending.start_issue(campaign)
            except sending.CannotSend as refusal:
                raise CommandError(" ".join(refusal.messages)) from refusal
        started = time.monotonic()
        sending.queue(channel.key, campaign.pk, enqueue=False)
        for first, last in list(sending.batch_ranges(channel.key, campaign.pk)):
            sending.send_batch(channel.key, campaign.pk, first, last)
            self._report(campaign)
        progress = sending.progress(model.objects.get(pk=campaign.pk))
        self.stdout.write(
            self.style.SUCCESS(
                f"“{campaign}”: {progress.sent} sent, {progress.failed} failed "
                f"({progress.retrying} to be retried), {progress.left} left, in "
                f"{time.monotonic() - started:.1f} s."
            )
        )

    def _report(self, campaign):
        progress = sending.progress(campaign)
        self.stdout.write(
            f"  {progress.done} of {progress.total} ({progress.percent} %), "
            f"{progress.failed} failed…"
        )
