"""The audit trail: django-auditlog records who changed what, with personal data masked, on every path.

Apps register their models through `audit_register`, so that the masking rule lives in one place. Paths that
bypass model signals write their entries here too: `audit_bulk` for imports and other bulk writes (one COPY
of entries, masked the same way), `audited_update` for a service's `QuerySet.update()`.
Many-to-many changes, and users, groups and their permissions, are recorded through auditlog's own signals.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

from auditlog.cid import get_cid
from auditlog.diff import get_field_value, get_mask_function, track_field
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router, transaction
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.encoding import smart_str
from psycopg.types.json import Jsonb

from chamber.models import ImportBatch

# Field names that hold personal data (Law 09-08). Any registered model's field with one of these names is masked.
PERSONAL_FIELDS = (
    "cin",
    "phone",
    "phone_secondary",
    "mobile",
    "phone_number",
    "cnss_number",
    "amo_number",
    "email",
    "birth_date",
    "address",
    "rib",
    "iban",
)


def audit_register(
    model,
    *,
    exclude: tuple[str, ...] = (),
    extra_mask: tuple[str, ...] = (),
    m2m: bool = True,
) -> None:
    """Record every change of `model`, with personal fields masked and its many-to-many fields followed."""
    fields = model._meta.get_fields()
    names = {f.name for f in fields}
    mask = [name for name in (*PERSONAL_FIELDS, *extra_mask) if name in names]
    m2m_fields = {f.name for f in model._meta.many_to_many if f.name not in exclude} if m2m else set()
    # auditlog lists reverse relations (a session's agenda items) in creations as "meetings.AgendaItem.None";
    # they are not the record's own data, and their rows have entries of their own.
    reverse = [f.name for f in fields if f.is_relation and f.auto_created and not f.concrete]
    if not auditlog.contains(model):
        auditlog.register(model, mask_fields=mask, exclude_fields=[*exclude, *reverse], m2m_fields=m2m_fields)


def personal_field_names(model) -> frozenset[str]:
    """The fields of `model` that hold personal data: those its audit registration masks, or for a model the trail
    does not follow, those named in PERSONAL_FIELDS. A message that may be kept or logged never quotes their values.
    """
    if auditlog.contains(model):
        return frozenset(auditlog.get_model_fields(model)["mask_fields"])
    names = {f.name for f in model._meta.get_fields()}
    return frozenset(name for name in PERSONAL_FIELDS if name in names)


def register_chamber_models() -> None:
    from django.contrib.auth.models import Group, Permission, User

    from chamber.models import ChamberProfile, Commune, OutgoingMail, Province, Region

    for model in (ChamberProfile, Region, Province, Commune, OutgoingMail, Permission):
        audit_register(model)
    # Who may do what: accounts, their groups and permissions, and each group's permissions. A login only
    # touches last_login (django-axes records logins), so it is not an audit event; a password change is,
    # recorded as changed and never with its hash.
    audit_register(User, exclude=("last_login",), extra_mask=("password",))
    audit_register(Group)


# --- Entries written in bulk -------------------------------------------------------------------------------------


def _request_context() -> LogEntry:
    """The actor, address and correlation id that auditlog would give an entry saved now.

    auditlog fills them in a `pre_save` receiver that AuditlogMiddleware connects for the request; sending the
    signal for a throwaway entry asks that very receiver, so a context left over from an earlier request (the
    context variable outlives it) is never read.
    """
    probe = LogEntry()
    pre_save.send(sender=LogEntry, instance=probe, raw=False, using=None, update_fields=None)
    return probe


_COLUMNS = (
    "content_type",
    "object_pk",
    "object_id",
    "object_repr",
    "action",
    "changes_text",
    "changes",
    "actor",
    "actor_email",
    "remote_addr",
    "cid",
    "timestamp",
    "additional_data",
)


class _Entries:
    """Audit entries collected as rows and written with one COPY.

    COPY rather than `bulk_create`: for 10,000 entries Django's bulk insert spends about 4 s of CPU quoting
    arrays of JSON on the client, COPY a fraction of that; the rows are the same LogEntry rows either way.
    """

    def __init__(self, *, model, actor, extra: dict | None):
        context = _request_context()
        if actor is not None and not getattr(actor, "is_authenticated", False):
            actor = None
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.actor_id = actor.pk if actor is not None else context.actor_id
        self.actor_email = getattr(actor, "email", None) if actor is not None else context.actor_email
        self.remote_addr = context.remote_addr
        self.cid = context.cid or get_cid()
        self.extra = Jsonb(extra) if extra else None
        self.now = timezone.now()
        self.rows: list[tuple] = []

    def add(self, instance, *, action: int, changes: dict) -> None:
        pk = instance.pk
        self.rows.append(
            (
                self.content_type_id,
                smart_str(pk),
                pk if isinstance(pk, int) else None,
                smart_str(instance),
                action,
                "",
                Jsonb(changes),
                self.actor_id,
                self.actor_email,
                self.remote_addr,
                self.cid,
                self.now,
                self.extra,
            )
        )

    def write(self) -> int:
        if not self.rows:
            return 0
        opts = LogEntry._meta
        connection = connections[router.db_for_write(LogEntry)]
        columns = ", ".join(connection.ops.quote_name(opts.get_field(name).column) for name in _COLUMNS)
        table = connection.ops.quote_name(opts.db_table)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in self.rows:
                copy.write_row(row)
        return len(self.rows)


class _Differ:
    """auditlog's diff for one model, with the field list and mask worked out once rather than once per row.

    Values are read with auditlog's own `get_field_value`, so an entry written here reads exactly like one
    written by a model signal (tests/chamber/test_audit_trail.py compares the two).
    """

    def __init__(self, model):
        options = auditlog.get_model_fields(model)
        include, exclude = set(options["include_fields"]), set(options["exclude_fields"])
        self.fields = [
            f
            for f in model._meta.fields
            if (not include or f.name in include) and f.name not in exclude and track_field(f)
        ]
        self.masked = set(options["mask_fields"])
        self.mask = get_mask_function(options["mask_callable"])
        self.readers = [(f, _reader(f)) for f in self.fields]
        self.created_readers = [(f.name, f.name in self.masked, read) for f, read in self.readers]

    def _pair(self, name: str, old, new) -> list:
        if name in self.masked:
            return [self.mask(smart_str(old)), self.mask(smart_str(new))]
        return [smart_str(old), smart_str(new)]

    def created(self, instance) -> dict:
        changes = {}
        mask = self.mask
        for name, is_masked, read in self.created_readers:
            new = read(instance)
            if new != "None":
                text = "None" if new is None else new
                changes[name] = ["None", mask(text) if is_masked else text]
        return changes

    def updated(self, before, after, only: set[str] | None) -> dict:
        changes = {}
        for f, read in self.readers:
            if only is not None and f.name not in only and f.attname not in only:
                continue
            old, new = read(before), read(after)
            if old != new:
                changes[f.name] = self._pair(f.name, old, new)
        return changes


def _reader(f):
    """auditlog's `get_field_value` for one field, specialised once: the same values, without its per-call checks.

    Dates and times become naive UTC, foreign keys their key (None stays None), like auditlog; JSON and anything
    unusual goes through auditlog's own function.
    """
    if isinstance(f, models.JSONField) or not f.concrete:
        return lambda obj: get_field_value(obj, f)
    attname = f.attname
    if isinstance(f, models.DateTimeField):

        def read_datetime(obj):
            value = f.to_python(getattr(obj, attname))
            if value is not None and timezone.is_aware(value):
                value = timezone.make_naive(value, timezone=dt.UTC)
            return value if value is None else smart_str(value)

        return read_datetime
    if f.is_relation:

        def read_key(obj):
            value = getattr(obj, attname)
            if value is None or type(value) is str:
                return value
            return str(value) if type(value) is int else smart_str(value)

        return read_key

    def read_plain(obj):
        value = getattr(obj, attname)
        kind = type(value)
        if kind is str:  # most columns: smart_str would return it as it is
            return value
        if kind is int or kind is bool:  # smart_str's own str(), without its checks
            return str(value)
        return "None" if value is None else smart_str(value)

    return read_plain


def audit_bulk(
    *,
    model: type[models.Model],
    created: Iterable[models.Model] = (),
    updated: Iterable[tuple[models.Model, models.Model]] = (),
    fields: Sequence[str] | None = None,
    actor=None,
    extra: dict | None = None,
) -> int:
    """Write one audit entry per created object and per changed object, in one statement.

    `updated` pairs each object's state before the change with its state after; `fields` restricts the
    comparison to the columns that were written. Changes are masked as the model's registration says.
    Returns the number of entries written.
    """
    differ = _Differ(model)
    only = set(fields) if fields is not None else None
    entries = _Entries(model=model, actor=actor, extra=extra)
    for instance in created:
        entries.add(instance, action=LogEntry.Action.CREATE, changes=differ.created(instance))
    for before, after in updated:
        changes = differ.updated(before, after, only)
        if changes:
            entries.add(after, action=LogEntry.Action.UPDATE, changes=changes)
    return entries.write()


def snapshot(instance: models.Model) -> models.Model:
    """A detached copy of an object's current field values, to diff against after a bulk write."""
    return copy.copy(instance)


@transaction.atomic
def audited_update(queryset: models.QuerySet, *, actor=None, extra: dict | None = None, **values) -> int:
    """`queryset.update(**values)` that leaves an audit entry for every row it changes.

    The rows are locked and read before the update, and read again after it (so that F() expressions and
    database defaults are recorded as their result). Returns the number of rows updated, like `update()`.
    """
    model = queryset.model
    names = list(values)
    rows = list(queryset.select_for_update())
    if not rows:
        return 0
    count = model._base_manager.filter(pk__in=[r.pk for r in rows]).update(**values)
    after = {r.pk: r for r in model._base_manager.filter(pk__in=[r.pk for r in rows])}
    audit_bulk(
        model=model,
        updated=[(row, after[row.pk]) for row in rows if row.pk in after],
        fields=names,
        actor=actor,
        extra=extra,
    )
    return count


# --- Import batches ------------------------------------------------------------------------------------------------


def import_batch_start(
    *, model: type[models.Model], actor, file_name: str, file_sha256: str, rows: int
) -> ImportBatch:
    """Open the record of an import; it is written in the import's transaction, so a refused file leaves none."""
    return ImportBatch.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        actor=actor,
        file_name=(file_name or "")[:255],
        file_sha256=file_sha256 or "",
        rows=rows,
    )


def import_batch_finish(*, batch: ImportBatch, created: int, updated: int, skipped: int) -> ImportBatch:
    batch.created, batch.updated, batch.skipped = created, updated, skipped
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
