"""Demo step of the diaspora app: associations of people from Tazrout living in Valmira and the
umbrellas they belong to, a skills inventory of people abroad, back home and newly arrived,
opportunities published by both sides and project proposals at every stage of the pipeline.

Every organisation, person, phone number, address and project here is invented. Contact details
use the reserved `.example` domain and made-up numbers.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from pontes.core import audit
from pontes.core import services as core_services
from pontes.core.demo import DemoContext, DemoCredential
from pontes.core.models import AuditEntry, Organisation, Role, RoleAssignment, Territory, User

from . import services
from .models import Opportunity, OrganisationProfile, Person, Proposal, ProposalEvent
from .vocabularies import Attachment, Availability, ConsentUse, OpportunityKind

EMAIL_DOMAIN = "pontes-demo.example"
FICTIONAL = "Fictional person, demonstration data."

# The staff who verify, publish and review in each place. Core's step creates the first two; the
# province has no editor of its own there (its administrator needs a second factor, which a
# script cannot pass), so this step adds one for the diaspora desk of the province.
DESK_EDITOR = ("tazrout-desk", "Khadija Amrani")
STAFF_FOR = {
    "valmira": "valmira-editor",
    "valmira-centro": "valmira-editor",
    "valmira-puerto": "valmira-editor",
    "valmira-las-eras": "valmira-editor",
    "tizgui": "tizgui-editor",
    "amzrou": DESK_EDITOR[0],
    "iguernane": DESK_EDITOR[0],
    "tazrout": DESK_EDITOR[0],
}
PLACES = tuple(STAFF_FOR)

# Two people a tester may sign in as: a returnee in Tizgui who runs the argan cooperative, and a
# man in Valmira who leads the Tizgui hometown association. Everyone else has no usable password.
# Usernames that sign in stay short: the validators refuse a demo password too like a long one.
RETURNEE = "tizgui-returnee"
ASSOCIATION_LEAD = "tizgui-assoc"


# --- People -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """What the story fixes about a person; the seed draws the rest."""

    username: str
    attachment: str
    origin: str  # pool of names and languages: ma, ro, co, sn
    gender: str
    country: str
    city: str
    places: tuple[str, ...]
    trade: str


def _slots() -> list[Slot]:
    d, r, m = Attachment.DIASPORA, Attachment.RETURNEE, Attachment.MIGRANT
    rows: list[tuple[str, str, str, str, str, tuple[str, ...], str]] = [
        # Moroccans abroad, tied to the municipalities of Tazrout.
        (d, "ma", "m", "ES", "Valmira", ("tizgui",), "business"),
        (d, "ma", "f", "ES", "Valmira", ("tizgui",), "care"),
        (d, "ma", "m", "ES", "Valmira", ("amzrou",), "building"),
        (d, "ma", "f", "ES", "Valmira", ("iguernane",), "health"),
        (d, "ma", "f", "ES", "Valmira", ("tizgui", "amzrou"), "social"),
        (d, "ma", "m", "ES", "Valmira", ("amzrou",), "hospitality"),
        (d, "ma", "m", "ES", "Madrid", ("tazrout",), "business"),
        (d, "ma", "f", "ES", "Barcelona", ("iguernane",), "education"),
        (d, "ma", "m", "ES", "Murcia", ("amzrou",), "farming"),
        (d, "ma", "m", "ES", "Almería", ("tizgui",), "transport"),
        (d, "ma", "f", "ES", "Valmira", ("tizgui",), "care"),
        (d, "ma", "m", "ES", "Valmira", ("iguernane",), "building"),
        (d, "ma", "f", "FR", "Montpellier", ("tizgui",), "health"),
        (d, "ma", "m", "FR", "Lyon", ("amzrou",), "ict"),
        (d, "ma", "m", "FR", "Paris", ("iguernane", "tazrout"), "business"),
        (d, "ma", "f", "FR", "Toulouse", ("tazrout",), "education"),
        (d, "ma", "m", "IT", "Torino", ("amzrou",), "building"),
        (d, "ma", "f", "IT", "Bologna", ("tizgui",), "hospitality"),
        (d, "ma", "m", "IT", "Milano", ("iguernane",), "ict"),
        (d, "ma", "m", "BE", "Bruxelles", ("tizgui",), "business"),
        (d, "ma", "f", "BE", "Liège", ("amzrou",), "health"),
        (d, "ma", "m", "BE", "Antwerpen", ("iguernane",), "transport"),
        # Back in Tizgui after years abroad.
        (r, "ma", "f", "MA", "Tizgui", ("tizgui",), "farming"),
        (r, "ma", "m", "MA", "Tizgui", ("tizgui",), "building"),
        (r, "ma", "m", "MA", "Tizgui", ("tizgui", "amzrou"), "ict"),
        (r, "ma", "f", "MA", "Tizgui", ("tizgui",), "hospitality"),
        (r, "ma", "m", "MA", "Tizgui", ("tizgui",), "crafts"),
        (r, "ma", "f", "MA", "Tizgui", ("tizgui",), "health"),
        (r, "ma", "m", "MA", "Tizgui", ("tizgui", "iguernane"), "transport"),
        (r, "ma", "f", "MA", "Tizgui", ("tizgui",), "education"),
        # Newcomers in Valmira.
        (m, "ro", "f", "ES", "Valmira", ("valmira-centro",), "care"),
        (m, "ro", "m", "ES", "Valmira", ("valmira",), "building"),
        (m, "ro", "f", "ES", "Valmira", ("valmira-las-eras",), "health"),
        (m, "co", "m", "ES", "Valmira", ("valmira-las-eras",), "education"),
        (m, "co", "f", "ES", "Valmira", ("valmira",), "care"),
        (m, "co", "f", "ES", "Valmira", ("valmira-centro",), "business"),
        (m, "sn", "f", "ES", "Valmira", ("valmira-puerto",), "crafts"),
        (m, "sn", "m", "ES", "Valmira", ("valmira-puerto",), "farming"),
        (m, "sn", "f", "ES", "Valmira", ("valmira",), "care"),
        (m, "ma", "m", "ES", "Valmira", ("valmira-puerto",), "social"),
    ]
    slots = []
    for number, (attachment, origin, gender, country, city, places, trade) in enumerate(rows, start=1):
        username = {1: ASSOCIATION_LEAD, 23: RETURNEE}.get(number, f"diaspora-person-{number:02d}")
        slots.append(Slot(username, attachment, origin, gender, country, city, places, trade))
    return slots


SLOTS = _slots()

FIRST_NAMES = {
    ("ma", "f"): [
        "Hanane",
        "Naima",
        "Khadija",
        "Fadma",
        "Itto",
        "Samira",
        "Zahra",
        "Malika",
        "Touda",
        "Hafsa",
    ],
    ("ma", "m"): [
        "Brahim",
        "Lahcen",
        "Mustapha",
        "Hassan",
        "Omar",
        "Youness",
        "Moha",
        "Said",
        "Karim",
        "Idir",
    ],
    ("ro", "f"): ["Ioana", "Mihaela", "Elena", "Andreea"],
    ("ro", "m"): ["Florin", "Vasile", "Marius", "Cătălin"],
    ("co", "f"): ["Yuliana", "Marisol", "Daniela", "Luz Adriana"],
    ("co", "m"): ["Jhon Fredy", "Andrés", "Wilmer", "Camilo"],
    ("sn", "f"): ["Awa", "Ndeye", "Fatou", "Mariama"],
    ("sn", "m"): ["Moussa", "Cheikh", "Ibrahima", "Pape"],
}
LAST_NAMES = {
    "ma": ["Aït Ouaziz", "Oubella", "Id Brahim", "Amellal", "Boutazrout", "Aït Lahcen", "Ouchen", "Tagmout"],
    "ro": ["Popescu-Vale", "Dumitrașcu", "Moldoveanu", "Lazăr"],
    "co": ["Rentería Mosquera", "Cifuentes", "Palacios Lozano", "Quiñones"],
    "sn": ["Ndiaye", "Sarr", "Diouf", "Faye"],
}

# Occupations people name for themselves: ISCO-08 unit groups (four digits).
TRADES: dict[str, list[tuple[str, str]]] = {
    "business": [
        ("1420", "Retail and wholesale trade manager"),
        ("2411", "Accountant"),
        ("2412", "Financial and investment adviser"),
        ("2431", "Marketing professional"),
        ("1219", "Business services manager"),
    ],
    "care": [
        ("5322", "Home-based personal care worker"),
        ("5321", "Health care assistant"),
        ("5311", "Child care worker"),
        ("9112", "Cleaner in hotels and offices"),
    ],
    "building": [
        ("7112", "Bricklayer"),
        ("7126", "Plumber"),
        ("7411", "Building electrician"),
        ("7115", "Carpenter"),
        ("3112", "Civil engineering technician"),
        ("2142", "Civil engineer"),
    ],
    "health": [
        ("2221", "Nurse"),
        ("2222", "Midwife"),
        ("2211", "General practitioner"),
        ("2262", "Pharmacist"),
        ("3213", "Pharmacy technician"),
    ],
    "social": [
        ("2635", "Social worker"),
        ("3412", "Community mediator"),
        ("2643", "Interpreter (Arabic, Tamazight, Spanish)"),
    ],
    "hospitality": [
        ("5120", "Cook"),
        ("5131", "Waiter"),
        ("1411", "Hotel manager"),
        ("4224", "Hotel receptionist"),
    ],
    "education": [
        ("2341", "Primary school teacher"),
        ("2330", "Secondary school teacher"),
        ("2342", "Early childhood educator"),
        ("2643", "Translator"),
    ],
    "farming": [
        ("6111", "Field crop and vegetable grower"),
        ("6121", "Livestock and dairy producer"),
        ("2132", "Agricultural adviser"),
        ("7515", "Olive and argan oil grader"),
        ("9211", "Crop farm labourer"),
    ],
    "transport": [
        ("8332", "Heavy truck driver"),
        ("8322", "Van driver"),
        ("7231", "Motor vehicle mechanic"),
        ("4321", "Warehouse clerk"),
    ],
    "ict": [
        ("2512", "Software developer"),
        ("2513", "Web developer"),
        ("3512", "ICT user support technician"),
        ("2166", "Graphic designer"),
    ],
    "crafts": [
        ("7318", "Weaver of carpets"),
        ("7314", "Potter"),
        ("7531", "Tailor"),
        ("5221", "Shopkeeper"),
    ],
}

ABOUT = {
    Attachment.DIASPORA: [
        "I go back every summer and would like my skills to be useful at home.",
        "Happy to advise from a distance, and to meet people during my visits.",
        "My family still lives there; I follow what the municipality does.",
    ],
    Attachment.RETURNEE: [
        "Back home after many years abroad; looking for work or partners for a small business.",
        "I learnt my trade abroad and would like to pass it on.",
    ],
    Attachment.MIGRANT: [
        "Arrived a few years ago; my qualifications are not recognised here yet.",
        "I would like to work in my trade and help other newcomers.",
    ],
}

CONSENT_POOL = {
    Attachment.DIASPORA: [
        ConsentUse.INVESTMENT,
        ConsentUse.MENTORING,
        ConsentUse.VOLUNTEERING,
        ConsentUse.AMBASSADOR,
        ConsentUse.JOBS,
    ],
    Attachment.RETURNEE: [
        ConsentUse.JOBS,
        ConsentUse.INVESTMENT,
        ConsentUse.MENTORING,
        ConsentUse.VOLUNTEERING,
    ],
    Attachment.MIGRANT: [ConsentUse.JOBS, ConsentUse.VOLUNTEERING, ConsentUse.MENTORING],
}
# Some people agree to be contacted about jobs only; a few later withdraw one use.
JOBS_ONLY = {5, 10, 24, 31, 35, 39}
WITHDRAWS = {8, 19, 27, 33}

RESIDENCE_LANGUAGE = {"ES": "es", "FR": "fr", "IT": "it", "BE": "fr", "MA": "ar"}


@dataclass(frozen=True)
class PersonSpec:
    slot: Slot
    name: str
    languages: tuple[str, ...]
    education_level: str
    availability: str
    skills: tuple[tuple[str, str, int], ...]
    consents: tuple[str, ...]
    keeps: tuple[str, ...]  # the consents left standing once the person has changed their mind
    phone: str
    about: str
    notify_matches: bool


def _languages(rng: random.Random, slot: Slot) -> tuple[str, ...]:
    chosen: list[str]
    if slot.origin == "ma":
        chosen = ["ar"]
        if rng.random() < 0.6:
            chosen.append("zgh")
        if slot.country != "MA" or rng.random() < 0.8:
            chosen.append("fr")
        chosen.append(RESIDENCE_LANGUAGE[slot.country])
        if slot.attachment == Attachment.RETURNEE:
            chosen.append(rng.choice(["es", "it", "fr"]))
        if slot.country == "BE" and rng.random() < 0.5:
            chosen.append("nl")
    elif slot.origin == "ro":
        chosen = ["ro", "es"] + (["it"] if rng.random() < 0.4 else [])
    elif slot.origin == "co":
        chosen = ["es"]
    else:
        chosen = ["wo", "fr", "es"]
    if rng.random() < 0.35:
        chosen.append("en")
    return tuple(dict.fromkeys(chosen))


def _availability(rng: random.Random, slot: Slot) -> str:
    options = {
        Attachment.DIASPORA: [
            Availability.REMOTE,
            Availability.VISITS,
            Availability.LATER,
            Availability.REMOTE,
        ],
        Attachment.RETURNEE: [Availability.NOW, Availability.NOW, Availability.LATER, Availability.NOT_NOW],
        Attachment.MIGRANT: [Availability.NOW, Availability.NOW, Availability.LATER, Availability.NOT_NOW],
    }[Attachment(slot.attachment)]
    return str(rng.choice(options))


def _consents(rng: random.Random, number: int, slot: Slot) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if slot.username == ASSOCIATION_LEAD:
        given = [ConsentUse.INVESTMENT, ConsentUse.MENTORING, ConsentUse.VOLUNTEERING, ConsentUse.AMBASSADOR]
    elif slot.username == RETURNEE:
        given = [ConsentUse.JOBS, ConsentUse.INVESTMENT, ConsentUse.MENTORING]
    elif number in JOBS_ONLY:
        given = [ConsentUse.JOBS]
    else:
        pool = CONSENT_POOL[Attachment(slot.attachment)]
        low = 2 if number in WITHDRAWS else 1
        given = rng.sample(pool, rng.randint(low, min(3, len(pool))))
    codes = tuple(str(c) for c in given)
    keeps = codes[:-1] if number in WITHDRAWS else codes
    return codes, keeps


def people(rng: random.Random) -> list[PersonSpec]:
    """Everyone in the demo skills inventory, drawn in full from the generator every time."""
    specs = []
    used: set[str] = set()
    for number, slot in enumerate(SLOTS, start=1):
        name = ""
        while not name or name in used:
            name = (
                f"{rng.choice(FIRST_NAMES[(slot.origin, slot.gender)])} {rng.choice(LAST_NAMES[slot.origin])}"
            )
        used.add(name)
        picks = rng.sample(TRADES[slot.trade], rng.randint(1, 3))
        skills = tuple((code, label, rng.randint(1, 25)) for code, label in picks)
        education = rng.choice(["2", "3", "3", "4", "5", "6", "6", "7"])
        if slot.trade in ("health", "education", "ict") and education < "5":
            education = rng.choice(["6", "7"])
        consents, keeps = _consents(rng, number, slot)
        prefix = {"ES": "+34 600 100", "FR": "+33 6 00 10", "IT": "+39 300 010", "BE": "+32 470 10"}.get(
            slot.country, "+212 600 100"
        )
        phone = f"{prefix} {number:03d}" if rng.random() < 0.6 else ""
        about = f"{rng.choice(ABOUT[Attachment(slot.attachment)])} ({FICTIONAL})"
        specs.append(
            PersonSpec(
                slot=slot,
                name=name,
                languages=_languages(rng, slot),
                education_level=education,
                availability=_availability(rng, slot),
                skills=skills,
                consents=consents,
                keeps=keeps,
                phone=phone,
                about=about,
                notify_matches=rng.random() < 0.5,
            )
        )
    return specs


# --- Organisations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    kind: str
    base: str
    registrant: str
    language: str
    description: str
    origins: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    registered: bool = True
    wants_help: bool = False
    public: tuple[str, ...] = ()
    email: str = ""
    website: str = ""
    verdict: str = "verified"  # verified, pending, or the reason it is not verified
    umbrellas: tuple[str, ...] = ()
    needs: dict[str, str] = field(default_factory=dict)


ASSOCIATION_TIZGUI = "Association Tizgui Solidarité Valmira"
ASSOCIATION_AMZROU = "Association Amis d'Amzrou en Espagne"
ASSOCIATION_IGUERNANE = "Association Iguernane Avenir"
UMBRELLA = "Plataforma de Asociaciones Migrantes de Valmira"
FEDERATION = "Federación Estatal de Asociaciones de Migrantes y Diásporas"
COOPERATIVE = "Coopérative Tifawin des rapatriés de Tizgui"
WOMEN_TAZROUT = "Tafsut — Femmes de Tazrout à Valmira"
YOUTH_CLUB = "Club Atlas Valmira"
SENEGALESE_WOMEN = "Dimbali — Femmes sénégalaises de Valmira"
COLOMBIAN_GROUP = "Colectivo Cultural Raíces del Pacífico"
ROMANIAN = "Asociația Dor de Casă Valmira"
REJECTED = "Tazrout Express Servicios"

ORGANISATIONS: list[OrganisationSpec] = [
    OrganisationSpec(
        name=FEDERATION,
        kind=Organisation.Kind.FEDERATION,
        base="valmira",
        registrant="diaspora-person-07",
        language="es",
        description=(
            "Federación de ámbito estatal, con sede en Valmira, que agrupa plataformas y asociaciones "
            "de personas migrantes y de las diásporas de toda España (ficticia)."
        ),
        focus=("integration", "business", "culture"),
        languages=("es", "ar", "fr", "en"),
        public=("description", "website", "email"),
        email=f"secretaria@feamd.{EMAIL_DOMAIN}",
        website="https://feamd.pontes-demo.example",
        needs={"partners": "Socios europeos para proyectos de codesarrollo."},
    ),
    OrganisationSpec(
        name=UMBRELLA,
        kind=Organisation.Kind.UMBRELLA,
        base="valmira",
        registrant="diaspora-person-40",
        language="es",
        description=(
            "Plataforma que reúne a las asociaciones de personas migrantes de Valmira: interlocución con el "
            "Ayuntamiento, formación de juntas directivas y un local compartido (ficticia)."
        ),
        focus=("integration", "culture", "youth"),
        languages=("es", "ar", "fr", "ro", "wo"),
        public=("description", "email", "phone"),
        email=f"plataforma@{EMAIL_DOMAIN}",
        umbrellas=(FEDERATION,),
        needs={
            "premises": "El local compartido se queda pequeño para once asociaciones.",
            "governance": "Estatutos por actualizar y rotación de la junta.",
        },
    ),
    OrganisationSpec(
        name=ASSOCIATION_TIZGUI,
        kind=Organisation.Kind.MIGRANT_ASSOCIATION,
        base="valmira-puerto",
        registrant=ASSOCIATION_LEAD,
        language="fr",
        description=(
            "Association des originaires de Tizgui vivant à Valmira : entraide entre familles, rapatriement "
            "des défunts, projets d'école et d'eau potable au village (fictive)."
        ),
        origins=("tizgui",),
        focus=("education", "water", "humanitarian"),
        languages=("ar", "zgh", "fr", "es"),
        public=("description", "origins", "email", "contact_name"),
        email=f"tizgui.solidarite@{EMAIL_DOMAIN}",
        umbrellas=(UMBRELLA,),
        needs={
            "project_management": "Suivre un chantier à distance, rendre compte aux donateurs.",
            "fundraising": "Appels à projets espagnols et européens.",
        },
    ),
    OrganisationSpec(
        name=ASSOCIATION_AMZROU,
        kind=Organisation.Kind.MIGRANT_ASSOCIATION,
        base="valmira-centro",
        registrant="diaspora-person-03",
        language="fr",
        description=(
            "Les familles d'Amzrou installées en Espagne : soutien aux agriculteurs du douar, irrigation "
            "goutte à goutte, petits élevages (fictive)."
        ),
        origins=("amzrou",),
        focus=("agriculture", "water", "business"),
        languages=("ar", "zgh", "es"),
        public=("description", "origins"),
        umbrellas=(UMBRELLA,),
        needs={
            "financial_management": "Tenir une comptabilité présentable aux bailleurs.",
            "digital": "Site web et réunions en ligne avec le village.",
        },
    ),
    OrganisationSpec(
        name=ASSOCIATION_IGUERNANE,
        kind=Organisation.Kind.MIGRANT_ASSOCIATION,
        base="valmira-las-eras",
        registrant="diaspora-person-04",
        language="fr",
        description=(
            "Association de la diaspora d'Iguernane : santé, bourses pour les lycéennes, équipement du centre "
            "de santé (fictive)."
        ),
        origins=("iguernane",),
        focus=("health", "youth", "education"),
        languages=("ar", "zgh", "fr", "es"),
        public=("description", "origins", "website"),
        website="https://iguernane-avenir.pontes-demo.example",
        umbrellas=(UMBRELLA,),
        needs={"visibility": "Se faire connaître des jeunes nés en Espagne.", "premises": ""},
    ),
    OrganisationSpec(
        name=WOMEN_TAZROUT,
        kind=Organisation.Kind.MIGRANT_ASSOCIATION,
        base="valmira-puerto",
        registrant="diaspora-person-05",
        language="fr",
        description=(
            "Femmes originaires de la province de Tazrout : cours d'espagnol, accès à l'emploi, "
            "coopératives de femmes au pays (fictive)."
        ),
        origins=("tizgui", "amzrou", "iguernane"),
        focus=("women", "employment", "education"),
        languages=("ar", "zgh", "es"),
        public=("description",),
        umbrellas=(UMBRELLA,),
        needs={
            "gender": "Former les bureaux des associations mixtes à l'égalité.",
            "funding": "Garde d'enfants pendant les cours.",
            "volunteers": "",
        },
    ),
    OrganisationSpec(
        name=YOUTH_CLUB,
        kind=Organisation.Kind.MIGRANT_ASSOCIATION,
        base="valmira-las-eras",
        registrant="diaspora-person-06",
        language="es",
        description=(
            "Club deportivo y cultural de jóvenes hijos de familias de Tazrout: fútbol, clases de darija y "
            "tamazight, viajes de verano al pueblo (ficticio)."
        ),
        origins=("tazrout",),
        focus=("youth", "culture"),
        languages=("es", "ar", "zgh"),
        umbrellas=(UMBRELLA,),
        needs={"volunteers": "Monitores para los sábados.", "digital": ""},
    ),
    OrganisationSpec(
        name=SENEGALESE_WOMEN,
        kind=Organisation.Kind.MIGRANT_ASSOCIATION,
        base="valmira-puerto",
        registrant="diaspora-person-37",
        language="fr",
        description=(
            "Association de femmes sénégalaises de Valmira : tontine, formation à la couture et à la "
            "cuisine professionnelle, accompagnement vers l'emploi (fictive)."
        ),
        focus=("women", "employment", "integration"),
        languages=("wo", "fr", "es"),
        public=("description", "phone", "contact_name"),
        umbrellas=(UMBRELLA,),
        needs={
            "financial_management": "Passer de la tontine à une comptabilité d'association.",
            "visibility": "",
            "digital": "",
        },
    ),
    OrganisationSpec(
        name=COLOMBIAN_GROUP,
        kind=Organisation.Kind.INFORMAL_GROUP,
        base="valmira-las-eras",
        registrant="diaspora-person-34",
        language="es",
        description=(
            "Grupo de familias colombianas del Pacífico: música, danza y cocina; queremos constituirnos "
            "como asociación (ficticio)."
        ),
        focus=("culture", "integration", "youth"),
        languages=("es",),
        registered=False,
        wants_help=True,
        verdict="pending",
        needs={
            "legal_status": "Redactar estatutos e inscribirnos en el registro de asociaciones.",
            "premises": "Un lugar para ensayar.",
        },
    ),
    OrganisationSpec(
        name=ROMANIAN,
        kind=Organisation.Kind.MIGRANT_ASSOCIATION,
        base="valmira-centro",
        registrant="diaspora-person-31",
        language="es",
        description="Asociación de personas rumanas de Valmira: escuela de lengua rumana y asesoría laboral (ficticia).",
        focus=("culture", "employment"),
        languages=("ro", "es"),
        verdict="pending",
        umbrellas=(UMBRELLA,),
    ),
    OrganisationSpec(
        name=COOPERATIVE,
        kind=Organisation.Kind.MIGRANT_ASSOCIATION,
        base="tizgui",
        registrant=RETURNEE,
        language="fr",
        description=(
            "Coopérative d'huile d'argan fondée par des femmes et des hommes revenus d'Espagne et d'Italie ; "
            "elle presse, conditionne et vend l'huile de la vallée (fictive)."
        ),
        origins=("tizgui",),
        focus=("return", "agriculture", "business", "women"),
        languages=("ar", "zgh", "fr", "es"),
        public=("description", "email", "phone", "origins"),
        email=f"tifawin@{EMAIL_DOMAIN}",
        needs={
            "funding": "Une seconde presse et une unité de séchage.",
            "partners": "Acheteurs en Espagne et en France.",
            "digital": "Vente en ligne.",
        },
    ),
    OrganisationSpec(
        name=REJECTED,
        kind=Organisation.Kind.MIGRANT_ASSOCIATION,
        base="valmira-centro",
        registrant="diaspora-person-12",
        language="es",
        description="Envíos de dinero, paquetería y billetes a Marruecos a buen precio (ficticio).",
        origins=("tazrout",),
        focus=("business",),
        languages=("es", "ar"),
        verdict=(
            "Es una agencia comercial de envíos y viajes, no una asociación de personas migrantes. Puede "
            "figurar en la guía de servicios como empresa."
        ),
    ),
]

# --- Opportunities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpportunitySpec:
    place: str
    kind: str
    language: str
    title: str
    description: str
    days: int | None  # deadline, in days from today
    sector: str = ""
    priority: str = ""
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    remote_ok: bool = False
    status: str = Opportunity.Status.PUBLISHED
    titles: dict[str, str] = field(default_factory=dict)


OPPORTUNITIES: list[OpportunitySpec] = [
    OpportunitySpec(
        place="valmira",
        kind=OpportunityKind.JOB,
        language="es",
        title="Auxiliares de ayuda a domicilio para el Servicio Municipal de Mayores",
        description=(
            "El servicio municipal de ayuda a domicilio busca doce auxiliares para atender a personas mayores "
            "en sus casas. Jornada completa o parcial, formación inicial pagada. Oferta ficticia."
        ),
        days=45,
        sector="Cuidados",
        priority="Envejecimiento de la población",
        skills=("5322", "5321"),
        languages=("es",),
        titles={
            "fr": "Aides à domicile pour le service municipal des aînés",
            "ar": "مساعدات ومساعدون منزليون لخدمة المسنين",
        },
    ),
    OpportunitySpec(
        place="valmira-las-eras",
        kind=OpportunityKind.JOB,
        language="es",
        title="Enfermeras y enfermeros para la residencia de mayores de Las Eras",
        description=(
            "Residencia pública de 120 plazas. Se acompaña la homologación del título extranjero. "
            "Oferta ficticia."
        ),
        days=60,
        sector="Salud",
        skills=("2221", "3221"),
        languages=("es",),
        titles={
            "fr": "Infirmières et infirmiers pour la résidence de Las Eras",
            "en": "Nurses for the Las Eras care home",
        },
    ),
    OpportunitySpec(
        place="valmira",
        kind=OpportunityKind.JOB,
        language="es",
        title="Cuidador o cuidadora de noche en el centro de día del Puerto",
        description="Puesto ya cubierto. Oferta ficticia.",
        days=None,
        sector="Cuidados",
        skills=("5321",),
        languages=("es",),
        status=Opportunity.Status.CLOSED,
    ),
    OpportunitySpec(
        place="tizgui",
        kind=OpportunityKind.INVESTMENT,
        language="fr",
        title="Investir dans la presse à huile d'argan de la coopérative Tifawin",
        description=(
            "La coopérative Tifawin, fondée par des rapatriés, cherche des investisseurs de la diaspora pour "
            "une seconde presse et une ligne de conditionnement (120 000 MAD). Parts sociales ou prêt à taux "
            "zéro ; la commune met un terrain à disposition. Projet fictif."
        ),
        days=90,
        sector="Agroalimentaire",
        priority="Emploi des femmes et valorisation de l'argan",
        skills=("1311", "2412", "7515"),
        languages=("ar", "fr"),
        remote_ok=True,
        titles={
            "es": "Invertir en la prensa de aceite de argán de la cooperativa Tifawin",
            "ar": "استثمر في معصرة زيت الأركان لتعاونية تيفاوين",
        },
    ),
    OpportunitySpec(
        place="amzrou",
        kind=OpportunityKind.DONATION,
        language="fr",
        title="École primaire d'Amzrou : équiper la bibliothèque et la salle informatique",
        description=(
            "Livres en arabe, tamazight et français, dix ordinateurs portables et un vidéoprojecteur. "
            "Dons en nature ou en argent, reçus délivrés par la commune. Besoin fictif."
        ),
        days=75,
        sector="Éducation",
        priority="Réussite scolaire en milieu rural",
        languages=("ar", "fr"),
        remote_ok=True,
        titles={
            "es": "Escuela primaria de Amzrou: equipar la biblioteca y la sala de informática",
            "ar": "مدرسة أمزرو الابتدائية: تجهيز المكتبة وقاعة الإعلاميات",
        },
    ),
    OpportunitySpec(
        place="valmira-puerto",
        kind=OpportunityKind.VOLUNTEERING,
        language="es",
        title="Voluntariado: acompañar a personas recién llegadas en el Barrio del Puerto",
        description=(
            "Acompañar a citas médicas y trámites, traducir, explicar el barrio. Dos horas a la semana. "
            "Se buscan sobre todo hablantes de árabe, tamazight, wolof y rumano. Voluntariado ficticio."
        ),
        days=120,
        sector="Acogida",
        skills=("2643", "3412"),
        languages=("ar", "wo", "ro"),
        titles={"fr": "Bénévolat : accompagner les nouveaux arrivants du quartier du Port"},
    ),
    OpportunitySpec(
        place="iguernane",
        kind=OpportunityKind.KNOWLEDGE,
        language="fr",
        title="Transfert de compétences pour le centre de santé d'Iguernane",
        description=(
            "Sages-femmes, infirmières et médecins de la diaspora : deux semaines de mission pendant l'été ou "
            "des téléconsultations de soutien à l'équipe. Frais de séjour pris en charge. Mission fictive."
        ),
        days=100,
        sector="Santé",
        priority="Santé maternelle",
        skills=("2221", "2222", "2211"),
        languages=("ar", "fr"),
        remote_ok=True,
        titles={
            "es": "Transferencia de conocimientos para el centro de salud de Iguernane",
            "ar": "نقل الخبرات لفائدة المركز الصحي بإيكرنان",
        },
    ),
    OpportunitySpec(
        place="tizgui",
        kind=OpportunityKind.AMBASSADOR,
        language="fr",
        title="Ambassadrice ou ambassadeur de Tizgui dans la diaspora",
        description=(
            "La commune cherche des personnes de Tizgui vivant à l'étranger pour relayer ses projets, "
            "accueillir les jeunes qui partent et représenter la commune lors des rencontres de la diaspora. "
            "Rôle bénévole de deux ans. Rôle fictif."
        ),
        days=60,
        priority="Lien avec la diaspora",
        languages=("ar", "fr"),
        remote_ok=True,
        titles={
            "es": "Embajadora o embajador de Tizgui en la diáspora",
            "ar": "سفيرة أو سفير تيزكي لدى الجالية",
        },
    ),
    OpportunitySpec(
        place="tizgui",
        kind=OpportunityKind.VOLUNTEERING,
        language="fr",
        title="Chantier d'été : remettre en état la séguia de Tizgui",
        description=(
            "Deux semaines en août avec les jeunes du village pour restaurer le canal d'irrigation. "
            "Hébergement chez l'habitant. Chantier fictif."
        ),
        days=150,
        sector="Eau",
        skills=("7112", "3112"),
        languages=("ar", "zgh"),
        titles={"es": "Campo de trabajo de verano: restaurar la acequia de Tizgui"},
    ),
    OpportunitySpec(
        place="tazrout",
        kind=OpportunityKind.KNOWLEDGE,
        language="fr",
        title="Mentorat numérique pour les coopératives de femmes de la province",
        description="Brouillon : vente en ligne, photos des produits, comptabilité simple. Mentorat fictif.",
        days=180,
        skills=("2513", "2431"),
        languages=("ar", "fr"),
        remote_ok=True,
        status=Opportunity.Status.DRAFT,
    ),
]

# --- Proposals ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalSpec:
    place: str
    title: str
    language: str
    problem: str
    plan: str
    budget: tuple[tuple[str, str], ...]
    proposer: str
    organisation: str | None
    stages: tuple[str, ...]  # stages after "submitted", in order
    currency: str = "EUR"
    cofunding: str | None = None
    partners: str = ""
    reason: str = ""
    # (kind, text, public, by the proposer rather than staff)
    events: tuple[tuple[str, str, bool, bool], ...] = ()


S = Proposal.Status
K = ProposalEvent.Kind
PROPOSALS: list[ProposalSpec] = [
    ProposalSpec(
        place="amzrou",
        title="Citerne et réseau d'eau pour le douar d'Aït Ouirra",
        language="fr",
        problem="En été, les familles du douar portent l'eau depuis la source, à quarante minutes de marche.",
        plan="Une citerne de 60 m³ alimentée par la source, et 2 km de canalisations vers douze bornes.",
        budget=(
            ("Citerne maçonnée", "180000"),
            ("Canalisations et bornes", "95000"),
            ("Main-d'œuvre", "40000"),
        ),
        proposer="diaspora-person-03",
        organisation=ASSOCIATION_AMZROU,
        stages=(),
        currency="MAD",
        cofunding="60000",
        partners="La commune pour le terrain ; l'office de l'eau pour l'étude.",
    ),
    ProposalSpec(
        place="iguernane",
        title="Ambulance rurale pour le centre de santé d'Iguernane",
        language="fr",
        problem="Les femmes qui accouchent attendent parfois trois heures un transport vers l'hôpital.",
        plan="Acheter une ambulance d'occasion équipée et former deux chauffeurs du village.",
        budget=(
            ("Ambulance d'occasion équipée", "28000"),
            ("Formation des chauffeurs", "1500"),
            ("Assurance, an 1", "2200"),
        ),
        proposer="diaspora-person-04",
        organisation=ASSOCIATION_IGUERNANE,
        stages=(S.UNDER_REVIEW,),
        cofunding="9000",
        events=(
            (
                K.COMMENT,
                "Le service provincial de santé est consulté sur les frais de fonctionnement.",
                True,
                False,
            ),
        ),
    ),
    ProposalSpec(
        place="tizgui",
        title="Bibliothèque scolaire de Tizgui",
        language="fr",
        problem="L'école de Tizgui n'a ni livres ni lieu calme pour lire après la classe.",
        plan="Aménager une salle, acheter 1 500 livres et ouvrir trois après-midi par semaine avec des bénévoles.",
        budget=(("Aménagement de la salle", "4200"), ("Livres", "6000"), ("Mobilier", "2300")),
        proposer=ASSOCIATION_LEAD,
        organisation=ASSOCIATION_TIZGUI,
        stages=(S.UNDER_REVIEW, S.SUPPORTED),
        cofunding="5000",
        partners="Une bibliothèque municipale de Valmira pour les dons de livres.",
        events=(
            (
                K.SUPPORT,
                "La commune met à disposition la salle et prend en charge l'électricité ; la province cofinance "
                "les livres à hauteur de 3 000 EUR.",
                True,
                False,
            ),
        ),
    ),
    ProposalSpec(
        place="tizgui",
        title="Unité de séchage solaire pour la coopérative Tifawin",
        language="fr",
        problem="Les amandons d'argan sèchent à même le sol et une partie de la récolte est perdue.",
        plan="Construire un séchoir solaire de 40 m² et former les membres à son usage.",
        budget=(("Séchoir solaire", "85000"), ("Formation", "12000"), ("Sacs et caisses", "8000")),
        proposer=RETURNEE,
        organisation=COOPERATIVE,
        stages=(S.UNDER_REVIEW, S.SUPPORTED, S.IN_PROGRESS),
        currency="MAD",
        cofunding="30000",
        events=(
            (K.SUPPORT, "Cofinancement communal de 40 000 MAD voté en session.", True, False),
            (
                K.PROGRESS,
                "Dalle coulée et structure montée ; les panneaux arrivent le mois prochain.",
                True,
                True,
            ),
            (K.PROGRESS, "Visite de chantier : travaux conformes, 60 % du budget engagé.", True, False),
        ),
    ),
    ProposalSpec(
        place="valmira",
        title="Clases de darija y tamazight para niñas y niños en Valmira",
        language="es",
        problem="Los hijos de familias de Tazrout nacidos en Valmira pierden la lengua de sus abuelos.",
        plan="Dos grupos los sábados en un colegio público, con material bilingüe y una fiesta de fin de curso.",
        budget=(("Profesorado", "3600"), ("Material", "700"), ("Fiesta de fin de curso", "400")),
        proposer="diaspora-person-06",
        organisation=YOUTH_CLUB,
        stages=(S.UNDER_REVIEW, S.SUPPORTED, S.IN_PROGRESS, S.COMPLETED),
        events=(
            (K.SUPPORT, "El Ayuntamiento cede dos aulas del colegio Las Eras los sábados.", True, False),
            (K.PROGRESS, "Empiezan los dos grupos: 34 niñas y niños inscritos.", True, True),
            (K.PROGRESS, "Curso terminado; 29 alumnos lo han completado. Memoria entregada.", True, True),
        ),
    ),
    ProposalSpec(
        place="tizgui",
        title="Piste goudronnée entre Tizgui et le douar d'Imi n'Tlit",
        language="fr",
        problem="La piste est coupée plusieurs jours par an après les orages.",
        plan="Goudronner les 7 km de piste avec des fonds de la diaspora.",
        budget=(("Étude", "40000"), ("Travaux", "2100000")),
        proposer="diaspora-person-10",
        organisation=None,
        stages=(S.DECLINED,),
        currency="MAD",
        reason=(
            "Les routes entre douars relèvent de la province, pas de la commune : la proposition a été "
            "transmise au service provincial des routes, qui répondra directement."
        ),
    ),
]


# --- Loading ------------------------------------------------------------------------------------


def load(context: DemoContext) -> None:
    """Create what is missing; whatever exists already is left as it is, so a re-run changes nothing."""
    specs = people(context.rng("diaspora"))  # drawn in full every time, so a re-run draws the same
    places = {key: _territory(context, key) for key in PLACES}
    if any(t is None for t in places.values()):
        context.out.write("Diaspora demo skipped: the demo territories are missing.\n")
        return
    territories = {key: t for key, t in places.items() if t is not None}
    accounts = {username: _staff(context, username, territories) for username in set(STAFF_FOR.values())}
    staff = {key: accounts[username] for key, username in STAFF_FOR.items()}
    users = _people(context, specs, territories)
    organisations = _organisations(users, staff, territories)
    _opportunities(staff, territories)
    _proposals(users, staff, organisations, territories)


def _territory(context: DemoContext, key: str) -> Territory | None:
    return context.territories.get(key) or Territory.objects.filter(slug=key).first()


def _staff(context: DemoContext, username: str, territories: dict[str, Territory]) -> User:
    user = User.objects.filter(username=username).first()
    if username != DESK_EDITOR[0]:
        if user is None:
            raise RuntimeError(f"The diaspora demo needs core's demo account {username}.")
        return user
    user = _known_account(context, username, DESK_EDITOR[1], territories["tazrout"])
    if not RoleAssignment.objects.filter(
        user=user, role=Role.EDITOR, territory=territories["tazrout"]
    ).exists():
        core_services.grant_role(actor=None, user=user, role=Role.EDITOR, territory=territories["tazrout"])
    if not any(c.username == username for c in context.credentials):
        context.credentials.append(
            DemoCredential(
                username, context.password_for(username), str(Role.EDITOR), territories["tazrout"].name
            )
        )
    return user


def _known_account(context: DemoContext, username: str, full_name: str, territory: Territory) -> User:
    """An account whose password the demo prints, so a tester can sign in."""
    password = context.password_for(username)
    user = User.objects.filter(username=username).first()
    if user is None:
        first, _sep, last = full_name.partition(" ")
        user, _password = core_services.create_account(
            actor=None,
            territory=territory,
            username=username,
            email=f"{username}@{EMAIL_DOMAIN}",
            first_name=first,
            last_name=last,
            password=password,
        )
    elif not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _people(
    context: DemoContext, specs: list[PersonSpec], territories: dict[str, Territory]
) -> dict[str, User]:
    users: dict[str, User] = {}
    for spec in specs:
        slot = spec.slot
        home = territories[slot.places[0]]
        if slot.username in (RETURNEE, ASSOCIATION_LEAD):
            user = _known_account(context, slot.username, spec.name, home)
            lead = slot.username == ASSOCIATION_LEAD
            role = str(Role.PROVIDER_EDITOR) if lead else "returnee"
            scope = ASSOCIATION_TIZGUI if lead else home.name
            context.credentials.append(
                DemoCredential(slot.username, context.password_for(slot.username), role, scope)
            )
        else:
            user = User.objects.filter(username=slot.username).first() or _anonymous_account(
                slot.username, home
            )
        users[slot.username] = user
        if Person.objects.filter(user=user).exists():
            continue
        person = services.register_person(
            user=user,
            name=spec.name,
            attachment=slot.attachment,
            residence_country=slot.country,
            residence_city=slot.city,
            territories=[territories[key] for key in slot.places],
            consents=spec.consents,
            skills=[{"isco": code, "label": label, "years": years} for code, label, years in spec.skills],
            languages=spec.languages,
            email=f"{slot.username}@{EMAIL_DOMAIN}",
            phone=spec.phone,
            education_level=spec.education_level,
            availability=spec.availability,
            about=spec.about,
            notify_matches=spec.notify_matches,
        )
        if spec.keeps != spec.consents:
            services.set_consents(user=user, person=person, uses=spec.keeps)
    return users


def _anonymous_account(username: str, territory: Territory) -> User:
    """An account nobody can sign in to: the person exists only to fill the inventory.

    Core's account service always hashes a password, which costs a third of a second each with
    the production hasher; the same checks and audit entry are made here without one."""
    user = User(username=username, email=f"{username}@{EMAIL_DOMAIN}")
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit.record(
        actor=None,
        action=AuditEntry.Action.CREATE,
        target=user,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(user, ["username", "email", "first_name", "last_name"])),
    )
    return user


def _organisations(
    users: dict[str, User], staff: dict[str, User], territories: dict[str, Territory]
) -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        base = territories[spec.base]
        profile = OrganisationProfile.objects.filter(
            organisation__name=spec.name, organisation__territory=base
        ).first()
        if profile is None:
            profile = _register(spec, users[spec.registrant], staff[spec.base], territories)
        found[spec.name] = profile.organisation
    # Umbrellas last, once every organisation exists; left alone when already as wanted.
    for spec in ORGANISATIONS:
        organisation = found[spec.name]
        wanted = {found[name].pk for name in spec.umbrellas}
        if set(organisation.memberships.values_list("umbrella_id", flat=True)) != wanted:
            services.set_umbrellas(
                actor=users[spec.registrant],
                organisation=organisation,
                umbrellas=[found[name] for name in spec.umbrellas],
            )
    return found


def _register(
    spec: OrganisationSpec, registrant: User, reviewer: User, territories: dict[str, Territory]
) -> OrganisationProfile:
    contact = Person.objects.filter(user=registrant).first()
    profile = services.register_organisation(
        actor=registrant,
        name=spec.name,
        kind=spec.kind,
        base=territories[spec.base],
        origins=[territories[key] for key in spec.origins],
        focus_areas=spec.focus,
        languages=spec.languages,
        description=spec.description,
        original_language=spec.language,
        website=spec.website,
        email=spec.email,
        legally_registered=spec.registered,
        wants_registration_help=spec.wants_help,
        contact_name=contact.name if contact is not None else "",
        contact_email=registrant.email,
        contact_phone=(contact.phone or "") if contact is not None else "",
        public_fields=spec.public,
    )
    if spec.needs:
        services.set_capacity_needs(actor=registrant, organisation=profile.organisation, needs=spec.needs)
    if spec.verdict == "verified":
        services.review_organisation(actor=reviewer, profile=profile, verified=True)
    elif spec.verdict != "pending":
        services.review_organisation(actor=reviewer, profile=profile, verified=False, note=spec.verdict)
    return profile


def _opportunities(staff: dict[str, User], territories: dict[str, Territory]) -> None:
    today = timezone.now().date()
    for spec in OPPORTUNITIES:
        territory = territories[spec.place]
        if Opportunity.objects.filter(territory=territory, title=spec.title).exists():
            continue
        actor = staff[spec.place]
        opportunity = services.save_opportunity(
            actor=actor,
            territory=territory,
            opportunity=Opportunity(
                kind=spec.kind,
                title=spec.title,
                description=spec.description,
                sector=spec.sector,
                priority=spec.priority,
                skills=list(spec.skills),
                languages=list(spec.languages),
                remote_ok=spec.remote_ok,
                deadline=today + datetime.timedelta(days=spec.days) if spec.days is not None else None,
                original_language=spec.language,
            ),
            translations={language: {"title": title} for language, title in spec.titles.items()},
        )
        if spec.status == Opportunity.Status.CLOSED:
            # Published first, so that it shows when it was open.
            services.set_opportunity_status(
                actor=actor, opportunity=opportunity, status=Opportunity.Status.PUBLISHED
            )
        if spec.status != Opportunity.Status.DRAFT:
            services.set_opportunity_status(actor=actor, opportunity=opportunity, status=spec.status)


def _proposals(
    users: dict[str, User],
    staff: dict[str, User],
    organisations: dict[str, Organisation],
    territories: dict[str, Territory],
) -> None:
    for spec in PROPOSALS:
        territory = territories[spec.place]
        if Proposal.objects.filter(territory=territory, title=spec.title).exists():
            continue
        proposer, reviewer = users[spec.proposer], staff[spec.place]
        proposal = services.submit_proposal(
            actor=proposer,
            territory=territory,
            title=spec.title,
            problem=spec.problem,
            plan=spec.plan,
            budget=[(label, Decimal(amount)) for label, amount in spec.budget],
            organisation=organisations[spec.organisation] if spec.organisation else None,
            partners_sought=spec.partners,
            cofunding=Decimal(spec.cofunding) if spec.cofunding else None,
            currency=spec.currency,
            original_language=spec.language,
        )
        events = list(spec.events)
        for stage in spec.stages:
            reason = spec.reason if stage == S.DECLINED else ""
            proposal = services.move_proposal(actor=reviewer, proposal=proposal, status=stage, reason=reason)
            # Each update is told at the stage it belongs to: comments while under review, offers of
            # support once supported, progress during implementation.
            while events and _belongs(events[0][0], stage):
                kind, text, public, by_proposer = events.pop(0)
                _event(proposal, proposer if by_proposer else reviewer, kind, text, public)
        for kind, text, public, by_proposer in events:
            _event(proposal, proposer if by_proposer else reviewer, kind, text, public)


def _belongs(kind: str, stage: str) -> bool:
    return {K.COMMENT: S.UNDER_REVIEW, K.SUPPORT: S.SUPPORTED, K.PROGRESS: S.IN_PROGRESS}.get(
        K(kind), ""
    ) == stage


def _event(proposal: Proposal, actor: User, kind: str, text: str, public: bool) -> None:
    services.add_proposal_event(actor=actor, proposal=proposal, kind=kind, text=text, public=public)
