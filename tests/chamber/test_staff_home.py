"""The staff home replaces the admin's index: each office sees its own cards with a count and a link to the
filtered list, Management sees every office and the year's key figures, Django's app list is one click away, and the
home's query count per office does not grow with the data."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Decision, Recommendation, Session
from tests.meetings.factories import SessionFactory

TZ = dt.timezone(dt.timedelta(hours=1))
NUMBERS = itertools.count(100)  # register numbers, unique across calls


def _cards(html: str) -> dict[str, int]:
    """Each card's title and count, as the page shows them."""
    found = {}
    pattern = r'<span class="card-count">([\d.\s]+)</span>\s*<span class="card-title">([^<]+)</span>'
    for count, title in re.findall(pattern, html):
        found[title.strip()] = int(re.sub(r"\D", "", count))
    return found


def _offices(html: str) -> list[str]:
    return re.findall(r'data-office="(\w+)"', html)


def _session(days_ahead: int, status=Session.Status.PLANNED, **fields) -> Session:
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    return SessionFactory(
        starts_at=dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=TZ), status=status, **fields
    )


def _decision(session: Session, number: int) -> Decision:
    from tests.meetings.factories import AgendaItemFactory

    item = AgendaItemFactory(session=session)
    return Decision.objects.create(
        item=item,
        session=session,
        year=timezone.localtime(session.starts_at).year,
        number=number,
        votes_for=5,
        outcome=Decision.Outcome.ADOPTED,
        wording="قررت الجمعية العامة المصادقة.",
        decided_on=timezone.localtime(session.starts_at).date(),
    )


def secretariat_data(scale: int = 1) -> None:
    for i in range(scale):
        _session(30 + i)  # far enough: can still be convened with 8 full days' notice
    _session(5)  # too close: the notice can no longer be kept
    held = _session(-3 - scale, status=Session.Status.HELD)
    _session(-40, status=Session.Status.MINUTES_DRAFTED)
    for _n in range(scale + 1):
        _decision(held, next(NUMBERS))
    late = _session(-20, status=Session.Status.HELD)
    _decision(late, next(NUMBERS))
    for i in range(scale):
        Recommendation.objects.create(
            session=held,
            text=f"توصية {i}",
            owner="المدير",
            deadline=timezone.localdate() - dt.timedelta(days=1),
        )
    Recommendation.objects.create(
        session=held, text="في الأجل", owner="المدير", deadline=timezone.localdate()
    )


@pytest.mark.django_db
def test_a_secretary_lands_on_the_secretariats_cards_with_their_counts(client, secretary, profile):
    secretariat_data()
    client.force_login(secretary)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _offices(html) == ["Secretariat"]
    cards = _cards(html)
    assert cards == {
        "دورات يجب استدعاؤها": 2,
        "محاضر يجب تحريرها أو المصادقة عليها": 3,
        "مقررات يجب تعليقها بمقر الغرفة": 3,
        "توصيات مفتوحة تجاوزت أجلها": 1,
    }
    assert (
        "card-late" in html
    )  # the session five days away, the decision of twenty days ago, the recommendation
    assert reverse("admin:apps") in html


@pytest.mark.django_db
def test_every_card_links_to_a_list_that_opens_for_its_office(client, secretary, registry_clerk, profile):
    secretariat_data()
    for user in (secretary, registry_clerk):
        client.force_login(user)
        html = client.get(reverse("admin:index")).content.decode()
        links = re.findall(r'<li class="card[^"]*">\s*<a href="([^"]+)"', html)
        assert len(links) == 4
        for link in links:
            response = client.get(link.replace("&amp;", "&"))
            assert response.status_code == 200, link
            assert "?e=1" not in response.get("Location", "")


@pytest.mark.django_db
def test_the_decisions_card_counts_what_its_list_shows(client, secretary, profile):
    secretariat_data()
    client.force_login(secretary)
    response = client.get(reverse("admin:meetings_decision_changelist"), {"posting": "due"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3


@pytest.mark.django_db
def test_posting_a_decision_takes_it_off_the_card(client, secretary, profile):
    held = _session(-2, status=Session.Status.HELD)
    decision = _decision(held, 1)
    meeting_services.decision_post(decision=decision)
    decision.refresh_from_db()
    assert decision.posted_on == timezone.localdate()
    client.force_login(secretary)
    assert _cards(client.get(reverse("admin:index")).content.decode())["مقررات يجب تعليقها بمقر الغرفة"] == 0


@pytest.mark.django_db
def test_a_decision_cannot_be_posted_before_it_was_taken(profile):
    from django.core.exceptions import ValidationError

    decision = _decision(_session(-2, status=Session.Status.HELD), 1)
    with pytest.raises(ValidationError):
        meeting_services.decision_post(
            decision=decision, posted_on=decision.decided_on - dt.timedelta(days=1)
        )


def registry_data(scale: int = 1) -> None:
    from artisans import services as artisan_services
    from portal.models import ChangeRequest
    from tests.artisans.factories import ArtisanFactory

    for i in range(scale + 1):
        artisan = ArtisanFactory()
        card = artisan_services.card_issue(artisan=artisan)
        card.expires_on = timezone.localdate() + dt.timedelta(days=10 + i)
        card.save(update_fields=["expires_on"])
        ChangeRequest.objects.create(artisan=artisan, field="address", new_value=f"عنوان {i}", old_value="")
    far = artisan_services.card_issue(artisan=ArtisanFactory())
    far.expires_on = timezone.localdate() + dt.timedelta(days=200)
    far.save(update_fields=["expires_on"])


@pytest.mark.django_db
def test_a_registry_clerk_sees_the_registrys_cards(client, registry_clerk, profile):
    registry_data()
    client.force_login(registry_clerk)
    html = client.get(reverse("admin:index")).content.decode()
    assert _offices(html) == ["Registry"]
    cards = _cards(html)
    assert cards["بطاقات مهنية تنتهي صلاحيتها خلال 60 يومًا"] == 2
    assert cards["طلبات تغيير يجب البت فيها"] == 2
    assert cards["طلبات تسجيل يجب البت فيها"] == 0


@pytest.mark.django_db
def test_management_sees_every_office_and_the_key_figures(client, manager, profile):
    client.force_login(manager)
    html = client.get(reverse("admin:index")).content.decode()
    assert _offices(html) == ["Secretariat", "Registry", "Partnerships", "Exhibitions"]
    assert "الصناع المسجلون" in html


@pytest.mark.django_db
def test_partnerships_and_exhibitions_cards(client, partnerships_officer, exhibitions_officer, profile):
    from agreements.models import Agreement, Clause
    from tests.agreements.factories import AgreementFactory, ContributionFactory, ProjectFactory
    from tests.exhibitions.factories import ApplicationFactory, ExhibitionFactory

    today = timezone.localdate()
    ending = AgreementFactory(status=Agreement.Status.SIGNED, end_date=today + dt.timedelta(days=30))
    AgreementFactory(status=Agreement.Status.SIGNED, end_date=today + dt.timedelta(days=300))
    Clause.objects.create(
        agreement=ending,
        number=5,
        summary="تتبع",
        due_date=today - dt.timedelta(days=3),
        follow_up_status=Clause.FollowUpStatus.PENDING,
    )
    short = ProjectFactory(budget=Decimal("500000.00"))
    ContributionFactory(project=short, amount=Decimal("100000.00"))
    covered = ProjectFactory(budget=Decimal("100000.00"))
    ContributionFactory(project=covered, amount=Decimal("100000.00"))
    client.force_login(partnerships_officer)
    cards = _cards(client.get(reverse("admin:index")).content.decode())
    assert cards == {
        "اتفاقيات تنتهي خلال 90 يومًا": 1,
        "بنود تجاوزت أجلها": 1,
        "مشاريع لا تغطي المساهمات ميزانيتها": 1,
    }
    response = client.get(reverse("admin:agreements_project_changelist"), {"gap": "yes"})
    assert response.context["cl"].result_count == 1

    ExhibitionFactory(call_closes_on=today + dt.timedelta(days=5))
    ExhibitionFactory(status="held", call_closes_on=None)
    ApplicationFactory.create_batch(2)
    client.force_login(exhibitions_officer)
    cards = _cards(client.get(reverse("admin:index")).content.decode())
    assert cards["معارض نظمت ولم تقيم بعد"] == 1
    assert cards["طلبات مشاركة يجب دراستها"] == 2
    assert cards["دعوات مشاركة تغلق خلال 14 يومًا"] == 1


@pytest.mark.django_db
def test_the_app_list_is_one_click_away(client, secretary, profile):
    client.force_login(secretary)
    html = client.get(reverse("admin:apps")).content.decode()
    assert reverse("admin:meetings_session_changelist") in html


def _home_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("admin:index"))  # warm the profile cache and the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("admin:index")).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "limit"),
    [
        ("secretary", 12),
        ("registry_clerk", 12),
        ("partnerships_officer", 11),
        ("exhibitions_officer", 11),
        ("manager", 30),
    ],
)
def test_the_homes_query_count_does_not_grow_with_the_data(
    request, client, profile, persona, limit, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    secretariat_data(scale=1)
    registry_data(scale=1)
    small = _home_queries(client, user)
    secretariat_data(scale=6)
    registry_data(scale=6)
    assert _home_queries(client, user) == small
    with django_assert_max_num_queries(limit):
        client.get(reverse("admin:index"))


@pytest.mark.django_db
def test_the_home_speaks_french_to_a_french_user(client, manager, profile):
    from django.conf import settings

    secretariat_data()
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(reverse("admin:index")).content.decode()
    assert 'lang="fr"' in html
    cards = _cards(html)
    assert cards["Sessions à convoquer"] == 2
    assert "Délibérations à afficher au siège" in cards
    assert "Chiffres clés de" in html and "Secrétariat" in html


@pytest.mark.django_db
def test_the_key_figures_group_thousands_as_the_rest_of_the_site(client, manager, profile):
    from artisans.models import Artisan
    from tests.artisans.factories import ArtisanFactory

    Artisan.objects.bulk_create(ArtisanFactory.build_batch(1234))
    client.force_login(manager)
    html = client.get(reverse("admin:index")).content.decode()
    assert "<dt>الصناع المسجلون</dt><dd>1.234</dd>" in html
