"""The register's records: CIN and phone rules, organisations' ICE, the audit trail's masking."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from artisans.models import Activity, Artisan, Organisation, Sector, validate_ice
from tests.artisans.factories import ArtisanFactory


def test_the_nomenclature_has_13_sectors_and_at_least_60_activities_in_arabic_and_french(db):
    assert Sector.objects.count() == 13
    assert Sector.objects.filter(kind=Sector.Kind.SERVICE).count() == 5
    assert Activity.objects.count() >= 60
    assert Activity.objects.filter(name_ar="الزليج", name_fr="Zellige").exists()
    assert not Activity.objects.filter(name_fr__isnull=True).exists()


def test_the_cin_is_stored_upper_case_and_searchable(db):
    from artisans.services import artisan_create

    fields = {
        f: getattr(ArtisanFactory.build(), f)
        for f in ("sex", "birth_date", "phone", "address", "commune", "main_activity", "registration_status")
    }
    artisan = artisan_create(cin=" ab 12345 ", full_name="أحمد", full_name_latin="Ahmed", **fields)
    artisan.refresh_from_db()
    assert artisan.cin == "AB12345"
    assert artisan.search_name == "احمد ahmed"


def test_a_malformed_cin_is_refused_with_a_clear_message(db):
    artisan = ArtisanFactory.build(cin="1234567")
    with pytest.raises(ValidationError) as excinfo:
        artisan.full_clean()
    assert "ليس رقم بطاقة وطنية صحيحا" in str(excinfo.value.message_dict["cin"])


def test_a_duplicate_cin_is_refused(db):
    ArtisanFactory(cin="C123456")
    with pytest.raises(IntegrityError):
        ArtisanFactory(cin="c123456")


def test_the_database_refuses_a_malformed_cin_even_outside_forms(db):
    with pytest.raises(IntegrityError):
        Artisan.objects.bulk_create([ArtisanFactory.build(cin="123")])


def test_phones_are_parsed_for_morocco_and_stored_in_e164(db):
    artisan = ArtisanFactory.build(phone="06 12 34 56 78")
    artisan.clean()
    assert artisan.phone == "+212612345678"
    bad = ArtisanFactory.build(phone="12")
    with pytest.raises(ValidationError):
        bad.clean()


def test_the_ice_is_checked_with_stdnum():
    from artisans.demo import _ice

    good = _ice(1)
    validate_ice(good)
    with pytest.raises(ValidationError):
        validate_ice(good[:-1] + str((int(good[-1]) + 1) % 10))


def test_the_admin_form_shows_a_duplicate_cin_error(db, admin_client):
    ArtisanFactory(cin="C123456")
    other = ArtisanFactory(cin="C654321")
    data = {
        "full_name": "أحمد",
        "cin": "c123456",
        "sex": "male",
        "commune": other.commune_id,
        "main_activity": other.main_activity_id,
        "category": "artisan",
        "registration_status": "registered",
        "coverage_status": "none",
    }
    response = admin_client.post(reverse("admin:artisans_artisan_add"), data)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert Artisan.objects.count() == 2


def test_the_audit_trail_masks_cin_and_phone(db):
    from auditlog.models import LogEntry

    artisan = ArtisanFactory(cin="C777777", phone="+212612345678")
    entry = LogEntry.objects.get_for_object(artisan).first()
    text = str(entry.changes)
    assert "C777777" not in text
    assert "612345678" not in text


def test_an_organisation_keeps_members_with_roles(db):
    from artisans.demo import _ice
    from artisans.models import Membership

    org = Organisation.objects.create(
        kind=Organisation.Kind.COOPERATIVE, name="تعاونية", commune=ArtisanFactory().commune, ice=_ice(2)
    )
    artisan = ArtisanFactory(cin="C1")
    Membership.objects.create(artisan=artisan, organisation=org, role=Membership.Role.PRESIDENT)
    assert list(org.members.all()) == [artisan]
