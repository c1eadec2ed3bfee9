"""Reads of the profiles app: the figures a profile shows, derived where they can honestly be.

A page asks for the figure of an indicator, a territory and a year. The figure is, in order:

1. the value saved for the total cell, the latest period of that year (a quarterly indicator
   shows its last quarter);
2. for an additive indicator without a saved total, the sum of its parts along a closed
   breakdown (women + men), when every part is there;
3. for a territory with localities below it, the sum of the localities' figures (roll-up),
   saying how many of how many localities reported;
4. for a rate with a numerator and a denominator, their ratio at this level.

What the public sees goes through disclosure control (`disclosure.py`): counts below the
threshold are hidden, with whatever would reveal them. Staff who may see restricted figures see
everything, and restricted indicators are left out for everyone else.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pontes.core.models import Territory
from pontes.core.permissions import has_perm

from . import default_template, disclosure
from .importing import dimension_name
from .models import TOTAL, ImportBatch, Indicator, IndicatorTemplate, Unit, Value, ValueRevision

COUNT_UNITS = frozenset({Unit.PERSONS, Unit.COUNT})
# Amounts that grow with the size of a place: not comparable across levels on one scale.
ADDITIVE_CHART_UNITS = frozenset({Unit.PERSONS, Unit.COUNT, Unit.CURRENCY_USD, Unit.CURRENCY_LOCAL})
RATE_SCALE = {Unit.PERCENT: Decimal(100), Unit.PER_1000: Decimal(1000)}
ROLL_UP_CACHE_SECONDS = 6 * 3600


def threshold() -> int:
    return int(getattr(settings, "PONTES_PROFILES_DISCLOSURE_THRESHOLD", 10))


def sees_everything(user: Any, territory: Territory) -> bool:
    """Staff of the territory see restricted indicators and unsuppressed counts."""
    return has_perm(user, "profiles.view_restricted", territory)


def template_for(territory: Territory) -> IndicatorTemplate | None:
    """The published template of the territory's country."""
    return (
        IndicatorTemplate.objects.filter(
            country__path=territory.path[: Territory.steplen], status=IndicatorTemplate.Status.PUBLISHED
        )
        .select_related("country")
        .first()
    )


def indicators_of(template: IndicatorTemplate, *, restricted: bool) -> list[Indicator]:
    indicators = template.indicators.select_related("domain", "template__country")
    if not restricted:
        indicators = indicators.filter(is_public=True)
    return list(indicators.order_by("domain__order", "order", "code"))


def total_key(indicator: Indicator) -> str:
    return "|".join(f"{name}={TOTAL}" for name in indicator.disaggregations)


def closed_codes(dimension: str) -> list[str]:
    spec = default_template.DISAGGREGATIONS.get(dimension)
    values = spec.get("values") if spec else None
    return list(values) if isinstance(values, dict) else []


def code_label(dimension: str, code: str, language: str) -> str:
    """A breakdown code in words ("Women" for sex F); origin codes are country names."""
    if code == TOTAL:
        return _("Total")
    spec = default_template.DISAGGREGATIONS.get(dimension)
    values = spec.get("values") if spec else None
    if isinstance(values, dict) and isinstance(values.get(code), dict):
        names = values[code]
        return str(names.get(language) or names.get("en") or code)
    if dimension == "origin":
        import pycountry

        country = (
            pycountry.countries.get(alpha_3=code)
            if len(code) == 3 and not code.isdigit()
            else pycountry.countries.get(numeric=code.zfill(3))
            if code.isdigit()
            else pycountry.countries.get(alpha_2=code)
        )
        if country is not None:
            return str(getattr(country, "common_name", None) or country.name)
    return code


def margin_keys(indicator: Indicator) -> dict[str, list[str]]:
    """For each closed breakdown: the cell keys of its parts, the other breakdowns at total."""
    margins: dict[str, list[str]] = {}
    for dimension in indicator.disaggregations:
        codes = closed_codes(dimension)
        if not codes:
            continue
        margins[dimension] = [
            "|".join(f"{name}={code if name == dimension else TOTAL}" for name in indicator.disaggregations)
            for code in codes
        ]
    return margins


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    period: str = ""
    source: str = ""
    # "" saved as is; "parts": sum of a breakdown; "places": sum of the localities below;
    # "ratio": numerator over denominator.
    derived: str = ""
    places: tuple[int, int] | None = None  # (localities that reported, localities below)
    suppressed: bool = False

    @property
    def shown(self) -> Decimal | None:
        return None if self.suppressed else self.value

    def note(self) -> str:
        if self.suppressed:
            return _("hidden (small count)")
        if self.derived == "parts":
            return _("sum of its parts")
        if self.derived == "places" and self.places:
            reported, total = self.places
            if reported < total:
                return _("sum of %(reported)s of the %(total)s places below (incomplete)") % {
                    "reported": reported,
                    "total": total,
                }
            return _("sum of the %(total)s places below") % {"total": total}
        if self.derived == "ratio":
            return _("computed from its numerator and denominator")
        return ""


Key = tuple[int, int, int]  # indicator, territory, year


def _year_bounds(first: int, last: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


def years_with_data(territory: Territory, indicators: Sequence[Indicator] | None = None) -> list[int]:
    """The years with figures for the territory, or for the localities below it; newest first."""
    values = Value.objects.filter(territory=territory)
    if indicators is not None:
        values = values.filter(indicator__in=indicators)
    years = {d.year for d in values.dates("period_start", "year")}
    if not years and territory.numchild:
        below = Value.objects.filter(territory__path__startswith=territory.path)
        if indicators is not None:
            below = below.filter(indicator__in=indicators)
        years = {d.year for d in below.dates("period_start", "year")}
    return sorted(years, reverse=True)


@dataclass
class CellTable:
    """Every saved cell of one indicator, territory and year (the latest period of the year)."""

    period: str
    source: str
    cells: dict[tuple[str, ...], Decimal | None]
    hidden: frozenset[tuple[str, ...]] = frozenset()  # by disclosure control


def _latest(rows: Iterable[dict[str, Any]]) -> dict[tuple[int, int, int, str], dict[str, Any]]:
    """Per (indicator, territory, year, cell): the row of the latest period in the year."""
    best: dict[tuple[int, int, int, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["indicator_id"], row["territory_id"], row["period_end"].year, row["cell_key"])
        held = best.get(key)
        if held is None or row["period_end"] > held["period_end"]:
            best[key] = row
    return best


def _sum_of_parts(
    indicator: Indicator,
    territory_id: int,
    year: int,
    latest: dict[tuple[int, int, int, str], dict[str, Any]],
) -> Figure | None:
    """An additive total from a complete closed breakdown (women + men) of the same period."""
    for parts in margin_keys(indicator).values():
        rows = [latest.get((indicator.pk, territory_id, year, cell)) for cell in parts]
        found = [r for r in rows if r is not None and r["value"] is not None]
        if len(found) != len(parts) or len({r["period"] for r in found}) != 1:
            continue
        return Figure(
            sum((r["value"] for r in found), Decimal(0)),
            found[0]["period"],
            found[0]["source"],
            derived="parts",
        )
    return None


def data_version() -> tuple[int, int]:
    """Changes whenever a figure is added or corrected: the cache key of derived figures."""
    newest = Value.objects.aggregate(v=Max("pk"))["v"] or 0
    corrected = ValueRevision.objects.aggregate(v=Max("pk"))["v"] or 0
    return newest, corrected


def _rolled_up(
    territory: Territory, missing: set[tuple[int, int]], indicators: dict[int, Indicator]
) -> dict[tuple[int, int], Figure]:
    """Figures of `territory` as the sum of the places right below it, each with its own figure,
    the sum of its parts, or (recursively) the sum of the places below it. Annual figures only:
    adding up quarters of different places would mix periods. Cached until the data changes."""
    digest = hashlib.sha256(repr((sorted(missing), data_version())).encode()).hexdigest()[:32]
    key = f"profiles:rollup:{territory.pk}:{digest}"
    cached = cache.get(key)
    if cached is None:
        cached = _compute_roll_up(territory, missing, indicators)
        cache.set(key, cached, ROLL_UP_CACHE_SECONDS)
    return cast(dict[tuple[int, int], Figure], cached)


def _compute_roll_up(
    territory: Territory, missing: set[tuple[int, int]], indicators: dict[int, Indicator]
) -> dict[tuple[int, int], Figure]:
    children = list(Territory.objects.filter(path__startswith=territory.path, depth=territory.depth + 1))
    if not children:
        return {}
    wanted = {indicators[ind] for ind, _y in missing}
    years = sorted({y for _i, y in missing})
    keys: set[str] = set()
    for indicator in wanted:
        keys.add(total_key(indicator))
        for parts in margin_keys(indicator).values():
            keys.update(parts)
    start, end = _year_bounds(years[0], years[-1])
    rows = cast(
        Iterable[dict[str, Any]],
        Value.objects.filter(
            territory__in=children,
            indicator__in=wanted,
            period_start__gte=start,
            period_end__lte=end,
            cell_key__in=keys,
        )
        .values("indicator_id", "territory_id", "period", "period_end", "cell_key", "value", "source")
        .iterator(chunk_size=5000),
    )
    latest = _latest(r for r in rows if len(r["period"]) == 4)
    per_child: dict[tuple[int, int], dict[int, Figure]] = defaultdict(dict)
    for indicator in wanted:
        total = total_key(indicator)
        for child in children:
            for year in years:
                if (indicator.pk, year) not in missing:
                    continue
                row = latest.get((indicator.pk, child.pk, year, total))
                if row is not None and row["value"] is not None:
                    figure: Figure | None = Figure(row["value"], row["period"], row["source"])
                else:
                    figure = _sum_of_parts(indicator, child.pk, year, latest)
                if figure is not None and figure.value is not None:
                    per_child[(indicator.pk, year)][child.pk] = figure
    for child in children:
        if not child.numchild:
            continue
        below = {k for k in missing if child.pk not in per_child.get(k, {})}
        if below:
            for k, figure in _rolled_up(child, below, indicators).items():
                per_child[k][child.pk] = figure
    result: dict[tuple[int, int], Figure] = {}
    for (ind, year), figures in per_child.items():
        sources = sorted({f.source for f in figures.values() if f.source})
        result[(ind, year)] = Figure(
            sum((f.value or Decimal(0) for f in figures.values()), Decimal(0)),
            str(year),
            sources[0]
            if len(sources) == 1
            else ngettext("%(count)s source", "%(count)s sources", len(sources)) % {"count": len(sources)},
            derived="places",
            places=(len(figures), len(children)),
        )
    return result


class FigureBook:
    """Figures of many indicators for a few territories and years, loaded in a few queries."""

    def __init__(
        self,
        indicators: Sequence[Indicator],
        territories: Sequence[Territory],
        years: Sequence[int],
        *,
        public: bool,
        full_cells_for: Territory | None = None,
    ) -> None:
        self.indicators = list(indicators)
        self.by_id = {i.pk: i for i in self.indicators}
        self.by_code = {i.code: i for i in self.indicators}
        self.territories = list(territories)
        self.years = sorted(set(years))
        self.public = public
        self.figures: dict[Key, Figure] = {}
        # Every cell of the main territory, for breakdowns and disclosure control.
        self.tables: dict[tuple[int, int], CellTable] = {}
        if not self.indicators or not self.territories or not self.years:
            return
        self._load(full_cells_for)

    # -- loading --------------------------------------------------------------------------------

    def _load(self, full_cells_for: Territory | None) -> None:
        start, end = _year_bounds(self.years[0], self.years[-1])
        keys = {total_key(i) for i in self.indicators}
        for indicator in self.indicators:
            if indicator.additive:
                for parts in margin_keys(indicator).values():
                    keys.update(parts)
        fields = (
            "indicator_id",
            "territory_id",
            "period",
            "period_end",
            "cell_key",
            "cell",
            "value",
            "source",
        )
        base = Value.objects.filter(
            indicator__in=self.indicators, period_start__gte=start, period_end__lte=end
        ).values(*fields)
        others = [t.pk for t in self.territories if full_cells_for is None or t.pk != full_cells_for.pk]
        rows: list[dict[str, Any]] = list(base.filter(territory_id__in=others, cell_key__in=keys))
        if full_cells_for is not None:
            rows.extend(base.filter(territory=full_cells_for))
        wanted_years = set(self.years)
        latest = {k: r for k, r in _latest(rows).items() if k[2] in wanted_years}
        # Cell tables per (indicator, year) for the main territory, cut to the latest period.
        if full_cells_for is not None:
            periods: dict[tuple[int, int], str] = {}
            for (ind, terr, year, _cell), row in latest.items():
                if terr == full_cells_for.pk:
                    held = periods.get((ind, year))
                    if held is None or row["period"] > held:
                        periods[(ind, year)] = row["period"]
            for (ind, terr, year, _cell), row in latest.items():
                if terr != full_cells_for.pk or row["period"] != periods[(ind, year)]:
                    continue
                table = self.tables.setdefault((ind, year), CellTable(row["period"], row["source"], {}))
                table.cells[tuple(row["cell"])] = row["value"]
        for (ind, terr, year, cell), row in latest.items():
            indicator = self.by_id[ind]
            if cell == total_key(indicator):
                self.figures[(ind, terr, year)] = Figure(row["value"], row["period"], row["source"])
        self._from_parts(latest)
        for territory in self.territories:
            if territory.numchild:
                self._roll_up(territory)
        self._ratios()
        if self.public:
            self._suppress(full_cells_for)

    def _from_parts(self, latest: dict[tuple[int, int, int, str], dict[str, Any]]) -> None:
        for indicator in self.indicators:
            if not indicator.additive:
                continue
            for territory in self.territories:
                for year in self.years:
                    key = (indicator.pk, territory.pk, year)
                    if key not in self.figures:
                        figure = _sum_of_parts(indicator, territory.pk, year, latest)
                        if figure is not None:
                            self.figures[key] = figure

    def _roll_up(self, territory: Territory) -> None:
        """Sums of the places below for additive indicators without a figure of their own."""
        missing = {
            (i.pk, y)
            for i in self.indicators
            if i.additive
            for y in self.years
            if (i.pk, territory.pk, y) not in self.figures
        }
        if not missing:
            return
        for (ind, year), figure in _rolled_up(territory, missing, self.by_id).items():
            self.figures[(ind, territory.pk, year)] = figure

    def _ratios(self) -> None:
        for indicator in self.indicators:
            scale = RATE_SCALE.get(Unit(indicator.unit)) if indicator.unit in RATE_SCALE else None
            numerator = self.by_code.get(indicator.numerator)
            denominator = self.by_code.get(indicator.denominator)
            if scale is None or numerator is None or denominator is None:
                continue
            for territory in self.territories:
                for year in self.years:
                    key = (indicator.pk, territory.pk, year)
                    if key in self.figures:
                        continue
                    top = self.figures.get((numerator.pk, territory.pk, year))
                    bottom = self.figures.get((denominator.pk, territory.pk, year))
                    if not top or not bottom or top.value is None or not bottom.value:
                        continue
                    ratio = (top.value * scale / bottom.value).quantize(Decimal("0.1"))
                    self.figures[key] = Figure(ratio, top.period, top.source, derived="ratio")

    def _suppress(self, main: Territory | None) -> None:
        limit = threshold()
        for (ind, year), table in self.tables.items():
            indicator = self.by_id[ind]
            if indicator.unit not in COUNT_UNITS:
                continue
            total = tuple(TOTAL for _d in indicator.disaggregations)
            figure = self.figures.get((ind, main.pk, year)) if main is not None else None
            cells = dict(table.cells)
            if any(v is not None and v < 0 for v in cells.values()):
                continue  # a balance (net migration), not a count of people: nothing to single out
            if total not in cells and figure is not None and figure.period == table.period:
                # A total derived from its parts is published too: it must take part in the rule.
                cells[total] = figure.value
            hidden = disclosure.suppress(cells, threshold=limit)
            table.hidden = hidden
            table.cells = {k: (None if k in hidden else v) for k, v in table.cells.items()}
            if figure is not None and total in hidden and main is not None:
                self.figures[(ind, main.pk, year)] = replace(figure, suppressed=True)
        for key, figure in list(self.figures.items()):
            indicator = self.by_id[key[0]]
            if indicator.unit in COUNT_UNITS and figure.value is not None and 0 < figure.value < limit:
                self.figures[key] = replace(figure, suppressed=True)

    # -- reading --------------------------------------------------------------------------------

    def get(self, indicator: Indicator, territory: Territory, year: int) -> Figure | None:
        return self.figures.get((indicator.pk, territory.pk, year))


# --- Profile page ---------------------------------------------------------------------------


@dataclass
class Row:
    indicator: Indicator
    here: Figure | None
    before: Figure | None
    comparisons: list[Figure | None]

    @property
    def change(self) -> Decimal | None:
        if not self.here or not self.before or self.here.shown is None or self.before.shown is None:
            return None
        return self.here.shown - self.before.shown


@dataclass
class Profile:
    territory: Territory
    template: IndicatorTemplate
    year: int
    years: list[int]
    comparisons: list[Territory]
    headline: list[Row]
    domains: list[tuple[Any, list[Row]]]
    restricted: bool
    filled: int = 0
    book: FigureBook | None = field(default=None, repr=False)
    # Indicators of the template with no figure here, the year before or above: listed, not tabled.
    without_figures: list[Indicator] = field(default_factory=list)


def comparison_levels(territory: Territory) -> list[Territory]:
    """The territories above, nearest first (region, then country)."""
    return list(reversed(list(Territory.objects.get_ancestors(territory))))


def profile(
    territory: Territory, template: IndicatorTemplate, *, year: int | None, restricted: bool
) -> Profile | None:
    indicators = indicators_of(template, restricted=restricted)
    years = years_with_data(territory, indicators)
    if not years:
        return None
    chosen = year if year in years else years[0]
    above = comparison_levels(territory)
    book = FigureBook(
        indicators, [territory, *above], [chosen - 1, chosen], public=not restricted, full_cells_for=territory
    )
    rows: list[Row] = []
    for indicator in indicators:
        rows.append(
            Row(
                indicator,
                book.get(indicator, territory, chosen),
                book.get(indicator, territory, chosen - 1),
                [book.get(indicator, t, chosen) for t in above],
            )
        )
    domains: list[tuple[Any, list[Row]]] = []
    without: list[Indicator] = []
    for row in rows:
        if row.here is None and row.before is None and not any(row.comparisons):
            without.append(row.indicator)
            continue
        if not domains or domains[-1][0].pk != row.indicator.domain_id:
            domains.append((row.indicator.domain, []))
        domains[-1][1].append(row)
    return Profile(
        without_figures=without,
        territory=territory,
        template=template,
        year=chosen,
        years=years,
        comparisons=above,
        headline=[r for r in rows if r.indicator.headline and r.here is not None],
        domains=domains,
        restricted=restricted,
        filled=sum(1 for r in rows if r.here is not None),
        book=book,
    )


# --- Indicator page -------------------------------------------------------------------------


@dataclass
class Breakdown:
    dimension: str
    name: str
    # (code, label, figure in the chosen year)
    cells: list[tuple[str, str, Decimal | None, bool]]  # code, label, value, suppressed


@dataclass
class IndicatorView:
    territory: Territory
    indicator: Indicator
    year: int
    years: list[int]
    trend: list[tuple[Territory, list[tuple[int, Figure | None]]]]
    peers: list[tuple[Territory, Figure | None]]
    parent: Territory | None
    by_sex: list[tuple[int, Decimal | None, Decimal | None, bool, bool]]  # year, F, M, F hidden, M hidden
    breakdowns: list[Breakdown]
    period: str
    source: str


def indicator_view(
    territory: Territory, indicator: Indicator, *, year: int | None, restricted: bool, language: str
) -> IndicatorView | None:
    years = years_with_data(territory, [indicator])
    if not years:
        return None
    chosen = year if year in years else years[0]
    above = comparison_levels(territory)
    span = sorted(years)
    related = [indicator]
    for code in (indicator.numerator, indicator.denominator):
        other = Indicator.objects.filter(template=indicator.template, code=code).first() if code else None
        if other is not None:
            related.append(other)
    trend_book = FigureBook(
        related, [territory, *above[:2]], span, public=not restricted, full_cells_for=territory
    )
    trend = [(t, [(y, trend_book.get(indicator, t, y)) for y in span]) for t in [territory, *above[:2]]]
    parent = above[0] if above else None
    peers: list[tuple[Territory, Figure | None]] = []
    if parent is not None:
        siblings = list(
            Territory.objects.get_children(parent).filter(kind=territory.kind).order_by("name")[:60]
        )
        peer_book = FigureBook(related, [parent, *siblings], [chosen], public=not restricted)
        peers = [(t, peer_book.get(indicator, t, chosen)) for t in siblings]
        if not restricted and indicator.unit in COUNT_UNITS:
            peers = _suppress_peers(peers, peer_book.get(indicator, parent, chosen))
    by_sex: list[tuple[int, Decimal | None, Decimal | None, bool, bool]] = []
    if "sex" in indicator.disaggregations:
        position = indicator.disaggregations.index("sex")
        for y in span:
            table = trend_book.tables.get((indicator.pk, y))
            if table is None:
                continue
            female = _cell(table, indicator, position, "F")
            male = _cell(table, indicator, position, "M")
            if female[0] is None and male[0] is None and not (female[1] or male[1]):
                continue
            by_sex.append((y, female[0], male[0], female[1], male[1]))
    breakdowns: list[Breakdown] = []
    table = trend_book.tables.get((indicator.pk, chosen))
    for position, dimension in enumerate(indicator.disaggregations):
        if table is None:
            break
        cells = []
        for cell, value in table.cells.items():
            if cell[position] == TOTAL or any(c != TOTAL for i, c in enumerate(cell) if i != position):
                continue
            label = code_label(dimension, cell[position], language)
            cells.append((cell[position], label, value, cell in table.hidden))
        if not cells:
            continue
        cells.sort(key=lambda c: (c[2] is None, -(c[2] or 0), c[1]))
        breakdowns.append(Breakdown(dimension, dimension_name(dimension), cells))
    figure = trend_book.get(indicator, territory, chosen)
    return IndicatorView(
        territory=territory,
        indicator=indicator,
        year=chosen,
        years=years,
        trend=trend,
        peers=peers,
        parent=parent,
        by_sex=by_sex,
        breakdowns=breakdowns,
        period=figure.period if figure else str(chosen),
        source=figure.source if figure else "",
    )


def _key(indicator: Indicator, position: int, code: str) -> tuple[str, ...]:
    return tuple(code if i == position else TOTAL for i in range(len(indicator.disaggregations)))


def _cell(table: CellTable, indicator: Indicator, position: int, code: str) -> tuple[Decimal | None, bool]:
    key = _key(indicator, position, code)
    return table.cells.get(key), key in table.hidden


def _suppress_peers(
    peers: list[tuple[Territory, Figure | None]], parent: Figure | None
) -> list[tuple[Territory, Figure | None]]:
    """Places add up to their region: hide what the region's total would give back."""
    cells: dict[tuple[str, ...], Decimal | None] = {
        (t.slug,): f.value for t, f in peers if f is not None and not f.suppressed
    }
    for t, f in peers:
        if f is not None and f.suppressed:
            cells[(t.slug,)] = f.value
    if parent is not None and parent.value is not None:
        cells[(TOTAL,)] = parent.value
    if any(v is not None and v < 0 for v in cells.values()):
        return peers  # balances, not counts of people
    hidden = disclosure.suppress(cells, threshold=threshold())
    return [(t, replace(f, suppressed=True) if f and (t.slug,) in hidden else f) for t, f in peers]


# --- Completeness ---------------------------------------------------------------------------


@dataclass
class CompletenessRow:
    territory: Territory
    by_domain: list[tuple[int, int, list[str]]]  # filled, expected, missing codes
    filled: int
    expected: int


def localities(territory: Territory) -> list[Territory]:
    """The municipalities at or below a territory (the places that fill the template); where there
    are none (a tree without that level), the places at the bottom of the tree."""
    below = Territory.objects.filter(path__startswith=territory.path).order_by("path")
    found = list(below.filter(kind=Territory.Kind.MUNICIPALITY))
    if not found:
        found = list(below.filter(Q(numchild=0)))
    return found


def completeness(
    territory: Territory, template: IndicatorTemplate, year: int
) -> tuple[list[Any], list[CompletenessRow]]:
    """Which localities at or below the territory submitted which indicators for the year."""
    indicators = indicators_of(template, restricted=True)
    domains: list[Any] = []
    for indicator in indicators:
        if not domains or domains[-1].pk != indicator.domain_id:
            domains.append(indicator.domain)
    places = localities(territory)
    start, end = _year_bounds(year, year)
    submitted: dict[int, set[int]] = defaultdict(set)
    for terr, ind in (
        Value.objects.filter(
            territory__in=places, indicator__in=indicators, period_start__gte=start, period_end__lte=end
        )
        .values_list("territory_id", "indicator_id")
        .distinct()
    ):
        submitted[terr].add(ind)
    rows = []
    for place in places:
        done = submitted.get(place.pk, set())
        by_domain = []
        for domain in domains:
            expected = [i for i in indicators if i.domain_id == domain.pk]
            missing = [i.code for i in expected if i.pk not in done]
            by_domain.append((len(expected) - len(missing), len(expected), missing))
        rows.append(CompletenessRow(place, by_domain, len(done), len(indicators)))
    return domains, rows


def recent_imports(territory: Territory, limit: int = 20) -> list[ImportBatch]:
    return list(
        ImportBatch.objects.filter(territory__path__startswith=territory.path)
        .select_related("territory", "imported_by", "template")
        .order_by("-imported_at")[:limit]
    )


# --- Fact cards -----------------------------------------------------------------------------


@dataclass
class CardFigure:
    indicator: Indicator
    year: int
    figure: Figure
    before: Figure | None


def fact_card_figures(card: Any, *, restricted: bool) -> list[CardFigure]:
    """The latest figure of each indicator the card names, for the card's territory: the card
    changes when the data does."""
    template = template_for(card.territory)
    if template is None:
        return []
    available = indicators_of(template, restricted=restricted)
    wanted = [i for i in available if i.code in set(card.indicator_codes)]
    # Rates are computed from their numerator and denominator when not saved.
    helpers = {c for i in wanted for c in (i.numerator, i.denominator) if c}
    loaded = [i for i in available if i.code in set(card.indicator_codes) | helpers]
    years = years_with_data(card.territory, loaded)
    if not wanted or not years:
        return []
    book = FigureBook(
        loaded, [card.territory], years[:4], public=not restricted, full_cells_for=card.territory
    )
    found = []
    for indicator in sorted(wanted, key=lambda i: card.indicator_codes.index(i.code)):
        for year in years[:3]:
            figure = book.get(indicator, card.territory, year)
            if figure is not None and figure.value is not None:
                found.append(
                    CardFigure(indicator, year, figure, book.get(indicator, card.territory, year - 1))
                )
                break
    return found
