"""Signing in (password, then a TOTP code when the account has one), and a person's own data."""

import json
import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.decorators import ratelimit

from .. import selectors, services
from ..demo import base32_secret
from ..forms import CodeForm, DeleteAccountForm, LoginForm, ProfileForm
from ..models import User
from ..permissions import as_user, login_only, public, requires_second_factor

PENDING_USER = "pontes_pending_user"
PENDING_BACKEND = "pontes_pending_backend"
PENDING_SINCE = "pontes_pending_since"
PENDING_SECONDS = 300


def login_rate(group: str, request: HttpRequest) -> str:
    """Read at each request, so that operators (and tests) can change it."""
    return str(settings.PONTES_LOGIN_RATE)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


@public
@never_cache
@sensitive_post_parameters("password")
@ratelimit(key="ip", rate=login_rate, method="POST", block=True)
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None:
            form.add_error(None, _("The username or the password is wrong. Check both and try again."))
        else:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                login(request, user)
                return redirect(_next_url(request))
            request.session.cycle_key()
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_BACKEND] = getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1])
            request.session[PENDING_SINCE] = time.time()
            return redirect(f"{reverse('core:login_verify')}?next={_next_url(request)}")
    return render(request, "core/accounts/login.html", {"form": form, "next": _next_url(request)})


def _pending_user(request: HttpRequest) -> User | None:
    if request.user.is_authenticated:
        return as_user(request.user)
    user_id = request.session.get(PENDING_USER)
    since = request.session.get(PENDING_SINCE, 0)
    if user_id is None or time.time() - since > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


@public
@never_cache
@ratelimit(key="ip", rate=login_rate, method="POST", block=True)
def login_verify(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        messages.error(request, _("Your sign-in took too long or was not started. Please sign in again."))
        return redirect("core:login")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("core:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        code = form.cleaned_data["code"].replace(" ", "").strip()
        if allowed and device.verify_token(code):
            if not request.user.is_authenticated:
                backend = request.session.get(PENDING_BACKEND)
                login(request, user, backend=backend)
            otp_login(request, device)
            for key in (PENDING_USER, PENDING_BACKEND, PENDING_SINCE):
                request.session.pop(key, None)
            return redirect(_next_url(request))
        if not allowed:
            form.add_error("code", _("Too many wrong codes in a row. Wait a few seconds, then try again."))
        else:
            form.add_error("code", _("This code is wrong or has expired. Enter the code shown now."))
    return render(request, "core/accounts/login_verify.html", {"form": form, "next": _next_url(request)})


@public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_only
@never_cache
def totp_setup(request: HttpRequest) -> HttpResponse:
    user = as_user(request.user)
    device_id = request.session.get("pontes_totp_setup")
    device = (
        TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first() if device_id else None
    )
    if device is None:
        device = services.start_totp_setup(user=user)
        request.session["pontes_totp_setup"] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_device(user=user, device=device, token=form.cleaned_data["code"]):
            otp_login(request, device)
            request.session.pop("pontes_totp_setup", None)
            messages.success(
                request, _("Your authenticator app is set up. You will need a code at each sign-in.")
            )
            return redirect("core:staff_dashboard")
        form.add_error(
            "code", _("This code does not match. Check the time on your phone and try the next code.")
        )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "core/accounts/totp_setup.html",
        {
            "form": form,
            "qr_svg_uri": qr.svg_data_uri(scale=4, dark="#000", light="#fff"),
            "secret": base32_secret(device.bin_key),
            "required": requires_second_factor(user),
        },
    )


@login_only
@never_cache
def profile(request: HttpRequest) -> HttpResponse:
    user = as_user(request.user)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.update_own_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your details are saved."))
        return redirect("core:profile")
    return render(
        request,
        "core/accounts/profile.html",
        {
            "form": form,
            "assignments": user.role_assignments.select_related("territory", "organisation"),
            "has_device": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        },
    )


@login_only
@never_cache
def export_own_data(request: HttpRequest) -> HttpResponse:
    data: dict[str, Any] = selectors.own_data_export(as_user(request.user))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="pontes-my-data.json"'
    return response


@login_only
@never_cache
@sensitive_post_parameters("password")
def delete_own_account(request: HttpRequest) -> HttpResponse:
    user = as_user(request.user)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)
        services.delete_own_account(user=user)
        messages.success(request, _("Your account and what it held about you are deleted."))
        return redirect("core:home")
    return render(request, "core/accounts/delete.html", {"form": form})


@login_only
@never_cache
@sensitive_post_parameters()
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(as_user(request.user), request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password is changed."))
        return redirect("core:profile")
    return render(request, "core/accounts/password_change.html", {"form": form})
