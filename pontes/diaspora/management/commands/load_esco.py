"""`manage.py load_esco FOLDER`: load the ESCO classification from the CSV files the European
Commission publishes (skills_xx.csv, occupations_xx.csv, ISCOGroups_xx.csv, any languages), all or
nothing. Restart the server afterwards so that every process sees the new labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pontes.diaspora.services import load_esco


class Command(BaseCommand):
    help = "Load ESCO skills, occupations and ISCO-08 groups from the published CSV files, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="folder of the ESCO CSV files (skills_en.csv…)")

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_esco(directory=Path(options["folder"]))
        for error in report.errors:
            self.stderr.write(error)
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s); nothing was saved.")
        self.stdout.write(
            f"Read {', '.join(report.files)}: {report.created} concepts added, {report.updated} updated."
        )
