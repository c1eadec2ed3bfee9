import re

import pytest
from django.test import Client
from django.urls import reverse

from pontes.core.registry import Capability, NavEntry, registry


def test_root_negotiates_the_language_from_the_browser(world):
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="ar,fr;q=0.8")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_chosen_language_is_remembered(world):
    client = Client()
    client.get("/es/")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Location"] == "/es/"


def test_arabic_pages_are_right_to_left(world):
    content = Client().get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in content


def test_language_switcher_keeps_the_page(world):
    content = Client().get("/en/t/beta/").content.decode()
    assert 'href="/fr/t/beta/"' in content
    assert 'href="/ar/t/beta/"' in content


def test_territory_home_shows_translated_name_with_fallback_mark(world):
    content = Client().get("/ar/t/alpha/").content.decode()
    assert "إقليم ألفا" in content
    spanish = Client().get("/es/t/alpha/").content.decode()
    assert "untranslated" in spanish


def test_unknown_territory_is_404(world):
    assert Client().get("/en/t/nowhere/").status_code == 404


@pytest.mark.parametrize("url", ["/en/", "/ar/", "/en/t/beta/", "/fr/accounts/login/", "/en/privacy/"])
def test_public_pages_are_light(world, url):
    response = Client().get(url)
    css = Client().get("/static/core/pontes.css")
    css_size = len(b"".join(css.streaming_content)) if css.streaming else len(css.content)  # type: ignore[attr-defined]
    assert len(response.content) + css_size < 100 * 1024


def test_public_pages_need_no_javascript(world):
    content = Client().get("/en/t/beta/").content.decode()
    assert "<script" not in content
    assert not re.search(r"\sstyle=", content)


def test_registered_capabilities_appear_on_the_territory_page(world):
    registry.register(
        Capability(
            label="fake",
            name="Fake capability",
            summary="Only for this test",
            public_nav=(NavEntry("core:privacy", "Fake services", territory_scoped=False),),
        )
    )
    try:
        content = Client().get("/en/t/beta/").content.decode()
        assert "Fake services" in content
        assert reverse("core:privacy") in content
    finally:
        registry.unregister("fake")


def test_health_and_readiness(db):
    assert Client().get("/healthz").json() == {"status": "ok"}
    ready = Client().get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["pending_migrations"] == 0


def test_territory_page_queries_do_not_grow_with_children(world, django_assert_max_num_queries):
    from pontes.core import services

    with django_assert_max_num_queries(12):
        Client().get("/ar/t/beta/")
    for i in range(15):
        services.create_territory(actor=None, parent=world.city, name=f"D{i}", slug=f"d-{i}", kind="district")
    with django_assert_max_num_queries(12):
        Client().get("/ar/t/beta/")
