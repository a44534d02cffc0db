import datetime

from django.core.management.base import BaseCommand, CommandError

from workflows.attachments import prune_orphans


class Command(BaseCommand):
    help = (
        "Delete stored attachment files that no complaint lists: files written by a "
        "transaction that was rolled back afterwards. Files listed by a complaint are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=24,
            help="Leave younger files alone: their transaction may still be open (default 24).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List the files without deleting them.")

    def handle(self, *args, older_than_hours, dry_run, **options):
        if older_than_hours < 1:
            raise CommandError("--older-than-hours must be at least 1.")
        names = prune_orphans(older_than=datetime.timedelta(hours=older_than_hours), dry_run=dry_run)
        for name in names:
            self.stdout.write(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{len(names)} orphaned file(s) {verb}.")
