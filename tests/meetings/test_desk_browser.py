"""The June 2023 session held on the desk in a real browser (Playwright with Debian's Chromium), in Arabic:
Management convenes it after the fact with a reason, the Secretariat records 45 members' attendance and three
38–0–0 votes, and Management approves the minutes through the confirmation page. Every click, typed field and page
load is counted, and the counts are written to test-artifacts/meetings/desk-counts.json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "meetings"
PASSWORD = "correct horse battery 9"
TZ = ZoneInfo("Africa/Casablanca")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class Counted:
    """A page whose user actions (clicks, typed fields, selections) and page loads are counted, with the requests."""

    def __init__(self, page):
        self.page = page
        self.clicks = self.typed = self.selections = self.loads = self.requests = 0
        page.on("request", self._request)

    def _request(self, request):
        self.requests += 1
        if request.resource_type == "document":
            self.loads += 1

    def goto(self, url):
        self.page.goto(url)

    def click(self, selector):
        self.clicks += 1
        self.page.click(selector)

    def submit(self, selector):
        """A click that posts a form and waits for the next page."""
        self.clicks += 1
        with self.page.expect_navigation():
            self.page.click(selector)

    def fill(self, selector, value):
        self.typed += 1
        self.page.fill(selector, value)

    def select(self, selector, value):
        self.selections += 1
        self.page.select_option(selector, value)

    def type_in_editor(self, locator, text):
        """Click into a rich-text editor and type: one click and one typed field."""
        self.clicks += 1
        locator.click()
        self.typed += 1
        self.page.keyboard.type(text)

    def actions(self) -> int:
        return self.clicks + self.typed + self.selections

    def snapshot(self) -> dict:
        return {
            "clicks": self.clicks,
            "typed": self.typed,
            "selections": self.selections,
            "actions": self.actions(),
            "page_loads": self.loads,
            "requests": self.requests,
        }


def login(chromium, base, user) -> Counted:
    page = chromium.new_context(locale="ar").new_page()
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    return Counted(page)


def test_the_june_2023_session_on_the_desk(chromium, live_server, secretary, manager, profile):
    from meetings import services
    from meetings.models import AgendaItem, Attendance, Decision, Session
    from tests.meetings.factories import assembly

    members = assembly(45)
    session = services.session_create(
        kind=Session.Kind.ORDINARY,
        label_ar="دورة يونيو 2023",
        starts_at=dt.datetime(2023, 6, 22, 10, 0, tzinfo=TZ),
        venue_ar="القاعة الكبرى لمقر عمالة إقليم تاونات",
        chair=members[0],
    )
    subjects = (
        "مشروع اتفاقية الشراكة والتعاون مع غرفة التجارة البلجيكية بالمغرب",
        "مشروع اتفاقية شراكة وتعاون مع جمعية تازة مبادرة",
        "مشروع اتفاقية الشراكة والتعاون مع غرفة Ziguinchor بدولة السنغال",
    )
    with translation.override("ar"):
        items = [
            services.agenda_item_add(
                session=session, kind=AgendaItem.Kind.AGREEMENT_APPROVAL, title=f"المصادقة على {s}", subject=s
            )
            for s in subjects
        ]
        services.agenda_item_add(
            session=session, kind=AgendaItem.Kind.REPORT, title="تقييم معارض الصناعة التقليدية"
        )
    desk = f"{live_server.url}/admin/meetings/session/{session.pk}/desk/"
    counts = {}

    # Management convenes the past session, with its reason.
    boss = login(chromium, live_server.url, manager)
    boss.goto(desk)
    boss.fill(
        "form[action$='/act/convene/'] input[name=override_reason]", "تسجيل دورة منعقدة قبل اعتماد البوابة"
    )
    boss.submit("form[action$='/act/convene/'] button[type=submit]")
    session.refresh_from_db()
    assert session.status == Session.Status.CONVENED and session.notice_override_by == manager
    counts["convene (Management)"] = boss.snapshot()

    # The Secretariat: all present, then one click per exception; three excused absences give their reason.
    clerk = login(chromium, live_server.url, secretary)
    clerk.goto(desk)
    clerk.click("#all-present")
    assert clerk.page.inner_text("#present-count") == "45"
    for member in members[38:42]:
        clerk.click(f"#status-{member.pk}-unexcused")
    for member, reason in zip(members[42:], ("مرض", "سفر", "مهمة رسمية"), strict=True):
        clerk.click(f"#status-{member.pk}-excused")
        clerk.fill(f"input[name=reason-{member.pk}]", reason)
    assert clerk.page.inner_text("#present-count") == "38"
    clerk.submit("#save-attendance")
    statuses = list(Attendance.objects.filter(session=session).values_list("status", flat=True))
    assert (statuses.count("present"), statuses.count("excused"), statuses.count("unexcused")) == (38, 3, 4)
    assert set(Attendance.objects.filter(status="excused").values_list("reason", flat=True)) == {
        "مرض", "سفر", "مهمة رسمية"
    }  # fmt: skip
    counts["attendance"] = clerk.snapshot()
    assert counts["attendance"]["actions"] <= 15

    before = clerk.snapshot()
    clerk.submit("form[action$='/act/open/'] button[type=submit]")
    session.refresh_from_db()
    assert session.status == Session.Status.HELD and session.present_count == 38

    # Three votes of 38–0–0: the form is filled with the members present, one click records each.
    vote_counts = []
    for item, subject in zip(items, subjects, strict=True):
        start = clerk.actions()
        clerk.submit(f"#item-{item.pk} form.desk-vote button[type=submit]")
        decision = Decision.objects.get(item=item)
        assert (decision.votes_for, decision.votes_against, decision.abstentions) == (38, 0, 0)
        assert decision.wording == f"صادقت الجمعية العامة بالإجماع على {subject}."
        assert decision.reference in clerk.page.inner_text(".messagelist")
        assert decision.wording in clerk.page.inner_text(".messagelist")
        vote_counts.append(clerk.actions() - start)
    assert max(vote_counts) <= 6
    clerk.submit("form[action$='/act/draft/'] button[type=submit]")
    after = clerk.snapshot()
    counts["open, three votes, minutes drafted"] = {k: after[k] - before[k] for k in after}

    # Management approves through the confirmation page.
    before = boss.snapshot()
    boss.goto(desk)
    boss.submit("form[action$='/act/approve/'] button[type=submit]")
    assert "3" in boss.page.inner_text(".desk-consequences")
    boss.submit("#confirm-button")
    session.refresh_from_db()
    assert session.status == Session.Status.MINUTES_APPROVED and session.minutes_approved_by == manager
    after = boss.snapshot()
    counts["approval (Management)"] = {k: after[k] - before[k] for k in after}

    total = {k: sum(c[k] for c in counts.values()) for k in ("clicks", "typed", "selections", "actions")}
    total["page_loads"] = boss.loads + clerk.loads
    total["requests"] = boss.requests + clerk.requests
    counts["whole session on the desk"] = total
    counts["votes, actions per item"] = vote_counts
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "desk-counts.json").write_text(
        json.dumps(counts, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    clerk.page.goto(desk)
    clerk.page.screenshot(path=str(ARTIFACTS / "desk.png"), full_page=True)


def test_the_summary_editor_keeps_bold_and_lists(chromium, live_server, secretary, profile):
    from meetings.models import AgendaItem
    from tests.meetings.factories import AgendaItemFactory

    item = AgendaItemFactory(title_ar="تقييم المعارض")
    clerk = login(chromium, live_server.url, secretary)
    errors = []
    clerk.page.on("pageerror", lambda error: errors.append(str(error)))
    clerk.goto(f"{live_server.url}/admin/meetings/agendaitem/{item.pk}/change/")
    editor = clerk.page.locator(".prose-editor .ProseMirror").first
    editor.wait_for()
    editor.click()
    clerk.page.keyboard.type("نص عادي ")
    clerk.page.keyboard.press("Control+b")
    clerk.page.keyboard.type("خلاصة مهمة")
    clerk.page.screenshot(path=str(ARTIFACTS / "summary-editor.png"), full_page=True)
    clerk.submit("input[name=_save]")
    item.refresh_from_db()
    saved = AgendaItem.objects.get(pk=item.pk).summary_ar
    assert saved.startswith("<p>نص عادي") and "خلاصة مهمة</strong></p>" in saved, saved
    assert not errors, errors


def test_the_minutes_step_edits_summaries_and_recommendations_on_the_desk(
    chromium, live_server, secretary, profile
):
    from meetings.models import Recommendation, Session
    from tests.meetings.factories import AgendaItemFactory, assembly, held_session

    session = held_session(assembly(5))
    item = AgendaItemFactory(session=session, title_ar="تقييم المعارض", order=1)
    clerk = login(chromium, live_server.url, secretary)
    errors = []
    clerk.page.on("pageerror", lambda error: errors.append(str(error)))
    clerk.goto(f"{live_server.url}/admin/meetings/session/{session.pk}/desk/#summaries")
    editors = clerk.page.locator("#summaries ~ form .prose-editor .ProseMirror")
    editors.nth(1).wait_for()
    assert editors.count() == 2
    editors.nth(0).click()
    clerk.page.keyboard.type("افتتح الرئيس ")
    clerk.page.keyboard.press("Control+b")
    clerk.page.keyboard.type("الدورة العادية")
    editors.nth(1).click()
    clerk.page.keyboard.type("ناقش الأعضاء الحصيلة")
    clerk.submit("#save-summaries")
    session = Session.objects.get(pk=session.pk)
    opening = session.opening_summary_ar
    assert opening.startswith("<p>افتتح الرئيس") and "الدورة العادية</strong></p>" in opening, opening
    item.refresh_from_db()
    assert item.summary_ar == "<p>ناقش الأعضاء الحصيلة</p>"
    clerk.fill("textarea[name=rec-0-text]", "تتبع تنفيذ الاتفاقيات المصادق عليها")
    clerk.fill("input[name=rec-0-owner]", "مكتب الغرفة")
    clerk.fill("input[name=rec-0-deadline]", "31/10/2023")
    clerk.submit("#save-recommendations")
    assert Recommendation.objects.get(session=session).deadline == dt.date(2023, 10, 31)
    assert clerk.page.locator("input[name=rec-0-deadline]").input_value() == "31/10/2023"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    clerk.page.set_viewport_size({"width": 1366, "height": 900})
    clerk.page.locator("#step-minutes").scroll_into_view_if_needed()
    clerk.page.screenshot(path=str(ARTIFACTS / "desk-minutes-step.png"), full_page=True)
    widths = clerk.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths  # nothing wider than the window
    assert not errors, errors


def test_the_whole_june_2023_session_entered_by_hand(chromium, live_server, secretary, manager, profile):
    """Everything of the June 2023 session through the screens, counted: the session and its agenda on the session
    form, then on the desk the convening (Management), guests, attendance, opening, votes, summaries,
    recommendation, draft and approval (Management). The counts go to test-artifacts/meetings/desk-counts-whole.json."""
    from meetings.models import AgendaItem, Attendance, Decision, Guest, Recommendation, Session
    from tests.meetings.factories import assembly

    members = assembly(45)
    base = live_server.url
    subjects = (
        "مشروع اتفاقية الشراكة والتعاون مع غرفة التجارة البلجيكية بالمغرب",
        "مشروع اتفاقية شراكة وتعاون مع جمعية تازة مبادرة",
        "مشروع اتفاقية الشراكة والتعاون مع غرفة Ziguinchor بدولة السنغال",
    )
    counts = {}
    clerk = login(chromium, base, secretary)
    boss = login(chromium, base, manager)

    # The session form: the session and its four agenda items (the kind, the title, the decision's subject).
    clerk.goto(f"{base}/admin/meetings/session/add/")
    clerk.fill("#id_label_ar", "دورة يونيو 2023")
    clerk.fill("#id_starts_at_0", "22/06/2023")
    clerk.fill("#id_starts_at_1", "10:00")
    clerk.fill("#id_venue_ar", "القاعة الكبرى لمقر عمالة إقليم تاونات")
    items = [(AgendaItem.Kind.AGREEMENT_APPROVAL, f"المصادقة على {s}", s) for s in subjects]
    items.append((AgendaItem.Kind.REPORT, "تقييم معارض الصناعة التقليدية", ""))
    for row, (kind, title, subject) in enumerate(items):
        clerk.click("#items-group .add-row a")
        clerk.fill(f"input[name=items-{row}-order]", str(row + 1))
        clerk.select(f"select[name=items-{row}-kind]", kind)
        clerk.fill(f"input[name=items-{row}-title_ar]", title)
        if subject:
            clerk.fill(f"input[name=items-{row}-subject_ar]", subject)
    clerk.submit("input[name=_save]")
    session = Session.objects.get(label_ar="دورة يونيو 2023")
    assert session.items.count() == 4 and session.items.filter(subject_ar=subjects[1]).exists()
    counts["session and agenda (session form)"] = clerk.snapshot()
    desk = f"{base}/admin/meetings/session/{session.pk}/desk/"

    # Management convenes the past session, with its reason.
    boss.goto(desk)
    boss.fill(
        "form[action$='/act/convene/'] input[name=override_reason]", "تسجيل دورة منعقدة قبل اعتماد البوابة"
    )
    boss.submit("form[action$='/act/convene/'] button[type=submit]")
    counts["convene (Management)"] = boss.snapshot()

    # The desk: guests, attendance, opening, votes, summaries, a recommendation, the draft.
    before = clerk.snapshot()
    clerk.goto(desk)
    for title in (
        "الكاتب العام لعمالة تاونات",
        "المدير الجهوي للصناعة التقليدية",
        "ممثل الغرفة بمجلس المستشارين",
    ):
        clerk.fill("input[name=guest_title]", title)
        clerk.submit(".desk-guest-form button[type=submit]")
    assert Guest.objects.filter(session=session).count() == 3
    clerk.click("#all-present")
    for member in members[38:42]:
        clerk.click(f"#status-{member.pk}-unexcused")
    for member, reason in zip(members[42:], ("مرض", "سفر", "مهمة رسمية"), strict=True):
        clerk.click(f"#status-{member.pk}-excused")
        clerk.fill(f"input[name=reason-{member.pk}]", reason)
    clerk.submit("#save-attendance")
    assert Attendance.objects.filter(session=session, status="present").count() == 38
    clerk.submit("form[action$='/act/open/'] button[type=submit]")
    for item in session.items.filter(kind=AgendaItem.Kind.AGREEMENT_APPROVAL).order_by("order"):
        clerk.submit(f"#item-{item.pk} form.desk-vote button[type=submit]")
    assert list(Decision.objects.filter(session=session).values_list("votes_for", flat=True)) == [38, 38, 38]
    editors = clerk.page.locator(".desk-summaries .prose-editor .ProseMirror")
    editors.nth(4).wait_for()
    clerk.type_in_editor(editors.nth(0), "افتتح الرئيس الدورة بآيات بينات من الذكر الحكيم.")
    for index in range(1, 5):
        clerk.type_in_editor(
            editors.nth(index), "بعد عرض مضامين النقطة وفتح باب المناقشة، عرضها الرئيس على التصويت."
        )
    clerk.submit("#save-summaries")
    clerk.fill(
        "textarea[name=rec-0-text]", "تتبع تنفيذ الاتفاقيات المصادق عليها وعرض حصيلتها في الدورة المقبلة"
    )
    clerk.fill("input[name=rec-0-owner]", "مكتب الغرفة")
    clerk.fill("input[name=rec-0-deadline]", "31/10/2023")
    clerk.submit("#save-recommendations")
    assert Recommendation.objects.filter(session=session).count() == 1
    clerk.submit("form[action$='/act/draft/'] button[type=submit]")
    after = clerk.snapshot()
    counts["desk: guests, attendance, votes, summaries, recommendation, draft"] = {
        k: after[k] - before[k] for k in after
    }

    before = boss.snapshot()
    boss.goto(desk)
    boss.submit("form[action$='/act/approve/'] button[type=submit]")
    boss.submit("#confirm-button")
    session.refresh_from_db()
    assert session.status == Session.Status.MINUTES_APPROVED
    after = boss.snapshot()
    counts["approval (Management)"] = {k: after[k] - before[k] for k in after}

    total = {k: clerk.snapshot()[k] + boss.snapshot()[k] for k in clerk.snapshot()}
    counts["whole session, by hand"] = total
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "desk-counts-whole.json").write_text(
        json.dumps(counts, ensure_ascii=False, indent=2), encoding="utf-8"
    )
