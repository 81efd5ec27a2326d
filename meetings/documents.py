"""The assembly's printable documents, all through chamber.pdf: minutes, convocation letters, attendance sheet."""

from __future__ import annotations

from django.utils import timezone

from chamber.models import OutgoingMail
from chamber.pdf import Document, render_pdf
from meetings.models import Member, Session
from meetings.selectors import bureau_member, session_for_minutes, session_items, sitting_members


def _stamp(session: Session) -> str:
    return timezone.localtime(session.starts_at).strftime("%Y-%m")


def minutes_pdf(*, session: Session, final: bool = False, lang: str = "ar") -> Document:
    """The minutes; until approval ("final" is False and the session not approved) they carry the draft mark."""
    context = session_for_minutes(session=session)
    context["draft"] = not (final or session.is_frozen)
    content = render_pdf("meetings/pdf/minutes.html", context, lang=lang, final=final)
    kind = "minutes" if not context["draft"] else "minutes-draft"
    return Document(f"{kind}-{_stamp(session)}-{session.pk}.pdf", content)


def convocation_pdf(
    *, session: Session, member: Member | None = None, lang: str = "ar", reference: OutgoingMail | None = None
) -> Document:
    """A member's letter (with its outgoing-mail reference once numbered), or the blank letter for printing."""
    items = session_items(session=session)
    context = {
        "session": session,
        "member": member,
        "reference": reference,
        "items": items,
        "agenda_has_presenters": any(item.presenter for item in items),
        "president": session.chair or bureau_member(Member.Role.PRESIDENT),
    }
    content = render_pdf("meetings/pdf/convocation.html", context, lang=lang)
    suffix = f"-{member.pk}" if member else ""
    return Document(f"convocation-{_stamp(session)}{suffix}.pdf", content)


def attendance_sheet_pdf(*, session: Session, lang: str = "ar") -> Document:
    members = list(sitting_members())
    context = {"session": session, "members": members}
    content = render_pdf("meetings/pdf/attendance_sheet.html", context, lang=lang)
    return Document(f"attendance-sheet-{_stamp(session)}.pdf", content)
