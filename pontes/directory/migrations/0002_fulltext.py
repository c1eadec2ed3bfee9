"""Full-text search objects of the database in use: SQLite FTS5 table and triggers, or a
PostgreSQL tsvector column, its trigger and GIN index (see pontes/directory/index.py)."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    from pontes.directory.index import create_fulltext_objects

    create_fulltext_objects(schema_editor.connection)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    from pontes.directory.index import drop_fulltext_objects

    drop_fulltext_objects(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
