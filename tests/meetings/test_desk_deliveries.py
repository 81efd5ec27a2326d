"""The desk's preparation step shows what became of each member's convocation, read from the outbox (sent, not
sent with the mail server's reason, queued, handed over), and sends a failed one again through the service."""

import datetime as dt
import re
import threading

import pytest
from django.db import transaction
from django.urls import reverse

from chamber.models import OutboxMail
from meetings import services
from meetings.models import Convocation
from tests.jobtools import job_queue, run_jobs  # noqa: F401 (fixture)
from tests.meetings.factories import SessionFactory, assembly

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def row_of(page: str, member) -> str:
    return page.split(f'id="delivery-{member.pk}"')[1].split("</tr>")[0]


def state_of(page: str, member) -> str:
    return page.split(f'id="delivery-{member.pk}"')[0].rsplit('class="delivery-', 1)[1].split('"')[0]


def run_jobs_apart():
    """Run the queued jobs in a thread of their own: in a browser test Playwright holds an event loop in this one."""
    worker = threading.Thread(target=run_jobs)
    worker.start()
    worker.join()


@pytest.fixture
def sent_with_failures(profile, secretary, refusing):
    """Five members convened: two refused by the mail server, one of them queued again, one handed over."""
    members = assembly(5)
    refusing.update({members[1].email, members[3].email})
    session = SessionFactory(chair=members[0])
    services.session_convene(session=session, by=None, today=dt.date(2024, 6, 1))
    with transaction.atomic():
        services.convocation_send(session=session, by=secretary)
    run_jobs_apart()
    services.convocation_hand_delivery_record(session=session, member=members[2], by=secretary)
    return session, members


def test_each_member_shows_sent_failed_with_reason_queued_or_handed_over(
    client, secretary, sent_with_failures
):
    session, members = sent_with_failures
    with transaction.atomic():
        queued_again = Convocation.objects.get(session=session, member=members[3])
        assert services.convocation_resend(session=session, by=secretary, convocations=[queued_again.pk]) == 1
    client.force_login(secretary)
    page = client.get(reverse("admin:meetings_session_desk", args=[session.pk])).content.decode()
    assert [state_of(page, m) for m in members] == ["sent", "failed", "hand", "queued", "sent"]
    assert "550" in row_of(page, members[1]) and "SMTPRecipientsRefused" in row_of(page, members[1])
    assert "550" not in row_of(page, members[0])
    assert 'class="resend"' in row_of(page, members[1])
    assert 'class="resend"' not in row_of(page, members[3])
    assert Convocation.objects.get(pk=queued_again.pk).mail.state == OutboxMail.State.QUEUED


def test_before_any_convocation_the_desk_says_so_instead_of_a_table_of_45_rows(client, profile, secretary):
    members = assembly(3)
    session = SessionFactory(chair=members[0])
    client.force_login(secretary)
    page = client.get(reverse("admin:meetings_session_desk", args=[session.pk])).content.decode()
    assert "No convocation has been sent or handed over yet." in page
    assert 'id="deliveries-table"' not in page
    services.convocation_hand_delivery_record(session=session, member=members[0], by=secretary)
    page = client.get(reverse("admin:meetings_session_desk", args=[session.pk])).content.decode()
    assert 'id="deliveries-table"' in page and state_of(page, members[1]) == "none"


def test_send_again_asks_first_then_reaches_only_that_member(client, secretary, sent_with_failures, refusing):
    session, members = sent_with_failures
    refusing.clear()
    failed = Convocation.objects.get(session=session, member=members[1])
    other = Convocation.objects.get(session=session, member=members[3])
    client.force_login(secretary)
    url = reverse("admin:meetings_session_act", args=[session.pk, "resend"])
    confirm = client.post(url, {"from": "desk", "convocation": failed.pk}).content.decode()
    assert str(members[1]) in confirm and str(members[3]) not in confirm
    assert f'name="convocation" value="{failed.pk}"' in confirm
    assert OutboxMail.objects.get(pk=failed.mail_id).state == OutboxMail.State.RETRYING  # nothing sent yet
    response = client.post(url, {"from": "desk", "convocation": failed.pk, "confirm": "yes"}, follow=True)
    assert "Convocations queued again: 1." in response.content.decode()
    run_jobs()
    assert OutboxMail.objects.get(pk=failed.mail_id).state == OutboxMail.State.SENT
    assert OutboxMail.objects.get(pk=other.mail_id).state != OutboxMail.State.SENT


@pytest.mark.browser
def test_the_desk_shows_the_deliveries_and_sends_one_again_in_arabic(
    chromium, live_server, secretary, sent_with_failures, refusing
):
    from tests.meetings.test_desk_browser import ARTIFACTS, login

    session, members = sent_with_failures
    refusing.clear()
    clerk = login(chromium, live_server.url, secretary)
    clerk.page.set_viewport_size({"width": 1366, "height": 900})
    clerk.goto(f"{live_server.url}/admin/meetings/session/{session.pk}/desk/#deliveries")
    counts = clerk.page.inner_text("#delivery-counts")
    assert re.findall(r"\d+", counts) == ["2", "2", "0", "1"], counts  # sent, not sent, queued, handed over
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    clerk.page.locator("#deliveries").scroll_into_view_if_needed()
    clerk.page.screenshot(path=str(ARTIFACTS / "desk-deliveries.png"), full_page=True)
    clerk.submit(f"#delivery-{members[1].pk} button.resend")
    assert members[1].name_ar in clerk.page.inner_text(".desk-consequences")
    clerk.submit("#confirm-button")
    run_jobs_apart()
    clerk.page.reload()  # the confirmation led back to the desk, drawn before the job ran
    assert "delivery-sent" in clerk.page.get_attribute(f"#delivery-{members[1].pk}", "class")
    assert "delivery-failed" in clerk.page.get_attribute(f"#delivery-{members[3].pk}", "class")
