"""Search texts keep their names apart, so that matches in a name rank first; SQLite's full-text
index becomes one row per document (see pontes/directory/index.py). Texts already indexed are
indexed again here; their names fill in as listings are re-indexed (`manage.py reindex_search`)."""

from django.db import migrations, models

OLD_SQLITE_OBJECTS = [
    "DROP TRIGGER IF EXISTS directory_searchtext_au",
    "DROP TRIGGER IF EXISTS directory_searchtext_ad",
    "DROP TRIGGER IF EXISTS directory_searchtext_ai",
]


def rebuild(apps, schema_editor):  # type: ignore[no-untyped-def]
    from pontes.directory.index import create_fulltext_objects, drop_fulltext_objects

    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in OLD_SQLITE_OBJECTS:
                cursor.execute(statement)
    drop_fulltext_objects(connection)
    create_fulltext_objects(connection, fill=True)


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_required_document_text")]

    operations = [
        migrations.AddField(
            model_name="searchtext",
            name="name",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
