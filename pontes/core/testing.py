"""Helpers for tests of every app: a signed-in client, accessibility checks. Test-only code."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

PASSWORD = "correct-horse-battery-9"


def signed_in_client(user: User, *, verified: bool = False) -> Client:
    """A client signed in as `user`; `verified` also marks the second factor as passed."""
    client = Client()
    client.force_login(user)
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        assert device is not None, "the user needs a confirmed device to be verified"
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def serious_accessibility_violations(page: Any) -> list[dict[str, Any]]:
    """Runs axe-core (shipped inside axe-playwright-python) on a Playwright page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def assert_no_serious_violations(page: Any) -> None:
    violations = serious_accessibility_violations(page)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    ]
    assert not violations, f"{page.url}:\n" + "\n".join(summary)
