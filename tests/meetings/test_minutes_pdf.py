"""The minutes PDF of the demo sessions, read back with pdftotext as a reader or a search would."""

import datetime as dt

import pgtrigger
import pytest
from django.core.cache import cache

from chamber import demo as chamber_demo
from chamber.formatting import format_date
from chamber.models import ChamberProfile
from chamber.pdf import render_html
from meetings import demo
from meetings.documents import attendance_sheet_pdf, minutes_pdf
from meetings.models import (
    SESSION_FREEZE_TRIGGER,
    AgendaItem,
    AgendaRequest,
    Attendance,
    Convocation,
    Decision,
    FrozenEditAttempt,
    Guest,
    Member,
    Recommendation,
    Session,
)
from meetings.selectors import decision_for_item_title, session_for_minutes
from tests.conftest import require_tool
from tests.pdftools import compact, count_phrase, has_phrase, pdf_text

FROZEN_MODELS = ("Session", "AgendaItem", "Attendance", "Guest", "Decision", "Recommendation")


# A database test, so that pytest-django runs it before the transactional tests, whose flush would leave the
# module's demo seed without the regions that migrations load.
pytestmark = pytest.mark.django_db

VENUE = "القاعة الكبرى لمقر عمالة إقليم تاونات"
AGREEMENTS = (
    "مشروع اتفاقية الشراكة والتعاون مع غرفة التجارة البلجيكية بالمغرب",
    "مشروع اتفاقية شراكة وتعاون مع جمعية تازة مبادرة",
    "مشروع اتفاقية الشراكة والتعاون مع غرفة Ziguinchor بدولة السنغال",
)


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """The demo data, seeded once for this module (it renders real PDFs) and removed afterwards."""
    with django_db_blocker.unblock():
        chamber_demo.seed()
        demo.seed()
        june_2023 = Session.objects.get(label_ar=demo.JUNE_2023)
        final = minutes_pdf(session=june_2023, final=True).content
    yield {"final": final}
    # The database refuses to delete approved minutes; removing this module's demo data is the one exception.
    frozen = [f"meetings.{name}:{SESSION_FREEZE_TRIGGER}" for name in FROZEN_MODELS]
    with django_db_blocker.unblock(), pgtrigger.ignore(*frozen):
        for model in (
            FrozenEditAttempt,
            Decision,
            Attendance,
            Guest,
            AgendaRequest,
            Recommendation,
            Convocation,
        ):
            model.objects.all().delete()
        AgendaItem.objects.all().delete()
        Session.objects.filter(first_convening__isnull=False).delete()
        Session.objects.all().delete()
        Member.objects.all().delete()
        ChamberProfile.objects.all().delete()
        cache.clear()


@pytest.fixture
def june_2023(demo_db, db):
    return Session.objects.get(label_ar=demo.JUNE_2023)


@pytest.fixture
def final_text(demo_db):
    require_tool("pdftotext")
    return pdf_text(demo_db["final"])


def test_the_june_2023_minutes_are_approved_and_stored_with_their_hash(june_2023):
    import hashlib

    assert june_2023.status == Session.Status.MINUTES_APPROVED
    assert hashlib.sha256(minutes_pdf(session=june_2023, final=True).content).hexdigest()
    assert len(june_2023.minutes_sha256) == 64


def test_header_date_weekday_and_quorum(final_text):
    assert has_phrase(final_text, "22 يونيو 2023")
    assert has_phrase(final_text, "الخميس")
    assert has_phrase(final_text, "38 عضوا حاضرا من أصل 45")
    assert has_phrase(final_text, "صفحة 1 من")


def test_the_three_agreements_are_approved_unanimously(final_text):
    for title in AGREEMENTS:
        assert has_phrase(final_text, title), title
    assert count_phrase(final_text, "بالإجماع") == 3


def test_the_venue_is_printed(june_2023, final_text):
    html = render_html("meetings/pdf/minutes.html", session_for_minutes(session=june_2023), lang="ar")
    assert VENUE in html
    assert compact(VENUE, ignore_lam=True) in compact(final_text, ignore_lam=True)


def test_guests_and_the_exhibitions_report_are_in_the_minutes(june_2023):
    html = render_html("meetings/pdf/minutes.html", session_for_minutes(session=june_2023), lang="ar")
    assert "الكاتب العام لعمالة تاونات" in html
    assert "تقييم معارض الصناعة التقليدية المنظمة من يناير 2023 إلى 31 ماي 2023" in html


def test_draft_minutes_carry_the_draft_mark(demo_db, db):
    require_tool("pdftotext")
    june_2025 = Session.objects.get(label_ar=demo.JUNE_2025)
    assert june_2025.status == Session.Status.MINUTES_DRAFTED
    html = render_html("meetings/pdf/minutes.html", {**session_for_minutes(session=june_2025), "draft": True})
    assert 'class="draft-mark pdf-artifact"' in html
    # The big rotated mark is drawn over the content but left out of the text layer (its letters would come out
    # one by one, mixed into the lines it crosses); every page says «مسودة» in its top margin instead.
    pages = [page for page in pdf_text(minutes_pdf(session=june_2025).content).split("\f") if page.strip()]
    assert len(pages) > 1
    assert all(has_phrase(page, "مسودة") for page in pages)
    # The secretary is absent: the assistant secretary signs and the reason is noted.
    assert "تغيب الكاتب لظروف صحية" in html


def test_february_2025_minutes_are_approved_by_the_june_2025_session(demo_db, db):
    february = Session.objects.get(label_ar=demo.FEB_2025)
    assert february.status == Session.Status.MINUTES_APPROVED
    approving = Decision.objects.get(item__approves_session=february)
    assert approving.session.label_ar == demo.JUNE_2025
    html = render_html("meetings/pdf/minutes.html", session_for_minutes(session=february), lang="ar")
    assert "ورد الطلب بعد انصرام أجل ثلاثة أيام" in html  # the refused request's reasons
    assert "بأغلبية 31 صوتا مقابل 4 أصوات وامتناع 3 أعضاء" in html


def test_june_2025_has_its_ten_items(demo_db, db):
    june_2025 = Session.objects.get(label_ar=demo.JUNE_2025)
    assert june_2025.items.count() == 10
    assert june_2025.venue_ar == "تازة"


def test_agreements_seed_can_find_the_decisions(demo_db, db):
    decision = decision_for_item_title(session_label=demo.JUNE_2023, title_contains="جمعية تازة مبادرة")
    assert decision is not None and decision.unanimous


def test_seeding_twice_changes_nothing(demo_db, db):
    before = (Session.objects.count(), Decision.objects.count())
    demo.seed()
    assert (Session.objects.count(), Decision.objects.count()) == before


def test_a_july_date_prints_yulyuz(demo_db, db):
    require_tool("pdftotext")
    assert format_date(dt.date(2025, 7, 2), "ar") == "2 يوليوز 2025"
    session = Session.objects.get(label_ar=demo.JUNE_2025)
    session.starts_at = session.starts_at.replace(month=7, day=3)  # not saved: a preview of a July date
    text = pdf_text(minutes_pdf(session=session).content)
    assert has_phrase(text, "الخميس 3 يوليوز 2025")


def test_attendance_sheet_lists_every_sitting_member(demo_db, db):
    require_tool("pdftotext")
    session = Session.objects.get(label_ar=demo.JUNE_2025)
    text = pdf_text(attendance_sheet_pdf(session=session).content)
    assert has_phrase(text, "45")
    assert compact("عبد المالك البوطيين", ignore_lam=True) in compact(text, ignore_lam=True)


def test_open_recommendations_are_carried_into_later_minutes(demo_db, db):
    june_2025 = Session.objects.get(label_ar=demo.JUNE_2025)
    html = render_html("meetings/pdf/minutes.html", session_for_minutes(session=june_2025), lang="ar")
    assert "إعداد دراسة حول وضعية الفنادق الحرفية" in html  # February's, still in progress
    assert "تتبع تنفيذ الاتفاقيات المصادق عليها" not in html  # June 2023's, done
