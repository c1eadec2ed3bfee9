"""Root URLs. Health checks sit outside the language prefix; every page is under /<lang>/.

Capability apps listed in settings.PONTES_CAPABILITY_APPS are included from their own
`urls.py` under /<lang>/, each in its own namespace.
"""

from importlib import import_module

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

from pontes.core.views import health

handler403 = "pontes.core.views.errors.permission_denied"
handler404 = "pontes.core.views.errors.page_not_found"
handler500 = "pontes.core.views.errors.server_error"

capability_urls: list[URLPattern | URLResolver] = []
for app in settings.PONTES_CAPABILITY_APPS:
    try:
        import_module(f"{app}.urls")
    except ModuleNotFoundError:
        continue
    capability_urls.append(path("", include(f"{app}.urls")))

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    *i18n_patterns(
        path("", include("pontes.core.urls")),
        *capability_urls,
        prefix_default_language=True,
    ),
]
