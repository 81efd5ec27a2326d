"""Render the demo's approved minutes again: for demo data only, refused on real data, each change audited.

A `make run` before the catalogue fix froze the demo's minutes in English. This replaces those files with a fresh
rendering (same facts, the document's own language) through meetings.services.minutes_rerender_demo, which
records an audit entry (old and new hash). It refuses unless the chamber profile carries the demo flag that
seed_demo sets: real minutes are a legal record and are never rendered again.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chamber.selectors import is_demo_data
from meetings import services
from meetings.models import Session


class Command(BaseCommand):
    help = "Render the demo's approved minutes again (demo data only; refused on real data; audited)."

    def handle(self, *args, **options):
        if not is_demo_data():
            raise CommandError(services.demo_only_message())
        sessions = Session.objects.filter(status=Session.Status.MINUTES_APPROVED).order_by("starts_at")
        for session in sessions:
            before = session.minutes_sha256
            try:
                after = services.minutes_rerender_demo(session=session).minutes_sha256
            except ValidationError as exc:
                raise CommandError(f"{session}: {' '.join(exc.messages)}") from exc
            change = "unchanged" if after == before else f"{before[:12] or '-'} -> {after[:12]}"
            self.stdout.write(f"{session}: {change}")
        self.stdout.write(self.style.SUCCESS(f"{sessions.count()} approved minutes checked"))
