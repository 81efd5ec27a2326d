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
