"""What every page's shell needs: site name, languages, direction, demo notice."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_bidi, get_language_info


def shell(request: HttpRequest) -> dict[str, Any]:
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    switcher = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        switcher.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
                "dir": "rtl" if info["bidi"] else "ltr",
            }
        )
    return {
        "site_name": settings.PONTES_SITE_NAME,
        "language_switcher": switcher,
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "demo_notice": settings.PONTES_DEMO,
    }
