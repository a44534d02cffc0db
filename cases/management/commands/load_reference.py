from django.core.management.base import BaseCommand

from cases.reference import load_reference


class Command(BaseCommand):
    help = "Create the provinces, districts, departments and complaint categories that are missing."

    def handle(self, *args, **options):
        created = load_reference()
        self.stdout.write(f"Reference data: {created} row(s) created.")
