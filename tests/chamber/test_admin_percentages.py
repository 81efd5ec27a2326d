"""Percentages in the admin (a project's physical progress) are written the Moroccan way through chamber.formatting:
90 % or 90,5 % in the projects list and a view-only form, 90 or 90,5 with a % sign in the agreement form's projects
inline and the project form (Django showed 90.00 everywhere), read back from that writing, plain or with the sign,
and refused with a message beside the field when they are not a number."""

from decimal import Decimal

import pytest
from django.urls import reverse

from chamber import formatting
from tests.admin_forms import errors, form_data_with_inlines
from tests.agreements.factories import ProjectFactory


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        ("90.00", "ar", "90 %"),
        ("90.50", "ar", "90,5 %"),
        ("90.50", "fr", "90,5 %"),
        ("12.25", "fr", "12,25 %"),
        ("0.00", "ar", "0 %"),
        ("100", "en", "100 %"),
    ],
)
def test_a_percentage_is_written_with_the_decimals_it_has(value, lang, shown):
    assert formatting.format_percent(Decimal(value), lang, decimals=None) == shown


def test_a_rate_keeps_its_one_decimal():
    assert formatting.format_percent(Decimal("90"), "fr") == "90,0 %"


def _projects_inline(response):
    return next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "projects"
    )


@pytest.mark.django_db
def test_the_agreement_form_shows_progress_as_a_percentage_and_saves_it(
    client, partnerships_officer, profile
):
    done = ProjectFactory(progress=Decimal("90.00"))
    half = ProjectFactory(agreement=done.agreement, progress=Decimal("90.50"))
    client.force_login(partnerships_officer)
    url = reverse("admin:agreements_agreement_change", args=[done.agreement.pk])
    response = client.get(url)
    html = response.content.decode()
    assert 'value="90"' in html
    assert 'value="90,5"' in html
    assert 'value="90.00"' not in html and 'value="90.50"' not in html
    assert '<span class="percent-sign" aria-hidden="true">%</span>' in html

    projects = _projects_inline(response)
    data = form_data_with_inlines(client, url)
    row = next(i for i, form in enumerate(projects.forms) if form.instance.pk == half.pk)
    data[f"{projects.prefix}-{row}-progress"] = "75,5 %"
    response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    half.refresh_from_db()
    done.refresh_from_db()
    assert half.progress == Decimal("75.50")
    assert done.progress == Decimal("90.00")


@pytest.mark.django_db
def test_a_wrong_percentage_is_a_message_beside_its_field(client, partnerships_officer, profile):
    project = ProjectFactory(progress=Decimal("40.00"))
    client.force_login(partnerships_officer)
    url = reverse("admin:agreements_project_change", args=[project.pk])
    data = form_data_with_inlines(client, url)
    data["progress"] = "نصف"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "progress" in response.context["adminform"].form.errors
    assert "أدخل نسبة مئوية مثل 12,5." in response.content.decode()
    data["progress"] = "150"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "progress" in response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.progress == Decimal("40.00")


@pytest.mark.django_db
def test_the_projects_list_and_a_view_only_form_show_percentages(client, manager, profile):
    project = ProjectFactory(progress=Decimal("90.50"))
    ProjectFactory(agreement=project.agreement, progress=Decimal("90.00"))
    client.force_login(manager)  # Management reads the projects
    client.cookies["chamber_language"] = "fr"
    html = client.get(reverse("admin:agreements_project_changelist")).content.decode()
    assert 'class="field-progress">90,5 %<' in html
    assert 'class="field-progress">90 %<' in html
    assert "90.00" not in html and "90,00" not in html
    html = client.get(reverse("admin:agreements_project_change", args=[project.pk])).content.decode()
    assert 'name="progress"' not in html
    assert "90,5 %" in html
