"""The agenda names what an agreement-approval item puts to the vote: each agreement by its reference and title, in
the minutes (draft and final), the convocation and on the session desk. Meetings asks through its
`agenda_vote_records` signal and agreements answers, so meetings never imports agreements."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from agreements import services
from chamber.pdf import html_to_pdf, render_html
from meetings.documents import convocation_pdf, minutes_pdf
from meetings.models import AgendaItem
from meetings.selectors import session_for_minutes, session_items
from tests.conftest import require_tool
from tests.meetings.factories import AgendaItemFactory, assembly, held_session
from tests.pdftools import has_phrase, pdf_text
from tests.test_layout import app_of, import_graph

from .factories import AgreementFactory

pytestmark = pytest.mark.django_db

BELGIAN = "اتفاقية الشراكة والتعاون مع غرفة التجارة البلجيكية بالمغرب"
TAZA = "اتفاقية شراكة وتعاون مع جمعية تازة مبادرة"
_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def session(profile):
    session = held_session(assembly(9))
    vote = AgendaItemFactory(
        session=session,
        order=1,
        kind=AgendaItem.Kind.AGREEMENT_APPROVAL,
        title_ar="مشروع اتفاقيتين للشراكة والتعاون",
    )
    AgendaItemFactory(session=session, order=2, kind=AgendaItem.Kind.REPORT, title_ar="التقرير الأدبي")
    for reference, title, title_fr in (
        ("FM-2023-BE", BELGIAN, "Convention avec la Chambre de Commerce Belge au Maroc"),
        ("FM-2023-TAZA", TAZA, "Convention avec l'association Taza Initiative"),
    ):
        agreement = AgreementFactory(reference=reference, title=title, title_ar=title, title_fr=title_fr)
        services.agreement_set_approval_item(agreement=agreement, item=vote)
    AgreementFactory(reference="FM-2023-SN")  # put to no vote: named nowhere
    return session


def _line_of(text: str, reference: str) -> str:
    """The pdftotext line holding `reference`, without direction marks and with single spaces."""
    line = next(line for line in text.splitlines() if reference in line)
    return " ".join(_MARKS.sub(" ", line).split())


def test_each_item_carries_the_agreements_it_puts_to_the_vote(session):
    vote, report = session_items(session=session)
    assert [(a.reference, a.title) for a in vote.vote_records] == [
        ("FM-2023-BE", BELGIAN),
        ("FM-2023-TAZA", TAZA),
    ]
    assert report.vote_records == []


def test_the_minutes_agenda_names_each_agreement_by_reference_and_title(session):
    require_tool("pdftotext")
    context = session_for_minutes(session=session)
    context["draft"] = True
    html = render_html("meetings/pdf/minutes.html", context, lang="ar")
    agenda = html.split('class="agenda-table')[1].split("</table>")[0]
    # The reference reads left to right inside the Arabic line; the agreement put to no vote is absent.
    assert '<bdi dir="ltr">\u2066FM-2023-BE\u2069</bdi></span> ' + BELGIAN in agenda
    assert "FM-2023-SN" not in html
    text = pdf_text(html_to_pdf(html))
    # pdftotext gives back each line as written: the reference, then the title, its Arabic letters exact.
    assert _line_of(text, "FM-2023-BE") == f"FM-2023-BE {BELGIAN}"
    assert _line_of(text, "FM-2023-TAZA") == f"FM-2023-TAZA {TAZA}"


def test_the_final_minutes_and_the_french_ones_name_them_too(session):
    require_tool("pdftotext")
    final = pdf_text(minutes_pdf(session=session, final=True).content)
    assert has_phrase(final, f"FM-2023-BE {BELGIAN}")
    french = pdf_text(minutes_pdf(session=session, lang="fr").content)
    assert has_phrase(french, "FM-2023-TAZA Convention avec l'association Taza Initiative")


def test_the_convocation_agenda_names_them(session):
    require_tool("pdftotext")
    text = pdf_text(convocation_pdf(session=session).content)
    assert has_phrase(text, f"FM-2023-BE {BELGIAN}") and has_phrase(text, f"FM-2023-TAZA {TAZA}")
    assert "FM-2023-SN" not in text


def test_the_session_desk_names_them(client, secretary, session, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    client.force_login(secretary)
    page = client.get(reverse("admin:meetings_session_desk", args=[session.pk])).content.decode()
    agenda = page.split('class="desk-agenda"')[1].split("</ol>")[0]
    assert "FM-2023-BE" in agenda and BELGIAN in agenda and TAZA in agenda
    assert "FM-2023-SN" not in page


def test_an_agenda_without_an_agreement_item_asks_no_query(profile, django_assert_num_queries):
    session = held_session(assembly(3))
    AgendaItemFactory(session=session, order=1, kind=AgendaItem.Kind.REPORT)
    with django_assert_num_queries(1):  # the items themselves
        session_items(session=session)


def test_meetings_names_the_agreements_without_importing_them():
    graph = import_graph()
    assert not [
        f"{module} -> {target}"
        for module, targets in graph.items()
        if app_of(module) == "meetings"
        for target in targets
        if app_of(target) == "agreements"
    ]


def _agenda_inline(page: str) -> str:
    return page.split('id="items-group"')[1].split('id="attendances-group"')[0]


def test_the_session_admin_agenda_names_them(client, secretary, session, settings):
    """The session's change form shows, beside each agenda row, what it puts to the vote, as the desk does."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    client.force_login(secretary)
    page = client.get(reverse("admin:meetings_session_change", args=[session.pk])).content.decode()
    agenda = _agenda_inline(page)
    # The column's header, in the clerk's language.
    assert '<th class="column-put_to_vote">المعروض على التصويت' in agenda
    assert '<bdi dir="ltr">\u2066FM-2023-BE\u2069</bdi></strong> ' + BELGIAN in agenda
    assert '<bdi dir="ltr">\u2066FM-2023-TAZA\u2069</bdi></strong> ' + TAZA in agenda
    assert "FM-2023-SN" not in page


def test_the_session_admin_asks_once_for_what_the_agenda_puts_to_the_vote(
    client, secretary, session, queries
):
    """One query names the agreements of every agenda row: two more approval items, each with its agreement, ask
    no more queries of the change form."""
    client.force_login(secretary)
    url = reverse("admin:meetings_session_change", args=[session.pk])
    client.get(url)
    with queries.at_most(40) as first:
        assert client.get(url).status_code == 200
    for order, reference in ((3, "FM-2024-A"), (4, "FM-2024-B")):
        item = AgendaItemFactory(session=session, order=order, kind=AgendaItem.Kind.AGREEMENT_APPROVAL)
        services.agreement_set_approval_item(agreement=AgreementFactory(reference=reference), item=item)
    with queries.exactly(len(first.captured_queries)) as second:
        page = client.get(url).content.decode()
    assert "FM-2024-A" in _agenda_inline(page) and "FM-2024-B" in _agenda_inline(page)
    assert sum("agreements_agreement" in q["sql"] for q in second.captured_queries) == 1


def test_the_session_add_form_has_no_column_for_it(client, secretary, settings):
    """A session being added puts nothing to the vote yet: its agenda keeps the room of a narrow window."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(secretary)
    page = client.get(reverse("admin:meetings_session_add")).content.decode()
    assert 'class="column-put_to_vote"' not in _agenda_inline(page)
