import subprocess
import sys

from django.test import Client


def test_security_headers_on_every_page(world):
    response = Client().get("/en/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def _settings_in_production(**env: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='pontes.settings'; "
        "from django.conf import settings; "
        "print(settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE)"
    )
    base = {"PATH": "/usr/bin:/bin", "PONTES_ENV": "production", "ALLOWED_HOSTS": "pontes.example"}
    return subprocess.run(
        [sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True, check=False
    )


def test_production_refuses_the_development_key():
    result = _settings_in_production()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = _settings_in_production(SECRET_KEY="x" * 50, DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_refuses_the_development_encryption_salt():
    result = _settings_in_production(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "PONTES_ENCRYPTION_SALT" in result.stderr


def test_production_turns_on_hsts_and_secure_cookies():
    result = _settings_in_production(SECRET_KEY="x" * 50, PONTES_ENCRYPTION_SALT="s" * 32)
    assert result.returncode == 0, result.stderr
    seconds, secure = result.stdout.split()
    assert int(seconds) >= 31536000
    assert secure == "True"


def test_csrf_is_enforced(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "The form expired" in response.content.decode()
