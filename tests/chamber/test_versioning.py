"""No lost update: PostgreSQL bumps a record's version on every UPDATE, whatever the path; a stale admin save
or service call is refused with who changed what, and the admin keeps the user's input on screen."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from artisans.models import Artisan
from chamber.versioning import VersionConflict, version_lock, versioned_write
from tests.admin_forms import errors, form_data, form_data_with_inlines
from tests.artisans.factories import ArtisanFactory


def _version(artisan) -> int:
    return Artisan.objects.values_list("version", flat=True).get(pk=artisan.pk)


def test_the_database_bumps_the_version_on_every_path(db):
    artisan = ArtisanFactory()
    assert _version(artisan) == 1
    artisan.address = "فاس"
    artisan.save()
    assert _version(artisan) == 2
    Artisan.objects.filter(pk=artisan.pk).update(address="مكناس")
    assert _version(artisan) == 3
    artisan.address = "تازة"
    Artisan.objects.bulk_update([artisan], ["address"])
    assert _version(artisan) == 4
    with connection.cursor() as cursor:
        cursor.execute("UPDATE artisans_artisan SET address = 'صفرو' WHERE id = %s", [artisan.pk])
    assert _version(artisan) == 5
    # A writer holding an old number cannot write it back: the trigger, not the caller, sets it.
    artisan.version = 1
    artisan.save()
    assert _version(artisan) == 6


def test_a_stale_service_write_is_refused_with_who_changed_what(db, registry_clerk):
    from auditlog.context import set_actor

    artisan = ArtisanFactory(registration_status="registered")
    seen = artisan.version
    with set_actor(registry_clerk):
        other = Artisan.objects.get(pk=artisan.pk)
        other.registration_status = "suspended"
        other.save()
    artisan.address = "فاس"
    with (
        translation.override("ar"),
        pytest.raises(VersionConflict) as refused,
        versioned_write(artisan, expected_version=seen),
    ):
        artisan.save()
    message = refused.value.messages[0]
    assert "registry.clerk" in message
    assert "موقوف" in message  # the new status, by its Arabic label
    assert Artisan.objects.get(pk=artisan.pk).address != "فاس"
    assert refused.value.current == seen + 1


def test_a_current_service_write_goes_through_and_reads_the_new_version(db):
    artisan = ArtisanFactory()
    with versioned_write(artisan, expected_version=artisan.version):
        artisan.address = "فاس"
        artisan.save()
    assert artisan.version == 2 == _version(artisan)


# serialized_rollback: the flush after the test must give back the geography and roles that migrations load.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_lock_makes_the_second_of_two_concurrent_writers_wait_then_fail(registry_clerk):
    import threading

    from django.db import connections

    artisan = ArtisanFactory()
    seen = artisan.version
    first_locked, results = threading.Event(), []

    def first():
        try:
            with transaction.atomic():
                version_lock(Artisan.objects.get(pk=artisan.pk), expected_version=seen)
                first_locked.set()
                Artisan.objects.filter(pk=artisan.pk).update(address="الأول")
            results.append("first saved")
        finally:
            connections.close_all()

    thread = threading.Thread(target=first)
    thread.start()
    first_locked.wait(10)
    thread.join(10)
    try:
        with transaction.atomic():
            version_lock(Artisan.objects.get(pk=artisan.pk), expected_version=seen)
        results.append("second saved")
    except VersionConflict:
        results.append("second refused")
    assert results == ["first saved", "second refused"]
    assert Artisan.objects.get(pk=artisan.pk).address == "الأول"


# --- The admin -------------------------------------------------------------------------------------------------------


def test_two_stale_admin_saves_one_conflict_no_lost_update(client, registry_clerk, admin_user, profile):
    artisan = ArtisanFactory(address="قديم")
    url = reverse("admin:artisans_artisan_change", args=[artisan.pk])
    client.force_login(registry_clerk)
    first = form_data(client, url)
    second = form_data(client, url)
    assert first["record_version"].startswith("1:")

    first["address"] = "درب الحرة، فاس"
    response = client.post(url, first)
    assert response.status_code == 302

    second["full_name"] = "اسم جديد"
    response = client.post(url, second)
    assert response.status_code == 200  # refused, the form is shown again
    html = response.content.decode()
    assert "registry.clerk" in html
    form = response.context["adminform"].form
    assert form.non_field_errors()
    assert "registry.clerk" in form.non_field_errors()[0]
    assert form["full_name"].value() == "اسم جديد"  # the user's input stays on screen
    artisan.refresh_from_db()
    assert artisan.full_name != "اسم جديد"
    assert artisan.address == "درب الحرة، فاس"  # the first save is not lost

    # Saving again, knowingly, from the refused form goes through.
    again = {**second, "record_version": form["record_version"].value()}
    assert client.post(url, again).status_code == 302
    artisan.refresh_from_db()
    assert artisan.full_name == "اسم جديد"


def test_a_form_without_its_version_is_refused(client, registry_clerk, profile):
    artisan = ArtisanFactory()
    url = reverse("admin:artisans_artisan_change", args=[artisan.pk])
    client.force_login(registry_clerk)
    data = form_data(client, url)
    del data["record_version"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()


def test_a_write_that_changes_nothing_keeps_the_version(db):
    artisan = ArtisanFactory(address="فاس")
    Artisan.objects.filter(pk=artisan.pk).update(address="فاس")
    assert _version(artisan) == 1


RECORDS_TWO_STAFF_EDIT = (
    "artisans.Artisan",
    "artisans.Organisation",
    "meetings.Session",
    "meetings.AgendaItem",
    "meetings.Decision",
    "agreements.Agreement",
    "agreements.AgreementParty",
    "agreements.Project",
    "exhibitions.Exhibition",
    "exhibitions.Application",
)


@pytest.mark.parametrize("label", RECORDS_TWO_STAFF_EDIT)
def test_every_record_two_staff_edit_carries_a_version_the_database_keeps(db, label):
    from django.apps import apps
    from django.contrib import admin

    from chamber.admin_base import VersionedAdminMixin, VersionedInlineMixin
    from chamber.versioning import Versioned

    model = apps.get_model(label)
    assert issubclass(model, Versioned)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname LIKE 'pgtrigger_bump_version_%%'",
            [model._meta.db_table],
        )
        assert cursor.fetchone()[0] == 1
    # Its admin change form, or the inline it is edited in, carries and checks the version.
    editors = [type(a) for m, a in admin.site._registry.items() if m is model]
    editors += [i for a in admin.site._registry.values() for i in a.inlines if i.model is model]
    assert editors
    assert all(issubclass(e, VersionedAdminMixin | VersionedInlineMixin) for e in editors), editors


def test_a_stale_inline_row_is_refused_even_when_this_user_left_it_alone(
    client, partnerships_officer, profile
):
    from agreements.models import AgreementParty
    from tests.agreements.factories import PartyFactory

    party = PartyFactory()
    agreement = party.agreement
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    client.force_login(partnerships_officer)
    data = form_data_with_inlines(client, url)
    # Someone else changes the party after the form was opened. The stale form still holds the old amount, and
    # the admin would write it back with the agreement (it sees the row as changed): refused instead.
    AgreementParty.objects.filter(pk=party.pk).update(contribution=555)
    data["title_ar"] = "عنوان جديد"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "شريك" in str(errors(response))
    assert AgreementParty.objects.get(pk=party.pk).contribution == 555

    # From a fresh form, the same edit goes through.
    data = form_data_with_inlines(client, url)
    data["title_ar"] = "عنوان جديد"
    response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    assert AgreementParty.objects.get(pk=party.pk).contribution == 555
