import re

import pytest
from django.test import Client
from django.urls import reverse

from pontes.core.testing import signed_in_client
from pontes.directory.models import Feedback, Revision, UnmetSearch
from pontes.directory.services import payload_of


def test_search_page_lists_results_with_counts_and_works_without_js(listings):
    response = Client().get("/ar/services/", {"q": "دروس", "need": "language"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "دروس اللغة الإسبانية" in content
    assert "<script" not in content
    assert not re.search(r"\sstyle=", content)
    assert 'name="need" value="language"' in content
    assert len(response.content) < 100 * 1024


def test_search_page_weight_with_many_results(listings):
    response = Client().get("/en/services/")
    assert len(response.content) < 100 * 1024


def test_malformed_filters_get_a_clear_message_and_are_ignored(listings):
    response = Client().get(
        "/en/services/", {"need": "flying", "lat": "100", "radius": "abc", "near": "nowhere"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Some filters could not be used" in content
    assert "3 services found" in content


@pytest.mark.parametrize(
    "q", ["'; DROP TABLE directory_service; --", "NEAR(a b)", '"', "😀" * 300, "中文", "a" * 5000]
)
def test_any_query_is_answered(listings, q):
    assert Client().get("/en/services/", {"q": q}).status_code == 200


def test_empty_searches_are_counted_for_staff(listings, world):
    Client().get("/es/services/", {"q": "dentista", "territory": world.city.slug})
    entry = UnmetSearch.objects.get()
    assert entry.query == "dentista" and entry.territory == world.city


def test_near_a_place_and_map_view_without_tiles(listings, world):
    response = Client().get("/en/services/", {"near": world.city.slug, "view": "map"})
    content = response.content.decode()
    assert "km away" in content
    assert "The map is not available on this site" in content


def test_map_view_with_tiles_loads_local_leaflet(listings, world, settings):
    settings.PONTES_MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    content = Client().get("/en/services/", {"view": "map"}).content.decode()
    assert "/static/directory/leaflet/leaflet.js" in content
    assert 'id="map-data"' in content


def test_service_page_shows_what_who_when_where_cost(listings):
    service = listings["spanish"]
    content = Client().get(f"/fr/services/{service.pk}/").content.decode()
    assert "Cours d&#x27;espagnol" in content or "Cours d'espagnol" in content
    assert "18:30" in content and "Calle Mayor 1" in content
    assert "data:image/svg+xml" not in content  # the QR code is on its own address, not in the page
    assert reverse("directory:service_print", kwargs={"pk": service.pk}) in content


def test_print_sheet_and_qr_code(listings):
    service = listings["spanish"]
    sheet = Client().get(f"/es/services/{service.pk}/print/").content.decode()
    assert "data:image/svg+xml" in sheet and "<header" not in sheet
    qr = Client().get(f"/es/services/{service.pk}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_unknown_or_inactive_service_is_404(listings):
    from pontes.directory import services

    live = listings["legal"]
    services.update_service(actor=None, service=live, payload=payload_of(live) | {"status": "inactive"})
    assert Client().get(f"/en/services/{live.pk}/").status_code == 404
    assert Client().get("/en/services/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_report_form_without_account_and_rate_limited(listings, settings):
    settings.PONTES_PUBLIC_FORM_RATE = "2/h"
    service = listings["legal"]
    url = f"/en/services/{service.pk}/report/"
    client = Client()
    assert client.post(url, {"kind": "closed", "message": "Cerrado desde marzo"}).status_code == 302
    assert client.post(url, {"kind": "bogus"}).status_code == 200  # clear error, nothing saved
    assert client.post(url, {"kind": "closed"}).status_code == 429
    assert Feedback.objects.count() == 1


def test_report_honeypot_saves_nothing(listings):
    service = listings["legal"]
    Client().post(f"/en/services/{service.pk}/report/", {"kind": "closed", "website": "http://spam"})
    assert Feedback.objects.count() == 0


def _form_data(service, **changes):
    data = {
        "name": service.name,
        "description": service.description,
        "original_language": "es",
        "status": "active",
        "needs": service.needs,
        "phases": service.phases,
        "target_groups": service.target_groups,
        "languages": "es, ar",
        "free": "on",
        "currency": "EUR",
        "hours-TOTAL_FORMS": "1",
        "hours-INITIAL_FORMS": "0",
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "14",
        "hours-0-days": ["MO", "WE"],
        "hours-0-opens_at": "18:30",
        "hours-0-closes_at": "20:30",
    }
    data.update(changes)
    return data


def test_provider_edits_through_the_form_and_staff_approve(listings, staff, world):
    service = listings["spanish"]
    provider = signed_in_client(staff["provider"])
    url = reverse("directory:service_edit", kwargs={"service": service.pk})
    assert provider.get(url).status_code == 200
    response = provider.post(
        url,
        _form_data(
            service,
            **{"hours-0-days": ["TU", "TH"], "hours-0-opens_at": "19:00", "hours-0-closes_at": "21:00"},
        ),
    )
    assert response.status_code == 302
    revision = Revision.objects.get(state="pending")
    assert revision.data["schedules"][0]["byday"] == "TU,TH"

    editor = signed_in_client(staff["city_editor"])
    queue = editor.get(reverse("directory:moderation", kwargs={"slug": world.city.slug})).content.decode()
    assert "TU,TH" in queue
    editor.post(reverse("directory:approve", kwargs={"slug": world.city.slug, "revision": revision.pk}))
    assert "19:00" in Client().get(f"/en/services/{service.pk}/").content.decode()


def test_form_errors_are_shown_and_nothing_is_saved(listings, staff):
    service = listings["spanish"]
    client = signed_in_client(staff["provider"])
    response = client.post(
        reverse("directory:service_edit", kwargs={"service": service.pk}),
        _form_data(service, **{"hours-0-closes_at": "17:00", "languages": "klingon"}),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "The closing time must be after the opening time." in content
    assert "klingon" in content
    assert not Revision.objects.exists()


def test_feedback_is_staff_only_and_handled(listings, staff, world):
    Client().post(f"/en/services/{listings['legal'].pk}/report/", {"kind": "closed", "message": "Cerrado"})
    queue_url = reverse("directory:moderation", kwargs={"slug": world.city.slug})
    assert Client().get(queue_url).status_code == 302
    assert signed_in_client(staff["provider"]).get(queue_url).status_code == 403
    editor = signed_in_client(staff["city_editor"])
    assert "Cerrado" in editor.get(queue_url).content.decode()
    feedback = Feedback.objects.get()
    editor.post(
        reverse("directory:feedback_handled", kwargs={"slug": world.city.slug, "feedback": feedback.pk})
    )
    feedback.refresh_from_db()
    assert feedback.handled


def test_gaps_reach_and_unmet_for_staff(listings, staff, world):
    analyst = signed_in_client(staff["city_analyst"])
    gaps = analyst.get(reverse("directory:gaps", kwargs={"slug": world.city.slug})).content.decode()
    assert 'class="gap"' in gaps
    assert "Language courses" in gaps
    by_group = analyst.get(reverse("directory:gaps", kwargs={"slug": world.city.slug}), {"by": "group"})
    assert "Refugees" in by_group.content.decode()
    reach = analyst.get(
        reverse("directory:reach", kwargs={"slug": world.city.slug}), {"need": ["language", "housing"]}
    )
    assert reach.status_code == 200 and "Ciudad Beta" in reach.content.decode()
    assert analyst.get(reverse("directory:unmet", kwargs={"slug": world.city.slug})).status_code == 200


def test_gap_matrix_counts_and_overlaps(listings, world):
    from pontes.directory.selectors import gap_matrix

    matrix = gap_matrix(world.city, overlap_threshold=1)
    assert matrix.counts[("language", "stay")] == 1
    assert ("housing", "stay") not in matrix.counts
    assert ("language", "stay") in matrix.overlaps


def test_reach_distances(listings, world):
    from pontes.directory.selectors import reach

    rows = {row.name: row for row in reach(world.city, needs=["language", "housing"])}
    assert (
        rows["Ciudad Beta"].nearest_km["language"] is not None
        and rows["Ciudad Beta"].nearest_km["language"] < 2
    )
    assert rows["Ciudad Beta"].nearest_km["housing"] is None
    assert "housing" in rows["Ciudad Beta"].underserved


def test_population_points_upload_is_all_or_nothing(listings, staff, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pontes.directory.models import PopulationPoint

    analyst = signed_in_client(staff["city_analyst"])
    url = reverse("directory:reach", kwargs={"slug": world.city.slug})
    bad = "name,latitude,longitude,population\nBarrio Norte,38.91,-1.19,1200\n,95,-1.2,-3\n"
    response = analyst.post(url, {"file": SimpleUploadedFile("points.csv", bad.encode())})
    content = response.content.decode()
    assert "Row 3" in content and "latitude" in content and "population" in content
    assert PopulationPoint.objects.count() == 0
    good = "name,latitude,longitude,population\nBarrio Norte,38.906,-1.196,1200\nCaserío Sur,38.5,-1.5,80\n"
    analyst.post(url, {"file": SimpleUploadedFile("points.csv", good.encode())})
    assert PopulationPoint.objects.count() == 2
    page = analyst.get(url, {"need": ["language"]}).content.decode()
    assert "Barrio Norte" in page and "Caserío Sur" in page


def _transferred_bytes(client, url: str) -> tuple[int, int]:
    """The page and every stylesheet, script and icon it links, gzip-compressed as served."""
    import gzip
    import re

    from django.contrib.staticfiles import finders

    html = client.get(url).content
    total = len(gzip.compress(html))
    linked = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)
    for path in linked:
        found = finders.find(path.decode())
        assert found, path
        with open(found, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    return total, len(linked)


def test_the_public_search_page_weighs_under_100_kb(listings, client, settings):
    settings.PONTES_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    size, files = _transferred_bytes(client, "/ar/services/?q=دروس")
    assert size < 100_000 and files >= 2  # the stylesheet and the icon at least
    size, files = _transferred_bytes(client, "/ar/services/?q=دروس&view=map")
    assert size < 100_000 and files >= 5  # with Leaflet's stylesheet and script, and ours
