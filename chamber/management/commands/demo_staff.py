"""Create (once) the demo staff account used by `make run`, in every staff group, and print its login.

Its password is random, generated on first use and kept in var/demo-login.txt (never in the repository).
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from chamber.roles import ALL_ROLES

USERNAME = "demo.staff"


class Command(BaseCommand):
    help = "Create the demo staff account (all staff groups, not a superuser) and print its login."

    def handle(self, *args, **options):
        login_file = Path(settings.VAR_DIR) / "demo-login.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        password = login_file.read_text().strip() if login_file.exists() else ""
        if user is None or not password or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            user = user or user_model(username=USERNAME, email="demo.staff@chamber.invalid")
            user.is_staff = True
            user.set_password(password)
            user.save()
            login_file.parent.mkdir(exist_ok=True)
            login_file.write_text(password)
            login_file.chmod(0o600)
        user.groups.set(Group.objects.filter(name__in=ALL_ROLES))
        self.stdout.write(f"[chamber] staff login: {USERNAME} / {password}  (http://127.0.0.1:8000/admin/)")
