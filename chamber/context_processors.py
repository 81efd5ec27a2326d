"""Puts the chamber's profile and the language switcher's data into every template."""

from django.conf import settings

from chamber.selectors import chamber_profile


def chamber(request):
    return {"profile": chamber_profile(), "LANGUAGES_OFFERED": settings.LANGUAGES}
