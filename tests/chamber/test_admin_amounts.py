"""Amounts in MAD in the admin's forms and inlines: shown grouped the Moroccan way (2.160.000,00 in Arabic,
2 160 000,00 in French), read back from that grouping (or plain), refused with a message naming the field when they
are not an amount, and shown the same way in a view-only form."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from chamber.admin_base import AmountField, AmountInput, is_money_field
from chamber.formatting import parse_amount
from tests.admin_forms import errors, form_data_with_inlines
from tests.agreements.factories import PartyFactory, ProjectFactory


@pytest.mark.parametrize(
    ("text", "lang", "amount"),
    [
        ("2.160.000,00", "ar", "2160000.00"),
        ("2 160 000,00", "fr", "2160000.00"),
        ("2\u00a0160\u00a0000,00", "fr", "2160000.00"),
        ("2,160,000.00", "en", "2160000.00"),
        ("28250000.00", "ar", "28250000.00"),  # plain, as Django wrote it before
        ("2160000", "ar", "2160000"),
        ("2.160", "ar", "2160"),
        ("2,5", "ar", "2.5"),
        ("2,160", "en", "2160"),
    ],
)
def test_an_amount_is_read_back_from_its_grouping(text, lang, amount):
    assert parse_amount(text, lang) == Decimal(amount)


@pytest.mark.parametrize("text", ["2.16.000", "abc", "1.000,000,00", "2..160", ".5", "12 34", "2 160.000,00"])
def test_what_is_not_an_amount_is_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text, "ar")


def _money_inputs(superuser) -> dict[str, type]:
    """Every form field of the admin (change forms and their inlines) that edits a money field: where → field class."""
    found = {}
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        request = RequestFactory().get(url)
        request.user, request.session, request.resolver_match = superuser, {}, resolve(url)
        forms = [(model_admin.__class__.__name__, model, model_admin.get_form(request, None))]
        for inline in model_admin.get_inline_instances(request, None):
            formset = inline.get_formset(request, None)
            forms.append((inline.__class__.__name__, inline.model, formset.form))
        for where, form_model, form in forms:
            for name, field in form.base_fields.items():
                names = {f.name for f in form_model._meta.get_fields()}
                if name in names and is_money_field(form_model._meta.get_field(name)):
                    found[f"{where}.{name}"] = (type(field), type(field.widget))
    return found


@pytest.mark.django_db
def test_every_money_input_of_the_admin_is_grouped_and_read_back(superuser, profile):
    found = _money_inputs(superuser)
    # The inlines (parties, projects, contributions) and the main forms (agreement, project, application).
    for where in (
        "PartyInline.contribution",
        "ProjectInline.budget",
        "ProjectInline.disbursed",
        "ContributionInline.amount",
        "AgreementAdmin.declared_budget",
        "ProjectAdmin.budget",
        "ApplicationAdmin.sales_amount",
    ):
        assert where in found, sorted(found)
    wrong = {where: kinds for where, kinds in found.items() if kinds != (AmountField, AmountInput)}
    assert not wrong, wrong


@pytest.mark.django_db
def test_the_agreement_form_shows_and_saves_grouped_amounts(client, partnerships_officer, profile):
    project = ProjectFactory(budget=Decimal("28250000.00"))
    agreement = project.agreement
    party = PartyFactory(agreement=agreement, contribution=Decimal("9416666.67"))
    client.force_login(partnerships_officer)
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    response = client.get(url)
    html = response.content.decode()
    assert 'value="9.416.666,67"' in html
    assert 'value="28.250.000,00"' in html
    parties = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is type(party)
    )

    data = form_data_with_inlines(client, url)
    row = next(i for i, form in enumerate(parties.forms) if form.instance.pk == party.pk)
    data[f"{parties.prefix}-{row}-contribution"] = "2.160.000,00"
    response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    party.refresh_from_db()
    assert party.contribution == Decimal("2160000.00")


@pytest.mark.django_db
def test_a_wrong_amount_is_a_message_beside_its_field(client, partnerships_officer, profile):
    project = ProjectFactory(budget=Decimal("1000.00"))
    client.force_login(partnerships_officer)
    url = reverse("admin:agreements_project_change", args=[project.pk])
    data = form_data_with_inlines(client, url)
    data["budget"] = "2.16.000"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "budget" in response.context["adminform"].form.errors
    assert "2.160.000,00" in response.content.decode()  # the example the message gives
    project.refresh_from_db()
    assert project.budget == Decimal("1000.00")


@pytest.mark.django_db
def test_a_french_form_groups_with_spaces(client, partnerships_officer, profile):
    project = ProjectFactory(budget=Decimal("28250000.00"))
    client.force_login(partnerships_officer)
    client.cookies["chamber_language"] = "fr"
    html = client.get(reverse("admin:agreements_project_change", args=[project.pk])).content.decode()
    with translation.override("fr"):
        assert 'value="28\u00a0250\u00a0000,00"' in html or 'value="28 250 000,00"' in html


@pytest.mark.django_db
def test_a_view_only_form_shows_the_amount_grouped_with_its_currency(client, manager, profile):
    project = ProjectFactory(budget=Decimal("28250000.00"))
    client.force_login(manager)  # Management reads the projects
    html = client.get(reverse("admin:agreements_project_change", args=[project.pk])).content.decode()
    assert 'name="budget"' not in html
    assert "28.250.000,00 درهم" in html
