"""Benchmark (not a test): time the rendering of a minutes document of about 40 pages.

Run: DATABASE_URL=... .venv/bin/python manage.py shell -c "from meetings.benchmarks import run; run()"
The data is built in memory (nothing is saved); only the chamber's profile is read.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from chamber.pdf import render_pdf
from chamber.richtext import clean_html
from meetings.models import Attendance, Member, Session
from meetings.wording import decision_wording, quorum_sentence

PARAGRAPH = (
    "<p>تدخل عدد من الأعضاء في هذه النقطة، وأكدوا على ضرورة تتبع تنفيذ البرامج المسطرة وتقييم أثرها على الصناع "
    "التقليديين بالجهة، مع إيلاء أهمية خاصة للتكوين والتسويق والتغطية الصحية، ودعوا إلى <b>تعزيز الشراكات</b> مع "
    "المؤسسات العمومية والجماعات الترابية، وإلى إشراك التعاونيات والمقاولات الحرفية في إعداد البرامج.</p>"
)


def _context(items: int, paragraphs: int) -> dict:
    members = [Member(name=f"العضو رقم {n}", role=Member.Role.MEMBER, order=n) for n in range(1, 46)]
    members[0].role = Member.Role.PRESIDENT
    present = [Attendance(member=m, status=Attendance.Status.PRESENT) for m in members[:38]]
    excused = [
        Attendance(member=m, status=Attendance.Status.EXCUSED, reason="ظروف صحية") for m in members[38:42]
    ]
    unexcused = [Attendance(member=m, status=Attendance.Status.UNEXCUSED) for m in members[42:]]
    session = Session(
        label="دورة يونيو 2023",
        starts_at=dt.datetime(2023, 6, 22, 10, tzinfo=ZoneInfo("Africa/Casablanca")),
        venue="القاعة الكبرى لمقر عمالة إقليم تاونات",
        present_count=38,
        sitting_count=45,
        quorum_met=True,
    )
    agenda = []
    for n in range(1, items + 1):
        title = f"النقطة رقم {n}: مشروع اتفاقية شراكة وتعاون"
        decision = SimpleNamespace(
            reference=f"{n}/2023",
            wording=decision_wording(
                subject=title, votes_for=31, votes_against=4, abstentions=3, adopted=True
            ),
            votes_for=31,
            votes_against=4,
            abstentions=3,
            president_vote="",
        )
        agenda.append(
            SimpleNamespace(order=n, title=title, presenter="", summary_html=clean_html(PARAGRAPH * paragraphs),
                            decision=decision)
        )  # fmt: skip
    return {
        "session": session,
        "chair": members[0],
        "items": agenda,
        "present": present,
        "excused": excused,
        "unexcused": unexcused,
        "guests": [],
        "refused_requests": [],
        "recommendations": [],
        "quorum_text": quorum_sentence(38, 45),
        "opening_html": "",
        "secretary": members[1],
        "assistant_secretary": members[2],
        "secretary_signs": True,
        "draft": True,
    }


def run(items: int = 95, paragraphs: int = 3, repeat: int = 3) -> None:
    from pypdf import PdfReader

    context = _context(items, paragraphs)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        content = render_pdf("meetings/pdf/minutes.html", context, lang="ar")
        timings.append(time.perf_counter() - start)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    print(f"minutes: {pages} pages, {len(content) // 1024} KiB; render times: "
          + ", ".join(f"{t:.2f} s" for t in timings) + f"; best {min(timings):.2f} s")  # fmt: skip
