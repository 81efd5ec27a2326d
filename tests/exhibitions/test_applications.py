"""Applications: one per artisan and exhibition, withdrawals before selection, decisions within capacity, emails."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from exhibitions import services
from exhibitions.models import Application, Exhibition, StandAssignment
from tests.jobtools import send_queued_mail

from .factories import ApplicationFactory, ArtisanFactory, ExhibitionFactory, OrganisationFactory


def submit(exhibition, artisan, **kwargs):
    return services.application_submit(
        exhibition=exhibition,
        artisan=artisan,
        products=kwargs.pop("products", "زرابي"),
        needs_electricity=kwargs.pop("needs_electricity", True),
        space_m2=kwargs.pop("space_m2", Decimal("9")),
        **kwargs,
    )


def test_it_records_an_application_with_its_needs_and_activities(db):
    exhibition, artisan = ExhibitionFactory(), ArtisanFactory()
    application = submit(exhibition, artisan, space_m2="12.5")
    assert application.status == Application.Status.SUBMITTED
    assert application.needs_electricity is True
    assert application.space_m2 == Decimal("12.5")
    assert list(application.activities.all()) == [artisan.main_activity]


def test_a_second_application_by_the_same_artisan_is_refused(db):
    exhibition, artisan = ExhibitionFactory(), ArtisanFactory()
    submit(exhibition, artisan)
    with pytest.raises(ValidationError) as exc:
        submit(exhibition, artisan, products="فخار")
    assert "سبق لـ" in exc.value.messages[0]
    assert Application.objects.filter(exhibition=exhibition).count() == 1


def test_the_database_also_refuses_a_duplicate(db):
    application = ApplicationFactory()
    with pytest.raises(IntegrityError):
        ApplicationFactory(exhibition=application.exhibition, artisan=application.artisan)


def test_a_cooperative_may_apply(db):
    exhibition = ExhibitionFactory()
    application = services.application_submit(
        exhibition=exhibition, organisation=OrganisationFactory(), products="منتوجات", space_m2=18
    )
    assert application.applicant_name.startswith("تعاونية")


def test_applying_when_the_call_is_not_open_is_refused(db):
    exhibition = ExhibitionFactory(status=Exhibition.Status.SELECTION)
    with pytest.raises(ValidationError, match="غير مفتوح"):
        submit(exhibition, ArtisanFactory())


def test_a_wrong_space_is_refused_with_the_value(db):
    with pytest.raises(ValidationError) as exc:
        submit(ExhibitionFactory(), ArtisanFactory(), space_m2="-3")
    assert "-3" in str(exc.value)


def test_acceptance_over_capacity_is_refused(db, exhibitions_officer):
    exhibition = ExhibitionFactory(capacity=2)
    first, second, third = (ApplicationFactory(exhibition=exhibition) for _ in range(3))
    for application in (first, second):
        services.application_decide(
            application=application, decision="accept", reason="", by=exhibitions_officer
        )
    with pytest.raises(ValidationError) as exc:
        services.application_decide(application=third, decision="accept", reason="", by=exhibitions_officer)
    assert "مكتمل" in exc.value.messages[0]
    third.refresh_from_db()
    assert third.status == Application.Status.SUBMITTED
    assert exhibition.applications.filter(status="accepted").count() == 2


def test_a_refusal_needs_a_reason_that_the_artisan_sees(
    db, exhibitions_officer, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    with pytest.raises(ValidationError):
        services.application_decide(
            application=application, decision="refuse", reason=" ", by=exhibitions_officer
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application=application,
            decision="refuse",
            reason="المنتوجات خارج موضوع المعرض",
            by=exhibitions_officer,
        )
    application.refresh_from_db()
    assert application.status == Application.Status.REFUSED
    assert send_queued_mail() == 1
    assert len(mail.outbox) == 1
    assert "المنتوجات خارج موضوع المعرض" in mail.outbox[0].body
    assert mail.outbox[0].to == [application.artisan.email]


def test_the_email_goes_only_after_commit(db, exhibitions_officer, django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_decide(
            application=application, decision="waitlist", reason="", by=exhibitions_officer
        )
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_withdrawal_only_before_selection(db):
    application = ApplicationFactory()
    services.application_withdraw(application=application, by_artisan=application.artisan)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN

    late = ApplicationFactory(exhibition=ExhibitionFactory(status=Exhibition.Status.SELECTION))
    with pytest.raises(ValidationError, match="انطلق الانتقاء"):
        services.application_withdraw(application=late, by_artisan=late.artisan)


def test_an_artisan_cannot_withdraw_someone_elses_application(db):
    application = ApplicationFactory()
    with pytest.raises(ValidationError):
        services.application_withdraw(application=application, by_artisan=ArtisanFactory())


def test_a_stand_cannot_be_assigned_twice(db, exhibitions_officer):
    exhibition = ExhibitionFactory(stand_prefix="A")
    first, second = ApplicationFactory(exhibition=exhibition), ApplicationFactory(exhibition=exhibition)
    for application in (first, second):
        services.application_decide(application=application, decision="accept", by=exhibitions_officer)
    services.stand_assign(application=first, number=3)
    with pytest.raises(ValidationError) as exc:
        services.stand_assign(application=second, number=3)
    assert "A3" in str(exc.value)
    with pytest.raises(ValidationError, match="غير موجود"):
        services.stand_assign(application=second, number=11)
    assert services.stands_assign_remaining(exhibition=exhibition) == 1
    assert sorted(StandAssignment.objects.values_list("number", flat=True)) == [1, 3]


def test_staff_can_add_a_participant_directly(db, exhibitions_officer):
    exhibition = ExhibitionFactory(status=Exhibition.Status.CONFIRMED, capacity=1)
    application = services.participant_add(
        exhibition=exhibition, artisan=ArtisanFactory(), products="نحاس", by=exhibitions_officer
    )
    assert application.status == Application.Status.ACCEPTED
    assert application.added_by_staff
    with pytest.raises(ValidationError, match="مكتمل"):
        services.participant_add(
            exhibition=exhibition, artisan=ArtisanFactory(), products="نحاس", by=exhibitions_officer
        )
