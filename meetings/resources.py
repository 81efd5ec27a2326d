"""Import and export of members and attendance (django-import-export).

Rows are saved through the models, so an attendance row of approved minutes is refused (and recorded) like any
other change; import-export reports it as a row error and writes nothing.
"""

from __future__ import annotations

from import_export import fields, resources, widgets

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
