"""The agreement's change form fits a 1366 px screen: its parties and projects tables do not push the page sideways
(Playwright with Debian's Chromium); a screenshot goes to test-artifacts/agreements/."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "agreements"
STAFF_PASSWORD = "correct horse battery 9"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [1366, 1280])
def test_the_agreement_form_fits_the_window(chromium, live_server, django_user_model, profile, width):
    from django.contrib.auth.models import Group

    from agreements.models import Agreement
    from chamber import roles
    from tests.agreements.factories import ContributionFactory, PartyFactory, ProjectFactory

    user = django_user_model.objects.create_user(
        username="part.nadia", password=STAFF_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=roles.PARTNERSHIPS))
    project = ProjectFactory(
        title="تأهيل فضاءات العرض والبيع للصناع التقليديين بإقليم تاونات", budget=Decimal("28250000.00")
    )
    agreement = project.agreement
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.IN_EXECUTION)
    for _ in range(3):
        party = PartyFactory(agreement=agreement, contribution=Decimal("9416666.67"))
        ContributionFactory(project=project, party=party, amount=Decimal("9416666.67"))
    ProjectFactory(agreement=agreement, title="تكوين الصناع في التسويق الرقمي")

    page = chromium.new_context(locale="ar", viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "part.nadia")
    page.fill("#id_password", STAFF_PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/agreements/agreement/{agreement.pk}/change/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"agreement-form-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_dashboard_charts_count_in_whole_numbers_and_read_from_the_right(
    chromium, live_server, django_user_model, profile
):
    from django.contrib.auth.models import Group

    from agreements.models import Agreement
    from chamber import roles
    from tests.agreements.factories import AgreementFactory, PartyFactory

    user = django_user_model.objects.create_user(username="part.omar", password=STAFF_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.PARTNERSHIPS))
    for status in ("draft", "signed", "signed", "in_execution"):
        agreement = AgreementFactory(status=status)
        PartyFactory(agreement=agreement, contribution=Decimal("14000000.00"))
    assert Agreement.objects.count() == 4

    page = chromium.new_context(locale="ar", viewport={"width": 1366, "height": 900}).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "part.omar")
    page.fill("#id_password", STAFF_PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/agreements/agreement/dashboard/")
    page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('chart-status'))")
    status = page.evaluate(
        "(() => { const c = Chart.getChart(document.getElementById('chart-status'));"
        " return {ticks: c.scales.y.ticks.map(t => t.value), reverse: c.scales.x.options.reverse,"
        " side: c.scales.y.position}; })()"
    )
    assert status["ticks"] and all(float(v).is_integer() for v in status["ticks"])
    assert status["reverse"] is True and status["side"] == "right"
    money = page.evaluate(
        "(() => { const c = Chart.getChart(document.getElementById('chart-partner-kind'));"
        " const s = c.scales.x; return {labels: s.ticks.map(t => s.getLabelForValue ? s.options.ticks.callback(t.value) : ''),"
        " reverse: s.options.reverse}; })()"
    )
    assert money["reverse"] is True
    assert any("." in label and "," not in label for label in money["labels"] if len(label) > 5)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
