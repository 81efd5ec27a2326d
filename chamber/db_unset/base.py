"""Fails loudly, naming DATABASE_URL, the first time anything touches the database."""

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.dummy.base import DatabaseWrapper as DummyDatabaseWrapper

MESSAGE = (
    "DATABASE_URL is not set. Use `make run` or `make test`, which start the embedded PostgreSQL, "
    "or point DATABASE_URL at a PostgreSQL server (postgres://user@host:5432/dbname)."
)


def _complain(*args, **kwargs):
    raise ImproperlyConfigured(MESSAGE)


class DatabaseWrapper(DummyDatabaseWrapper):
    ensure_connection = _complain
    _cursor = _complain
