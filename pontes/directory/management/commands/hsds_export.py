"""`manage.py hsds_export PATH --territory SLUG`: export a territory's directory as HSDS.

PATH ending in `.zip` gives the tabular CSV datapackage, anything else an HSDS JSON set; `-`
writes the JSON set to standard output. Either imports back with `hsds_import`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pontes.core.models import Territory
from pontes.directory.hsds import export_set
from pontes.directory.tabular import export_datapackage


class Command(BaseCommand):
    help = "Export a territory's service directory as an HSDS JSON set or CSV datapackage (.zip)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", help="file to write: .zip for the CSV datapackage, else JSON; - for stdout"
        )
        parser.add_argument("--territory", required=True, help="slug of the territory to export")

    def handle(self, *args: Any, **options: Any) -> None:
        territory = Territory.objects.filter(slug=options["territory"]).first()
        if territory is None:
            raise CommandError(f"No territory with the slug {options['territory']!r}.")
        target = options["path"]
        if target.lower().endswith(".zip"):
            Path(target).write_bytes(export_datapackage(territory=territory))
        else:
            text = json.dumps(export_set(territory=territory), ensure_ascii=False, indent=1, default=str)
            if target == "-":
                self.stdout.write(text)
                return
            Path(target).write_text(text, encoding="utf-8")
        self.stdout.write(f"Exported {territory.name} ({territory.slug}) to {target}.")
