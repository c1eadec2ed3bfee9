"""PostgreSQL: search vectors move from each text to its document (one row per document with every
language, as SQLite's full-text table already was; see pontes/directory/index.py). Built here from
the texts already stored. Nothing changes on SQLite. Not reversible on PostgreSQL: the earlier
per-text objects are no longer described anywhere (restore a backup to go back)."""

from django.db import migrations


def rebuild(apps, schema_editor):  # type: ignore[no-untyped-def]
    from pontes.directory.index import create_fulltext_objects, drop_fulltext_objects

    if schema_editor.connection.vendor == "postgresql":
        drop_fulltext_objects(schema_editor.connection)
        create_fulltext_objects(schema_editor.connection, fill=True)


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_search_names")]

    operations = [migrations.RunPython(rebuild)]
