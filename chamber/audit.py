"""The audit trail: django-auditlog records who changed what; CIN and phone numbers are masked in it.

Apps register their models through `audit_register`, so that the masking rule lives in one place.
"""

from __future__ import annotations

from auditlog.registry import auditlog

# Field names that hold personal data (Law 09-08). Any registered model's field with one of these names is masked.
PERSONAL_FIELDS = ("cin", "phone", "phone_secondary", "mobile", "phone_number", "cnss_number", "amo_number")


def audit_register(model, *, exclude: tuple[str, ...] = (), extra_mask: tuple[str, ...] = ()) -> None:
    names = {f.name for f in model._meta.get_fields()}
    mask = [name for name in (*PERSONAL_FIELDS, *extra_mask) if name in names]
    if not auditlog.contains(model):
        auditlog.register(model, mask_fields=mask, exclude_fields=list(exclude))


def register_chamber_models() -> None:
    from chamber.models import ChamberProfile, Commune, Province, Region

    for model in (ChamberProfile, Region, Province, Commune):
        audit_register(model)
