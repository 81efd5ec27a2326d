"""Load the demo data: the chamber's profile and geography, then each app's part of the seed facts.

Idempotent: running it twice changes nothing. Each app keeps its part in `<app>/demo.py` as `seed(stdout)`.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = ("chamber", "artisans", "meetings", "agreements", "programmes", "exhibitions")


class Command(BaseCommand):
    help = "Load the Fès-Meknès demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", choices=DEMO_APPS, help="Seed only these apps.")

    def handle(self, *args, **options):
        for app in options["only"] or DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("demo data loaded"))
