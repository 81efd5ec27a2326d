"""Arabic unless the user chose otherwise: the browser's Accept-Language header never picks the language."""


class ArabicUnlessChosenMiddleware:
    """Drops Accept-Language before LocaleMiddleware reads it.

    LocaleMiddleware then follows only the language cookie set by the switcher (set_language), and falls back to
    LANGUAGE_CODE, which is Arabic.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
