from django.db import migrations, models


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    territory_model = apps.get_model("core", "Territory")
    effective: dict[str, list[str]] = {}
    changed = []
    for node in territory_model.objects.order_by("path"):
        above = effective.get(node.path[:-4], []) if node.depth > 1 else []
        node.inherited_languages = above
        effective[node.path] = list(node.languages) or above
        changed.append(node)
    territory_model.objects.bulk_update(changed, ["inherited_languages"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_cache_table")]

    operations = [
        migrations.AddField(
            model_name="territory",
            name="inherited_languages",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
