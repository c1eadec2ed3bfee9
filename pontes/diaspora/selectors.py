"""Reads of the diaspora app: organisations and their membership tree, people as staff may see
them, capacity needs in figures."""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from pontes.core.models import Organisation, Territory
from pontes.core.permissions import has_perm, territory_filter

from .models import OrganisationNeed, OrganisationProfile, Person, Proposal

# Words that say what an organisation is, not which one it is.
GENERIC_WORDS = {
    "association",
    "asociacion",
    "associazione",
    "federation",
    "federacion",
    "union",
    "collectif",
    "colectivo",
    "des",
    "de",
    "du",
    "la",
    "le",
    "les",
    "el",
    "los",
    "las",
    "of",
    "the",
    "and",
    "et",
    "y",
    "pour",
    "para",
    "for",
}
SIMILAR = 0.85


def name_key(name: str) -> str:
    """A name without accents, case, punctuation and generic words, to compare organisations."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c if c.isalnum() else " " for c in text if not unicodedata.combining(c))
    return " ".join(w for w in text.split() if w not in GENERIC_WORDS)


def similar_organisations(name: str, base: Territory) -> list[Organisation]:
    """Organisations based in the same place whose names are the same or nearly so."""
    key = name_key(name)
    if not key:
        return []
    found = []
    for organisation in Organisation.objects.filter(territory=base).only("pk", "name"):
        other = name_key(organisation.name)
        if other == key or difflib.SequenceMatcher(None, key, other).ratio() >= SIMILAR:
            found.append(organisation)
    return found


def all_members(organisation: Organisation) -> set[int]:
    """Ids of every organisation below this one in the membership graph."""
    from .models import Membership

    seen: set[int] = set()
    frontier = {organisation.pk}
    while frontier:
        below = (
            set(Membership.objects.filter(umbrella_id__in=frontier).values_list("member_id", flat=True))
            - seen
        )
        seen |= below
        frontier = below
    return seen


@dataclass
class TreeNode:
    organisation: Organisation
    children: list[TreeNode]


def membership_tree(organisation: Organisation, *, upwards: bool = False, depth: int = 4) -> list[TreeNode]:
    """The members of an organisation (or, upwards, the umbrellas it belongs to), as a tree."""
    from .models import Membership

    def grow(node: Organisation, level: int, path: frozenset[int]) -> list[TreeNode]:
        if level >= depth:
            return []
        links = (
            Membership.objects.filter(member=node).select_related("umbrella")
            if upwards
            else Membership.objects.filter(umbrella=node).select_related("member")
        )
        nodes = []
        for link in links:
            other = link.umbrella if upwards else link.member
            if other.pk in path:
                continue
            nodes.append(TreeNode(other, grow(other, level + 1, path | {other.pk})))
        return sorted(nodes, key=lambda n: n.organisation.name)

    return grow(organisation, 0, frozenset({organisation.pk}))


def public_organisations() -> QuerySet[OrganisationProfile]:
    return OrganisationProfile.objects.filter(status=OrganisationProfile.Status.VERIFIED).select_related(
        "organisation__territory"
    )


def search_organisations(
    *,
    query: str = "",
    origin: Territory | None = None,
    base: Territory | None = None,
    focus: str = "",
    language: str = "",
) -> QuerySet[OrganisationProfile]:
    profiles = public_organisations()
    if query:
        profiles = profiles.filter(
            Q(organisation__name__icontains=query) | Q(organisation__alternate_name__icontains=query)
        )
    if origin is not None:
        profiles = profiles.filter(origins__path__startswith=origin.path).distinct()
    if base is not None:
        profiles = profiles.filter(organisation__territory__path__startswith=base.path)
    # Codes are plain words, so the quoted code inside the JSON text finds exactly that element,
    # on SQLite as on PostgreSQL.
    if focus:
        profiles = profiles.filter(focus_areas__icontains=f'"{focus}"')
    if language:
        profiles = profiles.filter(languages__icontains=f'"{language}"')
    return profiles.order_by("organisation__name")


def public_fields(profile: OrganisationProfile) -> dict[str, Any]:
    """What the public sees of an organisation: its name, kind and base always; the rest only
    where the organisation said so."""
    organisation = profile.organisation
    shown: dict[str, Any] = {}
    for field in profile.public_fields:
        if field == "origins":
            shown[field] = list(profile.origins.all())
        elif field == "contact_name":
            shown[field] = profile.contact_name or ""
        else:
            shown[field] = getattr(organisation, field, "")
    return shown


def may_review(user: Any, proposal: Proposal) -> bool:
    return has_perm(user, "diaspora.review_proposals", proposal.territory)


# --- People ----------------------------------------------------------------------------------------


def people_for_staff(user: Any) -> QuerySet[Person]:
    """People tied to a territory where the user may see the skills inventory, who consented to at
    least one use: nobody else is visible."""
    return (
        Person.objects.filter(territory_filter(user, "diaspora.view_people", "territories"))
        .filter(consents__withdrawn_at__isnull=True)
        .distinct()
    )


def consented_uses(person: Person) -> set[str]:
    return set(person.consents.filter(withdrawn_at__isnull=True).values_list("use", flat=True))


def export_person(person: Person) -> dict[str, Any]:
    """Everything kept about a person, for them to download."""
    return {
        "id": str(person.uuid),
        "name": person.name,
        "email": person.email or "",
        "phone": person.phone or "",
        "you_are": person.attachment,
        "residence": {"country": person.residence_country, "city": person.residence_city or ""},
        "places": [t.slug for t in person.territories.all()],
        "languages": person.languages,
        "education_level": person.education_level,
        "availability": person.availability,
        "about": person.about or "",
        "skills": [
            {"isco": s.isco, "esco_uri": s.esco_uri, "label": s.label, "years": s.years}
            for s in person.skills.all()
        ],
        "consents": [
            {
                "use": c.use,
                "wording": c.wording,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in person.consents.order_by("given_at")
        ],
        "read_by_staff": [{"at": r.at.isoformat(), "purpose": r.purpose} for r in person.reads.all()],
        "created_at": person.created_at.isoformat(),
        "updated_at": person.updated_at.isoformat(),
    }


# --- Figures ---------------------------------------------------------------------------------------


def capacity_needs_totals(territory: Territory) -> dict[str, dict[str, int]]:
    """Organisations based at or below the territory needing each thing, by kind of organisation."""
    totals: dict[str, dict[str, int]] = defaultdict(dict)
    rows = (
        OrganisationNeed.objects.filter(organisation__territory__path__startswith=territory.path)
        .values("need", "organisation__kind")
        .annotate(count=Count("organisation", distinct=True))
    )
    for row in rows:
        totals[row["need"]][row["organisation__kind"]] = row["count"]
    return dict(totals)


# --- Know your diaspora ----------------------------------------------------------------------------


@dataclass
class CountRow:
    label: str
    count: int | None  # None: hidden, too few to show without singling someone out


def suppress_small(counts: dict[str, int], threshold: int) -> list[CountRow]:
    """Counts below the threshold are hidden; when a single one is, the next smallest goes too, so
    that the total shown beside them cannot give it back."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    hidden = {label for label, count in ordered if 0 < count < threshold}
    if len(hidden) == 1:
        shown = [(label, count) for label, count in ordered if label not in hidden and count > 0]
        if shown:
            hidden.add(min(shown, key=lambda item: (item[1], item[0]))[0])
    return [CountRow(label, None if label in hidden else count) for label, count in ordered if count > 0]


@dataclass
class DiasporaFigures:
    people: int | None
    countries: list[CountRow]
    cities: list[CountRow]
    occupations: list[CountRow]
    attachments: list[CountRow]
    registrations: list[CountRow]  # by year and month
    organisations_by_base: list[CountRow]
    threshold: int


def diaspora_figures(territory: Territory, *, threshold: int) -> DiasporaFigures:
    """Where the people tied to a territory live, what they do, how registrations grow, and the
    organisations tied to it: counts only, small ones hidden. People count whatever their consents,
    since nobody is identified."""
    import pycountry

    from .vocabularies import Attachment, isco_label

    people = Person.objects.filter(territories__path__startswith=territory.path).distinct()
    total = people.count()
    countries: dict[str, int] = defaultdict(int)
    for code, count in people.values_list("residence_country").annotate(n=Count("pk", distinct=True)):
        country = pycountry.countries.get(alpha_2=code)
        countries[str(getattr(country, "common_name", None) or getattr(country, "name", code))] += count
    cities: dict[str, int] = defaultdict(int)
    # Cities are encrypted at rest: counted here, in memory, never grouped by the database.
    for person in people.only("residence_city", "residence_country"):
        if person.residence_city:
            cities[f"{person.residence_city.strip().title()} ({person.residence_country})"] += 1
    occupations: dict[str, int] = defaultdict(int)
    for code, count in (
        people.filter(skills__isco__gt="").values_list("skills__isco").annotate(n=Count("pk", distinct=True))
    ):
        occupations[isco_label(code)] += count
    attachments = {
        str(Attachment(code).label): count
        for code, count in people.values_list("attachment").annotate(n=Count("pk", distinct=True))
    }
    months: dict[str, int] = defaultdict(int)
    for created in people.values_list("created_at", flat=True):
        months[f"{created:%Y-%m}"] += 1
    bases: dict[str, int] = defaultdict(int)
    for name, count in (
        OrganisationProfile.objects.filter(status=OrganisationProfile.Status.VERIFIED)
        .filter(
            Q(origins__path__startswith=territory.path)
            | Q(organisation__territory__path__startswith=territory.path)
        )
        .values_list("organisation__territory__name")
        .annotate(n=Count("pk", distinct=True))
    ):
        bases[name] += count
    return DiasporaFigures(
        people=total if total == 0 or total >= threshold else None,
        countries=suppress_small(dict(countries), threshold),
        cities=suppress_small(dict(cities), threshold),
        occupations=suppress_small(dict(occupations), threshold),
        attachments=suppress_small(attachments, threshold),
        registrations=sorted(suppress_small(dict(months), threshold), key=lambda row: row.label),
        organisations_by_base=[CountRow(k, v) for k, v in sorted(bases.items())],  # organisations are public
        threshold=threshold,
    )
