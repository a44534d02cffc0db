from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Arabic unless the person chose English with the language switch.

    The browser's Accept-Language is ignored on purpose: offices run many
    English-language Windows installations whose users read Arabic, and the
    product is Arabic first (DESIGN §7). The choice lives in the language
    cookie set by Django's set_language view."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
