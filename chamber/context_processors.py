"""Puts the chamber's profile, its letterhead (the documents' own, for the portal's header and footer) and the
language switcher's data into every template."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from chamber.selectors import chamber_profile, letterhead


def chamber(request):
    return {
        "profile": chamber_profile(),
        "letterhead": SimpleLazyObject(letterhead),  # read in the page's language, when a template shows it
        "LANGUAGES_OFFERED": settings.LANGUAGES,
    }
