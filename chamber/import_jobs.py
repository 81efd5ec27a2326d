"""Large spreadsheet imports, written by a background job after the admin's confirm step: the same resource, the same
arguments and the same all-or-nothing transaction as an import in the request, with the outcome on the job's record."""

from __future__ import annotations

import secrets

from django.utils import translation
from django.utils.translation import gettext as _
from import_export.results import RowResult

from chamber import audit
from chamber.imports import import_error_rows
from chamber.jobs import JobRefused, job_start, recorded_task
from chamber.models import JobRecord

# Where a confirmed import's file waits for its job: not the preview folder, whose files the hourly purge deletes.
IMPORT_JOB_FOLDER = "import-jobs"


class ImportRefused(JobRefused):
    """The import wrote nothing: its rows' errors, one per line, in the language of the person who started it."""


def import_errors(result, resource) -> list[str]:
    """Every reason an import result refuses its file, as "Line N, column: reason" lines (the preview's table),
    the column by its name in the active language."""
    lines = [str(getattr(error.error, "message", None) or error.error) for error in result.base_errors]
    for number, errors in result.row_errors():
        for error in errors:
            lines.append(_("Line %(line)s: %(reason)s") % {"line": number + 1, "reason": error.error})
    for line, column, reason in import_error_rows(resource, result):
        if column == "—":
            lines.append(_("Line %(line)s: %(reason)s") % {"line": line, "reason": reason})
        else:
            lines.append(
                _("Line %(line)s, column %(column)s: %(reason)s")
                % {"line": line, "column": column, "reason": reason}
            )
    return lines


def _dotted(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def import_start(
    *, resource: type, input_format: type, data: bytes, file_name: str, rows: int, label: str, by
) -> JobRecord:
    """Queue the confirmed import of `data` (the previewed file's bytes) with `resource`, written by a job after
    commit exactly as the request would have written it: all or nothing, with its ImportBatch and audit entries."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    stored = default_storage.save(f"{IMPORT_JOB_FOLDER}/{secrets.token_hex(16)}", ContentFile(data))
    return job_start(
        task=import_apply_job,
        label=label,
        by=by,
        total=rows,
        resource=_dotted(resource),
        input_format=_dotted(input_format),
        stored_name=stored,
        file_name=file_name,
        user_id=getattr(by, "pk", None),
        language=translation.get_language() or "ar",
    )


def import_apply(
    *,
    record: JobRecord,
    resource: str,
    input_format: str,
    stored_name: str,
    file_name: str,
    user_id: int | None,
    language: str,
) -> dict:
    """The job's work: read the stored file, import it with the admin's own arguments, and delete the file.

    Refused rows roll the whole import back (the resource's transaction) and fail the job with every reason."""
    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage
    from django.utils.module_loading import import_string

    try:
        with default_storage.open(stored_name, "rb") as handle:
            data = handle.read()
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        with translation.override(language):
            dataset = import_string(input_format)().create_dataset(data)
            importer = import_string(resource)()
            result = importer.import_data(
                dataset,
                dry_run=False,
                raise_errors=False,
                rollback_on_validation_errors=True,
                retain_instance_in_row_result=True,
                file_name=file_name,
                file_sha256=audit.file_sha256(data),
                user=user,
            )
            if result.has_errors() or result.has_validation_errors():
                lines = import_errors(result, importer)
                raise ImportRefused(
                    "\n".join(
                        [
                            _("Nothing was imported: correct these rows and upload the file again."),
                            *lines[:500],
                        ]
                    )
                )
    finally:
        default_storage.delete(stored_name)
    totals = result.totals
    batch = getattr(importer, "_audit_batch", None)
    return {
        "created": totals[RowResult.IMPORT_TYPE_NEW],
        "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
        "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
        "import_batch": batch.pk if batch is not None else None,
    }


# A refused file is refused again on a retry: no retry. The whole import is one transaction, so a worker lost
# midway leaves nothing written; staff upload the file again.
@recorded_task(name="chamber.import_apply", retry=None)
def import_apply_job(
    *,
    record: JobRecord,
    resource: str,
    input_format: str,
    stored_name: str,
    file_name: str,
    user_id: int | None,
    language: str,
) -> dict:
    return import_apply(
        record=record,
        resource=resource,
        input_format=input_format,
        stored_name=stored_name,
        file_name=file_name,
        user_id=user_id,
        language=language,
    )
