"""No lost update: every record two staff can edit carries a version that PostgreSQL bumps on each UPDATE.

A model inherits `Versioned`; a trigger (django-pgtrigger, installed by the model's migration) sets
`version = OLD.version + 1` on every UPDATE that changes the row, whatever the path: admin, service, import
(`bulk_update`), `QuerySet.update()` or raw SQL. The database, not the caller, owns the number, so no path can
forget to bump it or write an old one back.

A writer says which version it started from. `version_lock` (for services: `expected_version=`) locks the row
and refuses with `VersionConflict` when the version moved on; the message names who changed what since then,
read from the audit trail. The admin's change forms carry the version in a hidden field
(`chamber.admin_base.VersionedAdminMixin`) and check it in the form's `clean`, so a refused save keeps the
user's input on screen.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

import pgtrigger
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import class_prepared
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# How many of the intervening changes a refusal lists; the History page has the rest.
CHANGES_LISTED = 5


class Versioned(models.Model):
    """Abstract: adds `version`, bumped by the database on every UPDATE of the row."""

    version = models.PositiveIntegerField(
        gettext_lazy("version"),
        default=1,
        editable=False,
        help_text=gettext_lazy("Counts the changes of this record; set by the database."),
    )

    class Meta:
        abstract = True


def version_trigger() -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name="bump_version",
        when=pgtrigger.Before,
        operation=pgtrigger.Update,
        # Only a write that changes something counts: a no-op save neither bumps the version nor looks, to a
        # freeze trigger, like a change.
        condition=pgtrigger.Condition("OLD.* IS DISTINCT FROM NEW.*"),
        func="NEW.version := OLD.version + 1; RETURN NEW;",
    )


def _add_version_trigger(sender, **kwargs) -> None:
    """Give every concrete Versioned model its trigger, so that inheriting the mixin is all a model does."""
    concrete = issubclass(sender, Versioned) and not sender._meta.abstract and not sender._meta.proxy
    if concrete and not any(t.name == "bump_version" for t in getattr(sender._meta, "triggers", [])):
        version_trigger().register(sender)


class_prepared.connect(_add_version_trigger, dispatch_uid="chamber.versioning.add_version_trigger")


# --- Conflicts -------------------------------------------------------------------------------------------------------


class VersionConflict(ValidationError):
    """The record changed since the writer read it. Carries the current version, to offer a knowing retry."""

    def __init__(self, *, instance, expected: int, current: int, since: dt.datetime | None = None):
        self.instance, self.expected, self.current, self.since = instance, expected, current, since
        super().__init__(conflict_message(instance=instance, expected=expected, current=current, since=since))


class RecordGone(ValidationError):
    pass


def changes_since(*, instance, expected: int, current: int, since: dt.datetime | None = None) -> list[dict]:
    """The audit entries of the changes the writer did not see, newest first, as History rows.

    With `since` (when the form was opened) the entries recorded after it; without, the latest
    `current - expected` entries, as each UPDATE bumps the version once and leaves one entry.
    """
    from chamber.audit_display import history_rows

    entries = LogEntry.objects.get_for_object(instance).select_related("actor", "content_type")
    if since is not None:
        entries = entries.filter(timestamp__gt=since)
        limit = CHANGES_LISTED
    else:
        limit = max(1, min(current - expected, CHANGES_LISTED))
    return history_rows(entries.order_by("-timestamp", "-pk")[:limit])


def conflict_message(*, instance, expected: int, current: int, since: dt.datetime | None = None) -> str:
    rows = changes_since(instance=instance, expected=expected, current=current, since=since)
    parts = []
    for row in rows:
        fields = (
            "، ".join(f"{c['label']}: {c['objects'] if c['m2m'] else c['new']}" for c in row["changes"])
            or row["action"]
        )
        parts.append(
            _("%(who)s on %(when)s (%(fields)s)")
            % {"who": row["actor"], "when": row["timestamp"], "fields": fields}
        )
    if parts:
        return _(
            "“%(record)s” was changed by someone else since you opened it: %(changes)s. Nothing of yours was "
            "saved; your input is still below. Compare it with the record (open it in a new tab) and save again "
            "to keep it."
        ) % {"record": instance, "changes": "؛ ".join(parts)}
    return _(
        "“%(record)s” was changed by someone else since you opened it. Nothing of yours was saved; your input is "
        "still below. Compare it with the record (open it in a new tab) and save again to keep it."
    ) % {"record": instance}


def version_lock(
    instance: Versioned, *, expected_version: int | None, since: dt.datetime | None = None
) -> int:
    """Lock the record's row for this transaction and refuse if its version is not `expected_version`.

    Call it inside `transaction.atomic()`, before writing. With `expected_version=None` (a writer that read the
    record under this same lock) it only locks. Returns the current version and sets it on `instance`.
    """
    model = type(instance)
    current = (
        model._base_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )
    if current is None:
        raise RecordGone(
            _("“%(record)s” was deleted by someone else; it cannot be saved.") % {"record": instance}
        )
    if expected_version is not None and current != expected_version:
        raise VersionConflict(instance=instance, expected=expected_version, current=current, since=since)
    instance.version = current
    return current


def version_refresh(instance: Versioned) -> int:
    """Read back the version the trigger gave the row, after a write."""
    instance.version = (
        type(instance)._base_manager.filter(pk=instance.pk).values_list("version", flat=True).get()
    )
    return instance.version


@contextlib.contextmanager
def versioned_write(
    instance: Versioned, *, expected_version: int | None, since: dt.datetime | None = None
) -> Iterator[Versioned]:
    """`with versioned_write(obj, expected_version=v): obj.save()`: atomic, locked, refused if stale.

    The service helper: the admin, the portal and imports pass the version they read, and all get the same rule.
    """
    with transaction.atomic():
        version_lock(instance, expected_version=expected_version, since=since)
        yield instance
        if instance.pk is not None and type(instance)._base_manager.filter(pk=instance.pk).exists():
            version_refresh(instance)


# --- The token a form carries ------------------------------------------------------------------------------------


def version_token(version: int, *, at: dt.datetime | None = None) -> str:
    """ "7:1718000000.123": the version a form shows and when it was opened (for the conflict's message)."""
    at = at or timezone.now()
    return f"{version}:{at.timestamp():.3f}"


def parse_version_token(token: str) -> tuple[int, dt.datetime | None] | None:
    version, _sep, stamp = (token or "").partition(":")
    if not version.isdigit():
        return None
    try:
        opened = dt.datetime.fromtimestamp(float(stamp), tz=dt.UTC) if stamp else None
    except (ValueError, OverflowError, OSError):
        opened = None
    return int(version), opened
