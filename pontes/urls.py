"""Root URLs. Health checks sit outside the language prefix; every page is under /<lang>/.

Capability apps listed in settings.PONTES_CAPABILITY_APPS are included from their own
`urls.py` under /<lang>/, each in its own namespace, and from `api_urls.py` (if any) at the root.
"""

from importlib import import_module

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

from pontes.core.views import health

handler403 = "pontes.core.views.errors.permission_denied"
handler404 = "pontes.core.views.errors.page_not_found"
handler500 = "pontes.core.views.errors.server_error"


def _optional(module: str) -> bool:
    try:
        import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        return False
    return True


# Pages of capabilities live under /<lang>/; their machine APIs (api_urls.py) at the root.
capability_urls: list[URLPattern | URLResolver] = []
capability_api_urls: list[URLPattern | URLResolver] = []
for app in settings.PONTES_CAPABILITY_APPS:
    if _optional(f"{app}.urls"):
        capability_urls.append(path("", include(f"{app}.urls")))
    if _optional(f"{app}.api_urls"):
        capability_api_urls.append(path("", include(f"{app}.api_urls")))

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    *capability_api_urls,
    *i18n_patterns(
        path("", include("pontes.core.urls")),
        *capability_urls,
        prefix_default_language=True,
    ),
]
