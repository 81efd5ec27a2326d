"""The open-data API (/api/v1/, portal/api): the demo's signed agreements with parties and contributions,
filters, cursor pages, ETag and 304, CSV (UTF-8 with BOM, Arabic intact) and JSON downloads, CORS for GET, the
per-client rate limit (429 with Retry-After), and the browsable docs served from static under the CSP."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from agreements import demo as agreements_demo
from agreements.models import Agreement
from chamber import ratelimit
from chamber.models import Commune
from exhibitions.models import Exhibition
from meetings import demo as meetings_demo
from portal.api import views as api_views
from tests.chamber.test_csp_inline import _blocked
from tests.exhibitions.factories import ExhibitionFactory
from tests.portal.factories import ArtisanFactory

API = "/api/v1"


@pytest.fixture
def demo(profile):
    meetings_demo.seed()
    agreements_demo.seed()
    return profile


@pytest.fixture
def agreements_only(profile):
    """The agreements demo without the sessions (faster): TAO-2016 and SM-2025-5P are signed and running."""
    agreements_demo.seed()
    return profile


def _json(response):
    assert response.status_code == 200, response.content[:500]
    return json.loads(response.getvalue())


def test_signed_agreements_come_with_parties_and_contributions_in_json_and_csv(client, demo):
    data = _json(client.get(f"{API}/agreements/?status=signed"))
    signed = Agreement.objects.filter(status=Agreement.Status.SIGNED, is_public=True)
    assert signed.exists()
    assert {a["reference"] for a in data["results"]} == set(signed.values_list("reference", flat=True))
    assert "FM-2023-BE" in {a["reference"] for a in data["results"]}
    for agreement in data["results"]:
        assert agreement["status"] == "signed"
        assert len(agreement["parties"]) >= 2
        for party in agreement["parties"]:
            assert party["name_ar"] and party["role"]
            assert re.fullmatch(r"[0-9]+\.[0-9]{2}", party["contribution"])
    # contributions as strings of Decimal, equal to the database's
    everything = _json(client.get(f"{API}/agreements/?limit=500"))["results"]
    taounate = next(a for a in everything if a["reference"] == "TAO-2016")
    db = Agreement.objects.get(reference="TAO-2016")
    assert [Decimal(p["contribution"]) for p in taounate["parties"]] == [
        p.contribution for p in db.parties.order_by("position", "id")
    ]
    assert len(taounate["parties"]) == 11 and len(taounate["projects"]) == 8
    project = taounate["projects"][0]
    assert project["communes"] and project["communes"][0]["name_ar"]
    assert sum(Decimal(c["amount"]) for c in project["contributions"]) == Decimal(project["budget"])
    # only public, signed agreements: drafts and approved ones are not there
    assert not {a["status"] for a in everything} & {"draft", "approved"}

    # the CSV download of the same: UTF-8 with BOM, Arabic intact
    response = client.get(f"{API}/agreements.csv?status=signed")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="agreements.csv"' in response["Content-Disposition"]
    body = response.getvalue()  # streamed: read once
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    signed = set(
        Agreement.objects.filter(status="signed", is_public=True).values_list("reference", flat=True)
    )
    assert {r["reference"] for r in rows} == signed
    be = next(r for r in rows if r["reference"] == "FM-2023-BE")
    assert be["title_ar"] == Agreement.objects.get(reference="FM-2023-BE").title_ar
    assert re.search(r"[\u0600-\u06ff]", be["parties"])
    # the JSON download: the same items as the pages, whole
    download = client.get(f"{API}/agreements.json?status=signed")
    assert 'filename="agreements.json"' in download["Content-Disposition"]
    body = download.getvalue()
    assert Agreement.objects.get(reference="FM-2023-BE").title_ar.encode() in body  # not \u-escaped
    items = json.loads(body)
    assert {a["reference"] for a in items} == signed
    assert items == _json(client.get(f"{API}/agreements/?status=signed"))["results"]


def test_agreement_filters_year_province_and_updated_since(client, agreements_only):
    assert {a["reference"] for a in _json(client.get(f"{API}/agreements/?year=2016"))["results"]} == {
        "TAO-2016"
    }
    taounate = Commune.objects.filter(agreement_projects__agreement__reference="TAO-2016").first().province
    by_province = _json(client.get(f"{API}/agreements/?province={taounate.code}"))["results"]
    assert "TAO-2016" in {a["reference"] for a in by_province}
    assert _json(client.get(f"{API}/agreements/?province=NOWHERE"))["results"] == []
    Agreement.objects.filter(reference="TAO-2016").update(updated_at=timezone.now() + dt.timedelta(days=1))
    later = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert [
        a["reference"] for a in _json(client.get(f"{API}/agreements/?updated_since={later}"))["results"]
    ] == ["TAO-2016"]
    assert client.get(f"{API}/agreements/?status=draft").status_code == 422
    assert client.get(f"{API}/agreements/?year=abc").status_code == 422
    nul = client.get(f"{API}/agreements/?province=a%00b")  # found by schemathesis: the branded HTML 400
    assert nul.status_code == 400 and json.loads(nul.content)["detail"]
    # found by schemathesis: offsets PostgreSQL cannot hold were a 500
    for moment in ("9103-01-04T20:27:59-23:23", "0335-08-09T09:02:12+23:27", "9999-12-31T23:59:59-23:59"):
        assert client.get(f"{API}/agreements.csv", {"updated_since": moment}).status_code == 422
    assert client.get(f"{API}/agreements/", {"updated_since": "2020-01-01T00:00:00+05:30"}).status_code == 200


def test_cursor_pages_walk_the_whole_collection_once(client, profile):
    seen, url, pages = [], f"{API}/geography/communes/?limit=7", 0
    while url:
        page = _json(client.get(url))
        seen += [c["code"] for c in page["results"]]
        url, pages = page["next"], pages + 1
        assert pages < 1000
    assert pages > 1
    assert sorted(seen) == sorted(Commune.objects.values_list("code", flat=True))
    assert len(seen) == len(set(seen))
    assert client.get(f"{API}/geography/communes/?cursor=abc").status_code == 422
    assert client.get(f"{API}/geography/communes/?limit=501").status_code == 422


def test_etag_and_304(client, profile):
    first = client.get(f"{API}/geography/regions/")
    assert first.status_code == 200 and first["ETag"]
    again = client.get(f"{API}/geography/regions/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(f"{API}/geography/regions/", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    # a change gives another ETag
    ExhibitionFactory()
    one = client.get(f"{API}/exhibitions/")
    ExhibitionFactory()
    assert client.get(f"{API}/exhibitions/", HTTP_IF_NONE_MATCH=one["ETag"]).status_code == 200


def test_downloads_are_streamed_and_never_answer_304_for_a_body_not_yet_read(client, profile):
    for suffix in (".csv", ".json"):
        first = client.get(f"{API}/geography/communes{suffix}")
        assert first.status_code == 200 and first.streaming, suffix
        assert "ETag" not in first and first["Cache-Control"] == "no-cache"
        again = client.get(f"{API}/geography/communes{suffix}", HTTP_IF_NONE_MATCH="*")
        assert again.status_code == 200 and again.getvalue() == first.getvalue(), suffix


def test_a_download_longer_than_a_chunk_has_every_row_once(client, profile, monkeypatch):
    monkeypatch.setattr(api_views, "DOWNLOAD_CHUNK_ROWS", 3)
    codes = sorted(Commune.objects.values_list("code", flat=True))
    assert len(codes) > 3 * 3
    response = client.get(f"{API}/geography/communes.csv")
    chunks = list(response.streaming_content)
    assert len(chunks) > 3
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert sorted(r["code"] for r in rows) == codes
    items = json.loads(client.get(f"{API}/geography/communes.json").getvalue())
    assert sorted(i["code"] for i in items) == codes


def test_cors_is_open_for_get_without_credentials(client, profile):
    response = client.get(f"{API}/crafts/sectors/", HTTP_ORIGIN="https://data.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.cookies
    preflight = client.options(
        f"{API}/crafts/sectors/",
        HTTP_ORIGIN="https://data.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert client.post(f"{API}/crafts/sectors/").status_code == 405
    # the rest of the portal is not opened
    assert "Access-Control-Allow-Origin" not in client.get("/")


def test_rate_limit_per_client_answers_429_with_retry_after(client, profile, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "api", (3, 60))
    for _ in range(3):
        assert client.get(f"{API}/geography/regions/").status_code == 200
    over = client.get(f"{API}/geography/regions/")
    assert over.status_code == 429
    assert 1 <= int(over["Retry-After"]) <= 61
    assert over["Access-Control-Allow-Origin"] == "*"
    assert json.loads(over.content)["detail"]
    # another client is not affected
    assert client.get(f"{API}/geography/regions/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_csv_cells_cannot_run_as_formulas(client, profile):
    ArtisanFactory(public_profile=True, full_name="=HYPERLINK(1)", bio="+cmd")
    rows = list(csv.reader(io.StringIO(client.get(f"{API}/artisans.csv").getvalue().decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["'=HYPERLINK(1)"]


def test_exhibitions_results_only_when_published_and_upcoming_as_on_the_pages(client, profile):
    from exhibitions import selectors

    held = ExhibitionFactory(
        status=Exhibition.Status.HELD,
        start_date=dt.date(2024, 5, 1),
        end_date=dt.date(2024, 5, 5),
        call_closes_on=None,
        results_published=False,
    )
    upcoming = ExhibitionFactory()
    data = {e["id"]: e for e in _json(client.get(f"{API}/exhibitions/"))["results"]}
    assert data[held.pk]["results"] is None
    Exhibition.objects.filter(pk=held.pk).update(results_published=True)
    results = _json(client.get(f"{API}/exhibitions/?year=2024"))["results"]
    assert [e["id"] for e in results] == [held.pk]
    assert results[0]["results"] == {
        "participants": 0,
        "artisans": 0,
        "women": 0,
        "visitors": 0,
        "sales": "0.00",
    }
    listed = [e["id"] for e in _json(client.get(f"{API}/exhibitions/?upcoming=true"))["results"]]
    assert listed == sorted(selectors.upcoming_exhibitions().values_list("pk", flat=True)) == [upcoming.pk]


def test_directory_lists_consenting_registered_artisans_with_filters(client, profile):
    shown = ArtisanFactory(public_profile=True)
    ArtisanFactory(public_profile=False)
    ArtisanFactory(public_profile=True, registration_status="struck_off")
    data = _json(client.get(f"{API}/artisans/"))["results"]
    assert [a["id"] for a in data] == [shown.pk]
    assert data[0]["full_name"] == shown.full_name
    province = shown.commune.province.code
    assert len(_json(client.get(f"{API}/artisans/?province={province}"))["results"]) == 1
    assert _json(client.get(f"{API}/artisans/?sector=NOPE"))["results"] == []
    sector = shown.main_activity.sector.code
    assert len(_json(client.get(f"{API}/artisans/?sector={sector}"))["results"]) == 1


def test_nomenclature_and_geography(client, profile):
    sectors = _json(client.get(f"{API}/crafts/sectors/"))["results"]
    assert len(sectors) == 13
    assert all(s["activities"] for s in sectors)
    regions = _json(client.get(f"{API}/geography/regions/"))["results"]
    assert [r["code"] for r in regions] == [f"MA-{n:02d}" for n in range(1, 13)]
    assert not any("(EH)" in r["name_fr"] or "(EH)" in r["name_en"] for r in regions)
    provinces = _json(client.get(f"{API}/geography/provinces/?region=MA-03"))["results"]
    assert provinces and {p["region"] for p in provinces} == {"MA-03"}


def test_openapi_document_at_a_stable_url_and_docs_from_static(client, profile):
    document = _json(client.get(f"{API}/openapi.json"))
    assert document["openapi"].startswith("3.")
    assert f"{API}/agreements/" in document["paths"]
    page = client.get(f"{API}/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in html.lower()
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source
    settings_json = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))
    assert settings_json["url"] == f"{API}/openapi.json"
    assert settings_json["validatorUrl"] is None  # Swagger UI would otherwise call validator.swagger.io
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert _blocked(html) == []  # nothing the policy would block: no inline script, style or handler
