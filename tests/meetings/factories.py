"""Factories for the assembly's record: members, sessions ready at each step, items."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from meetings import services
from meetings.models import AgendaItem, Attendance, Member, Session

TZ = ZoneInfo("Africa/Casablanca")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name_ar = factory.Sequence(lambda n: f"عضو رقم {n}")
    name_fr = factory.Sequence(lambda n: f"Membre {n}")
    kind = Member.Kind.ELECTED
    category = Member.Category.ARTISANS
    role = Member.Role.MEMBER
    term_start = dt.date(2021, 9, 1)
    email = factory.Sequence(lambda n: f"member{n}@example.invalid")
    order = factory.Sequence(lambda n: n + 10)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    kind = Session.Kind.ORDINARY
    label_ar = "دورة يونيو 2024"
    starts_at = dt.datetime(2024, 6, 20, 10, 0, tzinfo=TZ)
    venue_ar = "مقر الغرفة بفاس"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = AgendaItem.Kind.DELIBERATION
    title_ar = factory.Sequence(lambda n: f"نقطة للتداول رقم {n}")


def assembly(size: int = 9) -> list[Member]:
    """A president, a secretary, an assistant secretary and ordinary members: `size` elected members in all."""
    members = [
        MemberFactory(name_ar="الرئيس التجريبي", role=Member.Role.PRESIDENT, order=1),
        MemberFactory(name_ar="الكاتب التجريبي", role=Member.Role.SECRETARY, order=2),
        MemberFactory(name_ar="الكاتب المساعد التجريبي", role=Member.Role.ASSISTANT_SECRETARY, order=3),
    ]
    members += MemberFactory.create_batch(size - 3)
    return members


def held_session(members: list[Member], *, present: int | None = None, **fields) -> Session:
    """A session convened, with the first `present` members present (others unexcused), and opened."""
    session = SessionFactory(chair=members[0], **fields)
    services.session_convene(
        session=session, by=None, today=(session.starts_at - dt.timedelta(days=20)).date()
    )
    session.refresh_from_db()
    present = len(members) if present is None else present
    for index, member in enumerate(members):
        status = Attendance.Status.PRESENT if index < present else Attendance.Status.UNEXCUSED
        services.attendance_record(session=session, member=member, status=status)
    services.session_open(session=session)
    session.refresh_from_db()
    return session
