"""Import and export of members and attendance (django-import-export).

Attendance rows are recorded by services.attendance_record, so an attendance row of approved minutes is refused (and
recorded) like any other change; import-export reports it as a row error and writes nothing.
"""

from __future__ import annotations

from import_export import fields, resources, widgets

from meetings import services
from meetings.models import Attendance, Member, Session


class MemberResource(resources.ModelResource):
    class Meta:
        model = Member
        fields = ("id", "name_ar", "name_fr", "kind", "category", "role", "vice_president_rank", "term_start",
                  "term_end", "status", "email", "order")  # fmt: skip
        export_order = fields
        clean_model_instances = True


class AttendanceResource(resources.ModelResource):
    session = fields.Field(
        attribute="session", column_name="session", widget=widgets.ForeignKeyWidget(Session, "pk")
    )
    member = fields.Field(
        attribute="member", column_name="member", widget=widgets.ForeignKeyWidget(Member, "pk")
    )

    class Meta:
        model = Attendance
        fields = ("id", "session", "member", "status", "reason")
        import_id_fields = ("session", "member")
        clean_model_instances = True

    def do_instance_save(self, instance, is_create):
        # An imported row is recorded by the service, with its rules (a convened session, approved minutes frozen).
        services.attendance_record(
            session=instance.session,
            member=instance.member,
            status=instance.status,
            reason=instance.reason or "",
        )
