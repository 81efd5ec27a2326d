"""The secretariat's admin for the assembly: thin configuration and buttons that call meetings.services.

The Secretariat edits; Management reads and approves minutes. Approved minutes are read-only for everyone, and a
change posted anyway is refused and recorded.
"""

from __future__ import annotations

import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin

from chamber.admin_base import (
    ChamberAdmin,
    ChamberTranslationAdmin,
    ChamberTranslationTabularInline,
    PersonalFieldsAdminMixin,
    ServiceAdminMixin,
    ServiceInlineMixin,
    VersionedAdminMixin,
    VersionedInlineMixin,
    refusal_as_form_error,
)
from chamber.admin_print import PrintableListMixin
from chamber.formatting import LRI, PDI, format_date
from chamber.pdf import document_response
from chamber.richtext import RichTextWidget, clean_html
from meetings import documents, resources, selectors, services
from meetings.models import (
    AgendaItem,
    AgendaRequest,
    Attendance,
    Committee,
    Convocation,
    Decision,
    FrozenEditAttempt,
    Guest,
    Member,
    Recommendation,
    Session,
    refuse_frozen,
)

logger = logging.getLogger(__name__)


class RichTextAdminMixin:
    """The summaries are edited in the rich-text editor (the formatting the minutes keep, nothing more)."""

    rich_text_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if any(
            db_field.name == base or db_field.name.startswith(f"{base}_") for base in self.rich_text_fields
        ):
            kwargs["widget"] = RichTextWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class FrozenAdminMixin:
    """Facts of approved minutes are shown read-only; a change posted anyway is refused and audited."""

    def session_of(self, obj):
        return getattr(obj, "session", None) if obj is not None else None

    def _is_frozen(self, obj) -> bool:
        session = self.session_of(obj)
        return bool(session and session.is_frozen)

    def has_change_permission(self, request, obj=None):
        if self._is_frozen(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._is_frozen(obj):
            return False
        return super().has_delete_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self._is_frozen(obj):
                error = refuse_frozen(
                    self.session_of(obj),
                    target=f"{obj._meta.verbose_name} «{obj}»",
                    via="admin",
                    by=request.user,
                )
                self.report_errors(request, error)
                return HttpResponseRedirect(request.path)
        if request.method == "GET" and object_id:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self._is_frozen(obj):
                # Say why the page is read-only, rather than leave a lone "Close" button.
                session = self.session_of(obj)
                self.message_user(
                    request,
                    _(
                        "Read only: the minutes of %(session)s were approved on %(date)s, so its attendance, votes, "
                        "decisions and texts are frozen for good."
                    )
                    % {
                        "session": session,
                        "date": format_date(timezone.localtime(session.minutes_approved_at).date()),
                    }
                    if session.minutes_approved_at
                    else _(
                        "Read only: the minutes of %(session)s are approved and its facts are frozen for good."
                    )
                    % {"session": session},
                    level=messages.WARNING,
                )
        return self._refused_by_database(
            request, super().changeform_view, request, object_id, form_url, extra_context
        )

    def delete_view(self, request, object_id, extra_context=None):
        return self._refused_by_database(request, super().delete_view, request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        return self._refused_by_database(request, super().changelist_view, request, extra_context)

    def _refused_by_database(self, request, view, *args):
        """A write the checks above did not stop (a bulk action, minutes approved meanwhile) that PostgreSQL's freeze
        refused: the same message as theirs, recorded, and the user back on the page."""
        if request.method != "POST":
            return view(*args)
        try:
            with services.frozen_refusals(via="admin", by=request.user):
                return view(*args)
        except ValidationError as error:
            if not getattr(error, "frozen", False):
                raise
            self.report_errors(request, error)
            return HttpResponseRedirect(request.get_full_path())


class FrozenInlineMixin:
    def has_change_permission(self, request, obj=None):
        return not (obj is not None and obj.is_frozen) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not (obj is not None and obj.is_frozen) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and obj.is_frozen) and super().has_delete_permission(request, obj)


# --- members and committees ------------------------------------------------------------------------------------


class MemberForm(forms.ModelForm):
    """The admin builds the fields (with the translation tabs); this adds the associate limit to validation."""

    def clean(self):
        cleaned = super().clean()
        self.instance.kind = cleaned.get("kind", self.instance.kind)
        self.instance.status = cleaned.get("status", self.instance.status)
        services.member_check_associate_limit(member=self.instance)
        return cleaned


@admin.register(Member)
class MemberAdmin(
    PersonalFieldsAdminMixin,
    ServiceAdminMixin,
    PrintableListMixin,
    ImportExportMixin,
    ChamberTranslationAdmin,
):
    form = MemberForm
    service_module = "meetings.services"
    delete_service = "member_delete"

    def service_create(self, request, obj, form):
        # The form has set its fields on `obj`; member_save checks the associate limit again and saves.
        return services.member_save(member=obj, by=request.user)

    def service_update(self, request, obj, form):
        return services.member_save(member=obj, by=request.user)

    resource_classes = [resources.MemberResource]
    list_display = (
        "name",
        "kind",
        "category",
        "role_label",
        "status",
        "term_start",
        "term_end",
        "absence_flag",
    )
    list_filter = ("kind", "status", "role", "category")
    print_list_display = ("name", "kind", "category", "role_label", "status", "term_start", "term_end")
    search_fields = ("name_ar", "name_fr", "email")
    list_select_related = ()  # nothing related is shown in the list
    raw_id_fields = ("artisan",)
    ordering = ("order", "name")

    def changelist_view(self, request, extra_context=None):
        self._flagged = selectors.members_flagged_for_absences()
        return super().changelist_view(request, extra_context)

    @admin.display(description=gettext_lazy("role"))
    def role_label(self, obj):
        return obj.role_display()

    @admin.display(description=gettext_lazy("two unexcused absences in a row"), boolean=True)
    def absence_flag(self, obj):
        return obj.pk in getattr(self, "_flagged", set())


@admin.register(Committee)
class CommitteeAdmin(ChamberTranslationAdmin):
    list_display = ("name", "chair", "vice_chair")
    list_select_related = ("chair", "vice_chair")
    search_fields = ("name_ar", "name_fr")
    filter_horizontal = ("members",)
    autocomplete_fields = ("chair", "vice_chair")


# --- sessions --------------------------------------------------------------------------------------------------


class MeetingsServiceInline(ServiceInlineMixin):
    service_module = "meetings.services"
    service_kwargs = {"via": "admin"}


class AgendaItemFormSet(forms.BaseInlineFormSet):
    """The session's agenda items, each with what it puts to the vote (`vote_records`), asked for all rows at once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rows' instances are those of this queryset, read once: they carry the records to their forms.
        selectors.agenda_items_with_vote_records(items=list(self.get_queryset()))


class AgendaItemInline(
    MeetingsServiceInline, VersionedInlineMixin, FrozenInlineMixin, ChamberTranslationTabularInline
):
    model = AgendaItem
    formset = AgendaItemFormSet
    extra = 0
    fields = ("order", "kind", "title", "subject", "presenter", "approves_session", "put_to_vote")
    readonly_fields = ("put_to_vote",)
    raw_id_fields = ("approves_session",)
    fk_name = "session"
    service_entity = "item"
    create_service, update_service, delete_service = (
        "agenda_item_add",
        "agenda_item_update",
        "agenda_item_delete",
    )

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # A session being added has no item that puts anything to the vote yet; its form keeps the room (800 px).
        return fields if obj is not None and obj.pk else [name for name in fields if name != "put_to_vote"]

    @admin.display(description=gettext_lazy("put to the vote"))
    def put_to_vote(self, item: AgendaItem) -> str:
        """The line the minutes and the desk print under an agreement-approval item: each record that the item puts
        to the vote, its reference left to right in the Arabic page, then its title."""
        return format_html_join(
            mark_safe("<br>"),
            '<strong><bdi dir="ltr">{}{}{}</bdi></strong> {}',
            ((LRI, record.reference, PDI, record.title) for record in getattr(item, "vote_records", ())),
        )


class AttendanceFormSet(forms.BaseInlineFormSet):
    """Attendance is given only on a convened session: refused beside the rows, before anything is saved."""

    def clean(self):
        super().clean()
        if any(form.has_changed() for form in self.forms):
            try:
                services.attendance_check(session=self.instance)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None


class AttendanceInline(MeetingsServiceInline, FrozenInlineMixin, admin.TabularInline):
    model = Attendance
    formset = AttendanceFormSet
    extra = 0
    fields = ("member", "status", "reason")
    autocomplete_fields = ("member",)
    update_service, delete_service = "attendance_update", "attendance_delete"

    def service_create(self, request, obj, form, **parent):
        return services.attendance_record(
            session=parent["session"],
            member=form.cleaned_data["member"],
            status=form.cleaned_data["status"],
            reason=form.cleaned_data.get("reason") or "",
            by=request.user,
        )


class GuestInline(MeetingsServiceInline, FrozenInlineMixin, ChamberTranslationTabularInline):
    model = Guest
    extra = 0
    fields = ("order", "kind", "title", "name")
    create_service, update_service, delete_service = "guest_add", "guest_update", "guest_delete"


class AgendaRequestInline(MeetingsServiceInline, FrozenInlineMixin, admin.TabularInline):
    model = AgendaRequest
    extra = 0
    fields = ("member", "subject", "received_on", "status", "refusal_reason")
    autocomplete_fields = ("member",)
    service_entity = "request"
    service_kwargs = {}
    create_service = "agenda_request_create"
    update_service, delete_service = "agenda_request_update", "agenda_request_delete"


class SessionForm(forms.ModelForm):
    """The admin builds the fields; this adds the rules that need the database (two-thirds requests)."""

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for name, value in cleaned.items():
                setattr(self.instance, name, value)
            services.session_validate(session=self.instance)
        return cleaned


# --- the desk's minutes step: the summaries in the editor, the recommendations as a small table -----------------


class DeskSummariesForm(forms.Form):
    """The minutes' texts in Arabic, the minutes' language: the opening summary and each item's discussion."""

    def __init__(self, *args, session: Session, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        attrs = {"lang": "ar", "dir": "rtl"}
        self.fields["opening_summary"] = forms.CharField(
            label=gettext_lazy("opening summary"),
            required=False,
            initial=session.opening_summary_ar,
            widget=RichTextWidget(attrs=attrs),
        )
        for item in self.items:
            self.fields[f"summary-{item.pk}"] = forms.CharField(
                label=_("%(order)s. %(title)s: summary of the discussion")
                % {"order": item.order, "title": item},
                required=False,
                initial=item.summary_ar,
                widget=RichTextWidget(attrs=attrs),
            )

    def item_summaries(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"summary-{item.pk}"] for item in self.items}


class DeskRecommendationForm(forms.Form):
    """One row of the recommendations table (the text in Arabic, as the minutes print it)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=gettext_lazy("text"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 50, "lang": "ar", "dir": "rtl"}),
    )
    owner = forms.CharField(
        label=gettext_lazy("owner"), max_length=200, help_text=gettext_lazy("Who must carry it out.")
    )
    deadline = forms.DateField(
        label=gettext_lazy("deadline"),
        required=False,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"size": 10, "placeholder": gettext_lazy("dd/mm/yyyy")}
        ),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("status"),
        choices=Recommendation.Status.choices,
        initial=Recommendation.Status.OPEN,
    )

    # The form's names against the model's (the text is the Arabic column).
    FIELDS = {"text": "text_ar", "owner": "owner", "deadline": "deadline", "status": "status"}

    def model_changes(self) -> dict:
        return {
            self.FIELDS[name]: self.cleaned_data[name] for name in self.changed_data if name in self.FIELDS
        }


DeskRecommendationFormSet = forms.formset_factory(DeskRecommendationForm, extra=1, can_delete=True)


def desk_recommendations_formset(session: Session, data=None):
    initial = [
        {"id": r.pk, "text": r.text_ar, "owner": r.owner, "deadline": r.deadline, "status": r.status}
        for r in session.recommendations.order_by("pk")
    ]
    return DeskRecommendationFormSet(data, initial=initial, prefix="rec")


@admin.register(Session)
class SessionAdmin(
    ServiceAdminMixin, RichTextAdminMixin, VersionedAdminMixin, FrozenAdminMixin, ChamberTranslationAdmin
):
    form = SessionForm
    service_module = "meetings.services"
    service_kwargs = {"via": "admin"}
    create_service, update_service, delete_service = "session_create", "session_update", "session_delete"
    rich_text_fields = ("opening_summary",)
    change_form_template = "admin/meetings/session/change_form.html"
    list_display = ("label", "kind", "starts_at", "venue", "status", "chair", "quorum_met", "desk_link")
    list_filter = ("kind", "status", "convening")
    search_fields = ("label_ar", "label_fr", "venue_ar")
    list_select_related = ("chair",)
    date_hierarchy = "starts_at"
    inlines = (AgendaItemInline, AttendanceInline, GuestInline, AgendaRequestInline)
    autocomplete_fields = ("chair",)
    readonly_fields = (
        "status",
        "convened_at",
        "notice_override_by",
        "notice_override_reason",
        "present_count",
        "sitting_count",
        "quorum_met",
        "minutes_approved_at",
        "minutes_approved_by",
        "minutes_pdf",
        "minutes_sha256",
    )
    exclude = ("first_convening",)
    actions = ["minutes_bundle"]

    def session_of(self, obj):
        return obj

    @admin.action(
        description=gettext_lazy(
            "Bundle the minutes of the selected sessions' year (ZIP, in the background)"
        ),
        permissions=["view"],
    )
    def minutes_bundle(self, request, queryset):
        years = sorted({timezone.localtime(at).year for at in queryset.values_list("starts_at", flat=True)})
        if len(years) > 5:
            self.message_user(request, _("Select the sessions of at most five years."), messages.ERROR)
            return None
        for year in years:
            try:
                record = services.minutes_bundle_start(year=year, by=request.user)
            except ValidationError as exc:
                self.report_errors(request, exc)
                continue
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("The minutes of %(year)s are being bundled in the background.") % {"year": year},
                    reverse("admin:chamber_jobrecord_change", args=[record.pk]),
                    _("Follow it and download the archive here."),
                ),
            )
        return None

    @admin.display(description=gettext_lazy("desk"))
    def desk_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:meetings_session_desk", args=[obj.pk]), _("Open the desk")
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in services.session_warnings(session=obj):
            self.message_user(request, warning, level=messages.WARNING)

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path(
                "<path:object_id>/convocation/",
                wrap(self.convocation_view),
                name="meetings_session_convocation",
            ),
            path("<path:object_id>/attendance-sheet/", wrap(self.sheet_view), name="meetings_session_sheet"),
            path(
                "<path:object_id>/minutes-preview/", wrap(self.preview_view), name="meetings_session_preview"
            ),
            path("<path:object_id>/final-minutes/", wrap(self.final_view), name="meetings_session_final"),
            path("<path:object_id>/act/<str:action>/", wrap(self.action_view), name="meetings_session_act"),
            path("<path:object_id>/desk/", wrap(self.desk_view), name="meetings_session_desk"),
            *super().get_urls(),
        ]

    def _session(self, request, object_id) -> Session:
        session = get_object_or_404(Session, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, session):
            raise PermissionDenied
        return session

    def convocation_view(self, request, object_id):
        return document_response(
            documents.convocation_pdf(session=self._session(request, object_id)), inline=True
        )

    def sheet_view(self, request, object_id):
        return document_response(
            documents.attendance_sheet_pdf(session=self._session(request, object_id)), inline=True
        )

    def preview_view(self, request, object_id):
        return document_response(
            documents.minutes_pdf(session=self._session(request, object_id)), inline=True
        )

    def final_view(self, request, object_id):
        session = self._session(request, object_id)
        if not session.minutes_pdf:
            self.message_user(
                request, _("The minutes of this session are not approved yet."), level=messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:meetings_session_change", args=[session.pk]))
        try:
            handle = session.minutes_pdf.open("rb")
        except OSError:
            # A stored legal record that cannot be read is the storage's fault, not the clerk's: say so (the
            # nightly documents_verify job names it too), never a server error.
            logger.error("stored minutes of session %s cannot be read", session.pk)
            self.message_user(
                request,
                _(
                    "The stored file of these minutes cannot be read. Tell IT: it must be restored from a backup."
                ),
                level=messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:meetings_session_change", args=[session.pk]))
        return FileResponse(
            handle, content_type="application/pdf", filename=session.minutes_pdf.name.rsplit("/", 1)[-1]
        )

    def action_view(self, request, object_id, action):
        session = self._session(request, object_id)
        # The desk posts its step buttons here too; send the secretary back where they were.
        back_to = (
            "admin:meetings_session_desk"
            if request.POST.get("from") == "desk"
            else "admin:meetings_session_change"
        )
        back = HttpResponseRedirect(reverse(back_to, args=[session.pk]))
        if request.method != "POST" and action not in self.CONFIRMED_ACTIONS:
            return back
        actions = {
            "convene": (self._can_convene, lambda: services.session_convene(
                session=session, by=request.user, override_reason=request.POST.get("override_reason", "").strip()
            )),
            "send": (self._can_edit, lambda: services.convocation_send(session=session, by=request.user)),
            "resend": (self._can_edit, lambda: services.convocation_resend(
                session=session, by=request.user, convocations=self._posted_convocations(request)
            )),
            "open": (self._can_edit, lambda: services.session_open(session=session, by=request.user)),
            "draft": (self._can_edit, lambda: services.minutes_draft(session=session, by=request.user)),
            "approve": (
                lambda r: r.user.has_perm("meetings.approve_minutes"),
                lambda: services.minutes_approve(session=session, by=request.user),
            ),
        }  # fmt: skip
        if action not in actions:
            return back
        allowed, run = actions[action]
        if not allowed(request):
            raise PermissionDenied
        if action in self.CONFIRMED_ACTIONS and request.POST.get("confirm") != "yes":
            return self._confirm_page(request, session, action)
        try:
            result = run()
        except ValidationError as exc:
            self.report_errors(request, exc)
            return back
        if action == "resend":
            self.message_user(request, _("Convocations queued again: %(n)d.") % {"n": result})
        elif isinstance(result, services.SendReport):
            self.message_user(
                request,
                _("Convocations queued for e-mail: %(n)d; each delivery shows under Convocations.")
                % {"n": result.sent},
            )
            if result.without_email:
                self.message_user(
                    request,
                    _("No email address for: %(names)s.") % {"names": "، ".join(result.without_email)},
                    level=messages.WARNING,
                )
        else:
            self.message_user(request, _("Done: %(session)s is now “%(status)s”.") % {
                "session": session, "status": Session.objects.get(pk=session.pk).get_status_display()
            })  # fmt: skip
        return back

    # --- the session desk: one screen for the session's life, every write through meetings.services --------------

    def desk_view(self, request, object_id):
        session = self._session(request, object_id)
        url = reverse("admin:meetings_session_desk", args=[session.pk])
        posted = None
        if request.method == "POST":
            if not self._can_edit(request):
                raise PermissionDenied
            form = request.POST.get("form")
            if form == "attendance":
                posted = self._desk_attendance(request, session)
                if posted is None:
                    return HttpResponseRedirect(url + "#attendance")
            elif form == "guest":
                self._desk_guest(request, session)
                return HttpResponseRedirect(url + "#guests")
            elif form == "summaries":
                bound = self._desk_summaries(request, session)
                if bound is None:
                    return HttpResponseRedirect(url + "#summaries")
                return self._desk_render(request, session, summaries_form=bound)
            elif form == "recommendations":
                bound = self._desk_recommendations(request, session)
                if bound is None:
                    return HttpResponseRedirect(url + "#recommendations")
                return self._desk_render(request, session, recommendations_formset=bound)
            elif form in ("vote", "wording"):
                item = get_object_or_404(AgendaItem, pk=request.POST.get("item") or 0, session=session)
                if form == "vote":
                    self._desk_vote(request, item)
                else:
                    self._desk_wording(request, item)
                return HttpResponseRedirect(f"{url}#item-{item.pk}")
        return self._desk_render(request, session, posted_attendance=posted)

    def _desk_attendance(self, request, session):
        """Save the grid through the service; on a refusal, return the posted rows so nothing typed is lost."""
        grid = selectors.attendance_grid(session=session)
        entries, posted = [], {}
        for row in grid:
            member = row["member"]
            status = request.POST.get(f"status-{member.pk}", row["status"])
            reason = request.POST.get(f"reason-{member.pk}", "")
            posted[member.pk] = (status, reason)
            entries.append(services.AttendanceEntry(member=member, status=status, reason=reason))
        try:
            tally = services.attendance_record_many(session=session, entries=entries, by=request.user)
        except ValidationError as exc:
            self.report_errors(request, exc)
            return posted
        self.message_user(
            request,
            _(
                "Attendance saved: %(present)d present, %(excused)d excused, %(unexcused)d absent without excuse."
            )
            % {"present": tally.present, "excused": tally.excused, "unexcused": tally.unexcused},
        )
        return None

    def _desk_guest(self, request, session) -> None:
        title = request.POST.get("guest_title", "").strip()
        if not title:
            self.message_user(request, _("Give the guest's title, for example the governor's representative."),
                              level=messages.ERROR)  # fmt: skip
            return
        kind = request.POST.get("guest_kind", Guest.Kind.OFFICIAL)
        if kind not in Guest.Kind.values:
            kind = Guest.Kind.OFFICIAL
        try:
            services.guest_add(
                session=session, title=title, name=request.POST.get("guest_name", "").strip(), kind=kind,
                by=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            self.report_errors(request, exc)

    def _desk_vote(self, request, item) -> None:
        counts = {}
        for name, label in (
            ("votes_for", _("votes for")),
            ("votes_against", _("votes against")),
            ("abstentions", _("abstentions")),
        ):
            raw = (request.POST.get(name) or "0").strip()
            if not raw.isdigit():
                self.message_user(
                    request,
                    _("«%(item)s»: %(field)s must be a whole number, not “%(value)s”.")
                    % {"item": item, "field": label, "value": raw},
                    level=messages.ERROR,
                )
                return
            counts[name] = int(raw)
        try:
            decision = services.decision_record(
                item=item, president_vote=request.POST.get("president_vote", ""), by=request.user, **counts
            )
        except ValidationError as exc:
            self.report_errors(request, exc)
            return
        self.message_user(
            request,
            _("Decision %(reference)s recorded: %(wording)s")
            % {"reference": decision.reference, "wording": decision.wording},
        )

    def _desk_wording(self, request, item) -> None:
        decision = Decision.objects.filter(item=item).first()
        if decision is None:
            self.message_user(
                request, _("«%(item)s» has no decision yet.") % {"item": item}, level=messages.ERROR
            )
            return
        try:
            services.decision_wording_update(
                decision=decision, wording=request.POST.get("wording", ""), by=request.user, via="desk"
            )
        except ValidationError as exc:
            self.report_errors(request, exc)
            return
        self.message_user(
            request, _("The wording of decision %(reference)s is saved.") % {"reference": decision}
        )

    def _desk_summaries(self, request, session):
        """Save the summaries through the service; on a refusal, return the bound form so nothing typed is lost."""
        form = DeskSummariesForm(
            request.POST, session=session, items=selectors.session_items(session=session)
        )
        if not form.is_valid():
            return form
        try:
            changed = services.minutes_summaries_update(
                session=session,
                opening_summary=form.cleaned_data["opening_summary"],
                item_summaries=form.item_summaries(),
                language="ar",
                by=request.user,
                via="desk",
            )
        except ValidationError as exc:
            self.report_errors(request, exc)
            return form
        self.message_user(request, _("Summaries saved: %(n)d changed.") % {"n": changed})
        return None

    def _desk_recommendations(self, request, session):
        """Save the recommendations table through the services, all or nothing; the bound formset on a refusal."""
        formset = desk_recommendations_formset(session, request.POST)
        if not formset.is_valid():
            self.message_user(
                request,
                _("The recommendations were not saved: see the rows marked below."),
                level=messages.ERROR,
            )
            return formset
        created, changed, deleted = [], {}, []
        for row in formset.forms:
            pk = row.cleaned_data.get("id")
            if not row.has_changed() and not pk:
                continue
            if pk and row.cleaned_data.get("DELETE"):
                deleted.append(pk)
            elif pk:
                changed[pk] = row.model_changes()
            elif not row.cleaned_data.get("DELETE"):
                created.append({row.FIELDS[name]: row.cleaned_data[name] for name in row.FIELDS})
        try:
            written = services.recommendations_edit(
                session=session,
                created=created,
                changed=changed,
                deleted=deleted,
                by=request.user,
                via="desk",
            )
        except ValidationError as exc:
            self.report_errors(request, exc)
            return formset
        self.message_user(request, _("Recommendations saved: %(n)d rows written.") % {"n": written})
        return None

    def _desk_render(self, request, session, *, posted_attendance=None, summaries_form=None,
                     recommendations_formset=None):  # fmt: skip
        can_edit = self._can_edit(request)
        grid = selectors.attendance_grid(session=session)
        for row in grid:
            if posted_attendance and row["member"].pk in posted_attendance:
                row["status"], row["reason"] = posted_attendance[row["member"].pk]
        sitting = sum(1 for row in grid if row["elected"])
        second = session.convening == Session.Convening.SECOND
        deliveries = selectors.convocation_delivery_rows(session=session)
        items = selectors.session_items(session=session)
        for item in items:
            item.summary_html = clean_html(item.summary_ar)  # type: ignore[attr-defined]
        summaries_form = summaries_form or DeskSummariesForm(session=session, items=items)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Session desk: %(session)s") % {"session": session},
            "summaries_form": summaries_form,
            "recommendations_formset": recommendations_formset or desk_recommendations_formset(session),
            "recommendations": list(session.recommendations.order_by("pk")),
            "texts_open": can_edit and not session.is_frozen,
            "texts_reason": _("The minutes are approved: the summaries and recommendations are frozen.")
            if session.is_frozen
            else _("Only the Secretariat can do this."),
            "opening_html": clean_html(session.opening_summary_ar),
            "subtitle": None,
            "opts": self.model._meta,
            "original": session,
            "session": session,
            "steps": selectors.desk_steps(
                session=session,
                can_edit=can_edit,
                can_convene=can_edit or request.user.has_perm("meetings.override_convocation_notice"),
                can_approve=request.user.has_perm("meetings.approve_minutes"),
            ),
            "grid": grid,
            "statuses": Attendance.Status.choices,
            "attendance_open": can_edit and session.status in selectors.ATTENDANCE_STATUSES,
            "sitting": sitting,
            "present": sum(
                1 for row in grid if row["elected"] and row["status"] == Attendance.Status.PRESENT
            ),
            "quorum_needed": services.quorum_threshold(sitting=sitting, second_convening=second),
            "guests": list(session.guests.all()),
            "deliveries": deliveries,
            "delivery_counts": {
                state: sum(1 for row in deliveries if row.state == state)
                for state in ("sent", "failed", "queued", "hand", "none")
            },
            "resend_open": can_edit and session.status in (Session.Status.PLANNED, Session.Status.CONVENED),
            "guest_kinds": Guest.Kind.choices,
            "items": items,
            "votes_open": can_edit and session.status in selectors.VOTING_STATUSES,
            "votes_reason": _("The minutes are approved: the record is frozen.")
            if session.is_frozen
            else _("Open the session and count the quorum first."),
            "voters": session.present_count
            if session.present_count is not None
            else sum(1 for row in grid if row["elected"] and row["status"] == Attendance.Status.PRESENT),
            "sides": [
                (Decision.Side.FOR, Decision.Side.FOR.label),
                (Decision.Side.AGAINST, Decision.Side.AGAINST.label),
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/meetings/session/desk.html", context)

    # Steps that freeze or send cannot be undone: they show what will happen and ask first.
    CONFIRMED_ACTIONS = ("send", "resend", "approve")

    @staticmethod
    def _posted_convocations(request) -> list[int] | None:
        """The one convocation a desk row's "send again" names, or None: every one not sent."""
        value = (request.POST.get("convocation") or request.GET.get("convocation") or "").strip()
        return [int(value)] if value.isdigit() else None

    def _confirm_page(self, request, session, action):
        carried: list[tuple[str, object]] = []
        if action == "approve":
            consequences = selectors.approval_consequences(session=session)
            title, button = (
                _("Approve the minutes of %(session)s?") % {"session": session},
                _("Yes, approve and freeze the minutes"),
            )
        elif action == "resend":
            only = self._posted_convocations(request)
            consequences = selectors.resend_consequences(session=session, convocations=only)
            title, button = (
                _("Send the convocations to %(session)s again?") % {"session": session},
                _("Yes, send them again"),
            )
            carried = [("convocation", only[0])] if only else []
        else:
            consequences = selectors.convocation_consequences(session=session)
            title, button = (
                _("Send the convocations to %(session)s?") % {"session": session},
                _("Yes, send the convocations"),
            )
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.model._meta,
            "session": session,
            "action": action,
            "warning": _("This cannot be undone."),
            "consequences": consequences,
            "button": button,
            "carried": carried,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/meetings/session/confirm.html", context)

    def _can_convene(self, request) -> bool:
        """The Secretariat convenes; Management may too (with the short-notice override) without edit rights."""
        return self._can_edit(request) or request.user.has_perm("meetings.override_convocation_notice")

    def _can_edit(self, request) -> bool:
        return request.user.has_perm("meetings.change_session")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_approve"] = request.user.has_perm("meetings.approve_minutes")
        context["can_edit_session"] = self._can_edit(request)
        return super().render_change_form(request, context, add, change, form_url, obj)


# --- decisions and the rest --------------------------------------------------------------------------------------


def item_choice_label(item: AgendaItem) -> str:
    """An agenda item as the decisions register offers it: its number, its title, and its session with the date,
    so that items of the same title in two sessions cannot be taken for one another."""
    session = item.session
    return _("Item %(order)s: %(title)s — %(session)s, %(date)s") % {
        "order": item.order,
        "title": item,
        "session": session,
        "date": format_date(session.starts_at),
    }


class VoteItemField(forms.ModelChoiceField):
    """The item to vote on, grouped by session; only items of sessions where a vote can be recorded."""

    def label_from_instance(self, obj):
        return item_choice_label(obj)

    def grouped_choices(self):
        groups: dict[int, tuple[str, list]] = {}
        for item in self.queryset:
            session = item.session
            label = f"{format_date(session.starts_at)} — {session} ({session.get_status_display()})"
            groups.setdefault(session.pk, (label, []))[1].append((item.pk, self.label_from_instance(item)))
        return [("", self.empty_label), *groups.values()]


class DecisionForm(forms.ModelForm):
    item = VoteItemField(
        queryset=AgendaItem.objects.none(),
        label=gettext_lazy("agenda item"),
        help_text=gettext_lazy(
            "Only items of sessions held or with minutes drafted, without a decision yet. The session desk records "
            "the votes item by item."
        ),
    )

    class Meta:
        model = Decision
        fields = ("item", "votes_for", "votes_against", "abstentions", "president_vote")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Shown read-only (get_readonly_fields): the versioned form class would otherwise keep the declared field.
            self.fields.pop("item", None)
        field = self.fields.get("item")
        if field is not None:
            field.queryset = selectors.items_open_for_vote()
            field.choices = field.grouped_choices()


class PostingFilter(admin.SimpleListFilter):
    """Decisions still to post at the seat (their session's minutes not yet approved), or posted."""

    title = gettext_lazy("posting at the seat")
    parameter_name = "posting"

    def lookups(self, request, model_admin):
        return [("due", gettext_lazy("To post")), ("posted", gettext_lazy("Posted"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.filter(pk__in=selectors.decisions_to_post().values("pk"))
        if self.value() == "posted":
            return queryset.filter(posted_on__isnull=False)
        return queryset


@admin.register(Decision)
class DecisionAdmin(ServiceAdminMixin, VersionedAdminMixin, FrozenAdminMixin, ChamberAdmin):
    """The decisions register; recording a vote goes through services.decision_record (numbering, wording)."""

    form = DecisionForm
    service_module = "meetings.services"
    service_kwargs = {"via": "admin"}
    delete_service = "decision_delete"
    list_display = (
        "reference",
        "session",
        "item",
        "outcome",
        "votes_for",
        "votes_against",
        "abstentions",
        "posted_on",
    )
    list_filter = ("year", "outcome", PostingFilter)
    actions = ["post_today"]
    search_fields = ("item__title_ar", "wording")
    list_select_related = ("session", "item")
    readonly_fields = ("session", "year", "number", "outcome", "wording", "decided_on", "posted_on")

    def get_readonly_fields(self, request, obj=None):
        # A recorded decision stays on its item: a new vote corrects its counts, and another item is a new decision.
        fields = super().get_readonly_fields(request, obj)
        return ("item", *fields) if obj is not None and obj.pk else fields

    @admin.display(description=gettext_lazy("reference"), ordering=("year", "number"))
    def reference(self, obj):
        return obj.reference

    @admin.action(description=gettext_lazy("Mark as posted at the seat today"), permissions=["change"])
    def post_today(self, request, queryset):
        posted = 0
        for decision in queryset[:500]:
            try:
                services.decision_post(decision=decision, by=request.user)
                posted += 1
            except ValidationError as exc:
                self.report_errors(request, exc)
        if posted:
            self.message_user(
                request, _("Decisions marked as posted today: %(n)s.") % {"n": posted}, messages.SUCCESS
            )

    def service_create(self, request, obj, form):
        data = form.cleaned_data
        return services.decision_record(
            item=data.get("item") or obj.item,
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            abstentions=data["abstentions"],
            president_vote=data["president_vote"],
            by=request.user,
        )

    def save_model(self, request, obj, form, change):
        # A change of the counts is a vote on the item again: the same service (it keeps the decision's number).
        with refusal_as_form_error():
            decision = self.service_create(request, obj, form)
        # The admin's message and its recent actions are written from `obj`: give it the decision's number.
        obj.pk, obj.number, obj.year, obj.session_id = (
            decision.pk,
            decision.number,
            decision.year,
            decision.session_id,
        )


@admin.register(Attendance)
class AttendanceAdmin(ImportExportMixin, FrozenAdminMixin, ChamberAdmin):
    resource_classes = [resources.AttendanceResource]
    list_display = ("session", "member", "status", "reason")
    list_filter = ("status", "session")
    search_fields = ("member__name_ar", "member__name_fr")
    list_select_related = ("session", "member")
    autocomplete_fields = ("member",)


@admin.register(AgendaItem)
class AgendaItemAdmin(RichTextAdminMixin, VersionedAdminMixin, FrozenAdminMixin, ChamberTranslationAdmin):
    rich_text_fields = ("summary",)
    list_display = ("title", "session", "order", "kind")
    list_filter = ("kind",)
    search_fields = ("title_ar", "title_fr")
    list_select_related = ("session",)
    raw_id_fields = ("session", "approves_session")


class OpenFilter(admin.SimpleListFilter):
    """The follow-up report: recommendations still open or in progress, whatever session made them."""

    title = gettext_lazy("follow-up")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Open or in progress"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status__in=(Recommendation.Status.OPEN, Recommendation.Status.IN_PROGRESS))
        return queryset


@admin.register(Recommendation)
class RecommendationAdmin(ServiceAdminMixin, FrozenAdminMixin, ChamberTranslationAdmin):
    """Follow-up of recommendations; each write goes through the services, which keep approved minutes' wording."""

    service_module = "meetings.services"
    service_kwargs = {"via": "admin"}
    create_service, update_service, delete_service = (
        "recommendation_create",
        "recommendation_update",
        "recommendation_delete",
    )

    def _is_frozen(self, obj) -> bool:
        # Not read-only once approved: the follow-up (status) goes on; the services refuse changes to the wording.
        return False

    list_display = ("text", "session", "owner", "deadline", "status")
    list_filter = (OpenFilter, "status")
    search_fields = ("text_ar", "owner")
    list_select_related = ("session",)


@admin.register(Convocation)
class ConvocationAdmin(ChamberAdmin):
    """Who each session's convocation reached: the e-mail's state and the mail server's reason when it failed."""

    list_display = ("session", "member", "sent_at", "channel", "delivery", "delivery_error")
    list_filter = ("session", "channel", "mail__state")
    list_select_related = ("session", "member", "mail")
    search_fields = ("member__name_ar",)
    actions = ("resend_not_reached", "record_hand_delivery")

    @admin.display(description=_("delivery"), ordering="mail__state")
    def delivery(self, obj: Convocation) -> str:
        if obj.channel != Convocation.Channel.EMAIL or obj.mail is None:
            return obj.get_channel_display()
        return obj.mail.get_state_display()

    @admin.display(description=_("reason it was not sent"))
    def delivery_error(self, obj: Convocation) -> str:
        if obj.channel == Convocation.Channel.EMAIL and obj.mail is not None:
            return obj.mail.error
        return ""

    @admin.action(
        description=_("E-mail the letter again to the members it did not reach"), permissions=["change"]
    )
    def resend_not_reached(self, request, queryset):
        count = sum(
            services.convocation_resend(session=session, by=request.user)
            for session in Session.objects.filter(pk__in=queryset.values("session"))
        )
        self.message_user(request, _("Convocations queued again: %(n)d.") % {"n": count})

    @admin.action(description=_("Record a hand delivery against signature"), permissions=["change"])
    def record_hand_delivery(self, request, queryset):
        for convocation in queryset.select_related("session", "member"):
            services.convocation_hand_delivery_record(
                session=convocation.session, member=convocation.member, by=request.user
            )
        self.message_user(request, _("Hand deliveries recorded: %(n)d.") % {"n": queryset.count()})


@admin.register(FrozenEditAttempt)
class FrozenEditAttemptAdmin(ChamberAdmin):
    list_display = ("at", "session", "target", "via", "by")
    list_select_related = ("session", "by")
    search_fields = ("target",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
