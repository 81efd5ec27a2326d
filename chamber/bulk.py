"""Bulk inserts for imports through PostgreSQL's COPY: the rows `bulk_create` would write, without its SQL building.

For 10,000 artisans Django's multi-row INSERT spends more time quoting 30 values a row into SQL (and the server
parsing them) than writing them; COPY streams the same values.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router
from django.db.models import Model

# Text columns of these exact classes go to the database as CharField.get_prep_value gives them: the string as it
# is (str() of anything else), None as NULL; no pre_save. Any other field takes Django's own path.
_TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.SlugField)


def _reader(field, connection):
    """`field.get_db_prep_save(field.pre_save(instance, True), connection)` for one field: the same value, without
    Django's per-value dispatch for a plain text column (most of a row), whose preparation is `str`."""
    if type(field) in _TEXT_FIELDS:
        attname = field.attname

        def read_text(instance):
            value = getattr(instance, attname)
            return value if value is None or isinstance(value, str) else str(value)

        return read_text
    return lambda instance: field.get_db_prep_save(field.pre_save(instance, True), connection)


def copy_insert(model: type[Model], instances: Sequence[Model]) -> None:
    """Insert new instances with one COPY, their primary keys first drawn from the table's own sequence.

    Like `bulk_create`: each field's `pre_save` (auto_now) and `get_db_prep_save`, no `save()`, no signals; the
    instances come back with their keys and marked as saved. A constraint error is raised as bulk_create's would be.
    """
    if not instances:
        return
    opts = model._meta
    connection = connections[router.db_for_write(model)]
    pk = opts.pk
    columns = [pk, *(f for f in opts.concrete_fields if f is not pk)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, pk.column, len(instances)],
        )
        keys = sorted(row[0] for row in cursor.fetchall())
    for instance, key in zip(instances, keys, strict=True):
        setattr(instance, pk.attname, key)
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    readers = [_reader(f, connection) for f in columns]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(opts.db_table)} ({names}) FROM STDIN") as copy,
    ):
        for instance in instances:
            copy.write_row([read(instance) for read in readers])
    for instance in instances:
        instance._state.adding = False
        instance._state.db = connection.alias
