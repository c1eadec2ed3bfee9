"""Database helpers that the ORM does not offer.

`prepared_cursor()` runs a few hot, many-joined queries as PostgreSQL prepared statements. Django
sends every query with its values written into the text (client-side binding), so PostgreSQL
plans each one again: for the directory's page of rows (eleven joins, a hundred columns)
planning takes longer than running. A prepared statement is planned once per connection and
query shape and then only executed. Everything else keeps Django's ordinary cursor.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.db import connections
from django.db.backends.utils import CursorWrapper


def prepares_statements(alias: str = "default") -> bool:
    """Whether `prepared_cursor()` prepares on this database: PostgreSQL (psycopg 3) with
    prepared statements allowed (`OPTIONS["prepare_threshold"]` not None; see settings)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3 and connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None


@contextmanager
def prepared_cursor(alias: str = "default") -> Iterator[CursorWrapper]:
    """A cursor whose queries PostgreSQL plans once per connection (values sent apart from the
    text, `%s` placeholders as usual); Django's ordinary cursor on other databases.

    The cursor is Django's wrapper, so query logging, `execute_wrapper()` and the test helpers
    that count queries see what it runs.
    """
    connection = connections[alias]
    if not prepares_statements(alias):
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw: Any = cast(Any, ServerBindingCursor)(connection.connection)
    wrapped = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    try:
        yield wrapped
    finally:
        raw.close()
