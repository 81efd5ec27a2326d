"""One definition of "upcoming" (exhibitions.selectors.upcoming_exhibitions) for the home page and the
exhibitions page: the issue's case was an exhibition whose call is open, listed on the home page while the
exhibitions page said none was scheduled."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from exhibitions import selectors
from exhibitions.models import Exhibition

from .factories import ExhibitionFactory

S = Exhibition.Status


def _listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/exhibitions/(\d+)/"', html)]


def test_upcoming_is_what_is_not_over_and_not_held(profile):
    today = timezone.localdate()
    open_call = ExhibitionFactory()  # call open: upcoming
    running = ExhibitionFactory(
        status=S.CONFIRMED, start_date=today - dt.timedelta(days=2), end_date=today, call_closes_on=None
    )
    ExhibitionFactory(
        status=S.HELD, start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(1)
    )
    ExhibitionFactory(
        status=S.CONFIRMED, start_date=today - dt.timedelta(days=9), end_date=today - dt.timedelta(days=1)
    )
    assert list(selectors.upcoming_exhibitions()) == [running, open_call]


def test_home_page_and_exhibitions_page_list_the_same_upcoming_exhibitions(client, profile, settings):
    settings.PORTAL_HOME_CACHE_SECONDS = 0
    client.cookies["chamber_language"] = "en"
    Exhibition.objects.all().delete()
    open_call = ExhibitionFactory()  # the only upcoming one, with its call open
    ExhibitionFactory(
        status=S.EVALUATED, start_date=dt.date(2023, 1, 1), end_date=dt.date(2023, 1, 5), call_closes_on=None
    )
    calendar = client.get(reverse("exhibitions:calendar")).content.decode()
    home = client.get(reverse("portal:home")).content.decode()
    home_section = home[home.index('class="home-exhibitions"') :]
    home_section = home_section[: home_section.index("</section>")]
    assert _listed(home_section) == [open_call.pk]
    assert _listed(calendar) == [open_call.pk]
    assert "No exhibition is scheduled for now." not in calendar
    assert "Call open" in calendar

    more = ExhibitionFactory(status=S.PLANNED, start_date=open_call.start_date + dt.timedelta(days=30))
    calendar = client.get(reverse("exhibitions:calendar")).content.decode()
    home = client.get(reverse("portal:home")).content.decode()
    assert _listed(calendar) == [open_call.pk, more.pk]
    assert set(_listed(home)) >= {open_call.pk, more.pk}
