"""The portal's printed document: the letter that carries a one-time code to an artisan, through chamber.pdf."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from artisans.models import Artisan
from chamber.pdf import Document, render_pdf
from portal import services


def code_letter_pdf(*, artisan: Artisan, code: str, lang: str = "ar") -> Document:
    """The letter Registry posts (or hands over at the counter): the artisan's name and address, the code, until
    when it works, and where to enter it. Rendered, never stored: the code exists only on this paper."""
    artisan = Artisan.objects.select_related("commune__province").get(pk=artisan.pk)
    context = {
        "artisan": artisan,
        "code": services.format_letter_code(code),
        "today": timezone.localdate(),
        "expires_on": timezone.localdate() + timezone.timedelta(days=services.letter_code_days()),
        "login_url": settings.SITE_URL + reverse("portal:login"),
    }
    content = render_pdf("portal/pdf/code_letter.html", context, lang=lang)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return Document(filename=f"portal-code-letter-{artisan.pk}-{stamp}.pdf", content=content)
