from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pontes.elections import services


class Command(BaseCommand):
    help = "Removes the personal data of voter registers once the retention period after the close is over."

    def handle(self, *args: Any, **options: Any) -> None:
        purged = services.purge_due_registers()
        for election in purged:
            self.stdout.write(f"Purged the register of “{election}” (closed {election.closed_at:%Y-%m-%d}).")
        self.stdout.write(f"{len(purged)} register(s) purged.")
