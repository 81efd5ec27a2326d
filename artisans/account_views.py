"""Artisans' own desk on the portal: sign-up, e-mail verification, registry data, card, records and
change requests.

Every page under /artisans/me/ starts from the logged-in user's own register record; an id that belongs to
someone else is answered with 404, exactly like an id that does not exist.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from artisans import account_selectors as sel
from artisans import account_services as services
from artisans.account_forms import ChangeRequestForm, ConsentForm, SignUpForm
from artisans.documents import card_pdf
from chamber.pdf import document_response
from chamber.ratelimit import ratelimited
from programmes import selectors as programmes_selectors


def _copy_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@sensitive_post_parameters("cin", "birth_date", "password1", "password2")
@ratelimited("signup")
@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect("artisans:me")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.signup_submit(
            cin=data["cin"],
            birth_date=data["birth_date"],
            full_name=data["full_name"],
            email=data["email"],
            password=data["password1"],
        )
        return redirect("artisans:signup_sent")
    return render(request, "artisans/account/signup.html", {"form": form})


def signup_sent(request):
    # The same words whether or not the CIN is in the register, and whether or not the e-mail has an account.
    return render(
        request,
        "portal/message_page.html",
        {
            "title": _("Check your e-mail"),
            "message": _(
                "If the details are valid, we have sent a confirmation link to the e-mail address you gave. "
                "Open it within 48 hours to continue."
            ),
        },
    )


@never_cache
def verify(request, token: str):
    """GET shows a confirm button (mail scanners that prefetch links must not use the token); POST acts."""
    try:
        registration = services.signup_registration_for_token(token=token)
    except ValidationError as exc:
        return render(
            request,
            "portal/message_page.html",
            {"title": _("Link not valid"), "message": " ".join(exc.messages)},
            status=400,
        )
    if request.method == "POST":
        try:
            registration = services.signup_verify(token=token)
        except ValidationError as exc:
            return render(
                request,
                "portal/message_page.html",
                {"title": _("Link not valid"), "message": " ".join(exc.messages)},
                status=400,
            )
        return render(request, "artisans/account/verified.html", {"registration": registration})
    return render(request, "artisans/account/verify.html", {"registration": registration})


def artisan_required(view):
    """Logged in, and linked to a register record; the record is passed to the view."""

    @functools.wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        artisan = sel.artisan_for_user(user=request.user)
        if artisan is None:
            return render(request, "artisans/account/not_linked.html", status=403)
        return view(request, artisan, *args, **kwargs)

    return wrapped


@artisan_required
@never_cache
def me(request, artisan):
    card = sel.own_card(artisan=artisan)
    return render(
        request,
        "artisans/account/me.html",
        {
            "artisan": artisan,
            "masked_cin": sel.mask_cin(artisan.cin),
            "card": card,
            "consent_form": ConsentForm(initial={"public_profile": artisan.public_profile}),
            "pending_changes": sel.own_change_requests(artisan=artisan).filter(status="pending")[:5],
        },
    )


@artisan_required
@require_POST
def consent(request, artisan):
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.artisan_set_public_profile(artisan=artisan, public=form.cleaned_data["public_profile"])
        messages.success(
            request,
            _("Your profile now appears in the public directory.")
            if form.cleaned_data["public_profile"]
            else _("Your profile no longer appears in the public directory."),
        )
    return redirect("artisans:me")


@artisan_required
@never_cache
def card_download(request, artisan, pk: int):
    card = sel.own_card_get(artisan=artisan, pk=pk)
    if card is None:
        raise Http404
    lang = get_language() if get_language() in ("ar", "fr") else "ar"
    return document_response(card_pdf(card=card, lang=lang))


@artisan_required
@never_cache
def records(request, artisan):
    return render(
        request,
        "artisans/account/records.html",
        {
            "artisan": artisan,
            "enrolments": programmes_selectors.enrolments_of(artisan=artisan),
            "allocations": programmes_selectors.allocations_of(artisan=artisan),
            "applications": sel.own_applications(artisan=artisan),
            "exhibitions_url": reverse("exhibitions:calendar"),
        },
    )


@artisan_required
@never_cache
def change_list(request, artisan):
    form = ChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_request_submit(
                artisan=artisan, field=data["field"], value=data["new_value"], activity=data["new_activity"]
            )
        except ValidationError as exc:
            _copy_errors(form, exc)
        else:
            messages.success(request, _("Your request was sent. Registry staff will review it."))
            return redirect("artisans:change_list")
    return render(
        request,
        "artisans/account/changes.html",
        {"artisan": artisan, "form": form, "changes": sel.own_change_requests(artisan=artisan)},
    )


@artisan_required
@never_cache
def change_detail(request, artisan, pk: int):
    change = sel.own_change_request_get(artisan=artisan, pk=pk)
    if change is None:
        raise Http404
    return render(request, "artisans/account/change_detail.html", {"artisan": artisan, "change": change})


@artisan_required
@require_POST
def change_withdraw(request, artisan, pk: int):
    change = sel.own_change_request_get(artisan=artisan, pk=pk)
    if change is None:
        raise Http404
    try:
        services.change_request_withdraw(change=change, artisan=artisan)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect("artisans:change_list")
