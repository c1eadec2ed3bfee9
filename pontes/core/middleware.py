"""Small middleware of Pontes' own: headers Django lacks, the language cookie, the second factor."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language_from_path
from django_otp.plugins.otp_totp.models import TOTPDevice

from .permissions import is_second_factor_verified, requires_second_factor

Handler = Callable[[HttpRequest], HttpResponse]

PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self), interest-cohort=()"


def extra_security_headers(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def remember_language(get_response: Handler) -> Handler:
    """A page opened in /fr/… remembers French for the next visit to an address without prefix."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        from_path = get_language_from_path(request.path_info)
        if from_path and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != from_path:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                from_path,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=True,
            )
        return response

    return middleware


SECOND_FACTOR_EXEMPT_NAMES = ("core:totp_setup", "core:logout", "core:login_verify")


def require_second_factor(get_response: Handler) -> Handler:
    """Administrators go nowhere but to their second-factor set-up until they have passed it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and requires_second_factor(user)
            and not is_second_factor_verified(user)
            and not request.path_info.startswith((settings.STATIC_URL, "/healthz", "/readyz"))
        ):
            exempt = {reverse(name) for name in SECOND_FACTOR_EXEMPT_NAMES}
            if request.path_info not in exempt:
                if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                    # A confirmed device but an unverified session: ask for the code.
                    return redirect(f"{reverse('core:login_verify')}?next={request.get_full_path()}")
                return redirect("core:totp_setup")
        return get_response(request)

    return middleware
