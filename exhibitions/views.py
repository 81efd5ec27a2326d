"""Public pages: the calendar of exhibitions, each fair's page with its call, the artisan's applications, the
iCal feed and past fairs with their published results. Thin: the rules are in services and selectors."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from artisans.selectors import artisan_for_user
from chamber.ical import CalendarEvent, calendar_response
from chamber.selectors import provinces_of_chamber_region
from exhibitions import selectors, services
from exhibitions.forms import ApplicationForm, ProvinceFilterForm
from exhibitions.models import Application, Exhibition


def _not_an_artisan(request):
    return render(
        request,
        "portal/message_page.html",
        {
            "title": _("Applications are for registered artisans"),
            "message": _(
                "Your account is not linked to an artisan of the register. Please contact the chamber."
            ),
        },
        status=403,
    )


@require_GET
def calendar(request):
    # The same selector as the home page's list, so both always agree; an open call is a badge on its card.
    form = ProvinceFilterForm(request.GET or None, provinces=provinces_of_chamber_region())
    province = form.cleaned_data["province"] if form.is_valid() else ""
    return render(
        request,
        "exhibitions/calendar.html",
        {
            "exhibitions": selectors.upcoming_exhibitions(province=province or None),
            "form": form,
            "province": province,
        },
    )


@require_GET
def detail(request, pk: int):
    try:
        exhibition = selectors.exhibition_public_get(pk=pk)
    except Exhibition.DoesNotExist:
        raise Http404 from None
    artisan = artisan_for_user(user=request.user)
    return render(
        request,
        "exhibitions/detail.html",
        {
            "exhibition": exhibition,
            "application": selectors.artisan_application_for(artisan=artisan, exhibition=exhibition),
            "can_withdraw": exhibition.status in (Exhibition.Status.PLANNED, Exhibition.Status.CALL_OPEN),
        },
    )


@login_required
def apply(request, pk: int):
    exhibition = get_object_or_404(Exhibition, pk=pk)
    artisan = artisan_for_user(user=request.user)
    if artisan is None:
        return _not_an_artisan(request)
    if not exhibition.is_call_open:
        messages.error(request, _("The call for participation in this exhibition is not open."))
        return redirect("exhibitions:detail", pk=pk)
    form = ApplicationForm(request.POST or None, artisan=artisan)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                exhibition=exhibition,
                artisan=artisan,
                products=form.cleaned_data["products"],
                needs_electricity=form.cleaned_data["needs_electricity"],
                space_m2=form.cleaned_data["space_m2"],
                activities=list(form.cleaned_data["activities"]) or None,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request, _("Your application is recorded. You will be told of the decision by email.")
            )
            return redirect("exhibitions:detail", pk=pk)
    return render(request, "exhibitions/apply.html", {"exhibition": exhibition, "form": form}, status=200)


@login_required
@require_POST
def withdraw(request, pk: int):
    artisan = artisan_for_user(user=request.user)
    if artisan is None:
        return _not_an_artisan(request)
    application = get_object_or_404(
        Application.objects.select_related("exhibition"), exhibition_id=pk, artisan=artisan
    )
    try:
        services.application_withdraw(application=application, by_artisan=artisan)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("exhibitions:detail", pk=pk)


@login_required
@require_GET
def mine(request):
    artisan = artisan_for_user(user=request.user)
    if artisan is None:
        return _not_an_artisan(request)
    return render(
        request, "exhibitions/mine.html", {"applications": selectors.artisan_applications(artisan=artisan)}
    )


@require_GET
def past(request):
    return render(request, "exhibitions/past.html", {"exhibitions": selectors.past_exhibitions()[:100]})


@require_GET
def ical(request):
    """Every exhibition not yet over, as an iCalendar feed; each event links to its public page."""
    host = request.get_host().split(":")[0]
    events = (
        CalendarEvent(
            uid=f"exhibition-{exhibition.pk}@{host}",
            summary=exhibition.title,
            start=exhibition.start_date,
            end=exhibition.end_date + dt.timedelta(days=1),  # DTEND of an all-day event is exclusive
            location=", ".join(p for p in (exhibition.venue, exhibition.city, exhibition.country_name) if p),
            url=request.build_absolute_uri(reverse("exhibitions:detail", args=[exhibition.pk])),
            description=str(exhibition.get_scope_display()),
        )
        for exhibition in selectors.upcoming_exhibitions()[:200]
    )
    return calendar_response(
        name=_("Exhibitions"),
        prodid="-//Chamber of traditional industry//exhibitions//AR",
        events=events,
        filename="exhibitions.ics",
    )
