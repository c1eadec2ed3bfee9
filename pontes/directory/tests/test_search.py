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
