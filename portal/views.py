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
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
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
from portal.forms import (
    AccessCodeForm,
    ChangeRequestForm,
    ConsentForm,
    ProfileContactForm,
    ProfileMessageForm,
    ProfilePhotoForm,
    SignUpForm,
)
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


def _pending_page(request, registration, *, code_form=None, status: int = 200):
    """The waiting account's page: nothing of the register, only the ways to give the second factor."""
    return render(
        request,
        "portal/account/pending.html",
        {
            "registration": registration,
            "code_form": code_form or AccessCodeForm(),
            "can_sms": sel.pending_can_receive_sms(registration=registration),
            "locked": registration.code_failures >= services.code_max_failures(),
        },
        status=status,
    )


def artisan_required(view):
    """Logged in, and linked to a register record; the record is passed to the view. An account waiting for its
    second factor gets its waiting page instead, and sees nothing of the register."""

    @functools.wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        artisan = artisans_selectors.artisan_for_user(user=request.user)
        if artisan is None:
            registration = sel.pending_registration_for(user=request.user)
            if registration is not None:
                mine = request.resolver_match is not None and request.resolver_match.url_name == "me"
                return _pending_page(request, registration, status=200 if mine else 403)
            return render(request, "portal/account/not_linked.html", status=403)
        return view(request, artisan, *args, **kwargs)

    return wrapped


def _pending_required(view):
    @functools.wraps(view)
    @login_required
    @require_POST
    def wrapped(request, *args, **kwargs):
        registration = sel.pending_registration_for(user=request.user)
        if registration is None:
            return redirect("artisans:me")
        return view(request, registration, *args, **kwargs)

    return wrapped


@sensitive_post_parameters("code")
@ratelimited("access_code")
@_pending_required
def code_enter(request, registration):
    """The waiting account enters the code of the chamber's letter or of the SMS; a valid one links it at once."""
    form = AccessCodeForm(request.POST)
    if form.is_valid():
        try:
            services.access_code_redeem(registration=registration, code=form.cleaned_data["code"])
        except ValidationError as exc:
            _copy_errors(form, exc)
            registration.refresh_from_db()
        else:
            messages.success(request, _("Your account is now linked to your record in the register."))
            return redirect("artisans:me")
    return _pending_page(request, registration, code_form=form)


@ratelimited("access_code")
@_pending_required
def code_sms(request, registration):
    try:
        services.access_code_sms_request(registration=registration)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("A code is on its way to the phone number the register holds for you. Enter it below."),
        )
    return redirect("artisans:me")


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
    context = {
        "card": card,
        "artisan": card.artisan,
        "state": artisans_selectors.card_check_state(card=card),
        "checked_at": timezone.now(),
    }
    response = render(request, "portal/card_verify.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def home(request):
    """The home page; what the apps contribute is cached briefly (key figures count the whole register)."""
    seconds = getattr(settings, "PORTAL_HOME_CACHE_SECONDS", 60)
    context = (
        cache.get_or_set(f"portal:home:{get_language()}", sel.home_context, seconds) if seconds else None
    )
    return render(request, "portal/home.html", context or sel.home_context())


# --- Public profiles -----------------------------------------------------------------------------------------


@ratelimited("profile_message")
def profile(request, slug: str):
    """An artisan's public page: public fields only; the contact they chose; a form that forwards a message."""
    public = sel.public_profile_get(slug=slug)
    if public is None:
        raise Http404
    form = None
    if public.contact == public.Contact.FORM:
        form = ProfileMessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.profile_contact_send(
                    profile=public,
                    sender_name=data["name"],
                    sender_email=data["email"],
                    message=data["message"],
                )
            except ValidationError as exc:
                _copy_errors(form, exc)
            else:
                messages.success(request, _("Your message was sent to the artisan."))
                return redirect("artisans:profile", slug=slug)
    elif request.method == "POST":
        raise Http404
    context = {
        "public": public,
        "artisan": public.artisan,
        "message_form": form,
        "page_url": settings.SITE_URL + request.path,
        **sel.public_profile_context(profile=public),
    }
    if context["photos"]:
        first = context["photos"][0]
        context["og_image"] = settings.SITE_URL + reverse(
            "artisans:profile_photo", args=[public.slug, first.token, "medium"]
        )
    return render(request, "portal/profile.html", context)


PHOTO_SIZES = ("small", "medium", "large")


def _photo_response(name: str, *, public: bool) -> FileResponse:
    try:
        handle = default_storage.open(name, "rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response


@require_GET
def profile_photo(request, slug: str, token: str, size: str):
    """An approved photo, read through the storage API (local disk or a bucket alike)."""
    if size not in PHOTO_SIZES:
        raise Http404
    photo = sel.public_photo_get(slug=slug, token=token)
    if photo is None:
        raise Http404
    return _photo_response(photo.file_for(size), public=True)


@artisan_required
@require_GET
def my_photo(request, artisan, pk: int):
    """One of the artisan's own photos, whatever its review status (small size)."""
    photo = sel.own_photo_get(artisan=artisan, pk=pk)
    if photo is None:
        raise Http404
    return _photo_response(photo.small, public=False)


@artisan_required
@never_cache
def my_profile(request, artisan):
    """The artisan's own profile desk: the contact shown, the product photos, the bio (through a change request)."""
    public = services.profile_ensure(artisan=artisan)
    contact_form = ProfileContactForm(initial={"contact": public.contact})
    photo_form = ProfilePhotoForm()
    if request.method == "POST" and "contact" in request.POST:
        contact_form = ProfileContactForm(request.POST)
        if contact_form.is_valid():
            try:
                services.profile_set_contact(artisan=artisan, contact=contact_form.cleaned_data["contact"])
            except ValidationError as exc:
                _copy_errors(contact_form, exc)
            else:
                messages.success(request, _("Your contact choice was saved."))
                return redirect("artisans:my_profile")
    elif request.method == "POST":
        photo_form = ProfilePhotoForm(request.POST, request.FILES)
        if photo_form.is_valid():
            try:
                services.profile_photo_add(
                    artisan=artisan,
                    upload=photo_form.cleaned_data["image"],
                    caption=photo_form.cleaned_data["caption"],
                )
            except ValidationError as exc:
                _copy_errors(photo_form, exc)
            else:
                messages.success(
                    request, _("Your photo was sent. Registry staff will check it before it appears.")
                )
                return redirect("artisans:my_profile")
    return render(
        request,
        "portal/account/profile.html",
        {
            "artisan": artisan,
            "public": public,
            "contact_form": contact_form,
            "photo_form": photo_form,
            "photos": sel.own_photos(artisan=artisan),
            "max_photos": services.PROFILE_PHOTOS_MAX,
            "profile_url": settings.SITE_URL + reverse("artisans:profile", args=[public.slug]),
        },
    )


@artisan_required
@require_POST
def my_photo_remove(request, artisan, pk: int):
    photo = sel.own_photo_get(artisan=artisan, pk=pk)
    if photo is None:
        raise Http404
    services.profile_photo_remove(artisan=artisan, photo=photo)
    messages.success(request, _("The photo was removed."))
    return redirect("artisans:my_profile")
