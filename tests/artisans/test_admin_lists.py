"""The artisans changelist: same query count at 100 and 10,000 artisans, no full-table count; filters; statistics."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from artisans.models import Activity, Artisan
from chamber.models import Commune

CHANGELIST = "admin:artisans_artisan_changelist"
SEARCH = "admin:artisans_artisan_search"


def make_artisans(n: int, start: int = 0) -> None:
    communes = list(Commune.objects.filter(province__region__code="MA-03"))
    activities = list(Activity.objects.all())
    people = []
    for i in range(start, start + n):
        artisan = Artisan(
            full_name=f"أحمد {i}",
            full_name_latin=f"Ahmed {i}",
            cin=f"Q{i:06d}",
            sex="female" if i % 5 < 2 else "male",
            commune=communes[i % len(communes)],
            main_activity=activities[i % len(activities)],
        )
        artisan.search_name = artisan.compute_search_name()
        people.append(artisan)
    Artisan.objects.bulk_create(people, batch_size=2000)


def changelist_queries(client, queries, params=None) -> int:
    params, url = dict(params or {}), reverse(CHANGELIST)
    if "q" in params:
        # The search is posted; the list opens with the session token that stands for the term.
        url = client.post(reverse(SEARCH), {"q": params.pop("q"), "params": urlencode(params)}).url
        params = {}
    with queries.at_most(1000) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), ctx


@pytest.mark.parametrize("params", [{}, {"q": "احمد", "sex__exact": "female", "province": "FES"}])
def test_the_changelist_runs_the_same_queries_at_100_and_10000_artisans(
    registry_clerk, client, queries, params
):
    client.force_login(registry_clerk)
    make_artisans(100)
    small, _ = changelist_queries(client, queries, params)
    make_artisans(9900, start=100)
    large, ctx = changelist_queries(client, queries, params)
    assert small == large, "\n".join(q["sql"] for q in ctx.captured_queries)
    # session, user, permissions, filter choices, the page, one estimated count; a search also reads the user's
    # offices, which decide whether it may match a CIN (chamber.roles.personal_fields_hidden_from)
    assert large == (13 if "q" in params else 12)


def test_the_unfiltered_changelist_does_not_count_the_table(registry_clerk, client, queries):
    client.force_login(registry_clerk)
    make_artisans(20)
    _, ctx = changelist_queries(client, queries)
    counts = [
        q["sql"]
        for q in ctx.captured_queries
        if "COUNT(*)" in q["sql"].upper() and "artisans_artisan" in q["sql"]
    ]
    assert all("reltuples" in sql for sql in counts), counts


def test_the_filters_are_there(registry_clerk, client):
    client.force_login(registry_clerk)
    make_artisans(5)
    response = client.get(reverse(CHANGELIST))
    html = response.content.decode()
    for parameter in (
        "sector=",
        "province=",
        "commune=",
        "sex__exact=",
        "category__exact=",
        "card=",
        "coverage_status__exact=",
    ):
        assert parameter in html, parameter
    filtered = client.get(reverse(CHANGELIST), {"card": "none", "sex__exact": "female"})
    assert filtered.status_code == 200


def test_statistics_are_open_to_registry_and_management_only(registry_clerk, manager, secretary, client):
    make_artisans(50)
    url = reverse("admin:artisans_artisan_statistics")
    for user in (registry_clerk, manager):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<svg") >= 5  # bar charts drawn on the server
        assert html.count('stats-section"') == 5
    client.force_login(secretary)
    assert client.get(url).status_code == 403


def test_the_changelist_links_to_the_statistics_for_those_who_may_see_them(registry_clerk, secretary, client):
    make_artisans(2)
    url = reverse("admin:artisans_artisan_statistics")
    client.force_login(registry_clerk)
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert f'href="{url}"' in html
    assert "/import/" in html  # the import/export buttons are still there
    client.force_login(secretary)
    assert f'href="{url}"' not in client.get(reverse(CHANGELIST)).content.decode()


def test_statistics_export_as_xlsx(manager, client):
    make_artisans(50)
    client.force_login(manager)
    response = client.get(reverse("admin:artisans_artisan_statistics_xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 5
    sex = book.worksheets[2]
    assert [row[1].value for row in sex.iter_rows(min_row=2)] == [20, 30]  # female, male
