"""Everything `make run` does before serving, in one process: catalogues, schema, static files, demo data and the
demo staff account. One Django start-up instead of five keeps a second `make run` fast."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from chamber.models import ChamberProfile


class Command(BaseCommand):
    help = (
        "Prepare a development database: compile catalogues, migrate, collect static, seed once, demo login."
    )

    def handle(self, *args, **options):
        call_command("compile_catalogues", verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if ChamberProfile.objects.exists():
            self.stdout.write("[chamber] demo data already loaded (python manage.py seed_demo reloads it)")
        else:
            call_command("seed_demo", stdout=self.stdout)
        call_command("demo_staff", stdout=self.stdout)
