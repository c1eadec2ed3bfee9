"""Directory search at scale: 100,000 services at 150,000 locations in 1,000 territories, 4 languages.

Measures the public search API (/api/hsds/services) for a mixed query set — text only, text with
three filters, distance with filters — giving p50/p95/p99 per kind, requests per second with
concurrent clients (one process each), and the ratio of the API's p50 to the raw SQL query that
returns the same ids. Each kind is measured as the API runs (every query asked three times in
turn, its first answer building the list items no earlier page had and keeping them encoded,
`hsds.encoded_service_items`, for the next) and with every item of every page built anew, as on a
process's first sight of every listing. BENCH_SERVICES scales the data set (default 100000).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import WsgiClient, keep_data, measure, peak_memory_mib, percentile, report, setup_django

SERVICES = int(os.environ.get("BENCH_SERVICES", "100000"))
LOCATIONS = SERVICES * 3 // 2
TERRITORIES = 1000
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
REQUESTS_PER_CLIENT = int(os.environ.get("BENCH_REQUESTS", "150"))

WORDS = {
    "es": [
        "clases",
        "español",
        "salud",
        "vivienda",
        "empleo",
        "asesoría",
        "jurídica",
        "familia",
        "mujeres",
        "jóvenes",
        "orientación",
        "acogida",
        "taller",
        "gratuito",
        "tarde",
        "apoyo",
        "escuela",
        "trabajo",
    ],
    "fr": [
        "cours",
        "espagnol",
        "santé",
        "logement",
        "emploi",
        "conseil",
        "juridique",
        "famille",
        "femmes",
        "jeunes",
        "orientation",
        "accueil",
        "atelier",
        "gratuit",
        "soir",
        "soutien",
        "école",
        "travail",
    ],
    "en": [
        "classes",
        "spanish",
        "health",
        "housing",
        "jobs",
        "advice",
        "legal",
        "family",
        "women",
        "youth",
        "guidance",
        "welcome",
        "workshop",
        "free",
        "evening",
        "support",
        "school",
        "work",
    ],
    "ar": [
        "دروس",
        "الإسبانية",
        "الصحة",
        "السكن",
        "العمل",
        "استشارة",
        "قانونية",
        "الأسرة",
        "النساء",
        "الشباب",
        "توجيه",
        "استقبال",
        "ورشة",
        "مجاني",
        "مساء",
        "دعم",
        "مدرسة",
        "وظيفة",
    ],
}


def generate() -> None:
    from django.db import connection, transaction

    from pontes.core.models import Organisation, Territory
    from pontes.directory import index, vocabularies
    from pontes.directory.models import CostOption, Language, Location, Schedule, Service, ServiceAtLocation

    rng = random.Random(42)
    started = time.perf_counter()
    with transaction.atomic():
        country = Territory.objects.add_root(
            instance=Territory(
                name="Benchland",
                slug="benchland",
                kind="country",
                iso_code="ES",
                languages=["es", "fr", "en", "ar"],
                latitude=Decimal("40"),
                longitude=Decimal("-3"),
            )
        )
        regions = [
            Territory.objects.add_child(
                country,
                instance=Territory(
                    name=f"Region {r}",
                    slug=f"region-{r}",
                    kind="region",
                    latitude=Decimal(f"{38 + r % 5:.6f}"),
                    longitude=Decimal(f"{-6 + r // 5:.6f}"),
                ),
            )
            for r in range(20)
        ]
        municipalities = []
        for r, region in enumerate(regions):
            for m in range(TERRITORIES // 20 - 1):
                municipalities.append(
                    Territory.objects.add_child(
                        region,
                        instance=Territory(
                            name=f"Town {r}-{m}",
                            slug=f"town-{r}-{m}",
                            kind="municipality",
                            latitude=Decimal(f"{float(region.latitude) + rng.uniform(-0.4, 0.4):.6f}"),
                            longitude=Decimal(f"{float(region.longitude) + rng.uniform(-0.4, 0.4):.6f}"),
                        ),
                    )
                )
        from pontes.core.services import refresh_inherited_languages

        refresh_inherited_languages(country)
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Org {i}",
                    slug=f"org-{i}",
                    territory=rng.choice(municipalities),
                    original_language="es",
                )
                for i in range(SERVICES // 20)
            ]
        )
        print(f"  territories and organisations in {time.perf_counter() - started:.0f}s", flush=True)
        locations = []
        for i in range(LOCATIONS):
            town = rng.choice(municipalities)
            locations.append(
                Location(
                    id=uuid.UUID(int=rng.getrandbits(128)),
                    organization=rng.choice(organisations),
                    territory=town,
                    name=f"Place {i}",
                    original_language="es",
                    latitude=Decimal(f"{float(town.latitude) + rng.uniform(-0.05, 0.05):.6f}"),
                    longitude=Decimal(f"{float(town.longitude) + rng.uniform(-0.05, 0.05):.6f}"),
                )
            )
        Location.objects.bulk_create(locations, batch_size=2000)
        services, sals, languages, schedules, costs = [], [], [], [], []
        for i in range(SERVICES):
            words = rng.sample(range(len(WORDS["es"])), 4)
            translations = {
                code: {"name": " ".join(WORDS[code][w] for w in words)}
                for code in ("fr", "en", "ar")
                if rng.random() < 0.8
            }
            service = Service(
                id=uuid.UUID(int=rng.getrandbits(128)),
                organization=rng.choice(organisations),
                territory=rng.choice(municipalities),
                name=" ".join(WORDS["es"][w] for w in words),
                description=" ".join(rng.choice(WORDS["es"]) for _ in range(12)),
                original_language="es",
                translations=translations,
                needs=rng.sample(vocabularies.NEEDS.codes, rng.randint(1, 3)),
                phases=rng.sample(vocabularies.PHASES.codes, rng.randint(1, 2)),
                target_groups=rng.sample(vocabularies.TARGET_GROUPS.codes, rng.randint(1, 3)),
                delivery_modes=rng.sample(vocabularies.DELIVERY_MODES.codes, 1),
                levels=rng.sample(vocabularies.LEVELS.codes, 1) if rng.random() < 0.2 else [],
            )
            services.append(service)
            places = [locations[i]] + (
                [locations[SERVICES + i // 2]] if i % 2 == 0 and SERVICES + i // 2 < LOCATIONS else []
            )
            sals += [
                ServiceAtLocation(id=uuid.UUID(int=rng.getrandbits(128)), service=service, location=p)
                for p in places
            ]
            languages += [
                Language(id=uuid.UUID(int=rng.getrandbits(128)), service=service, code=c)
                for c in rng.sample(["es", "fr", "en", "ar", "wo", "ro"], 2)
            ]
            start = rng.choice([9, 10, 16, 18])
            schedules.append(
                Schedule(
                    id=uuid.UUID(int=rng.getrandbits(128)),
                    service=service,
                    byday=rng.choice(["MO,WE", "TU,TH", "MO,TU,WE,TH,FR", "SA"]),
                    opens_at=f"{start:02d}:00",
                    closes_at=f"{start + 2:02d}:30",
                )
            )
            costs.append(
                CostOption(
                    id=uuid.UUID(int=rng.getrandbits(128)),
                    service=service,
                    amount=Decimal(0) if rng.random() < 0.6 else Decimal(rng.randint(5, 80)),
                    currency="EUR",
                )
            )
        for model, rows in (
            (Service, services),
            (ServiceAtLocation, sals),
            (Language, languages),
            (Schedule, schedules),
            (CostOption, costs),
        ):
            model.objects.bulk_create(rows, batch_size=2000)  # type: ignore[arg-type]
        print(
            f"  {SERVICES} services, {LOCATIONS} locations in {time.perf_counter() - started:.0f}s",
            flush=True,
        )
        documents = index.reindex_all(batch=1000)
        print(f"  {documents} search documents in {time.perf_counter() - started:.0f}s", flush=True)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: measure the steady state, not its run.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"  vacuumed and analysed in {time.perf_counter() - started:.0f}s", flush=True)


def query_set(rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    """(kind, query parameters) for the API."""
    queries = []
    for _ in range(60):
        lang = rng.choice(list(WORDS))
        word = rng.choice(WORDS[lang])
        queries.append(("text", {"search": word, "lang": lang}))
        queries.append(
            (
                "text+3 filters",
                {
                    "search": word,
                    "lang": lang,
                    "need": rng.choice(["language", "health", "housing", "employment"]),
                    "free": "true",
                    "language": rng.choice(["es", "fr", "ar"]),
                },
            )
        )
        town = f"town-{rng.randrange(20)}-{rng.randrange(40)}"
        queries.append(
            (
                "distance+filters",
                {
                    "near": town,
                    "proximity": "10",
                    "need": rng.choice(["language", "legal_aid", "information"]),
                    "evenings": "true",
                },
            )
        )
    return queries


def api_ids(client: WsgiClient, params: dict[str, str]) -> list[str]:
    path = "/api/hsds/service_at_locations" if "near" in params else "/api/hsds/services"
    status, body = client.get(path, params)
    assert status == 200, (status, body[:300])
    return [item["id"] for item in json.loads(body)["contents"]]


def raw_ids(params: dict[str, str]) -> list[object]:
    """The same ids with the search layer's SQL and no HTTP, serialisation or ORM objects."""
    from pontes.core.models import Territory
    from pontes.directory.search import SearchParams, search

    flags = [f for f in ("free", "evenings") if params.get(f) == "true"]
    near = (
        Territory.objects.filter(slug=params["near"]).values_list("latitude", "longitude").first()
        if "near" in params
        else None
    )
    result = search(
        SearchParams(
            q=params.get("search", ""),
            language=params.get("lang", "es"),
            facets={"need": [params["need"]]} if "need" in params else {},
            flags=flags,
            spoken_languages=[params["language"]] if "language" in params else [],
            latitude=float(near[0] or 0) if near else None,
            longitude=float(near[1] or 0) if near else None,
            radius_km=float(params["proximity"]) if "proximity" in params else None,
            sort="distance" if near else "relevance",
            per_page=50,
        ),
        with_counts=False,
        by_service="near" not in params,
    )
    return [h.service_id for h in result.hits]


def client_worker(args: tuple[int, list[tuple[str, dict[str, str]]]]) -> tuple[int, float]:
    seed, queries = args
    import django
    from django.db import connections

    connections.close_all()
    django.setup()
    client = WsgiClient()
    rng = random.Random(seed)
    started = time.perf_counter()
    for _ in range(REQUESTS_PER_CLIENT):
        api_ids(client, rng.choice(queries)[1])
    return REQUESTS_PER_CLIENT, time.perf_counter() - started


def main() -> None:
    setup_django("directory")
    from django.db import connection

    from pontes.directory import hsds
    from pontes.directory.models import Service

    if not (keep_data() and Service.objects.exists()):
        generate()
    rng = random.Random(7)
    queries = query_set(rng)
    client = WsgiClient()
    by_kind: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for kind, params in queries:
        by_kind.setdefault(kind, []).append((kind, params))
    print(f"database: {connection.vendor}; {SERVICES} services")
    api_all: list[float] = []
    cold_all: list[float] = []
    raw_all: list[float] = []
    for kind, items in by_kind.items():
        state = {"i": 0}

        def next_params(items=items, state=state) -> dict[str, str]:
            state["i"] = (state["i"] + 1) % len(items)
            return items[state["i"]][1]

        def api_cold() -> None:
            # As on a process's first sight of every listing: no item kept from an earlier page.
            hsds.forget_encoded_items()
            api_ids(client, next_params())

        api = measure(lambda: api_ids(client, next_params()), repeat=len(items) * 3, warmup=10)
        cold = measure(api_cold, repeat=len(items) * 3, warmup=10)
        raw = measure(lambda: raw_ids(next_params()), repeat=len(items) * 3, warmup=10)
        report(f"API {kind}", api, baseline=raw)
        report(f"API {kind}, every item built", cold, baseline=raw)
        report(f"raw query {kind}", raw)
        api_all += api
        cold_all += cold
        raw_all += raw
    report("API all kinds", api_all, baseline=raw_all)
    report("API all kinds, every item built", cold_all, baseline=raw_all)
    hsds.forget_encoded_items()  # the clients start with none
    connection.close()
    with multiprocessing.get_context("fork").Pool(CLIENTS) as pool:
        started = time.perf_counter()
        results = pool.map(client_worker, [(i, queries) for i in range(CLIENTS)])
        elapsed = time.perf_counter() - started
    total = sum(n for n, _ in results)
    print(
        f"throughput: {total / elapsed:.0f} requests/s with {CLIENTS} concurrent clients "
        f"({total} requests in {elapsed:.1f}s)"
    )
    for label, timings in (("", api_all), (", every item built", cold_all)):
        p95 = percentile(timings, 0.95) * 1000
        ratio = statistics.median(timings) / statistics.median(raw_all)
        print(
            f"goals{label}: p95 {p95:.1f} ms (goal < 50 ms on SQLite); "
            f"p50 ratio to raw {ratio:.1f}x (goal <= 3x)"
        )
    print(f"peak memory {peak_memory_mib():.0f} MiB")


if __name__ == "__main__":
    main()
