"""The audit trail has no holes: imports (one batch, one masked entry per row), `update()` through the helper,
many-to-many changes, accounts, groups and permissions; personal data is masked in every entry."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from artisans.benchmarks import HEADERS, build_rows, import_bytes, to_xlsx
from artisans.models import Activity, Artisan
from chamber.audit import audited_update
from chamber.masking import mask_personal
from chamber.models import ImportBatch
from tests.artisans.factories import ArtisanFactory


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("+212612345678", "******78"),
        ("AB123456", "******56"),
        ("011780000012345678901234", "******34"),
        ("fatima@example.ma", "******"),
        ("1985-04-12", "******"),
        ("12 درب الحرة، فاس", "******"),
        ("", ""),
        ("None", "None"),
    ],
)
def test_the_mask_keeps_at_most_the_last_two_characters_of_an_identifier(value, masked):
    assert mask_personal(value) == masked


def _entries(obj):
    return LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")


def test_personal_fields_are_masked_in_the_trail(db):
    artisan = ArtisanFactory()
    artisan.email = "fatima@example.ma"
    artisan.birth_date = dt.date(1985, 4, 12)
    artisan.address = "12 درب الحرة، فاس"
    artisan.phone = "+212612345678"
    artisan.save()
    trail = str([e.changes for e in _entries(artisan)])
    for secret in ("fatima@example.ma", "1985-04-12", "درب الحرة", "+212612345678", "2123456", artisan.cin):
        assert secret not in trail
    assert "******78" in trail


def test_many_to_many_changes_are_recorded(db):
    artisan = ArtisanFactory()
    activity = Activity.objects.exclude(pk=artisan.main_activity_id).first()
    artisan.secondary_activities.add(activity)
    entry = _entries(artisan).last()
    change = entry.changes["secondary_activities"]
    assert change == {"type": "m2m", "operation": "add", "objects": [str(activity)]}


def test_group_permission_and_user_changes_are_recorded(db, registry_clerk):
    group = Group.objects.create(name="Auditors")
    permission = Permission.objects.get(codename="view_artisan")
    group.permissions.add(permission)
    assert _entries(group).filter(changes__permissions__operation="add").exists()
    registry_clerk.groups.add(group)
    assert _entries(registry_clerk).filter(changes__groups__operation="add").exists()
    registry_clerk.set_password("another long passphrase 7")
    registry_clerk.is_staff = False
    registry_clerk.save()
    entry = _entries(registry_clerk).last()
    assert set(entry.changes) >= {"password", "is_staff"}
    # The new hash is not in the trail, neither whole nor its salt or digest.
    assert not [part for part in registry_clerk.password.split("$")[1:] if part in str(entry.changes)]


def test_a_login_is_not_an_audit_event(db, registry_clerk, client):
    before = _entries(registry_clerk).count()
    response = client.post(
        reverse("admin:login"), {"username": "registry.clerk", "password": "correct horse battery 9"}
    )
    assert response.status_code == 302
    registry_clerk.refresh_from_db()
    assert registry_clerk.last_login is not None
    assert _entries(registry_clerk).count() == before


def test_an_update_through_the_helper_leaves_one_masked_entry_per_row(db, registry_clerk):
    artisans = [ArtisanFactory() for _ in range(3)]
    ArtisanFactory(registration_status=Artisan.RegistrationStatus.SUSPENDED)
    before = LogEntry.objects.count()
    count = audited_update(
        Artisan.objects.filter(pk__in=[a.pk for a in artisans]),
        actor=registry_clerk,
        registration_status=Artisan.RegistrationStatus.SUSPENDED,
        phone="+212600000011",
    )
    assert count == 3
    entries = LogEntry.objects.order_by("pk")[before:]
    assert len(entries) == 3
    for entry in entries:
        assert entry.actor == registry_clerk
        assert entry.changes["registration_status"] == ["registered", "suspended"]
        assert entry.changes["phone"][1] == "******11"


def test_an_import_leaves_one_batch_and_one_masked_entry_per_row(db, registry_clerk):
    rows = build_rows(120)
    data = to_xlsx(rows)
    from artisans.resources import ArtisanResource
    from chamber.imports import SafeXLSX

    result = ArtisanResource().import_data(
        SafeXLSX().create_dataset(data),
        dry_run=False,
        user=registry_clerk,
        file_name="artisans.xlsx",
        file_sha256=hashlib.sha256(data).hexdigest(),
    )
    assert result.totals["new"] == 120
    batch = ImportBatch.objects.get()
    assert (batch.actor, batch.file_name, batch.rows, batch.created) == (
        registry_clerk,
        "artisans.xlsx",
        120,
        120,
    )
    assert batch.file_sha256 == hashlib.sha256(data).hexdigest()
    entries = LogEntry.objects.filter(additional_data__import_batch=batch.pk)
    assert entries.count() == 120 == batch.audit_entries
    assert entries.filter(action=LogEntry.Action.CREATE, actor=registry_clerk).count() == 120
    # No second, unlinked entry from the model signals.
    assert LogEntry.objects.filter(content_type__model="artisan").count() == 120
    trail = str(list(entries.values_list("changes", flat=True)))
    assert "BK000007" not in trail and "******07" in trail
    assert "1985-04-12" not in trail

    # A second file changing two rows: a second batch, two update entries with what changed.
    rows[3][1] = "خديجة البقالي"
    rows[4][7] = "مكناس"
    ArtisanResource().import_data(
        SafeXLSX().create_dataset(to_xlsx(rows)), dry_run=False, user=registry_clerk, file_name="fix.xlsx"
    )
    second = ImportBatch.objects.get(file_name="fix.xlsx")
    assert (second.updated, second.skipped, second.audit_entries) == (2, 118, 2)
    updates = LogEntry.objects.filter(additional_data__import_batch=second.pk, action=LogEntry.Action.UPDATE)
    changed = {field for entry in updates for field in entry.changes}
    assert {"full_name", "address"} <= changed
    assert "مكناس" not in str([e.changes for e in updates])  # the address is masked


def test_a_preview_and_a_refused_file_leave_no_batch(db):
    import_bytes(to_xlsx(build_rows(10)), dry_run=True)
    import_bytes(to_xlsx(build_rows(10, bad_every=5)))
    assert ImportBatch.objects.count() == 0
    assert not LogEntry.objects.filter(content_type__model="artisan").exists()


def test_the_admin_import_records_who_and_the_file(registry_clerk, client):
    client.force_login(registry_clerk)
    lines = [",".join(HEADERS)] + [",".join(str(v) for v in row) for row in build_rows(4)]
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
    response = client.post(
        reverse("admin:artisans_artisan_import"),
        {"import_file": SimpleUploadedFile("liste.csv", data), "format": 0, "resource": 0},
    )
    confirm = response.context["confirm_form"].initial
    client.post(reverse("admin:artisans_artisan_process_import"), confirm)
    batch = ImportBatch.objects.get()
    assert (batch.actor, batch.file_name, batch.created) == (registry_clerk, "liste.csv", 4)
    assert batch.file_sha256 == hashlib.sha256(data).hexdigest()
    assert LogEntry.objects.filter(additional_data__import_batch=batch.pk, actor=registry_clerk).count() == 4


def test_bulk_entries_read_exactly_like_the_entries_of_model_signals(db):
    from auditlog.diff import model_instance_diff

    from chamber.audit import _Differ, snapshot

    artisan = ArtisanFactory(email="fatima@example.ma", birth_date=dt.date(1985, 4, 12))
    differ = _Differ(Artisan)
    assert differ.created(artisan) == {k: list(v) for k, v in model_instance_diff(None, artisan).items()}
    before = snapshot(artisan)
    artisan.phone, artisan.address, artisan.registration_status = "+212612345699", "فاس", "suspended"
    expected = {k: list(v) for k, v in model_instance_diff(before, artisan).items()}
    assert differ.updated(before, artisan, None) == expected
    assert set(expected) == {"phone", "address", "registration_status"}


def test_bulk_entries_take_the_actor_of_the_request_only_while_it_lasts(db, registry_clerk, client):
    from chamber.audit import audit_bulk

    client.force_login(registry_clerk)
    client.get(reverse("admin:index"))  # the middleware sets (and leaves) auditlog's context for this thread
    artisan = ArtisanFactory()
    audit_bulk(model=Artisan, created=[artisan], extra={"probe": 1})
    assert LogEntry.objects.get(additional_data__probe=1).actor is None
