"""Remind providers of listings not checked for PONTES_DIRECTORY_STALE_MONTHS months (run daily)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from pontes.directory.services import remind_stale_providers


class Command(BaseCommand):
    help = "Email providers whose listings are out of date (at most once a month per listing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        months = options["months"] or settings.PONTES_DIRECTORY_STALE_MONTHS
        sent = remind_stale_providers(months=months)
        self.stdout.write(f"{sent} reminder(s) sent.")
