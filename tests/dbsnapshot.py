"""Database states kept as COPY data and put back with COPY, for tests that need the same large state again.

Two states cost the suite most to rebuild, and they are the same rows every time:

- the rows migrations write (geography, activities, roles), which Django's `serialized_rollback` reloads through
  the ORM after every transactional test's flush: about 0.35 s each time;
- the demo of every app, which the demo fixtures seed for each test that asks for it: 5 s for the whole demo.

A `Snapshot` records, the first time, the state the database starts from and the state the build leaves (each
table's rows as binary COPY data, the sequences, the files written to MEDIA_ROOT). When a later test starts from
exactly the same state (every table compared row for row, not just counted), the rows that differ are put back
with COPY, with triggers and foreign-key checks off for those statements only; otherwise the state is built again
the slow way. A test therefore sees the same rows either way, only sooner.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction


def _raw_cursor(cursor):
    return cursor.cursor  # psycopg's cursor under Django's wrapper: it has copy()


def _tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname"
    )
    return [name for (name,) in cursor.fetchall()]


def _columns(cursor, table: str) -> str:
    """The columns COPY can write: generated columns are the database's to fill."""
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
        "AND attgenerated = '' ORDER BY attnum",
        [connection.ops.quote_name(table)],
    )
    return ", ".join(connection.ops.quote_name(name) for (name,) in cursor.fetchall())


def _counts(cursor, tables: list[str]) -> dict[str, int]:
    if not tables:
        return {}
    quote = connection.ops.quote_name
    # Table names from the catalogue, quoted: nothing here comes from a test's data.
    counts = ", ".join(f"(SELECT count(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    cursor.execute(f"SELECT {counts}")
    return dict(zip(tables, cursor.fetchone(), strict=True))


def _read(cursor, table: str, columns: str) -> bytes:
    quote = connection.ops.quote_name
    with _raw_cursor(cursor).copy(f"COPY {quote(table)} ({columns}) TO STDOUT") as copy:
        data = b"".join(bytes(block) for block in copy)
    # Text format, a row a line (a newline inside a value is written \n): the rows compared as a set, whatever
    # order the table keeps them in.
    return b"".join(sorted(data.splitlines(keepends=True)))


def _sequences(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value FROM pg_sequences "
        "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
    )
    return dict(cursor.fetchall())


def _flushed_tables() -> set[str]:
    """The tables a state is made of: those of Django's models, which a transactional test's flush empties. The
    job queue's tables (Procrastinate's, unmanaged) are left alone by the flush, and by a snapshot."""
    return set(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _superuser(cursor) -> bool:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cursor.fetchone()
    return bool(row and row[0])


def _log(snapshot, event) -> bool:
    """With CHAMBER_SNAPSHOT_LOG naming a file, each state's restores and rebuilds (and why) are written to it.
    False, for the checks that return it as their answer."""
    import os

    if os.environ.get("CHAMBER_SNAPSHOT_LOG"):
        with open(os.environ["CHAMBER_SNAPSHOT_LOG"], "a") as log:
            log.write(f"{snapshot.name}: {event}\n")
    return False


class Snapshot:
    """The state `build` leaves, put back without running `build` whenever the database starts where it started."""

    def __init__(self, name: str):
        self.name = name
        self.before: dict[str, bytes] | None = (
            None  # the starting state: each table's rows (empty tables: b"")
        )
        self.columns: dict[str, str] = {}
        self.after: dict[str, bytes] = {}  # the tables `build` changed, as it left them
        self.sequences: dict[str, int] = {}
        self.media: Path | None = None
        self.media_before: set[str] = set()
        self.restored = 0

    # -- the starting state ------------------------------------------------------------------------------------------

    def _state(self, cursor) -> tuple[list[str], dict[str, int]]:
        wanted = _flushed_tables()
        tables = [t for t in _tables(cursor) if t in wanted]
        return tables, _counts(cursor, tables)

    @staticmethod
    def _other_counts(cursor) -> dict[str, int]:
        wanted = _flushed_tables()
        return _counts(cursor, [t for t in _tables(cursor) if t not in wanted])

    def _matches_start(self, cursor) -> bool:
        if self.before is None or _media_files() != self.media_before:
            return _log(self, "media")
        tables, counts = self._state(cursor)
        if set(tables) != set(self.before):
            return _log(self, "tables")
        for table in tables:
            expected = self.before[table]
            if (counts[table] == 0) != (expected == b""):
                return _log(self, f"count {table}")
            if counts[table] and _read(cursor, table, self.columns[table]) != expected:
                return _log(self, f"rows {table}")
        return True

    # -- taking and putting back -------------------------------------------------------------------------------------

    def put_back(self) -> bool:
        """Put back the state the build left, if the database is where the build started; whether it was."""
        with connection.cursor() as cursor:
            if self.before is None or not _superuser(cursor) or not self._matches_start(cursor):
                return False
            self._restore(cursor)
        _log(self, "restored")
        return True

    def build(self, build: Callable[[], object]) -> None:
        """Run `build`, recording the state before and after it the first time; put the state back when it can."""
        if self.put_back():
            return
        self.record(build)

    def record(self, build: Callable[[], object]) -> None:
        """Run `build`, recording the state it starts from and the state it leaves."""
        self.before, self.after, self.media = None, {}, None
        with connection.cursor() as cursor:
            tables, counts = self._state(cursor)
            self.columns = {t: _columns(cursor, t) for t in tables}
            before = {t: (_read(cursor, t, self.columns[t]) if counts[t] else b"") for t in tables}
            self.media_before = _media_files()
            others = self._other_counts(cursor)
        build()
        with connection.cursor() as cursor:
            tables, counts = self._state(cursor)
            if set(tables) != set(before) or self._other_counts(cursor) != others:
                # The build created tables, or wrote to one a flush leaves alone (the job queue's): not replayed.
                return _log(self, "not recorded: it writes outside the flushed tables")
            for table in tables:
                rows = _read(cursor, table, self.columns[table]) if counts[table] else b""
                if rows != before[table]:
                    self.after[table] = rows
            self.sequences = _sequences(cursor)
        _log(self, f"recorded {sorted(self.after)}")
        new_files = _media_files() - self.media_before
        if new_files:
            self.media = Path(tempfile.mkdtemp(prefix=f"snapshot-{self.name}-"))
            atexit.register(shutil.rmtree, self.media, True)
            for name in new_files:
                target = self.media / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(settings.MEDIA_ROOT) / name, target)
        self.before = before

    def _restore(self, cursor) -> None:
        quote = connection.ops.quote_name
        with transaction.atomic():
            # Triggers (the freeze rules, the foreign keys' checks) are off for these statements only: the rows
            # are those the build left, which passed every rule when they were written.
            cursor.execute("SET session_replication_role = replica")
            try:
                for table, rows in self.after.items():
                    cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (a catalogue name)
                    if rows:
                        with _raw_cursor(cursor).copy(
                            f"COPY {quote(table)} ({self.columns[table]}) FROM STDIN"
                        ) as copy:
                            copy.write(rows)
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            if self.sequences:
                # Sequences never go back (a flush does not reset them): each one at least where the build left it.
                setvals = ", ".join(
                    f"setval('{name}', GREATEST({int(value)}, (SELECT last_value FROM {name})))"  # noqa: S608
                    for name, value in self.sequences.items()
                )
                cursor.execute(f"SELECT {setvals}")
        if self.media is not None:
            shutil.copytree(self.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
        self.restored += 1


_SNAPSHOTS: dict[tuple, list[Snapshot]] = {}
# States recorded per build: a worker's first tests find the rows as migrations left them, later ones as
# Django's reload (or a copy) left them, which differ in the keys of a many-to-many table.
STARTS = 3


def built(name: str, build: Callable[[], object], *, key: tuple = ()) -> None:
    """Run `build` (seeding a demo, say) or put back the state it left, for this worker's test database.

    `key` names whatever else the state depends on (the live server's address written into links, say)."""
    recorded = _SNAPSHOTS.setdefault((connection.settings_dict["NAME"], name, *key), [])
    if any(snapshot.put_back() for snapshot in recorded):
        return
    snapshot = Snapshot(name)
    snapshot.record(build)
    recorded.append(snapshot)
    del recorded[:-STARTS]


def whole_demo(settings, live_server) -> str:
    """The demo of every app, as `manage.py seed_demo` loads it, for a browser test on the live server: seeded
    once per worker and copied back after (its links name the live server). The server's address."""
    from portal.demo import demo_seed

    settings.SITE_URL = live_server.url
    built("demo", demo_seed, key=(live_server.url,))
    return live_server.url
