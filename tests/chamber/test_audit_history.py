"""The History page of every registered model opens, in Arabic: translated field names and choice labels,
Moroccan dates and amounts, masked personal data, and arrows that read right to left."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import admin
from django.urls import reverse

from artisans.benchmarks import build_rows, to_xlsx
from tests.artisans.factories import ArtisanFactory


def _history_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def _one_of_each(profile, superuser):
    """One object of every model the admin shows, built with the factories (fast; no demo seed needed).

    Models are looked up by class name, so the builder follows them when they move between apps.
    """
    from django.utils import timezone

    from artisans.resources import ArtisanResource
    from chamber.imports import SafeXLSX
    from chamber.services import outgoing_reference_next
    from tests.agreements.factories import ContributionFactory, DocumentFactory, PartyFactory
    from tests.artisans.factories import OrganisationFactory
    from tests.exhibitions.factories import ApplicationFactory, ProgrammeFactory
    from tests.meetings.factories import AgendaItemFactory, MemberFactory
    from tests.programmes.factories import DistributionItemFactory

    M = {model.__name__: model for model in admin.site._registry}
    today = timezone.localdate()
    artisan = ArtisanFactory(email="fatima@example.ma")
    OrganisationFactory()
    item = DistributionItemFactory()
    training = item.distribution.training
    M["Enrolment"].objects.create(training=training, artisan=artisan, status="completed", completed_on=today)
    M["Allocation"].objects.create(distribution=item.distribution, artisan=artisan)
    M["ProfessionalCard"].objects.create(
        artisan=artisan, number="2025-000001", issued_on=today, expires_on=today.replace(year=today.year + 5),
        signed_by="الرئيس",
    )  # fmt: skip
    PartyFactory()
    ContributionFactory()
    DocumentFactory()
    ProgrammeFactory()
    application = ApplicationFactory()
    exhibition = application.exhibition
    M["StandAssignment"].objects.create(exhibition=exhibition, application=application, number=1)
    M["VisitorCount"].objects.create(exhibition=exhibition, day=today, visitors=120)
    member = MemberFactory()
    agenda_item = AgendaItemFactory()
    session = agenda_item.session
    M["Committee"].objects.create(name="لجنة المالية", chair=member, vice_chair=MemberFactory())
    M["Attendance"].objects.create(session=session, member=member, status="present")
    M["Recommendation"].objects.create(session=session, text="توصية", owner="الكتابة العامة")
    M["Convocation"].objects.create(session=session, member=member, sent_at=timezone.now(), channel="email")
    M["FrozenEditAttempt"].objects.create(session=session, target="decision", via="admin", by=superuser)
    M["Decision"].objects.create(
        item=agenda_item, session=session, year=today.year, number=1, votes_for=10, president_vote="for",
        outcome="adopted", wording="قرر المجلس", decided_on=today,
    )  # fmt: skip
    M["ReportAttachment"].objects.create(
        agenda_item=AgendaItemFactory(session=session), start=today, end=today
    )
    M["RegistrationRequest"].objects.create(
        cin=artisan.cin, birth_date=dt.date(1985, 4, 12), full_name=artisan.full_name, email="f@example.ma",
        user=superuser, artisan=artisan,
    )  # fmt: skip
    M["ChangeRequest"].objects.create(artisan=artisan, field="phone", new_value="+212612345678")
    from portal.services import access_code_letter_issue

    access_code_letter_issue(artisan=artisan, by=superuser)
    public = M["PublicProfile"].objects.create(artisan=artisan, contact="form")
    M["ProfilePhoto"].objects.create(
        profile=public, small="s.jpg", medium="m.jpg", large="l.jpg", caption="زربية"
    )
    outgoing_reference_next(addressee="عمالة فاس", subject="استدعاء", by=superuser)

    M["JobRecord"].objects.create(task_name="chamber.job_probe", label="probe")
    M["OutboxMail"].objects.create(
        to_address="f@example.ma",
        language="ar",
        template="t.txt",
        subject="s",
        message_id="<1@chamber.invalid>",
    )
    ArtisanResource().import_data(SafeXLSX().create_dataset(to_xlsx(build_rows(2))), dry_run=False)
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        if name in M:
            M[name].objects.create(
                username="nobody", ip_address="127.0.0.1", user_agent="test", path_info="/admin/login/",
                **({"failures_since_start": 1} if name == "AccessAttempt" else {}),
            )  # fmt: skip


def test_the_history_of_one_object_of_every_registered_model_opens_in_arabic(
    admin_client, profile, superuser
):
    _one_of_each(profile, superuser)
    missing, failed = [], []
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            missing.append(model._meta.label)
            continue
        response = admin_client.get(_history_url(obj))
        html = response.content.decode()
        if response.status_code != 200 or 'lang="ar"' not in html or 'dir="rtl"' not in html:
            failed.append((model._meta.label, response.status_code))
        elif "سجل" not in html:  # the page's title, "History", in Arabic
            failed.append((model._meta.label, "not in Arabic"))
    assert not failed, failed
    assert not missing, f"no object to open the history of: {missing}"


def test_a_session_history_speaks_arabic_with_labels_dates_and_arrows(admin_client, profile):
    from tests.meetings.factories import SessionFactory

    session = SessionFactory()
    session.venue = "مقر الغرفة، فاس"
    session.starts_at = dt.datetime(2025, 7, 3, 10, 30, tzinfo=dt.UTC)
    session.save()
    html = admin_client.get(_history_url(session)).content.decode()
    assert "المكان" in html  # verbose_name of venue, in Arabic
    assert "يوليوز 2025" in html  # Moroccan month name
    assert "&larr;" in html and "&rarr;" not in html
    assert "venue" not in html and "starts_at" not in html


def test_choice_labels_amounts_and_masked_values_are_shown_as_staff_read_them(admin_client, profile):
    from tests.agreements.factories import ProjectFactory

    artisan = ArtisanFactory(phone="+212612345678")
    artisan.registration_status = "suspended"
    artisan.phone = "+212612345699"
    artisan.save()
    html = admin_client.get(_history_url(artisan)).content.decode()
    assert "موقوف" in html  # the label of "suspended", not the stored value
    assert "suspended" not in html
    assert "******99" in html and "612345699" not in html

    project = ProjectFactory()
    project.budget = Decimal("2160000.00")
    project.save()
    html = admin_client.get(_history_url(project)).content.decode()
    assert "2.160.000,00 درهم" in html


def test_french_reads_left_to_right(admin_client, profile):
    artisan = ArtisanFactory()
    artisan.address = "Fès"
    artisan.save()
    admin_client.cookies["chamber_language"] = "fr"
    html = admin_client.get(_history_url(artisan)).content.decode()
    assert "&rarr;" in html and "&larr;" not in html
    assert "adresse" in html.lower()
