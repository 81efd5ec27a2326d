"""Validators for uploaded agreement documents: PDF only, checked by content, and capped in size."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
# The PDF specification lets "%%EOF" be followed by a few bytes of whitespace; look in the last kilobyte.
TRAILER_WINDOW = 1024


def validate_pdf(file) -> None:
    """Refuse what is not a PDF by its bytes (magic header, end-of-file marker) or is too large."""
    limit = settings.DOCUMENT_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The file %(name)s is %(size)s; the limit is %(limit)s.")
            % {
                "name": getattr(file, "name", ""),
                "size": filesizeformat(size),
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(len(PDF_MAGIC))
        if size is None:
            file.seek(0, 2)
            size = file.tell()
        file.seek(max(0, size - TRAILER_WINDOW))
        tail = file.read(TRAILER_WINDOW)
    finally:
        file.seek(position)
    if head != PDF_MAGIC or b"%%EOF" not in tail:
        raise ValidationError(
            _("The file %(name)s is not a PDF document (its content was checked, not its name).")
            % {"name": getattr(file, "name", "")},
            code="not_pdf",
        )
