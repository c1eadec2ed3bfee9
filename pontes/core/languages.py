"""ISO 639 language codes: validation, names, script direction."""

from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _


@lru_cache(maxsize=1024)
def base_language(code: str) -> str:
    """'pt-br' -> 'pt'; codes are compared on their base language (cached: called per text)."""
    return code.lower().replace("_", "-").split("-")[0]


@lru_cache(maxsize=512)
def is_known_language(code: str) -> bool:
    base = base_language(code)
    if len(base) == 2:
        return pycountry.languages.get(alpha_2=base) is not None
    if len(base) == 3:
        return pycountry.languages.get(alpha_3=base) is not None
    return False


def validate_language_code(code: str) -> None:
    if not is_known_language(code):
        raise ValidationError(
            _("“%(code)s” is not an ISO 639 language code (for example: fr, ar, wo)."),
            params={"code": code},
            code="unknown_language",
        )


def normalise_language_code(code: str) -> str:
    return code.strip().lower().replace("_", "-")


def is_rtl(code: str) -> bool:
    return base_language(code) in settings.LANGUAGES_BIDI


@lru_cache(maxsize=2048)
def _language_name(code: str, in_language: str) -> str:
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(in_language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        name = None
    if name:
        return name
    base = base_language(code)
    record = (
        pycountry.languages.get(alpha_2=base) if len(base) == 2 else pycountry.languages.get(alpha_3=base)
    )
    return record.name if record is not None else code


def language_name(code: str, in_language: str | None = None) -> str:
    """The name of a language, written in the reader's language where Babel knows it."""
    return _language_name(code, in_language or get_language() or settings.LANGUAGE_CODE)
