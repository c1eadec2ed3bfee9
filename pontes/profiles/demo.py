"""Profiles' demo step: invented figures for both demo countries, at every level of the demo tree.

Morocco > Tazrout Province > Tizgui, Amzrou, Iguernane (a place people leave: a large diaspora in
Spain, remittances, returns) and Spain > Valmira > three districts (a city people come to, from
Morocco, Romania, Colombia and Senegal above all). Every figure is made up; sources say so.

Figures are drawn for "units": each demo locality, plus the rest of each higher territory that the
demo does not show (the province's other municipalities, the city's other districts, the rest of
the country). A territory's counts are the sums of its units, so a province always holds at least
what its municipalities add up to, and within a unit every total is the sum of its parts (F + M is
the total; listed origins leave room for the others). Rates are averages of the units weighted by
population; shares are computed from the counts they divide. Some figures are missing (".."),
some counts are small (below 10), so that disclosure control has something to hide.

The figures go in through `services.import_values()`, one import per territory, so they pass the
checks that real files do.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pontes.core.demo import DemoContext
from pontes.core.models import Territory

from . import services
from .importing import Table, number_text
from .models import TOTAL, ImportBatch, IndicatorTemplate, Value

YEARS: tuple[int, ...] = tuple(range(2019, 2025))
ANNUAL: tuple[str, ...] = tuple(str(year) for year in YEARS)
QUARTERS: tuple[str, ...] = tuple(f"{year}-Q{quarter}" for year in YEARS for quarter in range(1, 5))
OTHER = "~"  # the parts a breakdown does not name; never written out
COLUMNS = ("sex", "age_group", "origin", "migration_status")
SIDES = ("MA", "ES")

Cell = tuple[tuple[str, str], ...]  # (disaggregation, code) for each code that is not a total
Leaves = dict[tuple[str, ...], float]
Number = int | Decimal | None

# Each side's country, and the territories filled: bottom-up, so that parents come after their children.
COUNTRIES = {"MA": "morocco", "ES": "spain"}
TERRITORIES: dict[str, tuple[str, ...]] = {
    "MA": ("tizgui", "amzrou", "iguernane", "tazrout", "morocco"),
    "ES": ("valmira-centro", "valmira-puerto", "valmira-las-eras", "valmira", "spain"),
}
# The units each territory adds up ("x+": the part of x that the demo does not show).
UNITS: dict[str, tuple[str, ...]] = {
    "tizgui": ("tizgui",),
    "amzrou": ("amzrou",),
    "iguernane": ("iguernane",),
    "tazrout": ("tizgui", "amzrou", "iguernane", "tazrout+"),
    "morocco": ("tizgui", "amzrou", "iguernane", "tazrout+", "morocco+"),
    "valmira-centro": ("valmira-centro",),
    "valmira-puerto": ("valmira-puerto",),
    "valmira-las-eras": ("valmira-las-eras",),
    "valmira": ("valmira-centro", "valmira-puerto", "valmira-las-eras", "valmira+"),
    "spain": ("valmira-centro", "valmira-puerto", "valmira-las-eras", "valmira+", "spain+"),
}
# Surveys could not go to the field in 2020: their local figures for that year are missing.
SURVEY_GAP = {"tizgui", "amzrou", "iguernane"}
MISSING_SHARE = 0.015

SOURCES = {
    ("MA", "census"): "Demonstration data — fictional census of Tazrout 2024 and fictional yearly estimates",
    ("MA", "survey"): "Demonstration data — fictional household survey of Tazrout Province, 2019–2024",
    ("MA", "remittances"): "Demonstration data — fictional remittance survey of Tazrout Province",
    ("MA", "records"): "Demonstration data — fictional records of the Maison des migrants de Tizgui",
    ("MA", "schools"): "Demonstration data — fictional school census of Tazrout Province",
    ("MA", "prices"): "Demonstration data — fictional survey of money-transfer prices to Morocco",
    ("ES", "register"): "Demonstration data — fictional municipal register (padrón) of Valmira",
    ("ES", "census"): "Demonstration data — fictional census of Valmira 2021 and fictional register updates",
    ("ES", "survey"): "Demonstration data — fictional social survey of Valmira, 2019–2024",
    ("ES", "records"): "Demonstration data — fictional administrative records of Valmira City Council",
    ("ES", "schools"): "Demonstration data — fictional school census of Valmira",
    ("ES", "elections"): "Demonstration data — fictional local election results, Valmira 2019 and 2023",
    ("ES", "prices"): "Demonstration data — fictional survey of money-transfer prices from Spain",
}
BATCH_SOURCE = "Demonstration data — fictional figures, not official statistics"


# --- Places -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A unit whose figures are drawn: a demo locality, or the part of a territory not shown."""

    key: str
    side: str
    population: int  # in 2019
    growth: float  # a year
    traits: Mapping[str, float]  # the rates the formulas below start from
    origins: Mapping[str, float]  # shares of the foreign-born by country of birth
    national: bool = False

    def __getitem__(self, trait: str) -> float:
        return self.traits[trait]

    def pop(self, year: int) -> float:
        return self.population * (1 + self.growth) ** (year - 2019)

    def foreign_born(self, year: int) -> float:
        return self.pop(year) * self["fb"] * FOREIGN_BORN_TREND[self.side].get(year, 1.0)

    def households(self, year: int) -> float:
        return self.pop(year) / self["hh"]


FOREIGN_BORN_TREND = {
    "MA": {2019: 1.0, 2020: 1.01, 2021: 1.03, 2022: 1.06, 2023: 1.10, 2024: 1.14},
    "ES": {2019: 1.0, 2020: 1.03, 2021: 1.05, 2022: 1.10, 2023: 1.17, 2024: 1.23},
}
# Flows fell in 2020 (closed borders) and came back above their earlier level.
FLOW = {2019: 1.0, 2020: 0.56, 2021: 0.82, 2022: 1.04, 2023: 1.12, 2024: 1.17}
ACTIVITY = {2019: 1.0, 2020: 0.68, 2021: 0.94, 2022: 1.10, 2023: 1.19, 2024: 1.26}
GROWING = {2019: 1.0, 2020: 1.0, 2021: 1.08, 2022: 1.16, 2023: 1.24, 2024: 1.30}
# Remittances to Morocco rose even in 2020, then jumped.
REMITTANCES = {2019: 1.0, 2020: 1.06, 2021: 1.47, 2022: 1.59, 2023: 1.67, 2024: 1.72}
RECEIVING = {2019: 1.0, 2020: 1.01, 2021: 1.03, 2022: 1.04, 2023: 1.05, 2024: 1.06}
BUDGET = {2019: 1.0, 2020: 1.12, 2021: 1.15, 2022: 1.22, 2023: 1.30, 2024: 1.36}
# Many came home in 2020, when work abroad stopped.
RETURNS = {2019: 1.0, 2020: 1.85, 2021: 1.30, 2022: 1.02, 2023: 0.95, 2024: 0.92}
SOCIAL = {2019: 1.0, 2020: 1.24, 2021: 1.17, 2022: 1.08, 2023: 1.04, 2024: 1.02}

FEMALE_BY_ORIGIN = {
    "MA": {"ESP": 0.49, "FRA": 0.50, "SEN": 0.36, "CIV": 0.41, OTHER: 0.45},
    "ES": {"MAR": 0.45, "ROU": 0.52, "COL": 0.57, "SEN": 0.27, "142": 0.49, OTHER: 0.52},
}
AGES = {
    "MA": {"Y0T14": 0.28, "Y15T24": 0.17, "Y25T64": 0.45, "Y_GE65": 0.10},
    "ES": {"Y0T14": 0.14, "Y15T24": 0.10, "Y25T64": 0.56, "Y_GE65": 0.20},
}

_MA_NATIONAL_ORIGINS = {"ESP": 0.12, "FRA": 0.22, "SEN": 0.13, "CIV": 0.09}
_TAZROUT_ORIGINS = {"ESP": 0.38, "FRA": 0.17, "SEN": 0.13, "CIV": 0.09}  # mostly children born abroad
_ES_NATIONAL_ORIGINS = {"MAR": 0.12, "ROU": 0.08, "COL": 0.09, "SEN": 0.012, "142": 0.07}

# fmt: off
PLACES: dict[str, Place] = {
    p.key: p
    for p in (
        Place(
            "tizgui",
            "MA",
            46_200,
            0.006,
            {
                "fb": 0.0042, "ref": 0.0004, "ret": 0.021, "abroad": 0.15, "hh": 4.4, "remit_hh": 0.26,
                "remit_amt": 3_900, "fhh": 0.38, "dep": 0.008, "ret_flow": 0.0035, "info": 0.011,
                "unemp": 13.5, "emp": 41.0, "early": 22.0, "neet": 28.0, "tertiary": 9.5, "health": 62.0,
                "opinion": 58.0, "net": -3.2, "gap": 0.33, "budget": 420_000, "assoc": 4, "pupils": 0.21,
            },
            _TAZROUT_ORIGINS,
        ),
        Place(
            "amzrou",
            "MA",
            19_400,
            0.001,
            {
                "fb": 0.0025, "ref": 0.0001, "ret": 0.028, "abroad": 0.24, "hh": 4.8, "remit_hh": 0.36,
                "remit_amt": 3_600, "fhh": 0.44, "dep": 0.012, "ret_flow": 0.0045, "info": 0.004,
                "unemp": 16.0, "emp": 36.0, "early": 31.0, "neet": 34.0, "tertiary": 5.2, "health": 54.0,
                "opinion": 63.0, "net": -7.1, "gap": 0.27, "budget": 150_000, "assoc": 2, "pupils": 0.22,
            },
            _TAZROUT_ORIGINS,
        ),
        Place(
            "iguernane",
            "MA",
            7_850,
            -0.004,
            {
                "fb": 0.0016, "ref": 0.0003, "ret": 0.033, "abroad": 0.29, "hh": 5.1, "remit_hh": 0.41,
                "remit_amt": 3_300, "fhh": 0.47, "dep": 0.014, "ret_flow": 0.005, "info": 0.002,
                "unemp": 17.5, "emp": 33.0, "early": 38.0, "neet": 39.0, "tertiary": 3.1, "health": 49.0,
                "opinion": 66.0, "net": -9.4, "gap": 0.24, "budget": 40_000, "assoc": 1, "pupils": 0.23,
            },
            _TAZROUT_ORIGINS,
        ),
        Place(
            "tazrout+",
            "MA",
            254_000,
            0.002,
            {
                "fb": 0.0018, "ref": 0.0001, "ret": 0.019, "abroad": 0.17, "hh": 4.7, "remit_hh": 0.29,
                "remit_amt": 3_700, "fhh": 0.41, "dep": 0.009, "ret_flow": 0.0032, "info": 0.002,
                "unemp": 15.0, "emp": 38.0, "early": 27.0, "neet": 31.0, "tertiary": 6.0, "health": 57.0,
                "opinion": 61.0, "net": -5.0, "gap": 0.29, "budget": 1_900_000, "assoc": 9, "pupils": 0.22,
            },
            _TAZROUT_ORIGINS,
        ),
        Place(
            "morocco+",
            "MA",
            35_600_000,
            0.007,
            {
                "fb": 0.0028, "ref": 0.0005, "ret": 0.012, "abroad": 0.14, "hh": 4.5, "remit_hh": 0.24,
                "remit_amt": 3_650, "fhh": 0.35, "dep": 0.003, "ret_flow": 0.0012, "info": 0.0008,
                "unemp": 9.2, "emp": 41.5, "early": 20.0, "neet": 25.0, "tertiary": 11.0, "health": 58.0,
                "opinion": 55.0, "net": -1.4, "gap": 0.31, "budget": 850_000_000, "assoc": 2_400,
                "pupils": 0.21,
            },
            _MA_NATIONAL_ORIGINS,
            national=True,
        ),
        Place(
            "valmira-centro",
            "ES",
            41_300,
            0.007,
            {
                "fb": 0.15, "ref": 0.006, "ret": 0.012, "arr": 0.026, "unemp": 12.4, "emp": 66.0,
                "poverty": 17.0, "early": 13.0, "tertiary": 38.0, "health": 99.2, "housing": 11.0,
                "opinion": 61.0, "belonging": 74.0, "discrim": 24.0, "net": 9.0, "gap": 0.88,
                "budget": 140_000, "assoc": 6, "pupils": 0.16,
            },
            {"MAR": 0.24, "ROU": 0.13, "COL": 0.18, "SEN": 0.06, "142": 0.08},
        ),
        Place(
            "valmira-puerto",
            "ES",
            33_800,
            0.011,
            {
                "fb": 0.24, "ref": 0.011, "ret": 0.008, "arr": 0.034, "unemp": 18.7, "emp": 58.0,
                "poverty": 29.0, "early": 21.0, "tertiary": 19.0, "health": 97.6, "housing": 19.0,
                "opinion": 55.0, "belonging": 66.0, "discrim": 33.0, "net": 14.0, "gap": 0.79,
                "budget": 310_000, "assoc": 9, "pupils": 0.19,
            },
            {"MAR": 0.36, "ROU": 0.12, "COL": 0.10, "SEN": 0.10, "142": 0.07},
        ),
        Place(
            "valmira-las-eras",
            "ES",
            27_100,
            0.004,
            {
                "fb": 0.085, "ref": 0.003, "ret": 0.010, "arr": 0.015, "unemp": 13.1, "emp": 64.0,
                "poverty": 19.0, "early": 15.0, "tertiary": 27.0, "health": 99.0, "housing": 9.0,
                "opinion": 58.0, "belonging": 71.0, "discrim": 26.0, "net": 5.0, "gap": 0.85,
                "budget": 70_000, "assoc": 2, "pupils": 0.17,
            },
            {"MAR": 0.25, "ROU": 0.22, "COL": 0.12, "SEN": 0.04, "142": 0.04},
        ),
        Place(
            "valmira+",
            "ES",
            73_600,
            0.005,
            {
                "fb": 0.09, "ref": 0.004, "ret": 0.011, "arr": 0.018, "unemp": 14.0, "emp": 63.0,
                "poverty": 21.0, "early": 16.0, "tertiary": 29.0, "health": 99.1, "housing": 10.0,
                "opinion": 59.0, "belonging": 70.0, "discrim": 27.0, "net": 6.0, "gap": 0.86,
                "budget": 1_150_000, "assoc": 5, "pupils": 0.17,
            },
            {"MAR": 0.30, "ROU": 0.16, "COL": 0.13, "SEN": 0.06, "142": 0.05},
        ),
        Place(
            "spain+",
            "ES",
            46_800_000,
            0.007,
            {
                "fb": 0.143, "ref": 0.004, "ret": 0.011, "arr": 0.016, "unemp": 14.1, "emp": 63.3,
                "poverty": 20.7, "early": 17.3, "tertiary": 39.0, "health": 99.1, "housing": 8.5,
                "opinion": 60.0, "belonging": 72.0, "discrim": 25.0, "net": 8.0, "gap": 0.86,
                "budget": 1_400_000_000, "assoc": 5_200, "pupils": 0.17,
            },
            _ES_NATIONAL_ORIGINS,
            national=True,
        ),
    )
}
# fmt: on


# --- How the figures are drawn ----------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """Counts (and sums of money) that add up: drawn per unit as leaves, then summed."""

    code: str
    sides: tuple[str, ...]
    dims: tuple[str, ...]  # the breakdowns crossed in `leaves`, in the order of their codes
    leaves: Callable[[Place, int], Leaves]  # expected figures of the finest cells, for a year
    source: str
    periods: Mapping[str, tuple[str, ...]] | None = None  # by side; 2019–2024 otherwise
    margin: str = ""  # one more breakdown, of the grand total only
    margin_shares: Mapping[str, Mapping[str, float]] | None = None  # by side
    rounding: int = 1
    noise: float = 0.04


@dataclass(frozen=True)
class Rate:
    """Rates, shares and averages: drawn per unit, then averaged with the population as weight."""

    code: str
    sides: tuple[str, ...]
    cells: Mapping[str, Mapping[Cell, float]]  # by side: each cell's multiple of the base
    base: Callable[[Place], float]
    change: Callable[[Place, float], float]  # unit, years since 2019 -> points added to the base
    source: str
    periods: Mapping[str, tuple[str, ...]] | None = None
    low: float = 0.0
    high: float = 100.0
    places: int = 1
    noise: float = 0.03
    survey: bool = False


@dataclass(frozen=True)
class Share:
    """A ratio of two counts of the same territory and period, so that they agree."""

    code: str
    sides: tuple[str, ...]
    numerator: str
    denominator: str
    cells: Mapping[str, Sequence[tuple[Cell, Cell, Cell]]]  # by side: (cell, numerator's, denominator's)
    source: str
    factor: float = 100.0
    places: int = 1
    high: float = 100.0


@dataclass(frozen=True)
class Level:
    """Counts of distinct things (countries represented): a parent has at least its largest child."""

    code: str
    sides: tuple[str, ...]
    base: Mapping[str, tuple[float, float]]  # territory -> (2019 figure, yearly change)
    source: str
    high: float


Spec = Count | Rate | Share | Level


def cell(**codes: str) -> Cell:
    return tuple(sorted(codes.items()))


def _steps(ma: Mapping[int, float], es: Mapping[int, float]) -> Callable[[Place, float], float]:
    """Points added to the base, year by year, on each side."""
    tables = {"MA": ma, "ES": es}
    return lambda p, t: tables[p.side].get(2019 + int(t), 0.0)


def sex(total: float, female: float) -> Leaves:
    return {("F",): total * female, ("M",): total * (1 - female)}


def sex_by(total: float, female: float, parts: Mapping[str, float]) -> Leaves:
    """Sex crossed with a breakdown whose named parts add up to 1 or less (the rest: unnamed)."""
    leaves: Leaves = {}
    for code, share in _with_rest(parts).items():
        leaves[("F", code)] = total * share * female
        leaves[("M", code)] = total * share * (1 - female)
    return leaves


def sex_origin(total: float, origins: Mapping[str, float], female: Mapping[str, float]) -> Leaves:
    """Sex by origin, with a share of women for each origin (`OTHER` for the unnamed ones)."""
    leaves: Leaves = {}
    for code, share in _with_rest(origins).items():
        f = female.get(code, female[OTHER])
        leaves[("F", code)] = total * share * f
        leaves[("M", code)] = total * share * (1 - f)
    return leaves


def parts(total: float, shares: Mapping[str, float]) -> Leaves:
    return {(code,): total * share for code, share in _with_rest(shares).items()}


def _with_rest(shares: Mapping[str, float]) -> dict[str, float]:
    rest = 1.0 - sum(shares.values())
    return {**shares, OTHER: rest} if rest > 1e-9 else dict(shares)


def _both(ma: Mapping[Cell, float], es: Mapping[Cell, float]) -> dict[str, Mapping[Cell, float]]:
    return {"MA": ma, "ES": es}


def _census(ma: tuple[str, ...], es: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {"MA": ma, "ES": es}


MA, ES, BOTH = ("MA",), ("ES",), SIDES
TOTAL_SEX = {cell(): 1.0, cell(sex="F"): 1.0, cell(sex="M"): 1.0}


# --- Leaves of the counts ---------------------------------------------------------------------


def _population(p: Place, year: int) -> Leaves:
    """Sex by migration status; the statuses exclude one another, so they add up to the total."""
    female = 0.52 if p.side == "MA" and not p.national else (0.503 if p.side == "MA" else 0.51)
    fb = p["fb"] * FOREIGN_BORN_TREND[p.side].get(year, 1.0)
    ref = min(p["ref"], fb / 2)
    statuses = {"FOR": (fb - ref, 0.46 if p.side == "MA" else 0.51), "REF": (ref, 0.45)}
    statuses["RET"] = (p["ret"], 0.34 if p.side == "MA" else 0.48)
    named = sum(share for share, _f in statuses.values())
    women_named = sum(share * f for share, f in statuses.values())
    statuses["NAT"] = (1 - named, (female - women_named) / (1 - named))
    total = p.pop(year)
    leaves: Leaves = {}
    for code, (share, f) in statuses.items():
        leaves[("F", code)] = total * share * f
        leaves[("M", code)] = total * share * (1 - f)
    return leaves


def _foreign_citizens(p: Place, year: int) -> Leaves:
    # Colombians become Spanish after two years of residence, Romanians seldom bother.
    kept = {"MAR": 0.78, "ROU": 0.95, "COL": 0.55, "SEN": 0.85, "142": 0.82, OTHER: 0.75}
    stock = sex_origin(p.foreign_born(year), p.origins, FEMALE_BY_ORIGIN[p.side])
    return {key: value * kept[key[1]] for key, value in stock.items()}


def _refugees(p: Place, year: int) -> Leaves:
    base = p.pop(year) * p["ref"]
    if p.side == "MA":
        growth = {2019: 1.0, 2020: 1.02, 2021: 1.05, 2022: 1.08, 2023: 1.10, 2024: 1.12}[year]
        return sex_origin(
            base * growth,
            {"SYR": 0.45, "YEM": 0.12, "CIV": 0.10},
            {"SYR": 0.47, "YEM": 0.44, "CIV": 0.35, OTHER: 0.4},
        )
    growth = {2019: 1.0, 2020: 1.15, 2021: 1.25, 2022: 1.30, 2023: 1.35, 2024: 1.38}[year]
    leaves = sex_origin(
        base * growth,
        {"VEN": 0.33, "COL": 0.17, "MLI": 0.10},
        {"VEN": 0.55, "COL": 0.56, "MLI": 0.08, OTHER: 0.42},
    )
    # People fleeing the war in Ukraine, from 2022 on.
    ukraine = base * {2022: 0.85, 2023: 0.80, 2024: 0.78}.get(year, 0.0)
    leaves[("F", "UKR")] = ukraine * 0.64
    leaves[("M", "UKR")] = ukraine * 0.36
    return leaves


def _partnerships(p: Place, year: int) -> Leaves:
    """Twinnings and agreements: Valmira with Tazrout since 2021, with a Senegalese town since 2023."""
    if p.key == "valmira+":
        return {("MAR",): 1.0 if year >= 2021 else 0.0, ("SEN",): 1.0 if year >= 2023 else 0.0}
    if p.key == "tazrout+":
        return {("ESP",): 1.0 if year >= 2021 else 0.0, ("FRA",): 1.0}
    if p.key == "spain+":
        return {
            ("MAR",): 38.0 + year - 2019,
            ("COL",): 24.0,
            ("SEN",): 11.0 + (year - 2019) / 2,
            (OTHER,): 190.0,
        }
    if p.key == "morocco+":
        return {("ESP",): 36.0 + year - 2019, ("FRA",): 61.0, (OTHER,): 140.0}
    return {("MAR",): 0.0} if p.side == "ES" else {("ESP",): 0.0}


def _councillors(p: Place, year: int) -> Leaves:
    if p.key == "valmira+":
        return {("F",): 1.0, ("M",): 0.0 if year < 2023 else 1.0}
    if p.key == "spain+":
        return sex(210.0 if year < 2023 else 286.0, 0.46)
    return {("F",): 0.0, ("M",): 0.0}


def _remitted(p: Place, year: int) -> float:
    return p.households(2019) * p["remit_hh"] * p["remit_amt"] * REMITTANCES[year]


def _receiving(p: Place, year: int) -> float:
    return p.households(year) * p["remit_hh"] * RECEIVING[year]


REMITTANCE_ORIGINS = {
    True: {"FRA": 0.30, "ESP": 0.19, "ITA": 0.12, "BEL": 0.06},
    False: {"ESP": 0.46, "FRA": 0.21, "ITA": 0.11, "BEL": 0.06},
}

COUNTS: tuple[Count, ...] = (
    # Population
    Count(
        "POP.TOTAL",
        BOTH,
        ("sex", "migration_status"),
        _population,
        "census",
        margin="age_group",
        margin_shares=AGES,
        noise=0.01,
    ),
    Count(
        "POP.MIG.STOCK",
        BOTH,
        ("sex", "origin"),
        lambda p, y: sex_origin(p.foreign_born(y), p.origins, FEMALE_BY_ORIGIN[p.side]),
        "census",
        noise=0.03,
    ),
    Count("POP.FOR.CIT", ES, ("sex", "origin"), _foreign_citizens, "register", noise=0.03),
    Count(
        "POP.MIG.ARRIVALS",
        ES,
        ("sex", "origin"),
        lambda p, y: sex_origin(
            p.pop(y) * p["arr"] * FLOW[y],
            {"MAR": 0.22, "COL": 0.18, "ROU": 0.07, "SEN": 0.08, "142": 0.06},
            {"MAR": 0.40, "COL": 0.56, "ROU": 0.50, "SEN": 0.25, "142": 0.50, OTHER: 0.52},
        ),
        "register",
    ),
    Count(
        "POP.MIG.DEPARTURES",
        MA,
        ("sex",),
        lambda p, y: sex(p.pop(y) * p["dep"] * FLOW[y], 0.31),
        "census",
    ),
    Count(
        "POP.NAT.ACQ",
        ES,
        ("sex", "origin"),
        lambda p, y: sex_origin(
            p.foreign_born(y) * 0.018 * {2020: 0.7, 2021: 1.2, 2022: 1.3, 2023: 1.25, 2024: 1.3}.get(y, 1.0),
            {"COL": 0.34, "MAR": 0.28, "SEN": 0.05, "ROU": 0.01, "142": 0.05},
            {"COL": 0.58, "MAR": 0.46, "SEN": 0.30, "ROU": 0.55, "142": 0.50, OTHER: 0.55},
        ),
        "register",
    ),
    Count("POP.REF.STOCK", BOTH, ("sex", "origin"), _refugees, "records"),
    Count(
        "POP.DIASPORA",
        MA,
        ("sex",),
        lambda p, y: sex(p.pop(y) * p["abroad"] * (0.86 if y < 2020 else 1.0), 0.42),
        "census",
        periods={"MA": ("2014", "2024")},
        noise=0.02,
    ),
    # Work, economy and remittances
    Count(
        "LAB.REM.TOTAL",
        MA,
        ("origin",),
        lambda p, y: parts(_remitted(p, y), REMITTANCE_ORIGINS[p.national]),
        "remittances",
        rounding=1000,
    ),
    Count("LAB.REM.HOUSEHOLDS", MA, (), lambda p, y: {(): _receiving(p, y)}, "remittances", noise=0.02),
    Count(
        "LAB.BUS.MIG",
        ES,
        ("sex", "origin"),
        lambda p, y: sex_origin(
            p.foreign_born(y) * 0.035 * GROWING[y],
            {"MAR": 0.30, "ROU": 0.16, "COL": 0.14, "SEN": 0.08, "142": 0.15},
            {"MAR": 0.18, "ROU": 0.30, "COL": 0.45, "SEN": 0.12, "142": 0.40, OTHER: 0.35},
        ),
        "records",
    ),
    # Education and skills
    Count(
        "EDU.PUPILS.TOTAL",
        BOTH,
        ("sex", "age_group"),
        lambda p, y: sex_by(
            p.pop(y) * p["pupils"],
            0.49,
            {"Y0T14": 0.74, "Y15T24": 0.26} if p.side == "MA" else {"Y0T14": 0.78, "Y15T24": 0.22},
        ),
        "schools",
        noise=0.02,
    ),
    Count(
        "EDU.PUPILS.MIG",
        ES,
        ("sex", "origin"),
        lambda p, y: sex_by(
            p.pop(y) * p["pupils"] * p["fb"] * FOREIGN_BORN_TREND["ES"][y] * 1.25,
            0.485,
            {"MAR": 0.38, "ROU": 0.15, "COL": 0.12, "SEN": 0.05, "142": 0.07},
        ),
        "schools",
        noise=0.03,
    ),
    Count(
        "EDU.LANG.ENROL",
        ES,
        ("sex", "origin"),
        lambda p, y: sex_origin(
            p.foreign_born(y) * 0.02 * ACTIVITY[y],
            {"MAR": 0.34, "ROU": 0.08, "COL": 0.01, "SEN": 0.20, "142": 0.14},
            {"MAR": 0.66, "ROU": 0.60, "COL": 0.60, "SEN": 0.30, "142": 0.55, OTHER: 0.58},
        ),
        "records",
    ),
    Count(
        "EDU.QUAL.RECOG",
        ES,
        ("sex", "origin"),
        lambda p, y: sex_origin(
            p.foreign_born(y) * 0.0035 * ACTIVITY[y],
            {"COL": 0.38, "MAR": 0.18, "ROU": 0.14, "SEN": 0.04, "142": 0.08},
            {"COL": 0.58, "MAR": 0.40, "ROU": 0.55, "SEN": 0.30, "142": 0.50, OTHER: 0.50},
        ),
        "records",
    ),
    # Access to services
    Count(
        "SRV.SOCIAL.RECIP",
        BOTH,
        ("sex", "migration_status"),
        lambda p, y: sex_by(
            p.pop(y) * (0.03 if p.side == "MA" else 0.045) * SOCIAL[y],
            0.57,
            {"RET": 0.05, "FOR": 0.004, "REF": 0.002}
            if p.side == "MA"
            else {"FOR": min(0.9, p["fb"] * 1.8), "REF": min(0.05, p["ref"] * 6), "RET": 0.01},
        ),
        "records",
    ),
    Count(
        "SRV.INTERPRET",
        ES,
        (),
        lambda p, y: {(): p.foreign_born(y) * 0.06 * ACTIVITY[y]},
        "records",
    ),
    # Governance, participation and partnerships
    Count(
        "GOV.ASSOC",
        MA,
        (),
        lambda p, y: {(): p["assoc"] * GROWING[y]},
        "records",
        noise=0.0,
    ),
    Count(
        "GOV.ASSOC",
        ES,
        ("origin",),
        lambda p, y: parts(p["assoc"] * GROWING[y], {"MAR": 0.35, "COL": 0.2, "SEN": 0.2, "ROU": 0.1}),
        "records",
        noise=0.0,
    ),
    Count("GOV.PARTNER", BOTH, ("origin",), _partnerships, "records", noise=0.0),
    Count(
        "GOV.VOTE.REGISTERED",
        ES,
        ("sex", "origin"),
        # Only citizens of the EU and of countries with an agreement vote in local elections.
        lambda p, y: sex_origin(
            p.foreign_born(y) * 0.08,
            {"ROU": 0.55, "COL": 0.18},
            {"ROU": 0.53, "COL": 0.58, OTHER: 0.5},
        ),
        "elections",
    ),
    Count(
        "GOV.COUNCIL.MIG",
        ES,
        ("sex",),
        _councillors,
        "elections",
        periods={"ES": ("2019", "2023")},
        noise=0.0,
    ),
    Count(
        "GOV.BUDGET",
        BOTH,
        (),
        lambda p, y: {(): p["budget"] * BUDGET[y]},
        "records",
        rounding=1000,
        noise=0.05,
    ),
    # Diversity and social cohesion
    Count(
        "COH.DISCRIM.REPORTS",
        ES,
        (),
        lambda p, y: {
            (): p.pop(y) * 0.00035 * {2020: 0.9, 2021: 1.15, 2022: 1.3, 2023: 1.4, 2024: 1.5}.get(y, 1.0)
        },
        "records",
        noise=0.1,
    ),
    Count(
        "COH.MIXED.MARR",
        ES,
        ("origin",),
        # Weddings were put off in 2020.
        lambda p, y: parts(
            p.pop(y) * 0.0006 * {2020: 0.55, 2021: 0.9, 2022: 1.1, 2023: 1.05, 2024: 1.08}.get(y, 1.0),
            {"MAR": 0.22, "COL": 0.30, "ROU": 0.18, "SEN": 0.05},
        ),
        "register",
        noise=0.08,
    ),
    # Gender
    Count(
        "GEN.REM.FHH",
        MA,
        (),
        lambda p, y: {(): _receiving(p, y) * p["fhh"]},
        "remittances",
        noise=0.02,
    ),
    # Migration cycle
    Count(
        "CYC.INFO.COUNSELLED",
        MA,
        ("sex", "age_group"),
        lambda p, y: sex_by(
            p.pop(y) * p["info"] * {2020: 0.6, 2021: 0.9, 2022: 1.3, 2023: 1.5, 2024: 1.6}.get(y, 1.0),
            0.38,
            {"Y15T24": 0.46, "Y25T64": 0.52, "Y_GE65": 0.02},
        ),
        "records",
    ),
    Count(
        "CYC.PREDEP.PART",
        MA,
        ("sex",),
        lambda p, y: sex(p.pop(y) * p["info"] * 0.3 * FLOW[y], 0.33),
        "records",
    ),
    Count(
        "CYC.RET.REG",
        MA,
        ("sex", "age_group"),
        lambda p, y: sex_by(
            p.pop(y) * p["ret_flow"] * RETURNS[y],
            0.32,
            {"Y0T14": 0.18, "Y15T24": 0.12, "Y25T64": 0.60, "Y_GE65": 0.10},
        ),
        "records",
    ),
    Count(
        "CYC.RET.ASSISTED",
        MA,
        ("sex",),
        lambda p, y: sex(p.pop(y) * p["ret_flow"] * RETURNS[y] * 0.25, 0.30),
        "records",
    ),
    Count(
        "CYC.RET.WORK",
        MA,
        ("sex",),
        # Those back in 2020 took longer to find work.
        lambda p, y: sex(p.pop(y) * p["ret_flow"] * RETURNS[y] * 0.25 * (0.35 if y == 2020 else 0.55), 0.22),
        "records",
    ),
    Count(
        "CYC.CHILDREN_LB",
        MA,
        ("sex", "age_group"),
        lambda p, y: sex_by(
            p.pop(y) * p["abroad"] * 0.09 * (1 + 0.01 * (y - 2019)), 0.49, {"Y0T14": 0.8, "Y15T24": 0.2}
        ),
        "survey",
        noise=0.03,
    ),
    Count(
        "CYC.TRAFFICKING",
        ES,
        ("sex", "origin"),
        lambda p, y: sex_origin(
            p.pop(y) * 0.00002 * FLOW[y],
            {"NGA": 0.30, "ROU": 0.20, "COL": 0.15, "PRY": 0.10},
            {"NGA": 0.90, "ROU": 0.80, "COL": 0.85, "PRY": 0.95, OTHER: 0.70},
        ),
        "records",
        noise=0.2,
    ),
)

UNEMPLOYMENT = _steps(
    {2020: 2.6, 2021: 2.9, 2022: 2.4, 2023: 3.5, 2024: 3.8},
    {2020: 1.4, 2021: 0.7, 2022: -1.2, 2023: -2.0, 2024: -2.8},
)
EMPLOYMENT = _steps(
    {2020: -1.8, 2021: -1.2, 2022: -0.8, 2023: -0.9, 2024: -0.7},
    {2020: -2.3, 2021: -0.5, 2022: 1.0, 2023: 1.9, 2024: 2.6},
)
# Compulsory health insurance was extended to everybody in Morocco at the end of 2022.
HEALTH = _steps({2020: 1.0, 2021: 2.5, 2022: 11.0, 2023: 22.0, 2024: 25.0}, {})


def _decline(per_year: float) -> Callable[[Place, float], float]:
    return lambda _p, t: per_year * t


RATES: tuple[Rate, ...] = (
    Rate(
        "POP.MIG.NET_RATE",
        BOTH,
        _both({cell(): 1.0}, {cell(): 1.0}),
        lambda p: p["net"],
        # Fewer came and fewer left in 2020.
        lambda p, t: p["net"] * (FLOW[2019 + int(t)] - 1),
        "census",
        low=-100.0,
        noise=0.06,
    ),
    Rate(
        "LAB.UNEMP.RATE",
        BOTH,
        _both(
            {cell(): 1.0, cell(sex="F"): 1.55, cell(sex="M"): 0.82},
            {
                **TOTAL_SEX,
                cell(sex="F"): 1.17,
                cell(sex="M"): 0.85,
                cell(migration_status="NAT"): 0.9,
                cell(migration_status="FOR"): 1.5,
            },
        ),
        lambda p: p["unemp"],
        UNEMPLOYMENT,
        "survey",
        survey=True,
    ),
    Rate(
        "LAB.EMP.RATE",
        BOTH,
        _both(
            {cell(): 1.0, cell(sex="F"): 0.47, cell(sex="M"): 1.55},
            {
                cell(): 1.0,
                cell(sex="F"): 0.92,
                cell(sex="M"): 1.08,
                cell(migration_status="NAT"): 1.01,
                cell(migration_status="FOR"): 0.94,
            },
        ),
        lambda p: p["emp"],
        EMPLOYMENT,
        "survey",
        noise=0.02,
        survey=True,
    ),
    Rate(
        "LAB.POVERTY",
        ES,
        {
            "ES": {
                **TOTAL_SEX,
                cell(sex="F"): 1.06,
                cell(sex="M"): 0.94,
                cell(migration_status="NAT"): 0.8,
                cell(migration_status="FOR"): 2.0,
            }
        },
        lambda p: p["poverty"],
        _steps({}, {2020: 1.1, 2021: 0.9, 2022: 0.3, 2023: -0.2, 2024: -0.4}),
        "survey",
    ),
    Rate(
        "LAB.REM.COST",
        BOTH,
        _both(
            {
                cell(): 1.0,
                cell(origin="ESP"): 1.05,
                cell(origin="FRA"): 0.92,
                cell(origin="ITA"): 1.02,
                cell(origin="BEL"): 1.1,
            },
            {
                cell(): 1.0,
                cell(origin="MAR"): 1.02,
                cell(origin="ROU"): 0.86,
                cell(origin="COL"): 0.82,
                cell(origin="SEN"): 1.38,
            },
        ),
        lambda p: 5.4 if p.side == "MA" else 5.1,
        _decline(-0.22),
        "prices",
        periods={"MA": QUARTERS, "ES": QUARTERS},
        places=2,
        noise=0.01,
    ),
    Rate(
        "EDU.EARLY_LEAVERS",
        BOTH,
        _both(
            TOTAL_SEX | {cell(sex="F"): 1.05, cell(sex="M"): 0.95},
            {
                cell(): 1.0,
                cell(sex="F"): 0.75,
                cell(sex="M"): 1.22,
                cell(migration_status="NAT"): 0.85,
                cell(migration_status="FOR"): 1.9,
            },
        ),
        lambda p: p["early"],
        lambda p, t: (-0.8 if p.side == "MA" else -0.6) * t,
        "schools",
    ),
    Rate(
        "EDU.NEET",
        MA,
        {"MA": {cell(): 1.0, cell(sex="F"): 1.4, cell(sex="M"): 0.6}},
        lambda p: p["neet"],
        _steps({2020: 3.0, 2021: 2.0, 2022: 1.0, 2023: 0.5, 2024: 0.2}, {}),
        "survey",
        survey=True,
    ),
    Rate(
        "EDU.TERTIARY",
        BOTH,
        _both(
            {cell(): 1.0, cell(sex="F"): 0.95, cell(sex="M"): 1.05, cell(migration_status="RET"): 1.2},
            {
                cell(): 1.0,
                cell(sex="F"): 1.1,
                cell(sex="M"): 0.9,
                cell(migration_status="NAT"): 1.05,
                cell(migration_status="FOR"): 0.75,
            },
        ),
        lambda p: p["tertiary"],
        lambda p, t: 0.27 * t if p.side == "MA" else 0.4 * (t - 2),
        "census",
        periods=_census(("2014", "2024"), ("2011", "2021")),
    ),
    Rate(
        "SRV.HEALTH.COVER",
        BOTH,
        _both(
            {cell(): 1.0, cell(sex="F"): 1.02, cell(sex="M"): 0.98},
            {cell(): 1.0, cell(migration_status="NAT"): 1.004, cell(migration_status="FOR"): 0.972},
        ),
        lambda p: p["health"],
        HEALTH,
        "survey",
        noise=0.004,
        survey=True,
    ),
    Rate(
        "SRV.HOUSING.COST",
        ES,
        {"ES": {cell(): 1.0, cell(migration_status="NAT"): 0.85, cell(migration_status="FOR"): 2.1}},
        lambda p: p["housing"],
        _steps({}, {2020: 0.8, 2021: 0.5, 2022: 1.2, 2023: 1.8, 2024: 2.1}),
        "survey",
    ),
    Rate(
        "COH.OPINION",
        BOTH,
        _both(
            {cell(): 1.0, cell(migration_status="NAT"): 0.99, cell(migration_status="RET"): 1.12},
            {cell(): 1.0, cell(migration_status="NAT"): 0.97, cell(migration_status="FOR"): 1.2},
        ),
        lambda p: p["opinion"],
        _steps(
            {2020: -1.0, 2021: 0.5, 2022: 1.0, 2023: 1.5, 2024: 2.0},
            {2020: 1.0, 2021: 0.0, 2022: -1.5, 2023: -2.0, 2024: -2.5},
        ),
        "survey",
        survey=True,
    ),
    Rate(
        "COH.BELONGING",
        ES,
        {"ES": {cell(): 1.0, cell(sex="F"): 1.02, cell(sex="M"): 0.98}},
        lambda p: p["belonging"],
        lambda _p, t: 0.5 * t,
        "survey",
    ),
    Rate(
        "COH.DISCRIM.FELT",
        ES,
        {
            "ES": {
                **TOTAL_SEX,
                cell(origin="MAR"): 1.3,
                cell(origin="SEN"): 1.5,
                cell(origin="ROU"): 0.8,
                cell(origin="COL"): 1.0,
            }
        },
        lambda p: p["discrim"],
        _steps({}, {2020: 1.5, 2021: 1.0, 2022: 0.5, 2023: 0.2, 2024: 0.0}),
        "survey",
        noise=0.05,
    ),
    Rate(
        "GEN.EMP.RATIO",
        BOTH,
        _both(
            {cell(): 1.0, cell(migration_status="RET"): 0.85},
            {cell(): 1.0, cell(migration_status="NAT"): 1.03, cell(migration_status="FOR"): 0.8},
        ),
        lambda p: p["gap"],
        lambda _p, t: 0.004 * t,
        "survey",
        high=3.0,
        places=2,
        survey=True,
    ),
    Rate(
        "GOV.VOTE.TURNOUT",
        ES,
        {"ES": {**TOTAL_SEX, cell(origin="ROU"): 0.85, cell(origin="COL"): 1.25}},
        lambda p: 22.0,
        lambda _p, t: 3.0 if t >= 4 else 0.0,
        "elections",
        periods={"ES": ("2019", "2023")},
        noise=0.08,
    ),
)


def _by_sex() -> list[tuple[Cell, Cell, Cell]]:
    return [(cell(**c), cell(**c), cell(**c)) for c in ({}, {"sex": "F"}, {"sex": "M"})]


_ORIGINS = {"MA": ("ESP", "FRA", "SEN", "CIV"), "ES": ("MAR", "ROU", "COL", "SEN", "142")}


def _women_shares(side: str) -> list[tuple[Cell, Cell, Cell]]:
    rows = [(cell(), cell(sex="F"), cell())]
    for o in _ORIGINS[side]:
        rows.append((cell(origin=o), cell(sex="F", origin=o), cell(origin=o)))
    return rows


def _naturalisation_rates() -> list[tuple[Cell, Cell, Cell]]:
    rows = []
    for s in (None, "F", "M"):
        for o in (None, "MAR", "ROU", "COL", "SEN"):
            codes = {k: v for k, v in (("sex", s), ("origin", o)) if v is not None}
            rows.append((cell(**codes), cell(**codes), cell(**codes)))
    return rows


SHARES: tuple[Share, ...] = (
    Share(
        "POP.MIG.SHARE",
        BOTH,
        "POP.MIG.STOCK",
        "POP.TOTAL",
        {side: _by_sex() for side in SIDES},
        "census",
        places=2,
    ),
    Share(
        "GEN.MIG.WOMEN_SHARE",
        BOTH,
        "POP.MIG.STOCK",
        "POP.MIG.STOCK",
        {side: _women_shares(side) for side in SIDES},
        "census",
    ),
    Share(
        "POP.NAT.RATE",
        ES,
        "POP.NAT.ACQ",
        "POP.FOR.CIT",
        {"ES": _naturalisation_rates()},
        "register",
        places=2,
    ),
    Share(
        "EDU.PUPILS.MIG_SHARE",
        ES,
        "EDU.PUPILS.MIG",
        "EDU.PUPILS.TOTAL",
        {"ES": _by_sex()},
        "schools",
    ),
    Share(
        "LAB.REM.PER_HH",
        MA,
        "LAB.REM.TOTAL",
        "LAB.REM.HOUSEHOLDS",
        {"MA": [(cell(), cell(), cell())]},
        "remittances",
        factor=1.0,
        places=0,
        high=1e12,
    ),
    Share(
        "GEN.REM.FHH_SHARE",
        MA,
        "GEN.REM.FHH",
        "LAB.REM.HOUSEHOLDS",
        {"MA": [(cell(), cell(), cell())]},
        "remittances",
    ),
    Share(
        "CYC.RET.WORK_RATE",
        MA,
        "CYC.RET.WORK",
        "CYC.RET.ASSISTED",
        {"MA": _by_sex()},
        "records",
    ),
)

LEVELS: tuple[Level, ...] = (
    Level(
        "COH.ORIGINS",
        BOTH,
        {
            "tizgui": (21, 0.6),
            "amzrou": (9, 0.3),
            "iguernane": (5, 0.2),
            "tazrout": (31, 0.8),
            "morocco": (168, 2.0),
            "valmira-centro": (74, 1.5),
            "valmira-puerto": (66, 1.8),
            "valmira-las-eras": (48, 1.0),
            "valmira": (97, 1.6),
            "spain": (201, 0.8),
        },
        "census",
        high=250,
    ),
)

SPECS: tuple[Spec, ...] = (*COUNTS, *RATES, *SHARES, *LEVELS)


# --- Drawing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    code: str
    period: str
    cell: Cell
    value: Number
    source: str
    method_note: str = ""


def _periods(spec: Count | Rate, side: str) -> tuple[str, ...]:
    return spec.periods[side] if spec.periods is not None else ANNUAL


def _time(period: str) -> tuple[int, float]:
    """The year, and the years since the start of 2019 (quarters are fractions of a year)."""
    text, _sep, quarter = period.partition("-Q")
    year = int(text)
    return year, year - 2019 + ((int(quarter) - 1) / 4 if quarter else 0.0)


def _largest_remainder(total: int, shares: Mapping[str, float]) -> dict[str, int]:
    raw = {code: total * share for code, share in shares.items()}
    split = {code: int(value) for code, value in raw.items()}
    left = total - sum(split.values())
    for code in sorted(raw, key=lambda c: split[c] - raw[c])[:left]:
        split[code] += 1
    return split


def _unit_counts(spec: Count, place: Place, period: str, rng: random.Random) -> dict[Cell, int]:
    """Every cell of one unit, totals included, each the sum of its parts."""
    year, _t = _time(period)
    drawn: dict[tuple[str, ...], int] = {}
    for key, expected in spec.leaves(place, year).items():
        noisy = max(0.0, expected * (1 + rng.gauss(0, spec.noise))) if spec.noise else max(0.0, expected)
        drawn[key] = round(noisy / spec.rounding) * spec.rounding
    cells: dict[Cell, int] = {}
    for key, value in drawn.items():
        for mask in itertools.product((False, True), repeat=len(key)):
            codes = {d: c for d, c, total in zip(spec.dims, key, mask, strict=True) if not total}
            if OTHER in codes.values():
                continue
            name = cell(**codes)
            cells[name] = cells.get(name, 0) + value
    cells.setdefault(cell(), sum(drawn.values()))
    if spec.margin and spec.margin_shares is not None:
        for code, value in _largest_remainder(cells[cell()], spec.margin_shares[place.side]).items():
            cells[cell(**{spec.margin: code})] = value
    return cells


def _add(into: dict[Cell, int], more: Mapping[Cell, int]) -> None:
    for name, value in more.items():
        into[name] = into.get(name, 0) + value


def _rate_value(spec: Rate, place: Place, t: float, multiple: float, shift: float) -> float:
    value = (spec.base(place) + spec.change(place, t)) * multiple
    return min(spec.high, max(spec.low, value + abs(value) * shift))


def _decimal(value: float, places: int) -> Decimal:
    return Decimal(f"{value:.{places}f}")


Rows = dict[str, list[Row]]
Counted = dict[tuple[str, str], dict[str, dict[Cell, int]]]  # (territory, code) -> period -> cells


def _draw_counts(spec: Count, side: str, rng: random.Random, rows: Rows, counted: Counted) -> None:
    source = SOURCES[(side, spec.source)]
    for period in _periods(spec, side):
        per_unit = {u: _unit_counts(spec, PLACES[u], period, rng) for u in UNITS[COUNTRIES[side]]}
        for territory in TERRITORIES[side]:
            summed: dict[Cell, int] = {}
            for u in UNITS[territory]:
                _add(summed, per_unit[u])
            counted.setdefault((territory, spec.code), {})[period] = summed
            rows[territory].extend(
                Row(spec.code, period, name, value, source) for name, value in summed.items()
            )


def _draw_rates(spec: Rate, side: str, rng: random.Random, rows: Rows) -> None:
    source = SOURCES[(side, spec.source)]
    units = UNITS[COUNTRIES[side]]
    for period in _periods(spec, side):
        year, t = _time(period)
        weights = {u: PLACES[u].pop(year) for u in units}
        # One draw per unit moves all its cells together (the women's and the men's rates with the
        # total), and a smaller one per cell.
        shifts = {u: rng.gauss(0, spec.noise) for u in units}
        for name, multiple in spec.cells[side].items():
            drawn = {
                u: _rate_value(spec, PLACES[u], t, multiple, shifts[u] + rng.gauss(0, spec.noise / 3))
                for u in units
            }
            for territory in TERRITORIES[side]:
                members = UNITS[territory]
                mean = sum(drawn[u] * weights[u] for u in members) / sum(weights[u] for u in members)
                gap = spec.survey and year == 2020 and territory in SURVEY_GAP
                value = None if gap else _decimal(mean, spec.places)
                rows[territory].append(Row(spec.code, period, name, value, source))


def _draw_shares(spec: Share, side: str, rows: Rows, counted: Counted) -> None:
    source = SOURCES[(side, spec.source)]
    note = f"Computed from {spec.numerator} and {spec.denominator}."
    for territory in TERRITORIES[side]:
        denominators = counted[(territory, spec.denominator)]
        for period, top in counted[(territory, spec.numerator)].items():
            bottom = denominators[period]
            for name, num, den in spec.cells[side]:
                value = None
                if bottom.get(den):
                    ratio = min(spec.high, top.get(num, 0) / bottom[den] * spec.factor)
                    value = _decimal(ratio, spec.places)
                rows[territory].append(Row(spec.code, period, name, value, source, note))


def _draw_levels(spec: Level, side: str, rng: random.Random, rows: Rows) -> None:
    source = SOURCES[(side, spec.source)]
    parents = TERRITORIES[side][-2:]
    for period in ANNUAL:
        _year, t = _time(period)
        highest = 0
        for territory in TERRITORIES[side]:  # bottom-up: a parent has at least what a child has
            start, step = spec.base[territory]
            level = round(start + step * t + rng.gauss(0, 0.7))
            if territory in parents:
                level = max(level, highest)
            highest = max(highest, level)
            rows[territory].append(
                Row(spec.code, period, cell(), Decimal(min(level, int(spec.high))), source)
            )


def figures(rng: random.Random) -> Rows:
    """The rows for each territory, by slug, before any is saved: the same for the same generator."""
    rows: Rows = {key: [] for side in SIDES for key in TERRITORIES[side]}
    counted: Counted = {}
    for spec in SPECS:
        for side in spec.sides:
            if isinstance(spec, Count):
                _draw_counts(spec, side, rng, rows, counted)
            elif isinstance(spec, Rate):
                _draw_rates(spec, side, rng, rows)
            elif isinstance(spec, Share):
                _draw_shares(spec, side, rows, counted)
            else:
                _draw_levels(spec, side, rng, rows)
    # Some local figures are not known: statistical tables write "..".
    countries = set(COUNTRIES.values())
    for key in rows:
        if key in countries:
            continue
        rows[key] = [
            Row(r.code, r.period, r.cell, None, r.source, r.method_note)
            if rng.random() < MISSING_SHARE
            else r
            for r in rows[key]
        ]
    return rows


# --- Saving -----------------------------------------------------------------------------------

HEADERS = ["indicator", "period", *COLUMNS, "value", "source", "method_note"]


def table(rows: Sequence[Row], codes: set[str]) -> Table:
    """The rows as a file would give them, for the indicators the template has."""
    body: list[tuple[int, list[str]]] = []
    for row in rows:
        if row.code not in codes:
            continue
        given = dict(row.cell)
        value = ".." if row.value is None else number_text(Decimal(row.value))
        cells = [
            row.code,
            row.period,
            *(given.get(d, TOTAL) for d in COLUMNS),
            value,
            row.source,
            row.method_note,
        ]
        body.append((len(body) + 2, cells))
    return Table(list(HEADERS), body)


def _territory(context: DemoContext, key: str) -> Territory | None:
    return context.territories.get(key) or Territory.objects.filter(slug=key).first()


def _published_template(country: Territory) -> IndicatorTemplate:
    template = services.template_for(country)
    if template is None:
        template = services.create_default_template(actor=None, country=country)
        template = services.publish_template(actor=None, template=template)
    return template


def load(context: DemoContext) -> None:
    """Publish each demo country's default template and import the figures of its territories.

    A territory that already has figures in the template is left as it is, so running the demo
    again changes nothing.
    """
    data = figures(context.rng("profiles"))  # drawn in full every time, so a re-run draws the same
    for side in SIDES:
        country = _territory(context, COUNTRIES[side])
        if country is None:
            continue
        template = _published_template(country)
        codes = set(template.indicators.values_list("code", flat=True))
        for key in TERRITORIES[side]:
            territory = _territory(context, key)
            if (
                territory is None
                or Value.objects.filter(indicator__template=template, territory=territory).exists()
            ):
                continue
            report = services.import_values(
                actor=None,
                template=template,
                territory=territory,
                table=table(data[key], codes),
                mapping={name: name for name in HEADERS},
                source=BATCH_SOURCE,
                file_name=f"demo-profile-{key}.csv",
                file_format=ImportBatch.Format.CSV,
            )
            if not report.ok:
                problems = "; ".join(str(p) for p in report.problems[:5])
                raise RuntimeError(f"Demo figures for {key} were refused: {problems}")
