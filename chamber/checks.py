"""System checks for the project's own invariants."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_database_is_postgresql(app_configs, **kwargs):
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine not in ("django.db.backends.postgresql", "chamber.db_postgresql", "chamber.db_unset"):
        return [Error("Only PostgreSQL is supported.", id="chamber.E001")]
    return []
