"""One write path: every admin add, change and delete of the eight main records is made by the app's service
(each test wraps the real service, so the write still happens), and a service's refusal is a form error."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from artisans import services as artisan_services
from artisans.models import Artisan, Organisation
from tests.admin_forms import errors, form_data_with_inlines, inline_row
from tests.artisans.factories import ArtisanFactory

pytestmark = pytest.mark.django_db


def _wrapped(module, name):
    return mock.patch.object(module, name, wraps=getattr(module, name))


def _add(client, model_url: str, fill: dict) -> dict:
    data = form_data_with_inlines(client, reverse(f"admin:{model_url}_add"))
    data.update(fill)
    return data


def _delete(client, model_url: str, pk) -> int:
    return client.post(reverse(f"admin:{model_url}_delete", args=[pk]), {"post": "yes"}).status_code


# --- artisans --------------------------------------------------------------------------------------------------------


def test_the_artisan_admin_adds_changes_and_deletes_through_the_services(client, superuser, profile):
    client.force_login(superuser)
    fill = {
        "full_name": "فاطمة الزهراء",
        "full_name_latin": "EL FASSI Fatima",
        "cin": "cd 99 88",
        "sex": Artisan.Sex.FEMALE,
        "commune": str(ArtisanFactory.commune.function().pk),
        "main_activity": str(ArtisanFactory.main_activity.function().pk),
        "category": Artisan.Category.values[0],
        "registration_status": Artisan.RegistrationStatus.REGISTERED,
    }
    with _wrapped(artisan_services, "artisan_create") as create:
        data = _add(client, "artisans_artisan", fill)
        response = client.post(reverse("admin:artisans_artisan_add"), data)
    assert response.status_code == 302, errors(response)
    create.assert_called_once()
    artisan = Artisan.objects.get(cin="CD9988")

    url = reverse("admin:artisans_artisan_change", args=[artisan.pk])
    with _wrapped(artisan_services, "artisan_update") as update:
        data = form_data_with_inlines(client, url)
        data["address"] = "درب الحرة، فاس"
        response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    assert update.call_args.kwargs["address"] == "درب الحرة، فاس"
    artisan.refresh_from_db()
    assert artisan.address == "درب الحرة، فاس"

    with _wrapped(artisan_services, "artisan_delete") as delete:
        assert _delete(client, "artisans_artisan", artisan.pk) == 302
    delete.assert_called_once()
    assert not Artisan.objects.filter(pk=artisan.pk).exists()


def test_the_organisation_admin_and_its_members_go_through_the_services(client, superuser, profile):
    client.force_login(superuser)
    member = ArtisanFactory()
    commune = ArtisanFactory.commune.function()
    with _wrapped(artisan_services, "organisation_create") as create:
        data = _add(
            client,
            "artisans_organisation",
            {"kind": "cooperative", "name_ar": "تعاونية النور", "commune": str(commune.pk)},
        )
        response = client.post(reverse("admin:artisans_organisation_add"), data)
    assert response.status_code == 302, errors(response)
    create.assert_called_once()
    organisation = Organisation.objects.get(name_ar="تعاونية النور")

    url = reverse("admin:artisans_organisation_change", args=[organisation.pk])
    with (
        _wrapped(artisan_services, "organisation_update") as update,
        _wrapped(artisan_services, "membership_create") as add_member,
    ):
        data = form_data_with_inlines(client, url)
        data["name_ar"] = "تعاونية النور للفخار"
        data["memberships-TOTAL_FORMS"] = "1"
        data["memberships-0-artisan"] = str(member.pk)
        data["memberships-0-role"] = "member"
        response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    update.assert_called_once()
    add_member.assert_called_once()
    assert organisation.memberships.get().artisan == member

    with _wrapped(artisan_services, "organisation_delete") as delete:
        assert _delete(client, "artisans_organisation", organisation.pk) == 302
    delete.assert_called_once()
    assert not Organisation.objects.filter(pk=organisation.pk).exists()


# --- meetings --------------------------------------------------------------------------------------------------------


def test_the_session_admin_and_its_attendance_go_through_the_services(client, secretary, profile):
    from meetings import services as meetings_services
    from meetings.models import Attendance, Session
    from tests.meetings.factories import MemberFactory, SessionFactory

    client.force_login(secretary)
    with _wrapped(meetings_services, "session_create") as create:
        data = _add(
            client,
            "meetings_session",
            {
                "kind": Session.Kind.ORDINARY,
                "label_ar": "دورة أكتوبر",
                "starts_at": "20/10/2026 10:00",
                "starts_at_0": "20/10/2026",
                "starts_at_1": "10:00",
                "venue_ar": "مقر الغرفة",
            },
        )
        response = client.post(reverse("admin:meetings_session_add"), data)
    assert response.status_code == 302, errors(response)
    create.assert_called_once()
    session = Session.objects.get(label_ar="دورة أكتوبر")

    # Attendance on a session still "planned" is refused on the form, nothing is written.
    member = MemberFactory()
    url = reverse("admin:meetings_session_change", args=[session.pk])
    data = form_data_with_inlines(client, url)
    data = inline_row(data, "attendances", member=str(member.pk), status=Attendance.Status.PRESENT)
    response = client.post(url, data)
    assert response.status_code == 200
    refusals = [
        str(e) for f in response.context["inline_admin_formsets"] for e in f.formset.non_form_errors()
    ]
    assert any(session.label_ar in refusal for refusal in refusals), refusals
    assert not Attendance.objects.filter(session=session).exists()

    convened = SessionFactory(status=Session.Status.CONVENED)
    url = reverse("admin:meetings_session_change", args=[convened.pk])
    with (
        _wrapped(meetings_services, "session_update") as update,
        _wrapped(meetings_services, "attendance_record") as record,
    ):
        data = form_data_with_inlines(client, url)
        data["venue_ar"] = "قاعة الاجتماعات"
        data = inline_row(data, "attendances", member=str(member.pk), status=Attendance.Status.PRESENT)
        response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    update.assert_called_once()
    record.assert_called_once()
    assert convened.attendances.get().member == member

    with _wrapped(meetings_services, "session_delete") as delete:
        assert _delete(client, "meetings_session", session.pk) == 302
    delete.assert_called_once()
    assert not Session.objects.filter(pk=session.pk).exists()


def test_the_decision_admin_records_and_deletes_through_the_services(client, secretary, profile):
    from meetings import services as meetings_services
    from meetings.models import Decision
    from tests.meetings.factories import AgendaItemFactory, assembly, held_session

    session = held_session(assembly(4))
    item = AgendaItemFactory(session=session)
    client.force_login(secretary)
    data = {"item": item.pk, "votes_for": "4", "votes_against": "0", "abstentions": "0", "president_vote": ""}
    with _wrapped(meetings_services, "decision_record") as record:
        response = client.post(reverse("admin:meetings_decision_add"), data)
    assert response.status_code == 302, errors(response)
    record.assert_called_once()
    decision = Decision.objects.get(item=item)

    url = reverse("admin:meetings_decision_change", args=[decision.pk])
    with _wrapped(meetings_services, "decision_record") as record:
        data = form_data_with_inlines(client, url)
        data["votes_for"], data["abstentions"] = "3", "1"
        response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    assert record.call_args.kwargs["votes_for"] == 3
    assert Decision.objects.get(pk=decision.pk).abstentions == 1

    with _wrapped(meetings_services, "decision_delete") as delete:
        assert _delete(client, "meetings_decision", decision.pk) == 302
    delete.assert_called_once()
    assert not Decision.objects.filter(pk=decision.pk).exists()


def test_a_refused_vote_is_a_form_error_not_a_redirect(client, secretary, profile):
    from tests.meetings.factories import AgendaItemFactory, assembly, held_session

    item = AgendaItemFactory(session=held_session(assembly(4)))
    client.force_login(secretary)
    # More votes than members present: the service refuses.
    data = {"item": item.pk, "votes_for": "9", "votes_against": "0", "abstentions": "0", "president_vote": ""}
    response = client.post(reverse("admin:meetings_decision_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()


# --- agreements ------------------------------------------------------------------------------------------------------


def test_the_agreement_admin_and_its_parties_go_through_the_services(client, partnerships_officer, profile):
    from agreements import services as agreement_services
    from agreements.models import Agreement
    from tests.agreements.factories import PartnerFactory

    client.force_login(partnerships_officer)
    fill = {"reference": "T-9001", "title_ar": "اتفاقية الشراكة", "kind": Agreement.Kind.PARTNERSHIP}
    with _wrapped(agreement_services, "agreement_create") as create:
        data = _add(client, "agreements_agreement", fill)
        response = client.post(reverse("admin:agreements_agreement_add"), data)
    assert response.status_code == 302, errors(response)
    create.assert_called_once()
    agreement = Agreement.objects.get(reference="T-9001")
    assert agreement.title_ar == "اتفاقية الشراكة"

    partner = PartnerFactory()
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    with (
        _wrapped(agreement_services, "agreement_update") as update,
        _wrapped(agreement_services, "agreement_party_add") as add_party,
    ):
        data = form_data_with_inlines(client, url)
        data["title_ar"] = "اتفاقية الشراكة المعدلة"
        data = inline_row(
            data, "parties", position="1", partner=str(partner.pk), role="signatory", contribution="1000.00",
            contribution_kind="cash",
        )  # fmt: skip
        response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    update.assert_called_once()
    add_party.assert_called_once()
    assert agreement.parties.get().partner == partner

    with _wrapped(agreement_services, "agreement_delete") as delete:
        assert _delete(client, "agreements_agreement", agreement.pk) == 302
    delete.assert_called_once()
    assert not Agreement.objects.filter(pk=agreement.pk).exists()


def test_the_project_admin_goes_through_the_services(client, partnerships_officer, profile):
    from agreements import services as agreement_services
    from agreements.models import Project
    from tests.agreements.factories import AgreementFactory

    agreement = AgreementFactory()
    client.force_login(partnerships_officer)
    fill = {"agreement": str(agreement.pk), "title_ar": "ورشة الخزف", "budget": "50000", "status": "planned"}
    with _wrapped(agreement_services, "project_create") as create:
        data = _add(client, "agreements_project", fill)
        response = client.post(reverse("admin:agreements_project_add"), data)
    assert response.status_code == 302, errors(response)
    create.assert_called_once()
    project = Project.objects.get(title_ar="ورشة الخزف")

    url = reverse("admin:agreements_project_change", args=[project.pk])
    with _wrapped(agreement_services, "project_update") as update:
        data = form_data_with_inlines(client, url)
        data["budget"] = "60000.00"
        response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    update.assert_called_once()
    project.refresh_from_db()
    assert project.budget == 60000

    with _wrapped(agreement_services, "project_delete") as delete:
        assert _delete(client, "agreements_project", project.pk) == 302
    delete.assert_called_once()
    assert not Project.objects.filter(pk=project.pk).exists()


# --- exhibitions -----------------------------------------------------------------------------------------------------


def test_the_exhibition_admin_goes_through_the_services(client, exhibitions_officer, profile):
    from exhibitions import services as exhibition_services
    from exhibitions.models import Exhibition

    client.force_login(exhibitions_officer)
    start = dt.date.today() + dt.timedelta(days=60)
    fill = {
        "title_ar": "معرض الزربية",
        "scope": "regional",
        "city_ar": "فاس",
        "start_date": start.strftime("%d/%m/%Y"),
        "end_date": (start + dt.timedelta(days=5)).strftime("%d/%m/%Y"),
        "capacity": "10",
        "stand_count": "10",
    }
    with _wrapped(exhibition_services, "exhibition_create") as create:
        data = _add(client, "exhibitions_exhibition", fill)
        response = client.post(reverse("admin:exhibitions_exhibition_add"), data)
    assert response.status_code == 302, errors(response)
    create.assert_called_once()
    exhibition = Exhibition.objects.get(title_ar="معرض الزربية")

    url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
    with _wrapped(exhibition_services, "exhibition_update") as update:
        data = form_data_with_inlines(client, url)
        data["capacity"] = "12"
        response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    update.assert_called_once()
    assert Exhibition.objects.get(pk=exhibition.pk).capacity == 12

    with _wrapped(exhibition_services, "exhibition_delete") as delete:
        assert _delete(client, "exhibitions_exhibition", exhibition.pk) == 302
    delete.assert_called_once()
    assert not Exhibition.objects.filter(pk=exhibition.pk).exists()


def test_the_application_admin_goes_through_the_services(client, exhibitions_officer, profile):
    from exhibitions import services as exhibition_services
    from exhibitions.models import Application
    from tests.exhibitions.factories import ArtisanFactory as ExhibitorFactory
    from tests.exhibitions.factories import ExhibitionFactory

    exhibition = ExhibitionFactory()
    artisan = ExhibitorFactory()
    client.force_login(exhibitions_officer)
    fill = {"exhibition": str(exhibition.pk), "artisan": str(artisan.pk), "products": "نحاس", "space_m2": "9"}
    with _wrapped(exhibition_services, "participant_add") as create:
        data = _add(client, "exhibitions_application", fill)
        response = client.post(reverse("admin:exhibitions_application_add"), data)
    assert response.status_code == 302, errors(response)
    create.assert_called_once()
    application = Application.objects.get(exhibition=exhibition, artisan=artisan)

    url = reverse("admin:exhibitions_application_change", args=[application.pk])
    with _wrapped(exhibition_services, "application_update") as update:
        data = form_data_with_inlines(client, url)
        data["products"] = "نحاس وفضة"
        response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    update.assert_called_once()
    assert Application.objects.get(pk=application.pk).products == "نحاس وفضة"

    with _wrapped(exhibition_services, "application_delete") as delete:
        assert _delete(client, "exhibitions_application", application.pk) == 302
    delete.assert_called_once()
    assert not Application.objects.filter(pk=application.pk).exists()


def test_adding_a_participant_to_a_planned_exhibition_is_a_form_error(client, exhibitions_officer, profile):
    from exhibitions.models import Application, Exhibition
    from tests.exhibitions.factories import ArtisanFactory as ExhibitorFactory
    from tests.exhibitions.factories import ExhibitionFactory

    exhibition = ExhibitionFactory(status=Exhibition.Status.PLANNED)
    client.force_login(exhibitions_officer)
    data = {
        "exhibition": exhibition.pk,
        "artisan": ExhibitorFactory().pk,
        "products": "نحاس",
        "space_m2": "9",
    }
    response = client.post(reverse("admin:exhibitions_application_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert not Application.objects.filter(exhibition=exhibition).exists()


def test_a_refusal_met_only_at_save_comes_back_on_the_form(client, exhibitions_officer, profile):
    """The form's own checks pass; the service refuses at save: the form comes back with it, nothing written."""
    from exhibitions import services as exhibition_services
    from exhibitions.models import Application
    from tests.exhibitions.factories import ArtisanFactory as ExhibitorFactory
    from tests.exhibitions.factories import ExhibitionFactory

    exhibition = ExhibitionFactory()
    client.force_login(exhibitions_officer)
    data = {
        "exhibition": exhibition.pk,
        "artisan": ExhibitorFactory().pk,
        "products": "نحاس",
        "space_m2": "9",
    }
    refusal = exhibition_services.ValidationError({"products": "مرفوض للاختبار"})
    with mock.patch.object(exhibition_services, "participant_add", side_effect=refusal):
        response = client.post(reverse("admin:exhibitions_application_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["products"] == ["مرفوض للاختبار"]
    assert response.context["adminform"].form["products"].value() == "نحاس"
    assert not Application.objects.filter(exhibition=exhibition).exists()
