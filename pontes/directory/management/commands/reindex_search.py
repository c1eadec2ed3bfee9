"""`manage.py reindex_search`: rebuild the search index of every listing (after an upgrade)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from pontes.directory.index import reindex_all


class Command(BaseCommand):
    help = "Rebuild the directory's search index from the listings."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            documents = reindex_all()
        self.stdout.write(f"Indexed {documents} search documents.")
