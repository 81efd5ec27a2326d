"""The portal's pages: the home page, the public card check, and the artisans' own desk (sign-up, e-mail
verification, registry data, card, records and change requests).

Every page under /artisans/me/ starts from the logged-in user's own register record; an id that belongs to
someone else is answered with 404, exactly like an id that does not exist.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from artisans import selectors as artisans_selectors
from artisans.documents import card_pdf
from chamber.pdf import document_response
from chamber.ratelimit import ratelimited
from portal import selectors as sel
from portal import services
from portal.forms import ChangeRequestForm, ConsentForm, SignUpForm
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
    return render(request, "portal/account/signup.html", {"form": form})


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
        return render(request, "portal/account/verified.html", {"registration": registration})
    return render(request, "portal/account/verify.html", {"registration": registration})


def artisan_required(view):
    """Logged in, and linked to a register record; the record is passed to the view."""

    @functools.wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        artisan = artisans_selectors.artisan_for_user(user=request.user)
        if artisan is None:
            return render(request, "portal/account/not_linked.html", status=403)
        return view(request, artisan, *args, **kwargs)

    return wrapped


@artisan_required
@never_cache
def me(request, artisan):
    card = sel.own_card(artisan=artisan)
    return render(
        request,
        "portal/account/me.html",
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
        "portal/account/records.html",
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
        "portal/account/changes.html",
        {"artisan": artisan, "form": form, "changes": sel.own_change_requests(artisan=artisan)},
    )


@artisan_required
@never_cache
def change_detail(request, artisan, pk: int):
    change = sel.own_change_request_get(artisan=artisan, pk=pk)
    if change is None:
        raise Http404
    return render(request, "portal/account/change_detail.html", {"artisan": artisan, "change": change})


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


@require_GET
def card_verify(request, token: str):
    """What the QR code on a card opens: name, activity, validity and the chamber. No CIN, phone or address."""
    card = artisans_selectors.card_for_verification(token=token)
    if card is None:
        raise Http404
    response = render(request, "portal/card_verify.html", {"card": card, "artisan": card.artisan})
    response["X-Robots-Tag"] = "noindex"
    return response


def home(request):
    """The home page; what the apps contribute is cached briefly (key figures count the whole register)."""
    seconds = getattr(settings, "PORTAL_HOME_CACHE_SECONDS", 60)
    context = (
        cache.get_or_set(f"portal:home:{get_language()}", sel.home_context, seconds) if seconds else None
    )
    return render(request, "portal/home.html", context or sel.home_context())
