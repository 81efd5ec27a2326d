"""Exports of any size, off the request: a job writes the rows of an import-export resource to a file in storage,
row by row (openpyxl's write-only mode or CSV), so memory stays flat however large the register; the job's record
shows the progress, then the link to the file."""

from __future__ import annotations

import csv
import io
import itertools
import secrets
import tempfile
from collections.abc import Iterator, Sequence

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from openpyxl import Workbook

from chamber.jobs import job_progress, job_start, recorded_task
from chamber.models import JobRecord
from chamber.spreadsheets import neutralise, text_cells

FORMATS = ("xlsx", "csv")
CHUNK = 2000  # rows read per query, and how often the progress is written
EXPORT_DIR = "exports"


def export_start(*, resource: str, pks: Sequence[int] | None, fmt: str, label: str, by=None) -> JobRecord:
    """Queue the export of `resource` (a dotted path to an import-export resource) in `fmt`, after commit.

    `pks` limits it to those records (a filtered list in the admin); None exports them all.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    total = len(pks) if pks is not None else None
    return job_start(
        task=export_write_job,
        label=label,
        by=by,
        total=total,
        resource=resource,
        pks=list(pks) if pks is not None else None,
        fmt=fmt,
    )


def _related(model: type[models.Model], export_fields) -> list[str]:
    """The foreign keys the resource reads, fetched with each row instead of one query per row."""
    names = []
    for field in export_fields:
        attribute = (field.attribute or "").split("__")[0]
        # A computed column (dehydrate_…) has no model field.
        model_field = next((f for f in model._meta.concrete_fields if f.name == attribute), None)
        if isinstance(model_field, models.ForeignKey | models.OneToOneField):
            names.append(attribute)
    return names


def _objects(queryset: models.QuerySet, pks: Sequence[int] | None) -> Iterator[models.Model]:
    if pks is None:
        yield from queryset.order_by("pk").iterator(chunk_size=CHUNK)
        return
    # In slices: one IN list of 100,000 ids would pass PostgreSQL's limit of 65,535 bound parameters.
    it = iter(sorted(pks))
    while chunk := list(itertools.islice(it, CHUNK)):
        yield from queryset.filter(pk__in=chunk).order_by("pk")


def export_write(*, record: JobRecord, resource: str, pks: Sequence[int] | None, fmt: str) -> dict:
    """Write the export to storage (the job's work); returns what the record shows as its result."""
    instance = import_string(resource)()
    model = instance._meta.model
    export_fields = instance.get_export_fields()
    queryset = model._default_manager.select_related(*_related(model, export_fields))
    total = len(pks) if pks is not None else queryset.count()
    job_progress(record=record, done=0, total=total)
    headers = instance.get_export_headers()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{model._meta.model_name}-{stamp}.{fmt}"
    done = 0
    with tempfile.TemporaryFile() as spool:
        if fmt == "csv":
            text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
            writer = csv.writer(text)
            writer.writerow(headers)
            append = writer.writerow
        else:
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet(title=str(model._meta.verbose_name_plural)[:31])
            sheet.sheet_view.rightToLeft = True
            sheet.append(text_cells(sheet, headers))

            def append(values, sheet=sheet):
                sheet.append(text_cells(sheet, values))

        for obj in _objects(queryset, pks):
            # ChamberResource neutralises formula-like cells itself; neutralise() again is harmless for others.
            append([neutralise(value) for value in instance.export_resource(obj)])
            done += 1
            if done % CHUNK == 0:
                job_progress(record=record, done=done)
        if fmt == "csv":
            text.flush()
            text.detach()
        else:
            workbook.save(spool)
        spool.seek(0)
        # A random folder: the file name alone never lets anyone guess another export's address.
        name = default_storage.save(f"{EXPORT_DIR}/{secrets.token_hex(16)}/{filename}", File(spool))
    record.result_file = name
    record.save(update_fields=["result_file"])
    job_progress(record=record, done=done)
    return {"rows": done, "format": fmt}


@recorded_task(name="chamber.export_write")
def export_write_job(*, record: JobRecord, resource: str, pks: list[int] | None, fmt: str) -> dict:
    return export_write(record=record, resource=resource, pks=pks, fmt=fmt)


# --- Documents too long to render within a request ---------------------------------------------------------------


def document_inline_rows() -> int:
    """Rows a printed list or report may have and still be rendered in the request (setting DOCUMENT_INLINE_ROWS):
    WeasyPrint takes about 20 ms a row, so that a page answers within 2 s; a longer one is written by a job."""
    return int(getattr(settings, "DOCUMENT_INLINE_ROWS", 60))


def document_job_start(*, builder: str, label: str, by=None, **params) -> JobRecord:
    """Queue a document for a job, after commit: `builder` is the dotted path of a function that takes `params`
    (JSON values: ids, language codes, labels) and returns a chamber.pdf Document; the job's record gives the link."""
    return job_start(task=document_write_job, label=label, by=by, builder=builder, params=params)


def document_write(*, record: JobRecord, builder: str, params: dict) -> dict:
    document = import_string(builder)(**params)
    name = default_storage.save(
        f"{EXPORT_DIR}/{secrets.token_hex(16)}/{document.filename}", ContentFile(document.content)
    )
    record.result_file = name
    record.save(update_fields=["result_file"])
    return {"file": document.filename, "bytes": len(document.content)}


@recorded_task(name="chamber.document_write")
def document_write_job(*, record: JobRecord, builder: str, params: dict) -> dict:
    return document_write(record=record, builder=builder, params=params)
