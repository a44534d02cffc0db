from django.core.management.base import BaseCommand, CommandError

from demo.loader import COMPLAINTS_PER_PROVINCE, DEMO_LOGINS, DEMO_PASSWORD, load_demo
from workflows.errors import WorkflowError


class Command(BaseCommand):
    help = (
        "Load reference data, demo staff for every role in the eight provinces and demo complaints "
        "in every state. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--per-province", type=int, default=COMPLAINTS_PER_PROVINCE,
            help="demo complaints per province (default %(default)s)",
        )

    def handle(self, *args, per_province, **options):
        if per_province < 0:
            raise CommandError("--per-province must be zero or more")
        try:
            load_demo(per_province=per_province, out=self.stdout.write)
        except WorkflowError as error:  # a bug in the demo plan, not in the data
            raise CommandError(f"demo data refused: {error}") from error
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for name, role in DEMO_LOGINS:
            self.stdout.write(f"  {name:<22} {role.label}")
        self.stdout.write("  Pattern: <province>.clerk, <province>.<department>.officer1|officer2|director, "
                          "<province>.assistant, <province>.committee")
        self.stdout.write("  Provinces: was bgd bsr dhq diy krk mth njf; departments: water electricity "
                          "municipality health education sewerage")
