"""Explainable matching: people and organisations for an opportunity, opportunities for a person or
an organisation.

Every point a candidate scores comes with a `Reason` saying what it is for — the ISCO-08 codes
shared, the languages, the tie to the place, availability, education, consent — and the reasons
add up to the score, so a page can show exactly why a result is where it is.

Who may appear for an opportunity:

- **People** with a standing consent (not withdrawn) for the use the opportunity's kind needs
  (`vocabularies.CONSENT_FOR_KIND`). Consents are read at every call and nothing is cached, so a
  withdrawal takes the person out of the next ranking.
- **Tied to the place**: attached to the opportunity's territory, to a place within it, or to a
  place above it short of the country (the province or region of a town, the town of a
  district). A whole country is too broad a tie: everyone from Morocco would match every
  Moroccan town's opening. Organisations are tied the same way by their places of origin or by
  where they are based.
- **With a relevant signal**: for people, a skill in the same ISCO-08 major group as one
  needed, or a language needed; an opportunity naming neither takes everyone tied to the place.
  For organisations, a focus area related to the opportunity (see `related_focus_areas`), when
  any is related. Only verified organisations appear.

Staff see people only through a caller that checked `diaspora.view_people` on the opportunity's
territory; passing `viewer` narrows the candidates further to people tied to a place where that
account holds the permission (the rule of `selectors.people_for_staff`), so staff of a town do
not see people who named only the province above it.

Ranking reads unencrypted columns only (skill codes, languages, places, availability, education,
consents): the candidate set comes from one query (`candidate_people`, also used raw by the
benchmark) and is scored in Python; encrypted fields are decrypted only for the results shown.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, reduce
from operator import itemgetter, or_
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.aggregates import StringAgg
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from pontes.core.languages import language_name
from pontes.core.models import Organisation, Territory
from pontes.core.permissions import territory_filter

from . import vocabularies
from .models import Consent, Opportunity, OrganisationProfile, Person, Skill
from .vocabularies import Availability, EducationLevel, FocusArea, OpportunityKind

STEP = Territory.steplen

# --- Points -------------------------------------------------------------------------------------
# Per needed ISCO-08 code, the best of the person's codes by the number of leading digits shared:
# the same unit group (4 digits) is worth most, a shared major group (1 digit) least.
SKILL_POINTS = {4: 40, 3: 30, 2: 20, 1: 8}
LANGUAGE_POINTS = 10  # each language needed that the person speaks
# The closest tie between the candidate's places and the opportunity's territory.
TIE_POINTS = {"exact": 30, "within": 20, "parent": 12, "above": 6}
AVAILABILITY_POINTS: dict[str, int] = {
    Availability.NOW: 15,
    Availability.VISITS: 8,
    Availability.LATER: 4,
    Availability.NOT_NOW: 0,
}
REMOTE_POINTS = 12  # available from a distance, for an opportunity that can be done from abroad
REMOTE_ON_SITE_POINTS = 2  # available from a distance only, for one done on site
EDUCATION_POINTS = 5
# Over a whole country, candidates sharing this many leading digits of a code needed are read
# first, then this many (see `_top_rows`).
TIER_DIGITS = (3, 2)
FOCUS_POINTS = 10  # each focus area of an organisation related to the opportunity
ORGANISATION_LANGUAGE_POINTS = 5

# Reasons in the order pages list them; the same order breaks ties (after the total, more skill
# points first, then the closer tie, ...), and the lower id (the earlier registration) last.
REASON_ORDER = ("skill", "focus", "territory", "origin", "base", "language", "education", "availability")
# How pages list the reasons: what scores most usually first, what only informs last.
DISPLAY_ORDER = (*REASON_ORDER, "remote", "consent", "verified")

# ISCO-08 skill levels: major groups 1-2 ask for tertiary education (level 4, ISCED 6 and up),
# group 3 for short-cycle tertiary (level 3, ISCED 5 and up).
EDUCATION_FOR_MAJOR = {"1": "6", "2": "6", "3": "5"}
EDUCATION_FOR_KIND: dict[str, str] = {OpportunityKind.KNOWLEDGE: "6"}

# Where the work of an occupation group usually falls, to relate organisations to the skills an
# opportunity needs.
FOCUS_FOR_SUB_MAJOR: dict[str, str] = {
    **dict.fromkeys(("22", "32", "53"), FocusArea.HEALTH),
    "23": FocusArea.EDUCATION,
    **dict.fromkeys(("61", "62", "63", "92"), FocusArea.AGRICULTURE),
    **dict.fromkeys(("21", "31", "71", "72", "74", "81", "83", "93"), FocusArea.INFRASTRUCTURE),
    **dict.fromkeys(("12", "14", "24", "33", "52"), FocusArea.BUSINESS),
    **dict.fromkeys(("26", "34"), FocusArea.CULTURE),
}
FOCUS_FOR_KIND: dict[str, tuple[str, ...]] = {
    OpportunityKind.JOB: (FocusArea.EMPLOYMENT,),
    OpportunityKind.INVESTMENT: (FocusArea.BUSINESS,),
    OpportunityKind.DONATION: (FocusArea.HUMANITARIAN,),
    OpportunityKind.VOLUNTEERING: (FocusArea.YOUTH,),
    OpportunityKind.KNOWLEDGE: (FocusArea.EDUCATION, FocusArea.EMPLOYMENT),
    OpportunityKind.AMBASSADOR: (FocusArea.CULTURE,),
}


@dataclass(frozen=True)
class Reason:
    code: str  # skill, language, territory, origin, base, focus, education, availability, remote, ...
    points: int
    text: str


@dataclass
class Match[C]:
    candidate: C
    score: int
    reasons: list[Reason] = field(default_factory=list)


# A reason before its text is written: (code, points, template key, arguments). Texts are written
# only for the results shown, in the reader's language.
type Part = tuple[str, int, str, tuple[Any, ...]]


# --- Facts compared ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """What an opportunity asks for, from its unencrypted columns."""

    pk: int
    kind: str
    path: str  # the territory's materialised path
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    remote_ok: bool = False
    sector: str = ""

    @property
    def consent_use(self) -> str:
        return vocabularies.CONSENT_FOR_KIND[self.kind]

    @property
    def education_floor(self) -> str:
        """The ISCED level the occupations (or the kind) call for; "" when education does not
        matter."""
        floors = [EDUCATION_FOR_MAJOR[c[0]] for c in self.skills if c[:1] in EDUCATION_FOR_MAJOR]
        if self.kind in EDUCATION_FOR_KIND:
            floors.append(EDUCATION_FOR_KIND[self.kind])
        return max(floors, default="")


@dataclass(frozen=True)
class PersonFacts:
    pk: int
    skills: tuple[str, ...] = ()  # ISCO-08 codes
    languages: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # paths of the territories the person is attached to
    availability: str = Availability.LATER
    education: str = ""
    consent_since: datetime.datetime | None = None


@dataclass(frozen=True)
class OrganisationFacts:
    pk: int  # the profile's
    base: str  # path of the territory where it is based
    origins: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    verified_at: datetime.datetime | None = None


def need_of(opportunity: Opportunity) -> Need:
    return Need(
        pk=opportunity.pk,
        kind=opportunity.kind,
        path=opportunity.territory.path,
        skills=tuple(str(c) for c in opportunity.skills or ()),
        languages=tuple(str(c) for c in opportunity.languages or ()),
        remote_ok=opportunity.remote_ok,
        sector=opportunity.sector or "",
    )


# --- Ties to a place ----------------------------------------------------------------------------


def tie(place: str, target: str) -> str | None:
    """How a place (path) relates to the opportunity's territory (path): the same, within it, or
    above it short of the country; None when it is no tie."""
    if place == target:
        return "exact"
    if place.startswith(target):
        return "within"
    if target.startswith(place) and len(place) > STEP:
        return "parent" if len(target) - len(place) == STEP else "above"
    return None


def ancestor_paths(path: str) -> list[str]:
    """Paths of the places above, short of the country."""
    return [path[:n] for n in range(2 * STEP, len(path), STEP)]


def scope_q(path: str, prefix: str = "") -> Q:
    """Territories tied to the one at `path` (see `tie`), as a filter on `prefix`path."""
    query = Q(**{f"{prefix}path__startswith": path})
    above = ancestor_paths(path)
    if above:
        query |= Q(**{f"{prefix}path__in": above})
    return query


def reverse_scope_q(places: Iterable[str], prefix: str = "") -> Q:
    """Territories of opportunities that places (paths) are tied to: the places themselves and
    everything above them, and what lies within any place below the country."""
    query = Q(pk__in=[])
    exact: set[str] = set()
    for place in places:
        exact.update(place[:n] for n in range(STEP, len(place) + 1, STEP))
        if len(place) > STEP:
            query |= Q(**{f"{prefix}path__startswith": place})
    return query | Q(**{f"{prefix}path__in": sorted(exact)})


def _best_tie(places: Iterable[str], target: str) -> tuple[str, str] | None:
    best: tuple[int, str, str] | None = None
    for place in places:
        level = tie(place, target)
        if level is not None:
            candidate = (-TIE_POINTS[level], place, level)
            if best is None or candidate < best:
                best = candidate
    return None if best is None else (best[2], best[1])


# --- Scoring (pure functions: the same for both directions) ------------------------------------


def _shared_digits(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def person_parts(need: Need, person: PersonFacts) -> list[Part]:
    """The reasons (before their text) why a person fits an opportunity, with their points."""
    parts: list[Part] = []
    for needed in need.skills:
        # The person's code sharing most digits; among equals, the lowest code, so that the
        # reason does not depend on the order skills were entered in.
        best_shared, best_offered = 0, ""
        for offered in person.skills:
            shared = min(_shared_digits(needed, offered), 4)
            if shared > best_shared or (shared and shared == best_shared and offered < best_offered):
                best_shared, best_offered = shared, offered
        if best_shared:
            parts.append(("skill", SKILL_POINTS[best_shared], "skill", (needed, best_offered, best_shared)))
    spoken = {code.casefold() for code in person.languages}
    for code in need.languages:
        if code.casefold() in spoken:
            parts.append(("language", LANGUAGE_POINTS, "language", (code,)))
        else:
            parts.append(("language", 0, "language_missing", (code,)))
    best_tie = _best_tie(person.places, need.path)
    if best_tie is not None:
        level, place = best_tie
        parts.append(("territory", TIE_POINTS[level], f"person_{level}", (place, need.path)))
    floor = need.education_floor
    if floor and person.education and person.education >= floor:
        parts.append(("education", EDUCATION_POINTS, "education", (person.education,)))
    if person.availability == Availability.REMOTE:
        if need.remote_ok:
            parts.append(("remote", REMOTE_POINTS, "remote", ()))
        else:
            parts.append(("availability", REMOTE_ON_SITE_POINTS, "remote_on_site", ()))
    else:
        points = AVAILABILITY_POINTS.get(person.availability, 0)
        parts.append(("availability", points, f"availability_{person.availability}", ()))
    parts.append(("consent", 0, "consent", (need.consent_use, person.consent_since)))
    return parts


def person_is_candidate(need: Need, person: PersonFacts) -> bool:
    """The person is tied to the place and offers a relevant signal (see the module's text); the
    SQL of `candidate_people` selects exactly these among the consented."""
    if _best_tie(person.places, need.path) is None:
        return False
    if not need.skills and not need.languages:
        return True
    majors = {c[:1] for c in need.skills}
    if any(s[:1] in majors for s in person.skills if s):
        return True
    spoken = {code.casefold() for code in person.languages}
    return any(code.casefold() in spoken for code in need.languages)


def related_focus_areas(need: Need) -> dict[str, tuple[str, str]]:
    """Focus areas related to the opportunity, each with why: its sector names it, the skills
    needed fall in it, or its kind calls for it (in this order of preference)."""
    related: dict[str, tuple[str, str]] = {}
    words = _words(need.sector)
    if words:
        for area, vocabulary in _focus_words().items():
            if words & vocabulary:
                related.setdefault(area, ("sector", need.sector))
    for code in need.skills:
        fitting = FOCUS_FOR_SUB_MAJOR.get(code[:2])
        if fitting is not None:
            related.setdefault(fitting, ("skills", code))
    for area in FOCUS_FOR_KIND.get(need.kind, ()):
        related.setdefault(area, ("kind", need.kind))
    return related


def organisation_parts(need: Need, organisation: OrganisationFacts) -> list[Part]:
    parts: list[Part] = []
    focus = set(organisation.focus_areas)
    for area, (cause, detail) in related_focus_areas(need).items():
        if area in focus:
            parts.append(("focus", FOCUS_POINTS, f"focus_{cause}", (area, detail)))
    origin = _best_tie(organisation.origins, need.path)
    if origin is not None:
        level, place = origin
        parts.append(("origin", TIE_POINTS[level], f"origin_{level}", (place, need.path)))
    base = tie(organisation.base, need.path) if organisation.base else None
    if base is not None:
        parts.append(("base", TIE_POINTS[base], f"base_{base}", (organisation.base, need.path)))
    spoken = {code.casefold() for code in organisation.languages}
    for code in need.languages:
        if code.casefold() in spoken:
            parts.append(("language", ORGANISATION_LANGUAGE_POINTS, "organisation_language", (code,)))
    parts.append(("verified", 0, "verified", (organisation.verified_at,)))
    return parts


def organisation_is_candidate(need: Need, organisation: OrganisationFacts) -> bool:
    tied = _best_tie(organisation.origins, need.path) is not None or (
        bool(organisation.base) and tie(organisation.base, need.path) is not None
    )
    if not tied:
        return False
    related = related_focus_areas(need)
    return not related or bool(set(related) & set(organisation.focus_areas))


def score(parts: Sequence[Part]) -> int:
    return sum(p[1] for p in parts)


def sort_key(parts: Sequence[Part], pk: int) -> tuple[int, ...]:
    """Higher total first, then more points by reason in `REASON_ORDER`, then the lower id: a
    total order, whatever order the candidates came in."""
    by_code = dict.fromkeys(REASON_ORDER, 0)
    total = 0
    for code, points, _key, _args in parts:
        total += points
        if code in by_code:
            by_code[code] += points
        elif code == "remote":
            by_code["availability"] += points
    return (-total, *(-by_code[c] for c in REASON_ORDER), pk)


# --- Reason texts --------------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    cleaned = "".join(c if c.isalnum() else " " for c in text.casefold())
    return {w for w in cleaned.split() if len(w) >= 4}


@lru_cache(maxsize=1)
def _focus_words() -> dict[str, frozenset[str]]:
    """Significant words of each focus area's code and labels in every interface language."""
    words: dict[str, set[str]] = {area.value: {area.value} for area in FocusArea}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for area in FocusArea:
                words[area.value] |= _words(str(area.label))
    return {area: frozenset(w) for area, w in words.items()}


def _isco_group_label(code: str) -> str:
    if len(code) == 1:
        return str(vocabularies.ISCO_MAJOR.get(code, code))
    return vocabularies.isco_label(code)


def _date(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment).date(), "DATE_FORMAT")


def _language(code: str) -> str:
    return f"{language_name(code)} ({code})"


# Each text is translated only when a shown reason needs it (one gettext call per reason).
PLACE_TEXTS: dict[str, Callable[[], str]] = {
    "person_exact": lambda: _("Attached to %(place)s, where the opportunity is"),
    "person_within": lambda: _("Attached to %(place)s, within %(target)s"),
    "person_parent": lambda: _("Attached to %(place)s, which %(target)s belongs to"),
    "person_above": lambda: _("Attached to %(place)s, which %(target)s lies within"),
    "origin_exact": lambda: _("Comes from %(place)s, where the opportunity is"),
    "origin_within": lambda: _("Comes from %(place)s, within %(target)s"),
    "origin_parent": lambda: _("Comes from %(place)s, which %(target)s belongs to"),
    "origin_above": lambda: _("Comes from %(place)s, which %(target)s lies within"),
    "base_exact": lambda: _("Based in %(place)s, where the opportunity is"),
    "base_within": lambda: _("Based in %(place)s, within %(target)s"),
    "base_parent": lambda: _("Based in %(place)s, which %(target)s belongs to"),
    "base_above": lambda: _("Based in %(place)s, which %(target)s lies within"),
}
PLAIN_TEXTS: dict[str, Callable[[], str]] = {
    "remote": lambda: _("Available from a distance, and this can be done from abroad"),
    "remote_on_site": lambda: _("Available only from a distance; this is done on site"),
    "availability_now": lambda: _("Available now"),
    "availability_visits": lambda: _("Available during visits"),
    "availability_later": lambda: _("Available later on"),
    "availability_not_now": lambda: _("Not available at the moment"),
}


def _skill_text(needed: str, offered: str, shared: int) -> str:
    if offered == needed:
        return _("Same occupation as needed: ISCO-08 %(code)s %(label)s") % {
            "code": needed,
            "label": _isco_group_label(needed),
        }
    group = needed[:shared]
    if group == needed:
        return _("Offers ISCO-08 %(offered)s, in the occupation needed: %(needed)s %(label)s") % {
            "offered": offered,
            "needed": needed,
            "label": _isco_group_label(needed),
        }
    return _("Shares occupation %(group)s %(label)s (ISCO-08 %(offered)s; %(needed)s is needed)") % {
        "group": group,
        "label": _isco_group_label(group),
        "offered": offered,
        "needed": needed,
    }


def _focus_text(key: str, area: str, detail: str) -> str:
    values = {"area": FocusArea(area).label, "detail": detail}
    if key == "focus_sector":
        return _("Works on %(area)s, which fits the sector “%(detail)s”") % values
    if key == "focus_skills":
        return _("Works on %(area)s, where the occupation needed (ISCO-08 %(detail)s) works") % values
    values["detail"] = OpportunityKind(detail).label
    return _("Works on %(area)s, which this kind of opportunity calls for: %(detail)s") % values


def _text(key: str, args: tuple[Any, ...], names: dict[str, str]) -> str:
    if key in PLAIN_TEXTS:
        return PLAIN_TEXTS[key]()
    if key in PLACE_TEXTS:
        place, target = args
        return PLACE_TEXTS[key]() % {"place": names.get(place, place), "target": names.get(target, target)}
    if key == "skill":
        return _skill_text(*args)
    if key.startswith("focus_"):
        return _focus_text(key, *args)
    if key == "language":
        return _("Speaks %(language)s, which is needed") % {"language": _language(args[0])}
    if key == "language_missing":
        return _("Does not list %(language)s, which is needed") % {"language": _language(args[0])}
    if key == "organisation_language":
        return _("Works in %(language)s, which is needed") % {"language": _language(args[0])}
    if key == "education":
        return _("Education: %(level)s (ISCED %(code)s), as the occupations needed call for") % {
            "level": EducationLevel(args[0]).label,
            "code": args[0],
        }
    if key == "consent":
        use, since = args
        label = vocabularies.ConsentUse(use).label
        if since is None:
            return _("Agreed to: %(use)s") % {"use": label}
        return _("Agreed on %(date)s to: %(use)s") % {"date": _date(since), "use": label}
    if key == "verified":
        if args[0] is None:
            return _("Verified by staff")
        return _("Verified by staff on %(date)s") % {"date": _date(args[0])}
    raise ValueError(key)


def _paths_in(parts: Iterable[Part]) -> set[str]:
    return {
        arg
        for _code, _points, key, args in parts
        if key.startswith(("person_", "origin_", "base_"))
        for arg in args
    }


def territory_names(paths: Iterable[str]) -> dict[str, str]:
    wanted = set(paths)
    if not wanted:
        return {}
    return {t.path: str(t.tr("name")) for t in Territory.objects.filter(path__in=wanted)}


def explain(parts: Sequence[Part], names: dict[str, str]) -> list[Reason]:
    """The reasons with their texts, in `DISPLAY_ORDER`."""
    rank = {code: n for n, code in enumerate(DISPLAY_ORDER)}
    ordered = sorted(parts, key=lambda p: (rank.get(p[0], len(rank)), -p[1]))
    return [Reason(code, points, _text(key, args, names)) for code, points, key, args in ordered]


# --- Candidate sets ------------------------------------------------------------------------------


def person_columns(need: Need) -> tuple[str, ...]:
    """The columns of a candidate row: skill codes sharing a major group with one needed and the
    paths of the places tied to the opportunity, comma-separated; then, for each language needed,
    1 when the person speaks it."""
    return (
        "pk",
        "availability",
        "education_level",
        "codes",
        "places",
        *(f"speaks_{n}" for n in range(len(need.languages))),
    )


def _speaks(code: str) -> Q:
    # Codes are plain words, so the quoted code inside the JSON text finds exactly that element, on
    # SQLite as on PostgreSQL (as selectors.search_organisations does).
    return Q(languages__icontains=f'"{code}"')


def _code_range(prefix: str) -> Q:
    """Codes starting with `prefix`, as a range the index on the codes serves."""
    return Q(isco__gte=prefix, isco__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))


def tier_prefixes(need: Need, digits: int) -> list[str]:
    """The leading digits of each code needed: people sharing none of them score at most
    `SKILL_POINTS` of one digit fewer per code, which bounds what they can reach."""
    return sorted({code[:digits] for code in need.skills})


def candidate_people(
    opportunity: Opportunity, *, viewer: Any = None, tier: int = 0, best: bool = False
) -> QuerySet[Person, tuple[Any, ...]]:
    """The people who may appear for an opportunity, as rows of `person_columns`: one query, on
    unencrypted columns only. With `tier` digits, only those with a skill sharing `tier_prefixes`, found
    through the index on skill codes rather than through the places (see `rank_people`). With
    `best`, for an opportunity naming no skill, only those who reach the highest score possible
    (see `_top_rows`)."""
    need = need_of(opportunity)
    through = Person.territories.through
    attached = through.objects.filter(scope_q(need.path, "territory__"))
    people = Person.objects.filter(consents__use=need.consent_use, consents__withdrawn_at__isnull=True)
    if best:
        # Tied to the territory itself, available now, speaking every language needed, schooled
        # enough: each of these is the top of its part of the score.
        people = people.filter(
            pk__in=through.objects.filter(territory__path=need.path).values("person_id"),
            availability=Availability.NOW,
        )
        for code in need.languages:
            people = people.filter(_speaks(code))
        if need.education_floor:
            people = people.filter(education_level__gte=need.education_floor)
    elif tier:
        sharing = Skill.objects.filter(reduce(or_, (_code_range(p) for p in tier_prefixes(need, tier))))
        people = people.filter(pk__in=sharing.values("person_id")).filter(
            Exists(attached.filter(person_id=OuterRef("pk")))
        )
    else:
        people = people.filter(pk__in=attached.values("person_id"))
    majors = sorted({c[:1] for c in need.skills})
    relevant = reduce(or_, (Q(isco__startswith=m) for m in majors)) if majors else Q(pk__in=[])
    signals = [Q(Exists(Skill.objects.filter(person=OuterRef("pk")).filter(relevant)))] if majors else []
    signals += [_speaks(code) for code in need.languages]
    if signals and not tier:
        people = people.filter(reduce(or_, signals))
    if viewer is not None:
        visible = through.objects.filter(territory_filter(viewer, "diaspora.view_people", "territory"))
        people = people.filter(pk__in=visible.values("person_id"))
    # Skills sharing no major group with the ones needed score nothing: they are left out.
    codes = (
        Skill.objects.filter(person=OuterRef("pk"))
        .filter(relevant)
        .values("person")
        .annotate(codes=StringAgg("isco", Value(",")))
        .values("codes")
    )
    places = (
        through.objects.filter(person_id=OuterRef("pk"))
        .filter(scope_q(need.path, "territory__"))
        .values("person_id")
        .annotate(paths=StringAgg("territory__path", Value(",")))
        .values("paths")  # type: ignore[misc]  # the stubs cannot see annotations on a through model
    )
    speaks = {
        f"speaks_{n}": Case(When(_speaks(code), then=Value(1)), default=Value(0), output_field=IntegerField())
        for n, code in enumerate(need.languages)
    }
    return people.annotate(
        codes=Subquery(codes) if majors else Value(None, output_field=CharField()),
        places=Subquery(places),
        **speaks,
    ).values_list(*person_columns(need))


def candidate_set_sql(
    opportunity: Opportunity, *, viewer: Any = None, tier: int = 0, best: bool = False
) -> tuple[str, tuple[Any, ...]]:
    """The SQL and parameters of `candidate_people`: what `rank_people` runs, and the benchmark's
    raw baseline. Raises EmptyResultSet when nobody can qualify."""
    sql, params = candidate_people(opportunity, viewer=viewer, tier=tier, best=best).query.sql_with_params()
    return sql, tuple(params)


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(text.split(",")) if text else ()


def person_facts_of_row(need: Need, row: Sequence[Any]) -> PersonFacts:
    """A candidate row as facts: the languages are those needed that the person speaks, which is
    all that scoring reads of them."""
    pk, availability, education, codes, places, *speaks = row
    return PersonFacts(
        pk=pk,
        skills=_split(codes),
        languages=tuple(code for code, flag in zip(need.languages, speaks, strict=True) if flag),
        places=_split(places),
        availability=availability,
        education=education or "",
    )


class PersonScorer:
    """`sort_key(person_parts(need, facts), pk)` of a candidate row, computed without building the
    reasons: every candidate is ranked, only the few shown are explained. A test checks that both
    always agree."""

    def __init__(self, need: Need) -> None:
        self.need = need
        self.target = need.path
        self.skills = [
            (code, [(k, code[:k]) for k in range(min(len(code), 4), 0, -1)]) for code in need.skills
        ]
        self.above = {
            p: TIE_POINTS["parent" if len(need.path) - len(p) == STEP else "above"]
            for p in ancestor_paths(need.path)
        }
        self.availability = dict(AVAILABILITY_POINTS)
        self.availability[Availability.REMOTE] = REMOTE_POINTS if need.remote_ok else REMOTE_ON_SITE_POINTS
        self.floor = need.education_floor
        self.languages = len(need.languages)

    def key(self, row: Sequence[Any]) -> tuple[int, ...]:
        pk, availability, education, codes, places = row[:5]
        skill = 0
        if codes:
            offered = codes.split(",")
            for _code, prefixes in self.skills:
                for shared, prefix in prefixes:
                    if any(o[:shared] == prefix for o in offered):
                        skill += SKILL_POINTS[shared]
                        break
        territory = 0
        if places:
            for place in places.split(","):
                if place == self.target:
                    points = TIE_POINTS["exact"]
                elif place.startswith(self.target):
                    points = TIE_POINTS["within"]
                else:
                    points = self.above.get(place, 0)
                territory = max(territory, points)
        language = LANGUAGE_POINTS * sum(row[5 : 5 + self.languages])
        schooling = EDUCATION_POINTS if self.floor and education and education >= self.floor else 0
        available = self.availability.get(availability, 0)
        total = skill + territory + language + schooling + available
        return (-total, -skill, 0, -territory, 0, 0, -language, -schooling, -available, pk)


ORGANISATION_COLUMNS = ("pk", "base", "origin_paths", "focus_areas", "languages", "reviewed_at")


def candidate_organisations(opportunity: Opportunity) -> QuerySet[OrganisationProfile, tuple[Any, ...]]:
    """Verified organisations tied to the opportunity's place, working on a related focus area
    when any is related, as rows of `ORGANISATION_COLUMNS`. One query."""
    need = need_of(opportunity)
    through = OrganisationProfile.origins.through
    tied = through.objects.filter(scope_q(need.path, "territory__")).values("organisationprofile_id")
    origins = (
        through.objects.filter(organisationprofile_id=OuterRef("pk"))
        .filter(scope_q(need.path, "territory__"))
        .values("organisationprofile_id")
        .annotate(paths=StringAgg("territory__path", Value(",")))
        .values("paths")  # type: ignore[misc]  # the stubs cannot see annotations on a through model
    )
    profiles = OrganisationProfile.objects.filter(status=OrganisationProfile.Status.VERIFIED).filter(
        Q(pk__in=tied) | scope_q(need.path, "organisation__territory__")
    )
    related = sorted(related_focus_areas(need))
    if related:
        profiles = profiles.filter(reduce(or_, (Q(focus_areas__icontains=f'"{a}"') for a in related)))
    return profiles.annotate(
        base=F("organisation__territory__path"), origin_paths=Subquery(origins)
    ).values_list(*ORGANISATION_COLUMNS)


def organisation_facts_of_row(row: Sequence[Any]) -> OrganisationFacts:
    pk, base, origins, focus_areas, languages, reviewed_at = row
    return OrganisationFacts(
        pk=pk,
        base=base or "",
        origins=_split(origins),
        focus_areas=tuple(focus_areas or ()),
        languages=tuple(languages or ()),
        verified_at=reviewed_at,
    )


# --- Rankings ------------------------------------------------------------------------------------


def _top[T](
    scored: Iterable[tuple[tuple[int, ...], T, list[Part]]], limit: int
) -> list[tuple[T, list[Part]]]:
    best = heapq.nsmallest(limit, scored, key=itemgetter(0))
    return [(facts, parts) for _key, facts, parts in best]


def _fetch(sql: tuple[str, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(*sql)
        return cursor.fetchall()


def _top_rows(
    opportunity: Opportunity, need: Need, scorer: PersonScorer, limit: int, viewer: Any
) -> list[tuple[Any, ...]]:
    """The best candidate rows. Over a whole country the candidates number tens of thousands, nearly
    all far from the top: the people sharing the first three digits of a code needed are ranked
    first, and when the last of the best among them scores more than anyone else could
    (`outside_tier_bound`), they are the answer; else those sharing two digits; else every
    candidate is ranked. Either way the result is exactly the full ranking's."""
    if need.skills and len(need.path) == STEP:
        for digits in TIER_DIGITS:
            rows = _fetch(candidate_set_sql(opportunity, viewer=viewer, tier=digits))
            top = heapq.nsmallest(limit, rows, key=scorer.key)
            if len(top) == limit and -scorer.key(top[-1])[0] > outside_tier_bound(need, digits):
                return top
    elif not need.skills and len(need.path) == STEP:
        # Naming no skill, a national opportunity would rank everyone in the country. Those who
        # reach every part's top (`candidate_people(best=True)`) share the highest score, and
        # anyone else misses at least one part's top, so scores less: with enough of them, they
        # are the answer, in the full ranking's order (by registration).
        rows = _fetch(candidate_set_sql(opportunity, viewer=viewer, best=True))
        if len(rows) >= limit:
            return heapq.nsmallest(limit, rows, key=scorer.key)
    return heapq.nsmallest(limit, _fetch(candidate_set_sql(opportunity, viewer=viewer)), key=scorer.key)


def outside_tier_bound(need: Need, digits: int) -> int:
    """The most a person sharing none of `tier_prefixes` can score."""
    skills = sum(SKILL_POINTS.get(min(len(code), digits) - 1, 0) for code in need.skills)
    best_availability = max(*AVAILABILITY_POINTS.values(), REMOTE_POINTS, REMOTE_ON_SITE_POINTS)
    education = EDUCATION_POINTS if need.education_floor else 0
    return (
        skills
        + LANGUAGE_POINTS * len(need.languages)
        + max(TIE_POINTS.values())
        + education
        + best_availability
    )


def rank_people(opportunity: Opportunity, *, limit: int = 50, viewer: Any = None) -> list[Match[Person]]:
    """People for an opportunity, best first, each with the reasons for their score. The caller
    checks that the account may see people for the opportunity's territory."""
    if limit <= 0:
        return []
    need = need_of(opportunity)
    scorer = PersonScorer(need)
    try:
        top = _top_rows(opportunity, need, scorer, limit, viewer)
    except EmptyResultSet:  # a viewer who may see nobody
        return []
    # The people shown, with their consent read again: one withdrawn since the candidates were read
    # is left out.
    shown = {
        p.pk: p
        for p in Person.objects.filter(
            pk__in=[row[0] for row in top],
            consents__use=need.consent_use,
            consents__withdrawn_at__isnull=True,
        ).annotate(consent_since=F("consents__given_at"))
    }
    explained = []
    for row in top:
        person = shown.get(row[0])
        if person is not None:
            facts = replace(person_facts_of_row(need, row), consent_since=person.consent_since)
            explained.append((person, person_parts(need, facts)))
    names = territory_names({need.path}.union(*(_paths_in(parts) for _person, parts in explained)))
    return [Match(person, score(parts), explain(parts, names)) for person, parts in explained]


def rank_organisations(opportunity: Opportunity, *, limit: int = 50) -> list[Match[OrganisationProfile]]:
    """Verified organisations for an opportunity, best first, with the reasons for their score."""
    if limit <= 0:
        return []
    need = need_of(opportunity)
    scored = []
    for row in candidate_organisations(opportunity):
        facts = organisation_facts_of_row(row)
        parts = organisation_parts(need, facts)
        scored.append((sort_key(parts, facts.pk), facts, parts))
    top = _top(scored, limit)
    profiles = OrganisationProfile.objects.select_related("organisation__territory").in_bulk(
        [facts.pk for facts, _parts in top]
    )
    names = territory_names({need.path}.union(*(_paths_in(parts) for _facts, parts in top)))
    return [Match(profiles[facts.pk], score(parts), explain(parts, names)) for facts, parts in top]


def open_opportunities() -> QuerySet[Opportunity]:
    """Published opportunities whose deadline has not passed."""
    today = timezone.localdate()
    return Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED).filter(
        Q(deadline__isnull=True) | Q(deadline__gte=today)
    )


NEED_COLUMNS = ("pk", "kind", "territory__path", "skills", "languages", "remote_ok", "sector")


def _need_of_row(row: Sequence[Any]) -> Need:
    pk, kind, path, skills, languages, remote_ok, sector = row
    return Need(
        pk=pk,
        kind=kind,
        path=path,
        skills=tuple(str(c) for c in skills or ()),
        languages=tuple(str(c) for c in languages or ()),
        remote_ok=remote_ok,
        sector=sector or "",
    )


def person_facts(person: Person) -> tuple[PersonFacts, dict[str, datetime.datetime]]:
    """A person's facts as matching sees them, and their standing consents (use -> since)."""
    consents = dict(
        Consent.objects.filter(person=person, withdrawn_at__isnull=True).values_list("use", "given_at")
    )
    facts = PersonFacts(
        pk=person.pk,
        skills=tuple(Skill.objects.filter(person=person).exclude(isco="").values_list("isco", flat=True)),
        languages=tuple(person.languages or ()),
        places=tuple(person.territories.values_list("path", flat=True)),
        availability=person.availability,
        education=person.education_level or "",
    )
    return facts, consents


def organisation_facts(profile: OrganisationProfile) -> OrganisationFacts:
    return OrganisationFacts(
        pk=profile.pk,
        base=profile.organisation.territory.path,
        origins=tuple(profile.origins.values_list("path", flat=True)),
        focus_areas=tuple(profile.focus_areas or ()),
        languages=tuple(profile.languages or ()),
        verified_at=profile.reviewed_at,
    )


def rank_opportunities(
    subject: Person | Organisation | OrganisationProfile, *, limit: int = 50
) -> list[Match[Opportunity]]:
    """Open opportunities for a person (only kinds they consented to) or a verified organisation,
    best first, scored exactly as `rank_people` and `rank_organisations` score them."""
    if limit <= 0:
        return []
    scored: list[tuple[tuple[int, ...], Need, list[Part]]] = []
    opportunities = open_opportunities()
    if isinstance(subject, Person):
        facts, consents = person_facts(subject)
        kinds = [kind for kind, use in vocabularies.CONSENT_FOR_KIND.items() if use in consents]
        if not kinds or not facts.places:
            return []
        rows = opportunities.filter(kind__in=kinds).filter(reverse_scope_q(facts.places, "territory__"))
        for row in rows.values_list(*NEED_COLUMNS):
            need = _need_of_row(row)
            dated = replace(facts, consent_since=consents[need.consent_use])
            if person_is_candidate(need, dated):
                parts = person_parts(need, dated)
                scored.append((sort_key(parts, need.pk), need, parts))
    else:
        profile = subject if isinstance(subject, OrganisationProfile) else _profile_of(subject)
        if profile is None or not profile.is_verified:
            return []
        org = organisation_facts(profile)
        rows = opportunities.filter(reverse_scope_q((*org.origins, org.base), "territory__"))
        for row in rows.values_list(*NEED_COLUMNS):
            need = _need_of_row(row)
            if organisation_is_candidate(need, org):
                parts = organisation_parts(need, org)
                scored.append((sort_key(parts, need.pk), need, parts))
    top = _top(scored, limit)
    found = Opportunity.objects.select_related("territory").in_bulk([need.pk for need, _parts in top])
    names = territory_names(set().union(*(_paths_in(parts) for _need, parts in top)))
    return [Match(found[need.pk], score(parts), explain(parts, names)) for need, parts in top]


def _profile_of(organisation: Organisation) -> OrganisationProfile | None:
    return (
        OrganisationProfile.objects.select_related("organisation__territory")
        .filter(organisation=organisation)
        .first()
    )
