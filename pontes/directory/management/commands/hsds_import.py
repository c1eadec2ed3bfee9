"""`manage.py hsds_import PATH --territory SLUG [--dry-run]`: import an HSDS set from the shell.

PATH is an HSDS JSON file, a CSV datapackage directory or its .zip (see `directory.importer`).
Runs as the system (no account), so no permission is checked; the audit trail says "system".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pontes.core.models import Territory
from pontes.directory.importer import ImportReport, import_hsds


class Command(BaseCommand):
    help = "Import Open Referral HSDS data (JSON set or CSV datapackage) into a territory, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="HSDS JSON file, CSV datapackage directory, or .zip")
        parser.add_argument("--territory", required=True, help="slug of the territory the data belongs to")
        parser.add_argument("--dry-run", action="store_true", help="check everything, save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path}: no such file or directory.")
        territory = Territory.objects.filter(slug=options["territory"]).first()
        if territory is None:
            raise CommandError(f"No territory with the slug {options['territory']!r}.")
        report = import_hsds(actor=None, territory=territory, source=path, dry_run=options["dry_run"])
        self._print(report, territory)
        if report.errors:
            # Every problem is on stderr above; the exit status tells scripts that nothing was saved.
            raise CommandError(f"{len(report.errors)} error(s); nothing was saved.")

    def _print(self, report: ImportReport, territory: Territory) -> None:
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            return
        verb = "Checked (dry run, nothing saved)" if report.dry_run else "Imported"
        self.stdout.write(f"{verb} {report.source} into {territory.name} ({territory.slug}):")
        for entity, created, updated in report.counts():
            self.stdout.write(f"  {entity}: {created} created, {updated} updated")
        if not report.counts():
            self.stdout.write("  nothing to import")
