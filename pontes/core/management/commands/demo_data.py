"""Generate the fictional demo territories, people and content. Safe to run again."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from pontes.core.demo import DemoContext
from pontes.core.registry import registry


class Command(BaseCommand):
    help = "Load deterministic, clearly fictional demo data (never in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--quiet-credentials", action="store_true", help="Do not print the demo accounts."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION or not settings.PONTES_DEMO:
            raise CommandError(
                "Demo data is refused here: it would create accounts with published passwords."
            )
        context = DemoContext(seed=options["seed"], out=self.stdout)
        with transaction.atomic():
            for capability in registry:
                if capability.demo_data is not None:
                    capability.demo_data(context)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready (seed {context.seed})."))
        if options["quiet_credentials"]:
            return
        self.stdout.write("\nDemo accounts (fictional; for this machine only):")
        width = max(len(c.username) for c in context.credentials)
        for c in context.credentials:
            line = f"  {c.username:<{width}}  {c.password:<34} {c.role:<16} {c.scope}"
            if c.totp_secret:
                hint = f"current code: manage.py demo_totp {c.username}"
                line += f"\n  {'':<{width}}  TOTP secret {c.totp_secret} ({hint})"
            self.stdout.write(line)
        self.stdout.write("")
