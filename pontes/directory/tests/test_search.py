import datetime
import zoneinfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pontes.directory import search as search_module
from pontes.directory.search import SearchParams, fts5_query, parse_terms, search, tsquery


def ids(result):
    return {str(h.service_id).replace("-", "") for h in result.hits}


def key(service):
    return service.pk.hex


def test_parse_terms_keeps_words_of_any_script_and_drops_syntax():
    assert parse_terms('  "Cours"  d\'ESPAGNOL -- NEAR(x) OR *') == [
        "cours",
        "d",
        "espagnol",
        "near",
        "x",
        "or",
    ]
    assert parse_terms("دروس اللغة") == ["دروس", "اللغة"]
    assert parse_terms("中文课程 😀") == ["中文课程"]
    assert parse_terms("") == []
    assert len(parse_terms("a " * 500)) == 1
    assert len(parse_terms(" ".join(f"w{i}" for i in range(100)))) == search_module.MAX_TERMS


@given(st.text(max_size=400))
def test_parser_output_is_always_safe(text):
    terms = parse_terms(text)
    assert len(terms) <= search_module.MAX_TERMS
    for term in terms:
        assert term and len(term) <= search_module.MAX_TERM_LENGTH
        assert '"' not in term and "'" not in term and " " not in term and ":" not in term and "&" not in term
    assert fts5_query(terms).count('"') == 2 * len(terms)
    assert "|" not in tsquery(terms) and "!" not in tsquery(terms)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_search_never_errors_on_any_input(text, listings):
    # Read-only, so examples may share the function-scoped fixture.
    result = search(SearchParams(q=text, language="ar", facets={"need": ["language"]}))
    assert result.total >= 0


def test_text_search_in_several_languages(listings):
    assert key(listings["spanish"]) in ids(search(SearchParams(q="español", language="es")))
    assert key(listings["spanish"]) in ids(search(SearchParams(q="دروس", language="ar")))
    assert key(listings["spanish"]) in ids(search(SearchParams(q="cours", language="fr")))
    assert key(listings["legal"]) not in ids(search(SearchParams(q="cours", language="fr")))
    # Prefixes match (a person typing on a phone stops early).
    assert key(listings["legal"]) in ids(search(SearchParams(q="resid", language="es")))


def test_filters_are_and_combined_and_counted(listings):
    result = search(SearchParams(facets={"need": ["language"]}, flags=["free"]))
    assert ids(result) == {key(listings["spanish"])}
    assert result.facet_counts["level"]["A1"] == 1
    both = search(SearchParams(facets={"need": ["language", "legal_aid"]}))
    assert ids(both) == {key(listings["spanish"]), key(listings["legal"])}
    assert search(SearchParams(facets={"need": ["legal_aid"]}, flags=["free"])).total == 0
    assert ids(search(SearchParams(flags=["weekends"]))) == {key(listings["weekend"])}
    assert ids(search(SearchParams(flags=["evenings"]))) == {key(listings["spanish"])}
    assert ids(search(SearchParams(flags=["no_documents"]))) == {key(listings["weekend"])}
    assert ids(search(SearchParams(spoken_languages=["fr"]))) == {key(listings["legal"])}
    assert ids(search(SearchParams(facets={"level": ["A1"]}))) == {key(listings["spanish"])}


def test_open_now_uses_the_opening_hours(listings):
    madrid = zoneinfo.ZoneInfo("Europe/Madrid")
    monday_evening = datetime.datetime(2026, 11, 23, 19, 0, tzinfo=madrid)
    tuesday_morning = datetime.datetime(2026, 11, 24, 11, 0, tzinfo=madrid)
    at = lambda moment: ids(search(SearchParams(open_now=True, now=moment, time_zone="Europe/Madrid")))  # noqa: E731
    assert at(monday_evening) == {key(listings["spanish"])}
    assert at(tuesday_morning) == {key(listings["legal"])}


def test_distance_filter_and_order(listings, world):
    near = search(SearchParams(latitude=38.905, longitude=-1.195, radius_km=2, sort="distance"))
    assert near.total == 3
    assert all(h.distance_km is not None and h.distance_km < 0.1 for h in near.hits)
    far = search(SearchParams(latitude=31.1, longitude=-7.9, radius_km=20))
    assert far.total == 0


def test_territory_scope(listings, world):
    assert search(SearchParams(territory_path=world.city.path)).total == 3
    assert search(SearchParams(territory_path=world.province.path)).total == 0


def test_by_service_groups_documents(listings, world, place):
    from pontes.directory import services
    from pontes.directory.tests.conftest import payload

    other = services.save_location(
        actor=None, organization=world.organisation, territory=world.city, values={"name": "Otra sede"}
    )
    services.update_service(
        actor=None, service=listings["spanish"], payload=payload(location_ids=[str(place.pk), str(other.pk)])
    )
    assert search(SearchParams(q="español", language="es")).total == 2
    assert search(SearchParams(q="español", language="es"), by_service=True).total == 1


def test_inactive_services_are_not_found(listings):
    from pontes.directory import services
    from pontes.directory.tests.conftest import payload

    services.update_service(
        actor=None, service=listings["legal"], payload=payload(name="Asesoría", status="inactive")
    )
    assert search(SearchParams(q="asesoría", language="es")).total == 0


def test_proximity_is_a_circle_not_a_square(listings, place):
    # The place is at 38.905, -1.195. Search 2 km from a point ~1.6 km north and ~1.6 km east:
    # inside the bounding square, outside the circle (about 2.3 km away).
    lat, lon = 38.905 + 0.0144, -1.195 + 0.0185
    assert search(SearchParams(latitude=lat, longitude=lon, radius_km=2)).total == 0
    assert search(SearchParams(latitude=lat, longitude=lon, radius_km=2.5)).total == 3


def _make(world, place, **overrides):
    from pontes.directory import services
    from pontes.directory.tests.conftest import payload

    return services.create_service(
        actor=None,
        organization=world.organisation,
        territory=world.city,
        payload=payload(**{"location_ids": [str(place.pk)], "translations": {}, **overrides}),
    )


def test_names_that_hold_every_word_come_first_then_the_newest(world, place):
    in_name = _make(world, place, name="Vivienda social", description="Pisos de alquiler.")
    newer = _make(world, place, name="Acogida", description="Ayuda con la vivienda social y el empleo.")
    newest = _make(world, place, name="Orientación", description="Vivienda y social.")
    result = search(SearchParams(q="vivienda social", language="es"), by_service=True)
    found = [str(h.service_id).replace("-", "") for h in result.hits]
    assert found == [key(in_name), key(newest), key(newer)]


def test_pages_across_names_and_texts_never_repeat_a_service(world, place):
    from pontes.directory import services

    second = services.save_location(
        actor=None, organization=world.organisation, territory=world.city, values={"name": "Otra sede"}
    )
    made = [
        _make(
            world,
            place,
            name=f"Taller {i}" if i % 3 else f"Costura {i}",
            description="Costura y conversación.",
            location_ids=[str(place.pk), str(second.pk)],
        )
        for i in range(7)
    ]
    seen = []
    for page in (1, 2, 3, 4):
        result = search(SearchParams(q="costura", language="es", page=page, per_page=2), by_service=True)
        seen += [str(h.service_id).replace("-", "") for h in result.hits]
        assert result.total == 7 and result.has_more == (page < 4)
    assert sorted(seen) == sorted(key(s) for s in made) and len(seen) == len(set(seen))


def test_broad_searches_are_counted_up_to_a_limit(world, place, monkeypatch):
    for i in range(5):
        _make(world, place, name=f"Apoyo {i}")
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 3)
    first = search(SearchParams(q="apoyo", language="es", per_page=2), by_service=True)
    assert (first.total, first.total_is_lower_bound, first.has_more) == (3, True, True)
    last = search(SearchParams(q="apoyo", language="es", per_page=2, page=3), by_service=True)
    assert len(last.hits) == 1 and not last.has_more
    exact = search(SearchParams(q="apoyo 4", language="es"), by_service=True)
    assert (exact.total, exact.total_is_lower_bound) == (1, False)


def test_api_pages_say_when_the_total_is_a_lower_bound(world, place, monkeypatch, client):
    for i in range(5):
        _make(world, place, name=f"Apoyo {i}")
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 3)
    first = client.get("/api/hsds/services", {"search": "apoyo", "per_page": 2}).json()
    assert first["total_items"] == 3 and first["x_pontes_total_is_lower_bound"] is True
    assert first["last_page"] is False
    last = client.get("/api/hsds/services", {"search": "apoyo", "per_page": 2, "page": 3}).json()
    assert last["size"] == 1 and last["last_page"] is True
    streamed = client.get("/api/hsds/services", {"search": "apoyo", "format": "ndjson"})
    assert len(b"".join(streamed.streaming_content).splitlines()) == 5  # streams are never capped


def test_the_search_page_says_more_than_and_hides_partial_counts(world, place, monkeypatch, client):
    for i in range(5):
        _make(world, place, name=f"Apoyo {i}")
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 3)
    page = client.get("/en/services/", {"q": "apoyo"}).content.decode()
    assert "More than 3 services found" in page and 'class="count"' not in page
    exact = client.get("/en/services/", {"q": "apoyo 4"}).content.decode()
    assert "1 service found" in exact and 'class="count"' in exact


def fulltext_rows() -> dict[int, int]:
    """Full-text rows per search document, from the database's own table."""
    from django.db import connection

    table, key = (
        ("directory_search_fts", "rowid")
        if connection.vendor == "sqlite"
        else ("directory_search_vector", "document_id")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key}, COUNT(*) FROM {table} GROUP BY {key}")
        return dict(cursor.fetchall())


def test_the_full_text_index_has_one_row_per_document_and_follows_changes(listings):
    from django.db import connection

    from pontes.directory import services
    from pontes.directory.models import SearchDocument
    from pontes.directory.tests.conftest import payload

    documents = set(SearchDocument.objects.values_list("pk", flat=True))
    assert fulltext_rows() == dict.fromkeys(documents, 1)
    # Words of two languages of one listing match together, as one document.
    assert key(listings["spanish"]) in ids(search(SearchParams(q="español دروس", language="es")))

    services.update_service(
        actor=None, service=listings["legal"], payload=payload(name="Asesoría", description="Trámites")
    )
    documents = set(SearchDocument.objects.values_list("pk", flat=True))
    assert fulltext_rows() == dict.fromkeys(documents, 1)
    assert key(listings["legal"]) in ids(search(SearchParams(q="trámites", language="es")))
    assert key(listings["legal"]) not in ids(search(SearchParams(q="residencia", language="es")))

    services.update_service(
        actor=None, service=listings["legal"], payload=payload(name="Asesoría", status="inactive")
    )
    documents = set(SearchDocument.objects.values_list("pk", flat=True))
    assert fulltext_rows() == dict.fromkeys(documents, 1)

    if connection.vendor == "postgresql":  # emptied as Django empties tables (flush, tests)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # this test's checks, pending until now
            cursor.execute("TRUNCATE directory_searchdocument CASCADE")
        assert fulltext_rows() == {}
