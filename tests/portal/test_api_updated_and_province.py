"""The open data's sessions move with their changes (updated_since), and exhibitions have a province that the API
and the public exhibitions page filter by."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chamber.models import Province
from exhibitions import demo as exhibitions_demo
from exhibitions import services as exhibition_services
from exhibitions.models import Exhibition
from meetings import services as meeting_services
from tests.exhibitions.factories import ExhibitionFactory
from tests.meetings.factories import AgendaItemFactory, assembly, held_session

API = "/api/v1"


def _results(client, path: str, **params) -> list[dict]:
    response = client.get(f"{API}/{path}", params)
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)["results"]


@pytest.mark.django_db
def test_a_session_is_updated_since_a_moment_when_it_or_one_of_its_decisions_changed(client, profile):
    members = assembly(9)
    first = held_session(members)
    second = held_session(
        members, label_ar="دورة استثنائية", starts_at=first.starts_at + dt.timedelta(days=30)
    )
    decision = meeting_services.decision_record(
        item=AgendaItemFactory(session=first), votes_for=6, votes_against=2, abstentions=1
    )
    listed = {s["id"]: s for s in _results(client, "sessions/")}
    assert set(listed) == {first.pk, second.pk} and all(s["updated_at"] for s in listed.values())
    moment = timezone.now()
    assert _results(client, "sessions/", updated_since=moment.isoformat()) == []
    meeting_services.decision_wording_update(decision=decision, wording=decision.wording + " (مصححة)")
    assert [s["id"] for s in _results(client, "sessions/", updated_since=moment.isoformat())] == [first.pk]
    later = timezone.now()
    meeting_services.minutes_draft(session=second)
    assert [s["id"] for s in _results(client, "sessions/", updated_since=later.isoformat())] == [second.pk]
    assert client.get(f"{API}/sessions/", {"updated_since": "soon"}).status_code == 422


@pytest.fixture
def fairs(profile):
    fes = Province.objects.get(code="FES")
    in_fes = ExhibitionFactory(title="معرض فاس للنحاس", country="MA", province=fes)
    in_taza = ExhibitionFactory(
        title="معرض تازة للزربية", country="MA", province=Province.objects.get(code="TAZ")
    )
    return in_fes, in_taza


@pytest.mark.django_db
def test_the_api_filters_exhibitions_by_province(client, fairs):
    in_fes, in_taza = fairs
    found = _results(client, "exhibitions/", province="FES")
    assert [e["id"] for e in found] == [in_fes.pk] and found[0]["province"] == "FES"
    assert {e["id"] for e in _results(client, "exhibitions/")} == {in_fes.pk, in_taza.pk}
    assert _results(client, "exhibitions/", province="NOWHERE") == []


@pytest.mark.django_db
def test_the_exhibitions_page_filters_by_province_and_refuses_an_unknown_one(client, fairs):
    page = client.get(reverse("exhibitions:calendar"), {"province": "TAZ"}).content.decode()
    assert "معرض تازة للزربية" in page and "معرض فاس للنحاس" not in page
    assert 'value="TAZ" selected' in page
    unknown = client.get(reverse("exhibitions:calendar"), {"province": "ZZZ"})
    assert unknown.status_code == 200 and unknown.context["form"].errors["province"]
    assert "معرض فاس للنحاس" in unknown.content.decode()


@pytest.mark.django_db
def test_a_province_is_only_for_an_exhibition_held_in_morocco(profile):
    abroad = ExhibitionFactory(country="BE")
    with pytest.raises(ValidationError) as refused:
        exhibition_services.exhibition_update(exhibition=abroad, province=Province.objects.get(code="FES"))
    assert list(refused.value.message_dict) == ["province"]
    abroad.refresh_from_db()
    assert abroad.province is None


@pytest.mark.django_db
def test_the_demo_places_its_fairs_in_their_province_through_the_service(profile):
    exhibitions_demo.seed()
    held_in_morocco = Exhibition.objects.filter(country="MA")
    assert held_in_morocco.exists() and not held_in_morocco.filter(province__isnull=True).exists()
    assert not Exhibition.objects.exclude(country="MA").filter(province__isnull=False).exists()
    assert Exhibition.objects.filter(city_fr="Taza", province__code="TAZ").exists()
