"""Core: permission checks and the public territory page on a tree of 1,000 territories.

Sizes: 1 country, 20 regions, 49 municipalities each (1,000 territories in all) and 300 staff
accounts holding 400 scoped roles. Prints p50/p95/p99 latency, calls per second in one
process, and the ratio of the median to the raw SQL query doing the same work.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import measure, peak_memory_mib, report, setup_django

setup_django("core")

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from pontes.core.models import Role, RoleAssignment, Territory, User  # noqa: E402
from pontes.core.permissions import forget_assignments, has_perm  # noqa: E402
from pontes.core.registry import registry  # noqa: E402

rng = random.Random(7)


def generate() -> tuple[list[Territory], list[User]]:
    with transaction.atomic():
        country = Territory.objects.add_root(
            instance=Territory(
                name="Benchland", slug="benchland", kind="country", iso_code="ES", languages=["es", "ar"]
            )
        )
        municipalities: list[Territory] = []
        for r in range(20):
            region = Territory.objects.add_child(
                country, instance=Territory(name=f"Region {r}", slug=f"region-{r}", kind="region")
            )
            for m in range(49):
                municipalities.append(
                    Territory.objects.add_child(
                        region,
                        instance=Territory(
                            name=f"Municipality {r}-{m}",
                            slug=f"m-{r}-{m}",
                            kind="municipality",
                            translations={"ar": {"name": f"بلدية {r}-{m}"}} if m % 2 else {},
                        ),
                    )
                )
        regions = list(Territory.objects.filter(kind="region"))
        users = [User(username=f"staff-{i}", password="!") for i in range(300)]
        User.objects.bulk_create(users)
        users = list(User.objects.all())
        roles = []
        for i, user in enumerate(users):
            scope = rng.choice(regions) if i % 3 == 0 else rng.choice(municipalities)
            roles.append(
                RoleAssignment(user=user, role=rng.choice([Role.EDITOR, Role.ANALYST]), territory=scope)
            )
            if i % 3 == 1:
                roles.append(
                    RoleAssignment(user=user, role=Role.ANALYST, territory=rng.choice(municipalities))
                )
        RoleAssignment.objects.bulk_create(roles, ignore_conflicts=True)
    return municipalities, users


def main() -> None:
    municipalities, users = generate()
    roles_count = RoleAssignment.objects.count()
    print(f"{Territory.objects.count()} territories, {len(users)} accounts, {roles_count} roles")
    pairs = [(rng.choice(users), rng.choice(municipalities)) for _ in range(3000)]
    state = {"i": 0}
    roles = tuple(registry.roles_for("core.edit_content"))
    placeholders = ", ".join(["%s"] * len(roles))
    raw_sql = (
        "SELECT 1 FROM core_roleassignment ra JOIN core_territory t ON t.id = ra.territory_id "
        f"WHERE ra.user_id = %s AND ra.role IN ({placeholders}) AND %s LIKE t.path || '%%' LIMIT 1"
    )

    def next_pair() -> tuple[User, Territory]:
        state["i"] = (state["i"] + 1) % len(pairs)
        return pairs[state["i"]]

    def check() -> None:
        user, territory = next_pair()
        forget_assignments(user)  # a fresh request: assignments are loaded once per request
        has_perm(user, "core.edit_content", territory)

    def raw_check() -> None:
        user, territory = next_pair()
        with connection.cursor() as cursor:
            cursor.execute(raw_sql, [user.pk, *roles, territory.path])
            cursor.fetchone()

    baseline = measure(raw_check, repeat=3000)
    report("permission check (cold, one request)", measure(check, repeat=3000), baseline=baseline)
    report("raw SQL permission query", baseline)

    client = Client()
    slugs = [t.slug for t in municipalities]

    def page() -> None:
        response = client.get(f"/ar/t/{rng.choice(slugs)}/")
        assert response.status_code == 200

    def raw_page() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM core_territory WHERE slug = %s", [rng.choice(slugs)])
            row = cursor.fetchone()
            cursor.execute(
                "SELECT * FROM core_territory WHERE path LIKE %s AND depth = %s", [f"{row[1]}%", row[2] + 1]
            )
            cursor.fetchall()

    page_baseline = measure(raw_page, repeat=1000)
    report(
        "territory home page /ar/t/<slug>/ (full render)", measure(page, repeat=500), baseline=page_baseline
    )
    print(f"peak memory {peak_memory_mib():.0f} MiB; database {connection.vendor}")


if __name__ == "__main__":
    main()
