import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pontes.core.db import prepared_cursor, prepares_statements

pytestmark = pytest.mark.django_db

QUERY = "SELECT id, name FROM core_territory WHERE slug = %s AND id > %s ORDER BY id"


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_prepared_cursor_gives_the_rows_of_an_ordinary_cursor(world) -> None:
    with connection.cursor() as cursor:
        cursor.execute(QUERY, [world.country.slug, 0])
        expected = cursor.fetchall()
    for _ in range(3):  # before and after the statement is prepared
        with prepared_cursor() as cursor:
            cursor.execute(QUERY, [world.country.slug, 0])
            assert cursor.fetchall() == expected
    assert expected and expected[0][1] == world.country.name


def test_queries_of_a_prepared_cursor_are_seen_by_django(world) -> None:
    with CaptureQueriesContext(connection) as captured, prepared_cursor() as cursor:
        cursor.execute(QUERY, [world.country.slug, 0])
        cursor.fetchall()
    assert len(captured) == 1
    assert "core_territory" in captured[0]["sql"]


def test_values_are_sent_apart_from_the_text(world) -> None:
    """A value that looks like SQL stays a value."""
    with prepared_cursor() as cursor:
        for _ in range(3):
            cursor.execute(QUERY, ["x' OR '1'='1", 0])
            assert cursor.fetchall() == []
            cursor.execute("SELECT %s", ["50%; DROP TABLE core_territory"])
            assert cursor.fetchone()[0] == "50%; DROP TABLE core_territory"


def test_postgresql_plans_the_statement_once_per_connection(world) -> None:
    if connection.vendor != "postgresql":
        assert not prepares_statements()
        return
    assert prepares_statements()
    for _ in range(3):
        with prepared_cursor() as cursor:
            cursor.execute(QUERY, [world.country.slug, 0])
            cursor.fetchall()
    statements = [s for s in prepared_statements() if "core_territory" in s and "slug" in s]
    assert len(statements) == 1
    assert "$1" in statements[0]  # the values were not written into the text
