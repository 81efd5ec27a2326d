"""Load the demo data: the chamber's profile and geography, then each app's part of the seed facts.

Idempotent: running it twice changes nothing. Each app keeps its part in `<app>/demo.py` as `seed(stdout)`;
portal/demo.py runs them in dependency order.
"""

from django.core.management.base import BaseCommand

from portal.demo import DEMO_LOADERS, demo_seed


class Command(BaseCommand):
    help = "Load the Fès-Meknès demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", choices=tuple(DEMO_LOADERS), help="Seed only these apps.")

    def handle(self, *args, **options):
        demo_seed(stdout=self.stdout, only=options["only"])
        self.stdout.write(self.style.SUCCESS("demo data loaded"))
