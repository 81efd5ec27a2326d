"""Links from other apps: an exhibition (or a training) naming its funding agreement shows on the agreement's
admin page with its beneficiaries; amendments point to their parent and have their own lifecycle."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from agreements import selectors
from agreements.models import Agreement

from .factories import AgreementFactory

pytestmark = pytest.mark.django_db


def test_funded_exhibition_is_listed_on_the_agreement_page(client, partnerships_officer, profile):
    from exhibitions.models import Exhibition

    agreement = AgreementFactory()
    Exhibition.objects.create(
        title="معرض الصناعة التقليدية بتاونات",
        city="تاونات",
        start_date=datetime.date(2025, 5, 1),
        end_date=datetime.date(2025, 5, 10),
        funding_agreement=agreement,
    )
    groups = selectors.funded_activities(agreement)
    rows = [row for group in groups for row in group["rows"]]
    assert [str(obj) for obj, _count in rows] == [str(rows[0][0])]
    assert rows[0][1] == 0
    client.force_login(partnerships_officer)
    body = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk])).content.decode()
    assert "معرض الصناعة التقليدية بتاونات" in body


def test_funded_training_and_distribution_are_listed_with_their_beneficiaries(
    client, partnerships_officer, profile
):
    from tests.artisans.factories import ArtisanFactory
    from tests.programmes.factories import DistributionFactory, TrainingFactory

    agreement = AgreementFactory()
    training = TrainingFactory(title="تكوين في الفخار القروي", funding_agreement=agreement)
    for artisan in ArtisanFactory.create_batch(3):
        training.enrolments.create(artisan=artisan)
    DistributionFactory(title="توزيع عدة الفخار", training=training, funding_agreement=agreement)
    groups = {str(group["label"]): group["rows"] for group in selectors.funded_activities(agreement)}
    training_rows = [rows for rows in groups.values() if rows and rows[0][0] == training]
    assert training_rows and training_rows[0][0][1] == 3
    client.force_login(partnerships_officer)
    body = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk])).content.decode()
    assert "تكوين في الفخار القروي" in body
    assert "توزيع عدة الفخار" in body


def test_amendment_links_to_its_parent_and_starts_as_a_draft(profile):
    from agreements import services

    parent = AgreementFactory(reference="P-1")
    amendment = services.agreement_create(reference="P-1/A1", title="ملحق", parent=parent)
    assert amendment.kind == Agreement.Kind.AMENDMENT
    assert amendment.status == Agreement.Status.DRAFT
    assert list(parent.amendments.all()) == [amendment]
