"""Profiles at scale: 1,000,000 values (1,000 localities × 50 indicators × 10 years × 2 sexes).

Data: a country with 20 regions of 50 municipalities, the default template plus 7 local
indicators (50 indicators carrying sex; those also broken down by age, origin or status get the
sex cells with totals on the other axes), 10 annual periods, M and F: one CSV of 1,000,000
rows in var/bench/, written like a statistics office's extract (unit codes, a few ".." for
missing figures).

Import: the real service (`importing.read_table` on the file's path, then
`services.import_values`), the streaming path, in a fresh process, on an empty value table; then
the same file again, every figure already saved. Prints the wall time (reading included), rows
per second, peak memory — the process's resident set high-water mark (VmHWM on Linux, see
`peak_rss_mib`), since the 1 GiB goal is about the process — and the ratio to a bare bulk
insert: the same rows, prepared beforehand (not timed), inserted into the same table of the
same database by `executemany` in one transaction, in a fresh process too.

Sections after the import find the values in the database. The profile page at this size
(goal: p95 under 300 ms on SQLite) gets its own section in `SECTIONS` once the page exists.

BENCH_LOCALITIES and BENCH_PERIODS shrink the data set for a quick run; BENCH_KEEP_DATA=1
reuses the territories, template and CSV of the previous run.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, keep_data, measure, percentile, report, setup_django

LOCALITIES = int(os.environ.get("BENCH_LOCALITIES", "1000"))
PERIODS = int(os.environ.get("BENCH_PERIODS", "10"))
REGIONS = 20
INDICATORS = 50
SEXES = ("M", "F")
FIRST_YEAR = 2015
# One file per size (its content depends on nothing else), so that BENCH_KEEP_DATA=1 finds it.
CSV_PATH = ROOT / "var" / "bench" / f"profiles-values-{LOCALITIES}x{PERIODS}.csv"
SOURCE = "Benchland Statistics Office, municipal register"
MEMORY_GOAL_MIB = 1024
CHUNK = 5000
# Local indicators a country adds to the default template (counts of persons, by sex).
LOCAL_INDICATORS = (
    "LOC.LANG.COURSE.DONE",
    "LOC.HOUSING.APPLICANTS",
    "LOC.WELCOME.VISITS",
    "LOC.YOUTH.MENTORED",
    "LOC.JOB.PLACEMENTS",
    "LOC.HELPLINE.CALLERS",
    "LOC.VOLUNTEERS",
)
UNIT_CODES = {"persons": "PS", "count": "NR", "percent": "PC"}  # as SDMX writes them
COLUMNS = (
    "indicator_id",
    "territory_id",
    "period",
    "period_start",
    "period_end",
    "cell",
    "cell_key",
    "value",
    "source",
    "method_note",
    "entered_by_id",
    "entered_at",
    "batch_id",
)


@dataclass
class Dataset:
    country: str  # slug
    csv_path: str
    rows: int
    localities: int
    indicators: int
    periods: int


# --- Data -------------------------------------------------------------------------------------


def generate() -> Dataset:
    from django.db import transaction

    from pontes.core.models import Territory
    from pontes.profiles import services
    from pontes.profiles.models import Indicator, Unit

    rng = random.Random(42)
    started = time.perf_counter()
    with transaction.atomic():
        country = Territory.objects.add_root(
            instance=Territory(
                name="Benchland", slug="benchland", kind="country", iso_code="ES", languages=["es", "fr"]
            )
        )
        towns: list[tuple[str, int]] = []  # slug, size
        per_region = -(-LOCALITIES // REGIONS)
        for r in range(REGIONS):
            region = Territory.objects.add_child(
                country, instance=Territory(name=f"Region {r}", slug=f"region-{r}", kind="region")
            )
            for m in range(min(per_region, LOCALITIES - len(towns))):
                town = Territory.objects.add_child(
                    region,
                    instance=Territory(name=f"Town {r}-{m}", slug=f"town-{r}-{m}", kind="municipality"),
                )
                towns.append((town.slug, int(rng.lognormvariate(9, 1.2)) + 200))
        template = services.create_default_template(actor=None, country=country)
        domain = template.domains.get(code="population")
        Indicator.objects.bulk_create(
            [
                Indicator(
                    template=template,
                    domain=domain,
                    code=code,
                    name=code.replace(".", " ").title(),
                    unit=Unit.PERSONS,
                    disaggregations=["sex"],
                    additive=True,
                    minimum=Decimal(0),
                    order=100 + i,
                    original_language="en",
                )
                for i, code in enumerate(LOCAL_INDICATORS)
            ]
        )
        services.publish_template(actor=None, template=template)
    indicators = [i for i in template.indicators.order_by("order") if "sex" in i.disaggregations][:INDICATORS]
    print(
        f"  {len(towns)} municipalities and the template in {time.perf_counter() - started:.0f}s", flush=True
    )
    rows = write_csv(rng, towns, indicators)
    print(f"  {rows:,} rows in {CSV_PATH.name} in {time.perf_counter() - started:.0f}s", flush=True)
    return Dataset(
        country=country.slug,
        csv_path=str(CSV_PATH),
        rows=rows,
        localities=len(towns),
        indicators=len(indicators),
        periods=PERIODS,
    )


def write_csv(rng: random.Random, towns: list[tuple[str, int]], indicators: list) -> int:
    """One block per municipality, as a national office exports a register by place."""
    CSV_PATH.parent.mkdir(parents=True, exist_ok=True)
    years = [str(FIRST_YEAR + y) for y in range(PERIODS)]
    rows = 0
    with open(CSV_PATH, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["indicator", "territory", "period", "sex", "unit", "value"])
        for slug, size in towns:
            for indicator in indicators:
                unit = UNIT_CODES.get(indicator.unit, indicator.unit)
                percent = indicator.unit == "percent"
                base = rng.uniform(1, 60) if percent else size * rng.uniform(0.001, 0.2)
                for year in years:
                    for sex in SEXES:
                        if rng.random() < 0.005:
                            figure = ".."
                        elif percent:
                            figure = f"{min(100.0, base * rng.uniform(0.8, 1.2)):.1f}"
                        else:
                            figure = str(int(base * rng.uniform(0.4, 0.6)))
                        writer.writerow([indicator.code, slug, year, sex, unit, figure])
                        rows += 1
    return rows


def existing_dataset() -> Dataset | None:
    from pontes.core.models import Territory

    if not (keep_data() and CSV_PATH.exists() and Territory.objects.filter(slug="benchland").exists()):
        return None
    with open(CSV_PATH, encoding="utf-8") as file:
        rows = sum(1 for _line in file) - 1
    return Dataset(
        country="benchland",
        csv_path=str(CSV_PATH),
        rows=rows,
        localities=Territory.objects.filter(kind="municipality").count(),
        indicators=INDICATORS,
        periods=PERIODS,
    )


def delete_values() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM profiles_valuerevision")
        cursor.execute("DELETE FROM profiles_value")


def value_summary() -> tuple[int, str, int]:
    """Count, sum of the figures and distinct cells of the saved values: equal for equal rows."""
    from django.db.models import Count, Sum

    from pontes.profiles.models import Value

    figures = Value.objects.aggregate(
        n=Count("id"), total=Sum("value"), cells=Count("cell_key", distinct=True)
    )
    return figures["n"], str((figures["total"] or Decimal(0)).normalize()), figures["cells"]


# --- Measurements, each in a fresh process ------------------------------------------------------


def child(kind: str, data: Dataset) -> dict:
    """Runs this file again as `--child KIND` and returns what it measured."""
    env = {**os.environ, "BENCH_KEEP_DATA": "1"}  # the child must find the data, not wipe it
    completed = subprocess.run(
        [sys.executable, __file__, "--child", kind, json.dumps(asdict(data))],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(completed.stderr)
    for line in completed.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line.removeprefix("RESULT "))
    raise RuntimeError(f"no result from the {kind} child:\n{completed.stdout}")


def _status_mib(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss_mib() -> float:
    """The process's resident set high-water mark. Linux's VmHWM, which counts this program
    only: ru_maxrss survives exec, so a child's would start at its parent's size at the fork.
    Elsewhere, ru_maxrss (KiB on Linux and BSD)."""
    peak = _status_mib("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float:
    """The resident set now."""
    now = _status_mib("VmRSS")
    return now if now is not None else peak_rss_mib()


def run_import(data: Dataset) -> dict:
    from pontes.core.models import Territory
    from pontes.profiles import importing, services

    country = Territory.objects.get(slug=data.country)
    template = services.template_for(country)
    assert template is not None
    before = rss_mib()
    started = time.perf_counter()
    table = importing.read_table(Path(data.csv_path), Path(data.csv_path).name)
    read = time.perf_counter() - started
    report = services.import_values(
        actor=None,
        template=template,
        territory=country,
        table=table,
        mapping=importing.guess_mapping(table.headers, ["sex"]),
        source=SOURCE,
        file_name=Path(data.csv_path).name,
    )
    elapsed = time.perf_counter() - started
    if not report.ok:
        raise SystemExit("the import was refused:\n" + "\n".join(str(p) for p in report.problems[:20]))
    return {
        "seconds": elapsed,
        "read_seconds": read,
        "created": report.created,
        "unchanged": report.unchanged,
        "rss_before_mib": before,
        "rss_peak_mib": peak_rss_mib(),
    }


def run_bare_insert(data: Dataset) -> dict:
    """The same rows as the import saves, with the same column conversions, prepared before the
    clock starts; only `executemany` and the commit are timed."""
    from django.db import connection, transaction
    from django.utils import timezone

    from pontes.core.models import Territory
    from pontes.profiles import importing, services
    from pontes.profiles.models import Value
    from pontes.profiles.periods import parse_period

    country = Territory.objects.get(slug=data.country)
    template = services.template_for(country)
    assert template is not None
    indicators = {i.code: i for i in template.indicators.all()}
    places = dict(Territory.objects.values_list("slug", "pk"))
    prep = {name: Value._meta.get_field(name.removesuffix("_id")) for name in COLUMNS}

    def db(name: str, value: object) -> object:
        return prep[name].get_db_prep_save(value, connection)  # type: ignore[union-attr]

    now = db("entered_at", timezone.now())
    periods: dict[str, tuple[Any, ...]] = {}
    cells: dict[tuple[str, str], tuple[object, str]] = {}
    source = db("source", SOURCE)
    sql = "INSERT INTO profiles_value ({}) VALUES ({})".format(
        ", ".join(COLUMNS), ", ".join(["%s"] * len(COLUMNS))
    )

    def prepared(file: Iterable[list[str]]) -> Iterator[list[tuple[Any, ...]]]:
        chunk: list[tuple[Any, ...]] = []
        for code, slug, year, sex, _unit, figure in file:
            indicator = indicators[code]
            if year not in periods:
                period = parse_period(year)
                periods[year] = (period.code, db("period_start", period.start), db("period_end", period.end))
            if (code, sex) not in cells:
                codes = [sex if d == "sex" else "_T" for d in indicator.disaggregations]
                cells[(code, sex)] = (db("cell", codes), importing.cell_key(indicator, codes))
            cell, key = cells[(code, sex)]
            value = db("value", None if figure == ".." else Decimal(figure))
            chunk.append(
                (indicator.pk, places[slug], *periods[year], cell, key, value, source, "", None, now, None)
            )
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    timed = 0.0
    rows = 0
    with open(data.csv_path, newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        next(reader)
        with transaction.atomic():
            with connection.cursor() as cursor:
                for chunk in prepared(reader):
                    started = time.perf_counter()
                    cursor.executemany(sql, chunk)
                    timed += time.perf_counter() - started
                    rows += len(chunk)
            started = time.perf_counter()
        timed += time.perf_counter() - started  # the commit
    return {"seconds": timed, "rows": rows, "rss_peak_mib": peak_rss_mib()}


def child_main(kind: str, payload: str) -> None:
    setup_django("profiles")
    data = Dataset(**json.loads(payload))
    result = run_bare_insert(data) if kind == "bare" else run_import(data)
    print("RESULT " + json.dumps(result), flush=True)


# --- Sections ---------------------------------------------------------------------------------


def import_section(data: Dataset) -> None:
    from django.db import connection

    delete_values()
    bare = child("bare", data)
    bare_summary = value_summary()
    delete_values()
    imported = child("import", data)
    imported_summary = value_summary()
    assert bare["rows"] == imported["created"] == data.rows, (bare, imported)
    assert bare_summary == imported_summary, (bare_summary, imported_summary)
    again = child("import again", data)
    assert again["created"] == 0 and again["unchanged"] == data.rows, again
    seconds = imported["seconds"]
    peak = imported["rss_peak_mib"]
    read = imported["read_seconds"]
    before = imported["rss_before_mib"]
    ratio = seconds / bare["seconds"]
    lines = [
        f"import {data.rows:,} values from CSV (read_table + import_values, streaming from the file)",
        f"  wall time          {seconds:8.1f} s  (of which read_table scanning the file: {read:.1f} s)",
        f"  rows per second    {data.rows / seconds:8.0f}",
        f"  peak memory (RSS)  {peak:8.0f} MiB  (high-water mark of the importing process, VmHWM; "
        f"{before:.0f} MiB before the import)",
        f"  bare bulk insert   {bare['seconds']:8.1f} s  ({data.rows / bare['seconds']:.0f} rows/s: "
        "executemany of the prepared rows, one transaction)",
        f"  ratio to bare      {ratio:8.1f}x",
        "the same file again (every figure already saved: compared with the database, nothing written)",
        f"  wall time          {again['seconds']:8.1f} s",
        f"  peak memory (RSS)  {again['rss_peak_mib']:8.0f} MiB  (SQLite's memory map of the database "
        "counts in it)"
        if connection.vendor == "sqlite"
        else f"  peak memory (RSS)  {again['rss_peak_mib']:8.0f} MiB",
    ]
    print("\n".join(lines), flush=True)
    peak = max(peak, again["rss_peak_mib"])
    verdict = "ok" if peak < MEMORY_GOAL_MIB else "OVER"
    print(f"goals: peak memory {peak:.0f} MiB (goal < {MEMORY_GOAL_MIB} MiB): {verdict}", flush=True)


PAGE_GOAL_MS = 300
PAGE_REQUESTS = 300


def profile_page_section(data: Dataset) -> None:
    """Public profile pages of municipalities at this size (goal: p95 under 300 ms on SQLite),
    compared with the raw query reading the same figures. The roll-ups of regions and the
    country (compared on every page) are computed on the first page of each and then cached until
    a figure changes: the cold page is reported apart."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from pontes.core.models import Territory
    from pontes.profiles.models import Value

    rng = random.Random(7)
    client = Client()
    towns = list(
        Territory.objects.filter(
            kind="municipality", path__startswith=Territory.objects.get(slug=data.country).path
        ).values_list("slug", "pk")
    )
    last_year = FIRST_YEAR + data.periods - 1

    def page(slug: str, suffix: str = "") -> None:
        response = client.get(f"/en/profiles/{slug}/{suffix}")
        assert response.status_code == 200, (slug, response.status_code)

    cache.clear()
    started = time.perf_counter()
    page(towns[0][0])
    cold = (time.perf_counter() - started) * 1000
    # Warm every region's roll-up once, as the first visitors of the day would.
    for region in Territory.objects.filter(kind="region").values_list("slug", flat=True):
        page(region)
    sample = [rng.choice(towns) for _ in range(PAGE_REQUESTS + 20)]
    pages = iter(sample)
    profile = measure(lambda: page(next(pages)[0]), repeat=PAGE_REQUESTS, warmup=20)
    indicator_pages = iter(sample)
    indicator = measure(
        lambda: page(next(indicator_pages)[0], "i/POP.TOTAL/"), repeat=PAGE_REQUESTS, warmup=20
    )

    table = Value._meta.db_table
    raw_pages = iter(sample)

    def raw() -> None:
        _slug, pk = next(raw_pages)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT indicator_id, period, cell_key, value, source FROM {table} "
                "WHERE territory_id = %s AND period_start >= %s AND period_end <= %s",
                [pk, f"{last_year - 1}-01-01", f"{last_year}-12-31"],
            )
            cursor.fetchall()

    baseline = measure(raw, repeat=PAGE_REQUESTS, warmup=20)
    print(f"profile pages of municipalities ({connection.vendor}, {PAGE_REQUESTS} requests each)", flush=True)
    print(f"  first page with cold roll-ups (its region and the country): {cold:.0f} ms", flush=True)
    report("  profile page (warm)", profile, baseline=baseline)
    report("  indicator page (warm)", indicator)
    report("  raw query: the place's figures for two years", baseline)
    p95 = percentile(profile, 0.95) * 1000
    verdict = "ok" if p95 < PAGE_GOAL_MS else "OVER"
    print(f"goals: profile page p95 {p95:.0f} ms (goal < {PAGE_GOAL_MS} ms): {verdict}", flush=True)


# Each section gets the data set, with the imported values in the database.
SECTIONS: list[Callable[[Dataset], None]] = [import_section, profile_page_section]


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child_main(sys.argv[2], sys.argv[3])
        return
    setup_django("profiles")
    from django.db import connection

    data = existing_dataset() or generate()
    size = Path(data.csv_path).stat().st_size / 2**20
    print(
        f"database: {connection.vendor}; {data.localities:,} localities × {data.indicators} indicators × "
        f"{data.periods} periods × {len(SEXES)} sexes = {data.rows:,} values; CSV {size:.0f} MiB",
        flush=True,
    )
    for section in SECTIONS:
        section(data)


if __name__ == "__main__":
    main()
