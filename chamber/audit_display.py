"""The audit trail as staff read it: field names from verbose_name, choice labels, Moroccan dates and amounts.

`history_rows` turns log entries into plain rows for the History page, in the current language. Related objects
are looked up once per model for the whole page, not once per value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from chamber.formatting import format_amount, format_date, format_datetime, format_number

EMPTY = "—"
# What auditlog wrote for an empty reverse relation, e.g. "meetings.AgendaItem.None".
_NO_VALUE = re.compile(r"\w+\.\w+\.None")


def action_label(action: int) -> str:
    return {
        LogEntry.Action.CREATE: _("Created"),
        LogEntry.Action.UPDATE: _("Changed"),
        LogEntry.Action.DELETE: _("Deleted"),
        LogEntry.Action.ACCESS: _("Viewed"),
    }.get(action, str(action))


def _masked_fields(model) -> set[str]:
    if model is None or not auditlog.contains(model):
        return set()
    return set(auditlog.get_model_fields(model)["mask_fields"])


def _parse_datetime(text: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    # auditlog stores date-times as naive UTC.
    return value.replace(tzinfo=dt.UTC) if timezone.is_naive(value) else value


class _Related:
    """Names of related objects, fetched in one query per related model for a whole page of entries."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.names: dict[type[models.Model], dict[str, str]] = {}

    def want(self, model, value: str) -> None:
        if value not in ("", "None"):
            self.wanted[model].add(value)

    def load(self) -> None:
        for model, keys in self.wanted.items():
            pk_field = model._meta.pk
            clean = []
            for key in keys:
                try:
                    clean.append(pk_field.to_python(key))
                except (ValidationError, ValueError, TypeError):  # recorded before a type change: shown raw
                    continue
            found = model._base_manager.in_bulk(clean)
            self.names[model] = {str(pk): str(obj) for pk, obj in found.items()}

    def name(self, model, value: str) -> str:
        if value in ("", "None"):
            return EMPTY
        return self.names.get(model, {}).get(value) or _("deleted record (%(id)s)") % {"id": value}


def _display(field, value, related: _Related, masked: bool) -> str:
    if value is None:
        return EMPTY
    text = str(value)
    if text in ("", "None"):
        return EMPTY
    if _NO_VALUE.fullmatch(text):
        return EMPTY
    if masked or field is None:
        return text
    if field.many_to_one or field.one_to_one:
        return related.name(field.related_model, text)
    if field.choices:
        labels = {str(key): str(label) for key, label in field.flatchoices}
        return labels.get(text, text)
    if isinstance(field, models.BooleanField):
        return _("Yes") if text == "True" else _("No") if text == "False" else text
    if isinstance(field, models.DateTimeField):
        parsed = _parse_datetime(text)
        return format_datetime(parsed) if parsed else text
    if isinstance(field, models.DateField):
        try:
            return format_date(dt.date.fromisoformat(text[:10]))
        except ValueError:
            return text
    if isinstance(field, models.DecimalField):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        # Money is Decimal(14, 2) in MAD throughout the project; other decimals are plain numbers.
        if field.decimal_places == 2:
            return format_amount(number)
        return format_number(number, decimals=field.decimal_places)
    if isinstance(field, models.IntegerField | models.FloatField):
        try:
            return format_number(Decimal(text))
        except InvalidOperation:
            return text
    return text


def _label(model, name: str):
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None, name
    if field is not None and field.auto_created and not field.concrete:
        # A reverse relation, recorded by older entries: named by the related records, its value shown raw.
        return None, str(field.related_model._meta.verbose_name_plural)
    return field, str(getattr(field, "verbose_name", name))


def history_rows(entries) -> list[dict]:
    """Rows for the History page: when, who, what was done, and each change as (label, before, after)."""
    entries = list(entries)
    related = _Related()
    for entry in entries:
        model = entry.content_type.model_class()
        masked = _masked_fields(model)
        for name, values in (entry.changes_dict or {}).items():
            field, _text = _label(model, name)
            if field is not None and name not in masked and (field.many_to_one or field.one_to_one):
                for value in values if isinstance(values, list | tuple) else ():
                    related.want(field.related_model, str(value))
    related.load()

    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        masked = _masked_fields(model)
        changes = []
        for name, values in (entry.changes_dict or {}).items():
            field, label = _label(model, name)
            if isinstance(values, dict) and values.get("type") == "m2m":
                objects = "، ".join(str(o) for o in values.get("objects", [])) or EMPTY
                verb = _("added") if values.get("operation") == "add" else _("removed")
                changes.append({"label": label, "m2m": True, "verb": verb, "objects": objects})
                continue
            old, new = [*list(values), None, None][:2] if isinstance(values, list | tuple) else (None, values)
            old_text = _display(field, old, related, name in masked)
            new_text = _display(field, new, related, name in masked)
            if old_text == new_text and not (name in masked and entry.action == LogEntry.Action.UPDATE):
                continue  # None → "" and the like: nothing a reader would see as a change
            changes.append({"label": label, "m2m": False, "old": old_text, "new": new_text})
        batch = (
            (entry.additional_data or {}).get("import_batch")
            if isinstance(entry.additional_data, dict)
            else None
        )
        rows.append(
            {
                "timestamp": format_datetime(entry.timestamp),
                "actor": entry.actor.get_username() if entry.actor_id and entry.actor else _("system"),
                "action": action_label(entry.action),
                "import_batch": batch,
                "changes": changes,
            }
        )
    return rows
