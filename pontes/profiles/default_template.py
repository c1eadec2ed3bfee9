"""The default indicator template of a local migration profile, as plain data.

A local migration profile shows how migration shapes one municipality or region: who lives
there, who leaves and who comes back, how people fare at work and at school, which services,
associations and partnerships exist. This module lists the domains and indicators that a new
profile starts from; nothing here touches the database.

Names and definitions are Pontes' own short wording, written for municipal staff and
statisticians, in English, French, Spanish and Arabic. The choice and structure of the
indicators follow public frameworks without reproducing their text: the migration profiles of
IOM and the EU (domains, the migration-cycle view), the Migration Governance Indicators
(governance, participation, partnerships), UN DESA's international migrant stock (foreign-born
population, emigrants abroad), the OECD/EU indicators of immigrant integration and Eurostat's
migrant integration statistics (employment, education, housing, poverty, belonging), UNESCO and
ILO definitions (levels of education, labour force status) and the World Bank's Remittance
Prices Worldwide (cost of sending 200 US dollars, SDG indicator 10.c.1).

Conventions:

- Indicator codes are stable identifiers: never rename one, add new ones instead.
- Sex and age group codes follow SDMX (F, M; Y0T14 …). Total cells are not listed: the app
  uses "_T".
- The migration status cells are mutually exclusive, so that they add up to the total: REF
  refugees and asylum seekers; FOR every other foreign-born person; RET native-born people back
  after living abroad; NAT everybody else. Where a source only knows citizenship, citizenship
  stands in for country of birth, and the data's metadata should say so.
- `additive` marks counts (of persons, or of households and other things, unit "count") and
  sums of money that can be added across places and across breakdown cells. Rates, shares,
  averages and counts of distinct things (countries represented, services covering several
  areas) are not additive.
- `numerator` and `denominator` name the count indicators a rate or share is built from, when
  the template has them. A rate may name only its denominator (the numerator is rarely
  published on its own); the denominator is still the weight for combining places.
- `minimum` and `maximum` are a plausible range for import checks, not hard limits of reality.
- The "census" periodicity means every 5 to 10 years; local elections use it too.
"""

from __future__ import annotations

import re
from typing import Final, TypedDict

LANGUAGES: Final = ("en", "fr", "es", "ar")

PHASES: Final = ("pre_decision", "pre_departure", "transit", "stay", "return")
PERIODICITIES: Final = ("annual", "quarterly", "monthly", "census")
DIRECTIONS: Final = ("higher", "lower", "neutral")

# Units whose values may be added up: counts, and sums of money in one currency.
ADDITIVE_UNITS: Final = frozenset({"persons", "count", "currency_usd", "currency_local"})
# Units whose values must lie between 0 and 100.
BOUNDED_UNITS: Final = frozenset({"percent", "index_0_100"})

CODE_PATTERN: Final = re.compile(r"^[A-Z0-9]+(\.[A-Z0-9_]+)+$")
# Longest indicator code and name that profiles can store.
MAX_CODE_LENGTH: Final = 60
MAX_NAME_LENGTH: Final = 250


class DomainSpec(TypedDict):
    code: str  # e.g. "population"
    name: dict[str, str]  # {"en": …, "fr": …, "es": …, "ar": …}


class IndicatorSpec(TypedDict):
    code: str  # stable, upper case with dots, e.g. "POP.MIG.STOCK"
    domain: str  # a DomainSpec code
    name: dict[str, str]  # en, fr, es, ar
    definition: dict[str, str]  # en, fr, es, ar: one or two sentences each
    unit: str  # a key of UNITS
    disaggregations: list[str]  # keys of DISAGGREGATIONS, in that order
    additive: bool  # True only for counts and sums that can be added across places and cells
    numerator: str  # for rates and shares: code of the count indicator above the line, else ""
    denominator: str  # likewise the count below the line, else ""
    better: str  # "higher", "lower" or "neutral"
    source: str  # the usual source, in short English
    periodicity: str  # "annual", "quarterly", "monthly" or "census" (every 5 to 10 years)
    minimum: float | None  # plausible range, for import checks
    maximum: float | None
    phases: list[str]  # migration-cycle phases it informs, from PHASES


UNITS: Final[dict[str, dict[str, str]]] = {
    "persons": {
        "en": "persons",
        "fr": "personnes",
        "es": "personas",
        "ar": "أشخاص",
    },
    "count": {
        "en": "number",
        "fr": "nombre",
        "es": "número",
        "ar": "عدد",
    },
    "percent": {
        "en": "percent",
        "fr": "pour cent",
        "es": "por ciento",
        "ar": "نسبة مئوية",
    },
    "per_1000": {
        "en": "per 1,000",
        "fr": "pour 1 000",
        "es": "por cada 1000",
        "ar": "لكل 1000",
    },
    "currency_usd": {
        "en": "US dollars",
        "fr": "dollars des États-Unis",
        "es": "dólares estadounidenses",
        "ar": "دولار أمريكي",
    },
    "currency_local": {
        "en": "local currency",
        "fr": "monnaie locale",
        "es": "moneda local",
        "ar": "العملة المحلية",
    },
    "years": {
        "en": "years",
        "fr": "années",
        "es": "años",
        "ar": "سنوات",
    },
    "ratio": {
        "en": "ratio",
        "fr": "rapport",
        "es": "razón",
        "ar": "نسبة",
    },
    "index_0_100": {
        "en": "index (0–100)",
        "fr": "indice (0–100)",
        "es": "índice (0–100)",
        "ar": "مؤشر (0–100)",
    },
}

DISAGGREGATIONS: Final[dict[str, dict[str, object]]] = {
    "sex": {
        "name": {
            "en": "Sex",
            "fr": "Sexe",
            "es": "Sexo",
            "ar": "الجنس",
        },
        "values": {
            "F": {
                "en": "Female",
                "fr": "Femmes",
                "es": "Mujeres",
                "ar": "إناث",
            },
            "M": {
                "en": "Male",
                "fr": "Hommes",
                "es": "Hombres",
                "ar": "ذكور",
            },
        },
    },
    "age_group": {
        "name": {
            "en": "Age group",
            "fr": "Tranche d'âge",
            "es": "Grupo de edad",
            "ar": "الفئة العمرية",
        },
        "values": {
            "Y0T14": {
                "en": "0–14 years",
                "fr": "0 à 14 ans",
                "es": "0 a 14 años",
                "ar": "من 0 إلى 14 سنة",
            },
            "Y15T24": {
                "en": "15–24 years",
                "fr": "15 à 24 ans",
                "es": "15 a 24 años",
                "ar": "من 15 إلى 24 سنة",
            },
            "Y25T64": {
                "en": "25–64 years",
                "fr": "25 à 64 ans",
                "es": "25 a 64 años",
                "ar": "من 25 إلى 64 سنة",
            },
            "Y_GE65": {
                "en": "65 years and over",
                "fr": "65 ans et plus",
                "es": "65 años y más",
                "ar": "65 سنة فأكثر",
            },
        },
    },
    "origin": {
        "name": {
            "en": "Country or region of origin",
            "fr": "Pays ou région d'origine",
            "es": "País o región de origen",
            "ar": "بلد المنشأ أو منطقته",
        },
        # Open list: ISO 3166-1 alpha-3 codes or UN M49 region codes, as given by the data.
        "values": {},
    },
    "migration_status": {
        "name": {
            "en": "Migration status",
            "fr": "Statut migratoire",
            "es": "Situación migratoria",
            "ar": "الوضع من حيث الهجرة",
        },
        # Mutually exclusive, so that the cells add up to the total (see the module docstring).
        "values": {
            "NAT": {
                "en": "Native-born (non-migrants)",
                "fr": "Nés dans le pays (non-migrants)",
                "es": "Nacidos en el país (no migrantes)",
                "ar": "المولودون في البلد (غير المهاجرين)",
            },
            "FOR": {
                "en": "Foreign-born (other migrants)",
                "fr": "Nés à l'étranger (autres migrants)",
                "es": "Nacidos en el extranjero (otros migrantes)",
                "ar": "المولودون في الخارج (مهاجرون آخرون)",
            },
            "REF": {
                "en": "Refugees and asylum seekers",
                "fr": "Réfugiés et demandeurs d'asile",
                "es": "Personas refugiadas y solicitantes de asilo",
                "ar": "اللاجئون وطالبو اللجوء",
            },
            "RET": {
                "en": "Returnees",
                "fr": "Migrants de retour",
                "es": "Personas retornadas",
                "ar": "العائدون",
            },
        },
    },
}

DOMAINS: Final[list[DomainSpec]] = [
    {
        "code": "population",
        "name": {
            "en": "Population and migration",
            "fr": "Population et migrations",
            "es": "Población y migración",
            "ar": "السكان والهجرة",
        },
    },
    {
        "code": "labour",
        "name": {
            "en": "Work, economy and remittances",
            "fr": "Emploi, économie et transferts de fonds",
            "es": "Empleo, economía y remesas",
            "ar": "العمل والاقتصاد والتحويلات المالية",
        },
    },
    {
        "code": "education",
        "name": {
            "en": "Education and skills",
            "fr": "Éducation et compétences",
            "es": "Educación y competencias",
            "ar": "التعليم والمهارات",
        },
    },
    {
        "code": "services",
        "name": {
            "en": "Access to services",
            "fr": "Accès aux services",
            "es": "Acceso a los servicios",
            "ar": "الوصول إلى الخدمات",
        },
    },
    {
        "code": "governance",
        "name": {
            "en": "Governance, participation and partnerships",
            "fr": "Gouvernance, participation et partenariats",
            "es": "Gobernanza, participación y alianzas",
            "ar": "الحوكمة والمشاركة والشراكات",
        },
    },
    {
        "code": "cohesion",
        "name": {
            "en": "Diversity and social cohesion",
            "fr": "Diversité et cohésion sociale",
            "es": "Diversidad y cohesión social",
            "ar": "التنوع والتماسك الاجتماعي",
        },
    },
    {
        "code": "gender",
        "name": {
            "en": "Gender",
            "fr": "Genre",
            "es": "Género",
            "ar": "النوع الاجتماعي",
        },
    },
    {
        "code": "migration_cycle",
        "name": {
            "en": "Migration cycle: departure, transit and return",
            "fr": "Cycle migratoire : départ, transit et retour",
            "es": "Ciclo migratorio: salida, tránsito y retorno",
            "ar": "دورة الهجرة: المغادرة والعبور والعودة",
        },
    },
]

INDICATORS: Final[list[IndicatorSpec]] = [
    # -------------------- population
    {
        "code": "POP.TOTAL",
        "domain": "population",
        "name": {
            "en": "Total population",
            "fr": "Population totale",
            "es": "Población total",
            "ar": "إجمالي السكان",
        },
        "definition": {
            "en": "Number of people usually living in the area on 1 January or on the census date.",
            "fr": (
                "Nombre de personnes résidant habituellement dans la zone au 1er janvier ou à la date du "
                "recensement."
            ),
            "es": (
                "Número de personas que residen habitualmente en la zona el 1 de enero o en la fecha del "
                "censo."
            ),
            "ar": "عدد الأشخاص المقيمين عادةً في المنطقة في الأول من يناير أو في تاريخ التعداد.",
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "migration_status"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Population register; census",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "POP.MIG.STOCK",
        "domain": "population",
        "name": {
            "en": "Foreign-born population",
            "fr": "Population née à l'étranger",
            "es": "Población nacida en el extranjero",
            "ar": "السكان المولودون في الخارج",
        },
        "definition": {
            "en": "Residents born in another country, whatever their citizenship.",
            "fr": "Résidents nés dans un autre pays, quelle que soit leur nationalité.",
            "es": "Residentes nacidos en otro país, sea cual sea su nacionalidad.",
            "ar": "المقيمون المولودون في بلد آخر، بصرف النظر عن جنسيتهم.",
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Population register; census",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "POP.MIG.SHARE",
        "domain": "population",
        "name": {
            "en": "Share of foreign-born in the population",
            "fr": "Part des personnes nées à l'étranger dans la population",
            "es": "Proporción de personas nacidas en el extranjero en la población",
            "ar": "نسبة المولودين في الخارج من إجمالي السكان",
        },
        "definition": {
            "en": "Foreign-born residents as a percentage of the total population.",
            "fr": "Résidents nés à l'étranger, en pourcentage de la population totale.",
            "es": "Residentes nacidos en el extranjero, como porcentaje de la población total.",
            "ar": "عدد المقيمين المولودين في الخارج كنسبة مئوية من إجمالي السكان.",
        },
        "unit": "percent",
        "disaggregations": ["sex", "age_group"],
        "additive": False,
        "numerator": "POP.MIG.STOCK",
        "denominator": "POP.TOTAL",
        "better": "neutral",
        "source": "Population register; census",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "POP.FOR.CIT",
        "domain": "population",
        "name": {
            "en": "Foreign citizens",
            "fr": "Ressortissants étrangers",
            "es": "Población de nacionalidad extranjera",
            "ar": "المقيمون من حملة الجنسيات الأجنبية",
        },
        "definition": {
            "en": (
                "Residents who do not hold the citizenship of the country, including stateless people. "
                "Origin is the country of citizenship."
            ),
            "fr": (
                "Résidents qui n'ont pas la nationalité du pays, y compris les apatrides. L'origine est le "
                "pays de nationalité."
            ),
            "es": (
                "Residentes que no tienen la nacionalidad del país, incluidas las personas apátridas. El "
                "origen es el país de nacionalidad."
            ),
            "ar": (
                "المقيمون الذين لا يحملون جنسية البلد، بمن فيهم عديمو الجنسية. ويُقصد بالمنشأ هنا بلد الجنسية."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Population register; residence permits; census",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "POP.MIG.ARRIVALS",
        "domain": "population",
        "name": {
            "en": "Arrivals from abroad",
            "fr": "Arrivées de l'étranger",
            "es": "Llegadas desde el extranjero",
            "ar": "الوافدون من الخارج",
        },
        "definition": {
            "en": (
                "People who moved to the area from another country during the year and registered as "
                "residents, returning citizens included."
            ),
            "fr": (
                "Personnes venues s'installer dans la zone depuis un autre pays au cours de l'année et "
                "inscrites comme résidentes, y compris les ressortissants qui rentrent."
            ),
            "es": (
                "Personas que se instalaron en la zona procedentes de otro país durante el año y se "
                "inscribieron como residentes, incluidas las personas nacionales que regresan."
            ),
            "ar": (
                "الأشخاص الذين انتقلوا إلى المنطقة من بلد آخر خلال السنة وسُجلوا بوصفهم مقيمين، بمن فيهم "
                "المواطنون العائدون."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "origin", "migration_status"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Population register",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay", "return"],
    },
    {
        "code": "POP.MIG.DEPARTURES",
        "domain": "population",
        "name": {
            "en": "Departures abroad",
            "fr": "Départs vers l'étranger",
            "es": "Salidas al extranjero",
            "ar": "المغادرون إلى الخارج",
        },
        "definition": {
            "en": (
                "Residents who left the area to live in another country during the year. Often too low, "
                "because many people do not deregister."
            ),
            "fr": (
                "Résidents ayant quitté la zone pour vivre dans un autre pays au cours de l'année. Souvent "
                "sous-estimé, car beaucoup de personnes ne signalent pas leur départ."
            ),
            "es": (
                "Residentes que dejaron la zona para vivir en otro país durante el año. Suele estar "
                "subestimado, porque muchas personas no se dan de baja."
            ),
            "ar": (
                "المقيمون الذين غادروا المنطقة للعيش في بلد آخر خلال السنة. وغالبًا ما يكون هذا العدد أقل من "
                "الواقع، لأن كثيرين لا يلغون تسجيلهم."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "migration_status"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Population register (deregistrations)",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_decision", "pre_departure"],
    },
    {
        "code": "POP.MIG.NET",
        "domain": "population",
        "name": {
            "en": "Net international migration",
            "fr": "Solde migratoire international",
            "es": "Saldo migratorio internacional",
            "ar": "صافي الهجرة الدولية",
        },
        "definition": {
            "en": (
                "Arrivals from abroad minus departures abroad during the year. A negative value means more "
                "people left than arrived."
            ),
            "fr": (
                "Arrivées de l'étranger moins départs vers l'étranger au cours de l'année. Une valeur "
                "négative signifie que les départs dépassent les arrivées."
            ),
            "es": (
                "Llegadas desde el extranjero menos salidas al extranjero durante el año. Un valor negativo "
                "significa que salieron más personas de las que llegaron."
            ),
            "ar": (
                "عدد الوافدين من الخارج مطروحًا منه عدد المغادرين إلى الخارج خلال السنة. وتعني القيمة "
                "السالبة أن عدد المغادرين فاق عدد الوافدين."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Population register",
        "periodicity": "annual",
        "minimum": None,
        "maximum": None,
        "phases": ["pre_decision", "stay"],
    },
    {
        "code": "POP.MIG.NET_RATE",
        "domain": "population",
        "name": {
            "en": "Net migration rate",
            "fr": "Taux de solde migratoire",
            "es": "Tasa de migración neta",
            "ar": "معدل صافي الهجرة",
        },
        "definition": {
            "en": "Net international migration during the year per 1,000 inhabitants.",
            "fr": "Solde migratoire international de l'année pour 1 000 habitants.",
            "es": "Saldo migratorio internacional del año por cada 1000 habitantes.",
            "ar": "صافي الهجرة الدولية خلال السنة لكل 1000 نسمة.",
        },
        "unit": "per_1000",
        "disaggregations": [],
        "additive": False,
        "numerator": "POP.MIG.NET",
        "denominator": "POP.TOTAL",
        "better": "neutral",
        "source": "Population register",
        "periodicity": "annual",
        "minimum": -100,
        "maximum": 100,
        "phases": ["pre_decision", "stay"],
    },
    {
        "code": "POP.NAT.ACQ",
        "domain": "population",
        "name": {
            "en": "Acquisitions of citizenship",
            "fr": "Acquisitions de la nationalité",
            "es": "Adquisiciones de nacionalidad",
            "ar": "حالات اكتساب الجنسية",
        },
        "definition": {
            "en": (
                "Residents who acquired the citizenship of the country during the year. Origin is the "
                "previous citizenship."
            ),
            "fr": (
                "Résidents ayant acquis la nationalité du pays au cours de l'année. L'origine est la "
                "nationalité précédente."
            ),
            "es": (
                "Residentes que adquirieron la nacionalidad del país durante el año. El origen es la "
                "nacionalidad anterior."
            ),
            "ar": "المقيمون الذين اكتسبوا جنسية البلد خلال السنة. ويُقصد بالمنشأ هنا الجنسية السابقة.",
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Civil registry; ministry records",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "POP.NAT.RATE",
        "domain": "population",
        "name": {
            "en": "Naturalisation rate",
            "fr": "Taux de naturalisation",
            "es": "Tasa de naturalización",
            "ar": "معدل التجنس",
        },
        "definition": {
            "en": "Acquisitions of citizenship during the year per 100 foreign citizens living in the area.",
            "fr": (
                "Acquisitions de la nationalité au cours de l'année pour 100 ressortissants étrangers "
                "résidant dans la zone."
            ),
            "es": (
                "Adquisiciones de nacionalidad durante el año por cada 100 residentes de nacionalidad "
                "extranjera en la zona."
            ),
            "ar": "عدد حالات اكتساب الجنسية خلال السنة لكل 100 مقيم أجنبي في المنطقة.",
        },
        "unit": "percent",
        "disaggregations": ["sex", "origin"],
        "additive": False,
        "numerator": "POP.NAT.ACQ",
        "denominator": "POP.FOR.CIT",
        "better": "higher",
        "source": "Civil registry; population register",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "POP.REF.STOCK",
        "domain": "population",
        "name": {
            "en": "Refugees and asylum seekers",
            "fr": "Réfugiés et demandeurs d'asile",
            "es": "Personas refugiadas y solicitantes de asilo",
            "ar": "اللاجئون وطالبو اللجوء",
        },
        "definition": {
            "en": (
                "Residents who have refugee status or another form of international protection, or whose "
                "asylum claim is pending."
            ),
            "fr": (
                "Résidents ayant le statut de réfugié ou une autre forme de protection internationale, ou "
                "dont la demande d'asile est en cours d'examen."
            ),
            "es": (
                "Residentes con estatuto de refugiado u otra forma de protección internacional, o cuya "
                "solicitud de asilo está pendiente."
            ),
            "ar": (
                "المقيمون الحاصلون على صفة اللاجئ أو على شكل آخر من أشكال الحماية الدولية، أو الذين لا يزال "
                "طلب لجوئهم قيد النظر."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Asylum authority; UNHCR; reception centres",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["transit", "stay"],
    },
    {
        "code": "POP.DIASPORA",
        "domain": "population",
        "name": {
            "en": "Emigrants living abroad (estimate)",
            "fr": "Émigrés vivant à l'étranger (estimation)",
            "es": "Emigrantes residentes en el extranjero (estimación)",
            "ar": "المهاجرون المقيمون في الخارج (تقدير)",
        },
        "definition": {
            "en": (
                "Estimated number of people born in the area who now live in another country. Usually built "
                "from censuses of destination countries, consular registers or household surveys."
            ),
            "fr": (
                "Nombre estimé de personnes nées dans la zone qui vivent aujourd'hui dans un autre pays. "
                "Établi en général à partir des recensements des pays de destination, des registres "
                "consulaires ou d'enquêtes auprès des ménages."
            ),
            "es": (
                "Número estimado de personas nacidas en la zona que viven actualmente en otro país. Suele "
                "calcularse a partir de los censos de los países de destino, los registros consulares o "
                "encuestas de hogares."
            ),
            "ar": (
                "العدد التقديري للأشخاص المولودين في المنطقة والمقيمين حاليًا في بلد آخر. ويُحسب عادةً من "
                "تعدادات بلدان المقصد أو السجلات القنصلية أو المسوح الأسرية."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "UN DESA migrant stock; consular registers; household survey",
        "periodicity": "census",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_decision", "stay", "return"],
    },
    # -------------------- labour
    {
        "code": "LAB.EMP.RATE",
        "domain": "labour",
        "name": {
            "en": "Employment rate (15–64)",
            "fr": "Taux d'emploi (15-64 ans)",
            "es": "Tasa de empleo (15-64 años)",
            "ar": "معدل العمالة (15–64 سنة)",
        },
        "definition": {
            "en": (
                "Employed people aged 15–64 as a percentage of all people of that age. The migration status "
                "breakdown compares migrants and natives."
            ),
            "fr": (
                "Personnes de 15 à 64 ans ayant un emploi, en pourcentage de toutes les personnes de cet "
                "âge. La ventilation par statut migratoire compare migrants et natifs."
            ),
            "es": (
                "Personas de 15 a 64 años con empleo, como porcentaje de todas las personas de esa edad. El "
                "desglose por situación migratoria compara migrantes y nativos."
            ),
            "ar": (
                "نسبة المشتغلين من الأشخاص الذين تتراوح أعمارهم بين 15 و64 سنة إلى مجموع السكان في هذه الفئة "
                "العمرية. ويتيح التصنيف حسب الوضع من حيث الهجرة المقارنة بين المهاجرين وغير المهاجرين."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "age_group", "migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Labour force survey; census",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay", "return"],
    },
    {
        "code": "LAB.UNEMP.RATE",
        "domain": "labour",
        "name": {
            "en": "Unemployment rate",
            "fr": "Taux de chômage",
            "es": "Tasa de desempleo",
            "ar": "معدل البطالة",
        },
        "definition": {
            "en": (
                "Unemployed people as a percentage of the labour force (people in work or looking for work), "
                "as defined by the ILO."
            ),
            "fr": (
                "Chômeurs en pourcentage de la population active (personnes en emploi ou en recherche "
                "d'emploi), selon la définition du BIT."
            ),
            "es": (
                "Personas desempleadas como porcentaje de la población activa (personas con empleo o que "
                "buscan empleo), según la definición de la OIT."
            ),
            "ar": (
                "نسبة العاطلين عن العمل إلى القوى العاملة (المشتغلون والباحثون عن عمل)، وفق تعريف منظمة "
                "العمل الدولية."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "age_group", "migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "lower",
        "source": "Labour force survey; census",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay", "return"],
    },
    {
        "code": "LAB.JOBSEEKERS",
        "domain": "labour",
        "name": {
            "en": "Registered jobseekers",
            "fr": "Demandeurs d'emploi inscrits",
            "es": "Demandantes de empleo registrados",
            "ar": "الباحثون عن عمل المسجلون",
        },
        "definition": {
            "en": (
                "People registered with the public employment service as looking for work at the end of the "
                "period."
            ),
            "fr": (
                "Personnes inscrites auprès du service public de l'emploi comme cherchant un emploi en fin "
                "de période."
            ),
            "es": (
                "Personas inscritas en el servicio público de empleo como demandantes de empleo al final del "
                "periodo."
            ),
            "ar": "الأشخاص المسجلون لدى مرفق التوظيف العام بوصفهم باحثين عن عمل في نهاية الفترة.",
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "migration_status"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Public employment service",
        "periodicity": "monthly",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay", "return"],
    },
    {
        "code": "LAB.SELF_EMP",
        "domain": "labour",
        "name": {
            "en": "Self-employed migrants",
            "fr": "Migrants travailleurs indépendants",
            "es": "Migrantes que trabajan por cuenta propia",
            "ar": "المهاجرون العاملون لحسابهم الخاص",
        },
        "definition": {
            "en": "Foreign-born residents who work for themselves, with or without employees.",
            "fr": "Résidents nés à l'étranger qui travaillent à leur compte, avec ou sans salariés.",
            "es": (
                "Residentes nacidos en el extranjero que trabajan por cuenta propia, con o sin personal "
                "asalariado."
            ),
            "ar": "المقيمون المولودون في الخارج الذين يعملون لحسابهم الخاص، سواء كان لديهم عاملون أم لا.",
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Social security register; census",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "LAB.BUS.MIG",
        "domain": "labour",
        "name": {
            "en": "Businesses owned by migrants",
            "fr": "Entreprises détenues par des migrants",
            "es": "Empresas propiedad de migrantes",
            "ar": "المنشآت المملوكة لمهاجرين",
        },
        "definition": {
            "en": (
                "Active businesses in the area whose owner, or main owner, was born abroad. Sex and origin "
                "are those of the owner."
            ),
            "fr": (
                "Entreprises actives dans la zone dont le propriétaire, ou le propriétaire principal, est né "
                "à l'étranger. Le sexe et l'origine sont ceux du propriétaire."
            ),
            "es": (
                "Empresas activas en la zona cuyo propietario, o propietario principal, nació en el "
                "extranjero. El sexo y el origen son los de la persona propietaria."
            ),
            "ar": (
                "المنشآت العاملة في المنطقة التي وُلد مالكها أو مالكها الرئيسي في الخارج. ويُقصد بالجنس "
                "والمنشأ جنس المالك ومنشؤه."
            ),
        },
        "unit": "count",
        "disaggregations": ["sex", "origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Business register; chamber of commerce",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "LAB.REM.TOTAL",
        "domain": "labour",
        "name": {
            "en": "Remittances received",
            "fr": "Transferts de fonds reçus",
            "es": "Remesas recibidas",
            "ar": "التحويلات المالية الواردة",
        },
        "definition": {
            "en": (
                "Total amount that households in the area received from migrants abroad during the year. "
                "Origin is the country the money was sent from."
            ),
            "fr": (
                "Montant total reçu au cours de l'année par les ménages de la zone de la part de migrants à "
                "l'étranger. L'origine est le pays d'où l'argent a été envoyé."
            ),
            "es": (
                "Importe total que los hogares de la zona recibieron durante el año de migrantes en el "
                "extranjero. El origen es el país desde el que se envió el dinero."
            ),
            "ar": (
                "المبلغ الإجمالي الذي تلقته الأسر المعيشية في المنطقة خلال السنة من مهاجرين في الخارج. "
                "ويُقصد بالمنشأ البلد الذي أُرسلت منه الأموال."
            ),
        },
        "unit": "currency_usd",
        "disaggregations": ["origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Household survey; central bank; money transfer operators",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "LAB.REM.HOUSEHOLDS",
        "domain": "labour",
        "name": {
            "en": "Households receiving remittances",
            "fr": "Ménages recevant des transferts de fonds",
            "es": "Hogares que reciben remesas",
            "ar": "الأسر المعيشية المتلقية للتحويلات المالية",
        },
        "definition": {
            "en": (
                "Households in the area that received money from a migrant abroad at least once during the "
                "year."
            ),
            "fr": (
                "Ménages de la zone ayant reçu de l'argent d'un migrant à l'étranger au moins une fois dans "
                "l'année."
            ),
            "es": (
                "Hogares de la zona que recibieron dinero de un migrante en el extranjero al menos una vez "
                "durante el año."
            ),
            "ar": (
                "الأسر المعيشية في المنطقة التي تلقت أموالًا من مهاجر في الخارج مرة واحدة على الأقل خلال "
                "السنة."
            ),
        },
        "unit": "count",
        "disaggregations": [],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Household survey; census",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "LAB.REM.PER_HH",
        "domain": "labour",
        "name": {
            "en": "Average remittances per receiving household",
            "fr": "Transferts moyens par ménage bénéficiaire",
            "es": "Remesas medias por hogar receptor",
            "ar": "متوسط التحويلات المالية لكل أسرة متلقية",
        },
        "definition": {
            "en": (
                "Remittances received during the year divided by the number of households that received them."
            ),
            "fr": "Transferts de fonds reçus dans l'année, divisés par le nombre de ménages qui en ont reçu.",
            "es": "Remesas recibidas durante el año divididas entre el número de hogares que las recibieron.",
            "ar": "مجموع التحويلات المالية الواردة خلال السنة مقسومًا على عدد الأسر المعيشية التي تلقتها.",
        },
        "unit": "currency_usd",
        "disaggregations": [],
        "additive": False,
        "numerator": "LAB.REM.TOTAL",
        "denominator": "LAB.REM.HOUSEHOLDS",
        "better": "neutral",
        "source": "Household survey",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "LAB.REM.COST",
        "domain": "labour",
        "name": {
            "en": "Cost of sending 200 US dollars",
            "fr": "Coût d'envoi de 200 dollars des États-Unis",
            "es": "Costo de enviar 200 dólares estadounidenses",
            "ar": "تكلفة إرسال 200 دولار أمريكي",
        },
        "definition": {
            "en": (
                "Average total cost (fees plus exchange-rate margin) of sending the equivalent of 200 US "
                "dollars in the corridors that matter for the area, as a percentage of the amount sent. The "
                "SDG target is below 3 percent."
            ),
            "fr": (
                "Coût total moyen (frais et marge de change) d'un envoi équivalent à 200 dollars des "
                "États-Unis dans les couloirs qui concernent la zone, en pourcentage du montant envoyé. La "
                "cible des ODD est de moins de 3 %."
            ),
            "es": (
                "Costo total medio (comisiones y margen cambiario) de enviar el equivalente a 200 dólares "
                "estadounidenses en los corredores relevantes para la zona, como porcentaje del monto "
                "enviado. La meta de los ODS es menos del 3 %."
            ),
            "ar": (
                "متوسط التكلفة الإجمالية (الرسوم وهامش سعر الصرف) لإرسال ما يعادل 200 دولار أمريكي عبر ممرات "
                "التحويل المهمة للمنطقة، كنسبة مئوية من المبلغ المرسل. وتستهدف أهداف التنمية المستدامة خفضها "
                "إلى أقل من 3 في المائة."
            ),
        },
        "unit": "percent",
        "disaggregations": ["origin"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "lower",
        "source": "World Bank Remittance Prices Worldwide",
        "periodicity": "quarterly",
        "minimum": 0,
        "maximum": 100,
        "phases": ["pre_departure", "stay"],
    },
    {
        "code": "LAB.POVERTY",
        "domain": "labour",
        "name": {
            "en": "At-risk-of-poverty rate",
            "fr": "Taux de risque de pauvreté",
            "es": "Tasa de riesgo de pobreza",
            "ar": "معدل خطر الفقر",
        },
        "definition": {
            "en": (
                "Share of people living in households whose income is below the poverty line: 60 percent of "
                "the national median income in EU statistics, or the national line elsewhere."
            ),
            "fr": (
                "Part des personnes vivant dans un ménage dont le revenu est inférieur au seuil de pauvreté "
                ": 60 % du revenu médian national dans les statistiques de l'UE, ou le seuil national "
                "ailleurs."
            ),
            "es": (
                "Porcentaje de personas que viven en hogares con ingresos inferiores al umbral de pobreza: "
                "el 60 % de la mediana nacional en las estadísticas de la UE, o el umbral nacional en otros "
                "lugares."
            ),
            "ar": (
                "نسبة الأشخاص الذين يعيشون في أسر معيشية يقل دخلها عن خط الفقر، وهو 60 في المائة من الدخل "
                "الوسيط الوطني في إحصاءات الاتحاد الأوروبي، أو خط الفقر الوطني في غيرها."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "age_group", "migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "lower",
        "source": "Household income survey (EU-SILC or similar)",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay", "return"],
    },
    {
        "code": "LAB.OVERQUAL",
        "domain": "labour",
        "name": {
            "en": "Over-qualification rate",
            "fr": "Taux de surqualification",
            "es": "Tasa de sobrecualificación",
            "ar": "معدل العمل دون مستوى المؤهلات",
        },
        "definition": {
            "en": (
                "Share of employed people with a tertiary degree who work in jobs that need a lower level of "
                "skills."
            ),
            "fr": (
                "Part des personnes en emploi diplômées de l'enseignement supérieur qui occupent un poste "
                "demandant un niveau de compétences inférieur."
            ),
            "es": (
                "Porcentaje de personas ocupadas con estudios superiores que trabajan en empleos que "
                "requieren un nivel de cualificación inferior."
            ),
            "ar": (
                "نسبة المشتغلين الحاصلين على شهادة تعليم عالٍ الذين يعملون في وظائف تتطلب مستوى أدنى من "
                "المهارات."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "lower",
        "source": "Labour force survey",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    # -------------------- education
    {
        "code": "EDU.PUPILS.TOTAL",
        "domain": "education",
        "name": {
            "en": "Pupils enrolled",
            "fr": "Élèves inscrits",
            "es": "Alumnado matriculado",
            "ar": "التلاميذ المسجلون",
        },
        "definition": {
            "en": (
                "Pupils enrolled in primary and secondary schools in the area at the start of the school "
                "year."
            ),
            "fr": (
                "Élèves inscrits dans les écoles primaires et secondaires de la zone à la rentrée scolaire."
            ),
            "es": (
                "Alumnado matriculado en centros de primaria y secundaria de la zona al inicio del curso "
                "escolar."
            ),
            "ar": "التلاميذ المسجلون في المدارس الابتدائية والثانوية في المنطقة عند بداية السنة الدراسية.",
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "School register",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "EDU.PUPILS.MIG",
        "domain": "education",
        "name": {
            "en": "Pupils with a migrant background",
            "fr": "Élèves issus de l'immigration",
            "es": "Alumnado de origen migrante",
            "ar": "التلاميذ من أصول مهاجرة",
        },
        "definition": {
            "en": "Enrolled pupils who were born abroad or whose parents were both born abroad.",
            "fr": "Élèves inscrits nés à l'étranger ou dont les deux parents sont nés à l'étranger.",
            "es": (
                "Alumnado matriculado nacido en el extranjero o cuyos dos progenitores nacieron en el "
                "extranjero."
            ),
            "ar": "التلاميذ المسجلون الذين وُلدوا في الخارج أو وُلد كلا والديهم في الخارج.",
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "School register",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "EDU.PUPILS.MIG_SHARE",
        "domain": "education",
        "name": {
            "en": "Share of pupils with a migrant background",
            "fr": "Part des élèves issus de l'immigration",
            "es": "Proporción de alumnado de origen migrante",
            "ar": "نسبة التلاميذ من أصول مهاجرة",
        },
        "definition": {
            "en": "Pupils with a migrant background as a percentage of all enrolled pupils.",
            "fr": "Élèves issus de l'immigration, en pourcentage de l'ensemble des élèves inscrits.",
            "es": "Alumnado de origen migrante como porcentaje del total del alumnado matriculado.",
            "ar": "عدد التلاميذ من أصول مهاجرة كنسبة مئوية من مجموع التلاميذ المسجلين.",
        },
        "unit": "percent",
        "disaggregations": ["sex", "age_group"],
        "additive": False,
        "numerator": "EDU.PUPILS.MIG",
        "denominator": "EDU.PUPILS.TOTAL",
        "better": "neutral",
        "source": "School register",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "EDU.EARLY_LEAVERS",
        "domain": "education",
        "name": {
            "en": "Early leavers from education and training",
            "fr": "Sorties précoces de l'éducation et de la formation",
            "es": "Abandono temprano de la educación y la formación",
            "ar": "الانقطاع المبكر عن التعليم والتدريب",
        },
        "definition": {
            "en": (
                "Share of people aged 18–24 who have at most lower secondary education and are not in "
                "education or training."
            ),
            "fr": (
                "Part des 18-24 ans qui ont au plus un niveau du premier cycle du secondaire et ne suivent "
                "ni études ni formation."
            ),
            "es": (
                "Porcentaje de personas de 18 a 24 años que tienen como máximo la primera etapa de la "
                "educación secundaria y no cursan estudios ni formación."
            ),
            "ar": (
                "نسبة الأشخاص الذين تتراوح أعمارهم بين 18 و24 سنة ولم يتجاوز مستواهم التعليمي المرحلة "
                "الثانوية الدنيا ولا يتابعون أي تعليم أو تدريب."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "lower",
        "source": "Labour force survey; school records",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "EDU.NEET",
        "domain": "education",
        "name": {
            "en": "Young people not in employment, education or training",
            "fr": "Jeunes ni en emploi, ni en études, ni en formation",
            "es": "Jóvenes que no estudian, no trabajan ni reciben formación",
            "ar": "الشباب خارج العمل والتعليم والتدريب",
        },
        "definition": {
            "en": "Share of people aged 15–24 who have no job and are not in education or training.",
            "fr": "Part des 15-24 ans qui n'ont pas d'emploi et ne suivent ni études ni formation.",
            "es": (
                "Porcentaje de personas de 15 a 24 años que no tienen empleo y no cursan estudios ni "
                "formación."
            ),
            "ar": (
                "نسبة الأشخاص الذين تتراوح أعمارهم بين 15 و24 سنة ولا يعملون ولا يتابعون أي تعليم أو تدريب."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "lower",
        "source": "Labour force survey",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay", "return"],
    },
    {
        "code": "EDU.TERTIARY",
        "domain": "education",
        "name": {
            "en": "Adults with tertiary education",
            "fr": "Adultes diplômés de l'enseignement supérieur",
            "es": "Personas adultas con educación superior",
            "ar": "البالغون الحاصلون على تعليم عالٍ",
        },
        "definition": {
            "en": (
                "Share of people aged 25–64 who have completed a university degree or another tertiary "
                "qualification."
            ),
            "fr": (
                "Part des 25-64 ans titulaires d'un diplôme universitaire ou d'un autre diplôme de "
                "l'enseignement supérieur."
            ),
            "es": (
                "Porcentaje de personas de 25 a 64 años que han completado un título universitario u otra "
                "titulación de educación superior."
            ),
            "ar": (
                "نسبة الأشخاص الذين تتراوح أعمارهم بين 25 و64 سنة الحاصلين على شهادة جامعية أو على مؤهل آخر "
                "من مؤهلات التعليم العالي."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Census; labour force survey",
        "periodicity": "census",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay", "return"],
    },
    {
        "code": "EDU.LANG.ENROL",
        "domain": "education",
        "name": {
            "en": "Adults enrolled in language courses",
            "fr": "Adultes inscrits à des cours de langue",
            "es": "Personas adultas inscritas en cursos de idioma",
            "ar": "البالغون المسجلون في دورات اللغة",
        },
        "definition": {
            "en": (
                "Adults who started a course in the local language for newcomers during the year, whether "
                "run by public bodies or partners."
            ),
            "fr": (
                "Adultes ayant commencé au cours de l'année un cours de langue locale pour nouveaux "
                "arrivants, qu'il soit assuré par un organisme public ou par un partenaire."
            ),
            "es": (
                "Personas adultas que empezaron durante el año un curso de la lengua local para recién "
                "llegados, impartido por organismos públicos o entidades colaboradoras."
            ),
            "ar": (
                "البالغون الذين بدأوا خلال السنة دورة في اللغة المحلية موجهة إلى الوافدين الجدد، سواء نظمتها "
                "جهات عامة أو شركاء."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "origin", "migration_status"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Course providers; integration programme records",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "EDU.QUAL.RECOG",
        "domain": "education",
        "name": {
            "en": "Foreign qualifications recognised",
            "fr": "Diplômes étrangers reconnus",
            "es": "Títulos extranjeros reconocidos",
            "ar": "المؤهلات الأجنبية المعترف بها",
        },
        "definition": {
            "en": (
                "Positive decisions during the year recognising a diploma or professional qualification "
                "obtained abroad, for residents of the area."
            ),
            "fr": (
                "Décisions favorables rendues dans l'année reconnaissant un diplôme ou une qualification "
                "professionnelle obtenus à l'étranger, pour des résidents de la zone."
            ),
            "es": (
                "Resoluciones favorables dictadas durante el año que reconocen un título o una cualificación "
                "profesional obtenidos en el extranjero, para residentes de la zona."
            ),
            "ar": (
                "القرارات الإيجابية الصادرة خلال السنة بالاعتراف بشهادة أو مؤهل مهني حصل عليه مقيم في "
                "المنطقة من الخارج."
            ),
        },
        "unit": "count",
        "disaggregations": ["sex", "origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Recognition authority (ENIC-NARIC or similar)",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_departure", "stay", "return"],
    },
    # -------------------- services
    {
        "code": "SRV.HEALTH.COVER",
        "domain": "services",
        "name": {
            "en": "Health insurance coverage",
            "fr": "Couverture par l'assurance maladie",
            "es": "Cobertura de seguro de salud",
            "ar": "التغطية بالتأمين الصحي",
        },
        "definition": {
            "en": (
                "Share of residents covered by public or private health insurance, or entitled to the public "
                "health system."
            ),
            "fr": (
                "Part des résidents couverts par une assurance maladie publique ou privée, ou ayant droit au "
                "système public de santé."
            ),
            "es": (
                "Porcentaje de residentes con seguro de salud público o privado, o con derecho al sistema "
                "público de salud."
            ),
            "ar": (
                "نسبة المقيمين المشمولين بتأمين صحي عام أو خاص، أو الذين يحق لهم الانتفاع بالنظام الصحي "
                "العام."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "age_group", "migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Health insurance register; household survey",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay", "return"],
    },
    {
        "code": "SRV.HEALTH.UNMET",
        "domain": "services",
        "name": {
            "en": "Unmet need for medical care",
            "fr": "Besoins de soins médicaux non satisfaits",
            "es": "Necesidades de atención médica no cubiertas",
            "ar": "الاحتياجات غير الملباة من الرعاية الطبية",
        },
        "definition": {
            "en": (
                "Share of adults who say they needed a medical examination or treatment in the past 12 "
                "months but did not get it."
            ),
            "fr": (
                "Part des adultes déclarant avoir eu besoin d'un examen ou d'un traitement médical au cours "
                "des 12 derniers mois sans l'avoir obtenu."
            ),
            "es": (
                "Porcentaje de personas adultas que declaran haber necesitado un examen o tratamiento médico "
                "en los últimos 12 meses sin haberlo recibido."
            ),
            "ar": (
                "نسبة البالغين الذين يفيدون بأنهم احتاجوا إلى فحص أو علاج طبي خلال الأشهر الاثني عشر الماضية "
                "ولم يحصلوا عليه."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "lower",
        "source": "Household survey (EU-SILC or similar)",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "SRV.HOUSING.OVERCROWD",
        "domain": "services",
        "name": {
            "en": "Overcrowding rate",
            "fr": "Taux de surpeuplement",
            "es": "Tasa de hacinamiento",
            "ar": "معدل الاكتظاظ السكني",
        },
        "definition": {
            "en": (
                "Share of people living in a home with fewer rooms than the household needs, by the national "
                "or Eurostat standard."
            ),
            "fr": (
                "Part des personnes vivant dans un logement comptant moins de pièces que nécessaire pour le "
                "ménage, selon la norme nationale ou celle d'Eurostat."
            ),
            "es": (
                "Porcentaje de personas que viven en una vivienda con menos habitaciones de las que necesita "
                "el hogar, según la norma nacional o la de Eurostat."
            ),
            "ar": (
                "نسبة الأشخاص الذين يعيشون في مسكن يضم عددًا من الغرف أقل مما تحتاجه الأسرة المعيشية، وفق "
                "المعيار الوطني أو معيار يوروستات."
            ),
        },
        "unit": "percent",
        "disaggregations": ["age_group", "migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "lower",
        "source": "Census; household survey",
        "periodicity": "census",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "SRV.HOUSING.COST",
        "domain": "services",
        "name": {
            "en": "Housing cost overburden rate",
            "fr": "Taux de surcharge des coûts du logement",
            "es": "Tasa de sobrecarga del costo de la vivienda",
            "ar": "معدل العبء المفرط لتكاليف السكن",
        },
        "definition": {
            "en": (
                "Share of people living in households that spend more than 40 percent of their disposable "
                "income on housing."
            ),
            "fr": (
                "Part des personnes vivant dans un ménage qui consacre plus de 40 % de son revenu disponible "
                "au logement."
            ),
            "es": (
                "Porcentaje de personas que viven en hogares que destinan más del 40 % de su ingreso "
                "disponible a la vivienda."
            ),
            "ar": (
                "نسبة الأشخاص الذين يعيشون في أسر معيشية تنفق أكثر من 40 في المائة من دخلها المتاح على السكن."
            ),
        },
        "unit": "percent",
        "disaggregations": ["migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "lower",
        "source": "Household survey (EU-SILC or similar)",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "SRV.SOCIAL.RECIP",
        "domain": "services",
        "name": {
            "en": "Social assistance recipients",
            "fr": "Bénéficiaires de l'aide sociale",
            "es": "Personas beneficiarias de asistencia social",
            "ar": "المستفيدون من المساعدة الاجتماعية",
        },
        "definition": {
            "en": "People receiving a means-tested social assistance benefit at the end of the year.",
            "fr": (
                "Personnes percevant une prestation d'aide sociale sous condition de ressources en fin "
                "d'année."
            ),
            "es": (
                "Personas que perciben una prestación de asistencia social sujeta a comprobación de recursos "
                "al final del año."
            ),
            "ar": "الأشخاص الذين يتلقون إعانة مساعدة اجتماعية مشروطة بمستوى الدخل في نهاية السنة.",
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "migration_status"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Social services records",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay", "return"],
    },
    {
        "code": "SRV.DIR.SERVICES",
        "domain": "services",
        "name": {
            "en": "Services listed in the directory",
            "fr": "Services répertoriés dans l'annuaire",
            "es": "Servicios incluidos en el directorio",
            "ar": "الخدمات المدرجة في الدليل",
        },
        "definition": {
            "en": (
                "Active services for migrants and their families listed in the Pontes directory for the "
                "area. A service that covers several areas counts in each, so it is not added across areas."
            ),
            "fr": (
                "Services actifs destinés aux migrants et à leurs familles, répertoriés dans l'annuaire "
                "Pontes pour la zone. Un service qui couvre plusieurs zones compte dans chacune : on ne "
                "l'additionne donc pas entre zones."
            ),
            "es": (
                "Servicios activos dirigidos a migrantes y sus familias que figuran en el directorio de "
                "Pontes para la zona. Un servicio que cubre varias zonas cuenta en cada una, por lo que no "
                "se suma entre zonas."
            ),
            "ar": (
                "الخدمات النشطة الموجهة إلى المهاجرين وأسرهم والمدرجة في دليل Pontes للمنطقة. وتُحتسب الخدمة "
                "التي تغطي عدة مناطق في كل منها، ولذلك لا تُجمع الأعداد بين المناطق."
            ),
        },
        "unit": "count",
        "disaggregations": [],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Pontes service directory",
        "periodicity": "quarterly",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_decision", "pre_departure", "transit", "stay", "return"],
    },
    {
        "code": "SRV.INTERPRET",
        "domain": "services",
        "name": {
            "en": "Interpreting sessions in public services",
            "fr": "Interventions d'interprétariat dans les services publics",
            "es": "Sesiones de interpretación en los servicios públicos",
            "ar": "جلسات الترجمة الشفوية في المرافق العامة",
        },
        "definition": {
            "en": (
                "Sessions in which a public service (health, social services, school, police, town hall) "
                "used an interpreter or an intercultural mediator during the year."
            ),
            "fr": (
                "Séances au cours desquelles un service public (santé, action sociale, école, police, "
                "mairie) a fait appel à un interprète ou à un médiateur interculturel dans l'année."
            ),
            "es": (
                "Sesiones en las que un servicio público (salud, servicios sociales, escuela, policía, "
                "ayuntamiento) recurrió a un intérprete o a un mediador intercultural durante el año."
            ),
            "ar": (
                "الجلسات التي استعان فيها مرفق عام (الصحة أو الخدمات الاجتماعية أو المدرسة أو الشرطة أو "
                "البلدية) بمترجم شفوي أو بوسيط ثقافي خلال السنة."
            ),
        },
        "unit": "count",
        "disaggregations": [],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Service records; interpreting providers",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    # -------------------- governance
    {
        "code": "GOV.STRATEGY",
        "domain": "governance",
        "name": {
            "en": "Local migration strategies in force",
            "fr": "Stratégies locales sur les migrations en vigueur",
            "es": "Estrategias locales de migración vigentes",
            "ar": "الاستراتيجيات المحلية للهجرة السارية",
        },
        "definition": {
            "en": (
                "Adopted local plans or strategies on migration, integration or diaspora engagement that are "
                "in force. Usually 0 or 1 for a municipality."
            ),
            "fr": (
                "Plans ou stratégies locaux adoptés sur les migrations, l'intégration ou la mobilisation de "
                "la diaspora, et en vigueur. En général 0 ou 1 pour une commune."
            ),
            "es": (
                "Planes o estrategias locales aprobados sobre migración, integración o vinculación con la "
                "diáspora que están vigentes. Normalmente 0 o 1 en un municipio."
            ),
            "ar": (
                "الخطط أو الاستراتيجيات المحلية المعتمدة والسارية في مجالات الهجرة أو الإدماج أو إشراك "
                "المغتربين. وعادةً ما تكون القيمة 0 أو 1 في البلدية الواحدة."
            ),
        },
        "unit": "count",
        "disaggregations": [],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Municipal records",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_decision", "pre_departure", "transit", "stay", "return"],
    },
    {
        "code": "GOV.CONSULT",
        "domain": "governance",
        "name": {
            "en": "Migrant consultative bodies",
            "fr": "Instances consultatives de migrants",
            "es": "Órganos consultivos de personas migrantes",
            "ar": "الهيئات الاستشارية للمهاجرين",
        },
        "definition": {
            "en": (
                "Standing bodies through which migrants or members of the diaspora advise the local council. "
                "Enter 0 if there is none, 1 if there is one."
            ),
            "fr": (
                "Instances permanentes par lesquelles des migrants ou des membres de la diaspora conseillent "
                "le conseil municipal. Saisir 0 s'il n'y en a pas, 1 s'il y en a une."
            ),
            "es": (
                "Órganos permanentes mediante los cuales personas migrantes o de la diáspora asesoran al "
                "concejo municipal. Se anota 0 si no hay ninguno y 1 si hay uno."
            ),
            "ar": (
                "هيئات دائمة يقدّم من خلالها المهاجرون أو أفراد الجاليات في الخارج المشورة إلى المجلس "
                "المحلي. تُسجَّل القيمة 0 إذا لم توجد أي هيئة، والقيمة 1 إذا وُجدت هيئة واحدة."
            ),
        },
        "unit": "count",
        "disaggregations": [],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Municipal records",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay", "return"],
    },
    {
        "code": "GOV.ASSOC",
        "domain": "governance",
        "name": {
            "en": "Migrant and diaspora associations",
            "fr": "Associations de migrants et de la diaspora",
            "es": "Asociaciones de migrantes y de la diáspora",
            "ar": "جمعيات المهاجرين والمغتربين",
        },
        "definition": {
            "en": (
                "Associations registered in the area that are run by or for migrants, refugees or the "
                "diaspora."
            ),
            "fr": (
                "Associations enregistrées dans la zone, animées par ou pour des migrants, des réfugiés ou "
                "la diaspora."
            ),
            "es": (
                "Asociaciones registradas en la zona, dirigidas por o para personas migrantes, refugiadas o "
                "de la diáspora."
            ),
            "ar": (
                "الجمعيات المسجلة في المنطقة التي يديرها مهاجرون أو لاجئون أو مغتربون، أو التي تعمل لصالحهم."
            ),
        },
        "unit": "count",
        "disaggregations": ["origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Register of associations",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_decision", "stay", "return"],
    },
    {
        "code": "GOV.PARTNER",
        "domain": "governance",
        "name": {
            "en": "Partnerships with territories of origin",
            "fr": "Partenariats avec des territoires d'origine",
            "es": "Alianzas con territorios de origen",
            "ar": "الشراكات مع مناطق المنشأ",
        },
        "definition": {
            "en": (
                "Active cooperation agreements between the local authority and a local authority in a "
                "territory that migrants come from or go to."
            ),
            "fr": (
                "Accords de coopération actifs entre la collectivité et une collectivité d'un territoire "
                "d'où viennent des migrants ou vers lequel ils partent."
            ),
            "es": (
                "Acuerdos de cooperación vigentes entre la entidad local y una entidad local de un "
                "territorio del que proceden o al que se dirigen migrantes."
            ),
            "ar": (
                "اتفاقات التعاون السارية بين السلطة المحلية وسلطة محلية في منطقة يأتي منها المهاجرون أو "
                "يتوجهون إليها."
            ),
        },
        "unit": "count",
        "disaggregations": ["origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Municipal records",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_decision", "stay", "return"],
    },
    {
        "code": "GOV.VOTE.REGISTERED",
        "domain": "governance",
        "name": {
            "en": "Foreign residents registered to vote",
            "fr": "Résidents étrangers inscrits sur les listes électorales",
            "es": "Residentes extranjeros inscritos para votar",
            "ar": "المقيمون الأجانب المسجلون في القوائم الانتخابية",
        },
        "definition": {
            "en": (
                "Foreign citizens on the electoral roll for local elections, where the law allows them to "
                "vote."
            ),
            "fr": (
                "Ressortissants étrangers inscrits sur les listes électorales pour les élections locales, là "
                "où la loi leur permet de voter."
            ),
            "es": (
                "Residentes de nacionalidad extranjera inscritos en el censo electoral para las elecciones "
                "locales, donde la ley les permite votar."
            ),
            "ar": (
                "المقيمون الأجانب المقيدون في القوائم الانتخابية للانتخابات المحلية، حيث يسمح لهم القانون "
                "بالتصويت."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Electoral register",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "GOV.VOTE.TURNOUT",
        "domain": "governance",
        "name": {
            "en": "Turnout of foreign residents in local elections",
            "fr": "Participation des résidents étrangers aux élections locales",
            "es": "Participación de residentes extranjeros en las elecciones locales",
            "ar": "نسبة مشاركة المقيمين الأجانب في الانتخابات المحلية",
        },
        "definition": {
            "en": (
                "Foreign citizens who voted in the last local election, as a percentage of those registered "
                "to vote. Only where foreign residents may vote."
            ),
            "fr": (
                "Ressortissants étrangers ayant voté aux dernières élections locales, en pourcentage des "
                "inscrits. Seulement là où les résidents étrangers ont le droit de vote."
            ),
            "es": (
                "Residentes de nacionalidad extranjera que votaron en las últimas elecciones locales, como "
                "porcentaje de los inscritos. Solo donde los residentes extranjeros pueden votar."
            ),
            "ar": (
                "نسبة المقيمين الأجانب الذين صوّتوا في آخر انتخابات محلية من بين المسجلين منهم في القوائم "
                "الانتخابية. ولا ينطبق ذلك إلا حيث يحق للمقيمين الأجانب التصويت."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "origin"],
        "additive": False,
        "numerator": "",
        "denominator": "GOV.VOTE.REGISTERED",
        "better": "higher",
        "source": "Electoral register; election results",
        "periodicity": "census",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "GOV.COUNCIL.MIG",
        "domain": "governance",
        "name": {
            "en": "Local councillors with a migrant background",
            "fr": "Élus locaux issus de l'immigration",
            "es": "Concejales de origen migrante",
            "ar": "أعضاء المجلس المحلي من أصول مهاجرة",
        },
        "definition": {
            "en": (
                "Members of the elected local council who were born abroad or whose parents were born "
                "abroad, where they agree to say so."
            ),
            "fr": (
                "Membres élus du conseil municipal nés à l'étranger ou dont les parents sont nés à "
                "l'étranger, lorsqu'ils acceptent de le déclarer."
            ),
            "es": (
                "Miembros electos del concejo municipal nacidos en el extranjero o cuyos progenitores "
                "nacieron en el extranjero, cuando aceptan declararlo."
            ),
            "ar": (
                "الأعضاء المنتخبون في المجلس المحلي الذين وُلدوا في الخارج أو وُلد آباؤهم في الخارج، متى "
                "وافقوا على الإفصاح عن ذلك."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Municipal records; voluntary survey of councillors",
        "periodicity": "census",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "GOV.BUDGET",
        "domain": "governance",
        "name": {
            "en": "Local spending on migration and integration",
            "fr": "Dépenses locales consacrées aux migrations et à l'intégration",
            "es": "Gasto local en migración e integración",
            "ar": "الإنفاق المحلي على الهجرة والإدماج",
        },
        "definition": {
            "en": (
                "Money the local authority spent during the year on services and programmes mainly aimed at "
                "migrants, returnees or the diaspora, from all funding sources."
            ),
            "fr": (
                "Sommes dépensées dans l'année par la collectivité pour des services et programmes destinés "
                "principalement aux migrants, aux migrants de retour ou à la diaspora, toutes sources de "
                "financement confondues."
            ),
            "es": (
                "Importe que la entidad local gastó durante el año en servicios y programas dirigidos "
                "principalmente a migrantes, personas retornadas o la diáspora, con cualquier fuente de "
                "financiación."
            ),
            "ar": (
                "المبالغ التي أنفقتها السلطة المحلية خلال السنة على خدمات وبرامج موجهة أساسًا إلى المهاجرين "
                "أو العائدين أو المغتربين، من جميع مصادر التمويل."
            ),
        },
        "unit": "currency_local",
        "disaggregations": [],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Municipal budget",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_decision", "pre_departure", "transit", "stay", "return"],
    },
    # -------------------- cohesion
    {
        "code": "COH.DISCRIM.REPORTS",
        "domain": "cohesion",
        "name": {
            "en": "Reported discrimination incidents",
            "fr": "Signalements de discrimination",
            "es": "Incidentes de discriminación denunciados",
            "ar": "حوادث التمييز المُبلَّغ عنها",
        },
        "definition": {
            "en": (
                "Incidents of discrimination or hate linked to origin, nationality, religion or skin colour, "
                "reported during the year to the police, the equality body or support services. A rise can "
                "mean better reporting."
            ),
            "fr": (
                "Faits de discrimination ou de haine liés à l'origine, à la nationalité, à la religion ou à "
                "la couleur de peau, signalés dans l'année à la police, à l'organisme chargé de l'égalité ou "
                "aux services d'aide. Une hausse peut traduire un meilleur signalement."
            ),
            "es": (
                "Incidentes de discriminación u odio por origen, nacionalidad, religión o color de piel "
                "denunciados durante el año ante la policía, el organismo de igualdad o los servicios de "
                "apoyo. Un aumento puede deberse a que se denuncia más."
            ),
            "ar": (
                "حوادث التمييز أو الكراهية المرتبطة بالأصل أو الجنسية أو الدين أو لون البشرة التي أُبلغت بها "
                "خلال السنة الشرطةُ أو هيئة المساواة أو خدمات الدعم. وقد تعني الزيادة تحسنًا في الإبلاغ."
            ),
        },
        "unit": "count",
        "disaggregations": [],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Police; equality body; victim support services",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["transit", "stay"],
    },
    {
        "code": "COH.DISCRIM.FELT",
        "domain": "cohesion",
        "name": {
            "en": "Migrants who feel discriminated against",
            "fr": "Migrants se sentant discriminés",
            "es": "Migrantes que se sienten discriminados",
            "ar": "المهاجرون الذين يشعرون بالتمييز",
        },
        "definition": {
            "en": (
                "Share of foreign-born adults who say they were discriminated against in the past 12 months "
                "because of their origin, nationality, religion or skin colour."
            ),
            "fr": (
                "Part des adultes nés à l'étranger déclarant avoir subi une discrimination au cours des 12 "
                "derniers mois en raison de leur origine, de leur nationalité, de leur religion ou de leur "
                "couleur de peau."
            ),
            "es": (
                "Porcentaje de personas adultas nacidas en el extranjero que declaran haber sufrido "
                "discriminación en los últimos 12 meses por su origen, nacionalidad, religión o color de "
                "piel."
            ),
            "ar": (
                "نسبة البالغين المولودين في الخارج الذين يفيدون بتعرضهم للتمييز خلال الأشهر الاثني عشر "
                "الماضية بسبب أصلهم أو جنسيتهم أو دينهم أو لون بشرتهم."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "age_group", "origin"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "lower",
        "source": "Local or national survey",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "COH.OPINION",
        "domain": "cohesion",
        "name": {
            "en": "Residents who view migration positively",
            "fr": "Résidents ayant une opinion positive des migrations",
            "es": "Residentes con una opinión positiva de la migración",
            "ar": "المقيمون الذين ينظرون إلى الهجرة نظرة إيجابية",
        },
        "definition": {
            "en": "Share of adult residents who say that migrants make the area a better place to live.",
            "fr": (
                "Part des résidents adultes estimant que les migrants rendent la zone plus agréable à vivre."
            ),
            "es": (
                "Porcentaje de residentes adultos que opinan que las personas migrantes hacen de la zona un "
                "lugar mejor para vivir."
            ),
            "ar": "نسبة المقيمين البالغين الذين يرون أن المهاجرين يجعلون المنطقة مكانًا أفضل للعيش.",
        },
        "unit": "percent",
        "disaggregations": ["migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Local or national survey",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "COH.BELONGING",
        "domain": "cohesion",
        "name": {
            "en": "Migrants who feel they belong",
            "fr": "Sentiment d'appartenance des migrants",
            "es": "Sentimiento de pertenencia de las personas migrantes",
            "ar": "شعور المهاجرين بالانتماء",
        },
        "definition": {
            "en": (
                "Share of foreign-born adults who say they feel close or very close to the town or country "
                "where they live."
            ),
            "fr": (
                "Part des adultes nés à l'étranger déclarant se sentir proches ou très proches de la ville "
                "ou du pays où ils vivent."
            ),
            "es": (
                "Porcentaje de personas adultas nacidas en el extranjero que dicen sentirse cercanas o muy "
                "cercanas a la ciudad o al país donde viven."
            ),
            "ar": (
                "نسبة البالغين المولودين في الخارج الذين يفيدون بأنهم يشعرون بالقرب أو بالقرب الشديد من "
                "المدينة أو البلد الذي يعيشون فيه."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex", "age_group"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Local or national survey",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "COH.MIXED.MARR",
        "domain": "cohesion",
        "name": {
            "en": "Mixed marriages",
            "fr": "Mariages mixtes",
            "es": "Matrimonios mixtos",
            "ar": "الزيجات المختلطة",
        },
        "definition": {
            "en": (
                "Marriages registered in the area during the year between a citizen of the country and a "
                "foreign citizen. Origin is the citizenship of the foreign spouse."
            ),
            "fr": (
                "Mariages célébrés dans la zone au cours de l'année entre un ressortissant du pays et un "
                "ressortissant étranger. L'origine est la nationalité du conjoint étranger."
            ),
            "es": (
                "Matrimonios inscritos en la zona durante el año entre una persona de nacionalidad del país "
                "y otra de nacionalidad extranjera. El origen es la nacionalidad del cónyuge extranjero."
            ),
            "ar": (
                "الزيجات المسجلة في المنطقة خلال السنة بين مواطن من البلد وشخص يحمل جنسية أجنبية. ويُقصد "
                "بالمنشأ جنسية الزوج الأجنبي."
            ),
        },
        "unit": "count",
        "disaggregations": ["origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Civil registry",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "COH.SEGREGATION",
        "domain": "cohesion",
        "name": {
            "en": "Residential segregation index",
            "fr": "Indice de ségrégation résidentielle",
            "es": "Índice de segregación residencial",
            "ar": "مؤشر الفصل السكني",
        },
        "definition": {
            "en": (
                "Dissimilarity index: the percentage of foreign-born residents who would have to move to "
                "another neighbourhood to be spread like the rest of the population. 0 means an even spread, "
                "100 full separation."
            ),
            "fr": (
                "Indice de dissimilarité : pourcentage des résidents nés à l'étranger qui devraient changer "
                "de quartier pour être répartis comme le reste de la population. 0 signifie une répartition "
                "égale, 100 une séparation totale."
            ),
            "es": (
                "Índice de disimilitud: porcentaje de residentes nacidos en el extranjero que tendrían que "
                "cambiar de barrio para quedar distribuidos como el resto de la población. 0 indica una "
                "distribución uniforme y 100, una separación total."
            ),
            "ar": (
                "مؤشر التباين: النسبة المئوية للمقيمين المولودين في الخارج الذين يتعين عليهم الانتقال إلى حي "
                "آخر ليصبح توزيعهم مماثلًا لتوزيع بقية السكان. وتعني القيمة 0 توزيعًا متساويًا، والقيمة 100 "
                "فصلًا تامًا."
            ),
        },
        "unit": "index_0_100",
        "disaggregations": ["origin"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "lower",
        "source": "Population register by neighbourhood; census",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "COH.ORIGINS",
        "domain": "cohesion",
        "name": {
            "en": "Countries of birth represented",
            "fr": "Pays de naissance représentés",
            "es": "Países de nacimiento representados",
            "ar": "عدد بلدان الميلاد بين السكان",
        },
        "definition": {
            "en": (
                "Number of different countries of birth among residents. Not added across areas, since the "
                "same country can appear in several."
            ),
            "fr": (
                "Nombre de pays de naissance différents parmi les résidents. Ne s'additionne pas entre "
                "zones, car un même pays peut figurer dans plusieurs."
            ),
            "es": (
                "Número de países de nacimiento distintos entre los residentes. No se suma entre zonas, "
                "porque un mismo país puede aparecer en varias."
            ),
            "ar": (
                "عدد بلدان الميلاد المختلفة بين المقيمين. ولا يُجمع هذا العدد بين المناطق، لأن البلد نفسه قد "
                "يظهر في أكثر من منطقة."
            ),
        },
        "unit": "count",
        "disaggregations": [],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Population register; census",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 250,
        "phases": ["stay"],
    },
    # -------------------- gender
    {
        "code": "GEN.MIG.WOMEN_SHARE",
        "domain": "gender",
        "name": {
            "en": "Share of women among migrants",
            "fr": "Part des femmes parmi les migrants",
            "es": "Proporción de mujeres entre las personas migrantes",
            "ar": "نسبة النساء بين المهاجرين",
        },
        "definition": {
            "en": "Foreign-born women and girls as a percentage of the whole foreign-born population.",
            "fr": (
                "Femmes et filles nées à l'étranger, en pourcentage de l'ensemble de la population née à "
                "l'étranger."
            ),
            "es": (
                "Mujeres y niñas nacidas en el extranjero, como porcentaje del total de la población nacida "
                "en el extranjero."
            ),
            "ar": "عدد النساء والفتيات المولودات في الخارج كنسبة مئوية من مجموع السكان المولودين في الخارج.",
        },
        "unit": "percent",
        "disaggregations": ["age_group", "origin"],
        "additive": False,
        "numerator": "",
        "denominator": "POP.MIG.STOCK",
        "better": "neutral",
        "source": "Population register; census",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["pre_decision", "stay"],
    },
    {
        "code": "GEN.EMP.RATIO",
        "domain": "gender",
        "name": {
            "en": "Gender gap in employment (women to men)",
            "fr": "Écart d'emploi entre femmes et hommes (rapport)",
            "es": "Brecha de género en el empleo (razón mujeres/hombres)",
            "ar": "الفجوة بين الجنسين في العمالة (نسبة النساء إلى الرجال)",
        },
        "definition": {
            "en": (
                "Employment rate of women aged 15–64 divided by that of men. 1 means no gap; 0.8 means the "
                "women's rate is a fifth lower than the men's."
            ),
            "fr": (
                "Taux d'emploi des femmes de 15 à 64 ans divisé par celui des hommes. 1 signifie aucun écart "
                "; 0,8 signifie que le taux des femmes est inférieur d'un cinquième à celui des hommes."
            ),
            "es": (
                "Tasa de empleo de las mujeres de 15 a 64 años dividida entre la de los hombres. 1 significa "
                "que no hay brecha; 0,8, que la tasa de las mujeres es una quinta parte menor que la de los "
                "hombres."
            ),
            "ar": (
                "معدل العمالة لدى النساء في الفئة العمرية 15–64 سنة مقسومًا على معدل العمالة لدى الرجال. "
                "وتعني القيمة 1 انعدام الفجوة، وتعني القيمة 0.8 أن معدل النساء أقل من معدل الرجال بمقدار "
                "الخُمس."
            ),
        },
        "unit": "ratio",
        "disaggregations": ["migration_status"],
        "additive": False,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Labour force survey",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 3,
        "phases": ["stay", "return"],
    },
    {
        "code": "GEN.REM.FHH",
        "domain": "gender",
        "name": {
            "en": "Female-headed households receiving remittances",
            "fr": "Ménages dirigés par une femme recevant des transferts de fonds",
            "es": "Hogares encabezados por mujeres que reciben remesas",
            "ar": "الأسر المعيشية التي تعيلها نساء وتتلقى تحويلات مالية",
        },
        "definition": {
            "en": (
                "Households headed by a woman that received money from a migrant abroad at least once during "
                "the year."
            ),
            "fr": (
                "Ménages dirigés par une femme ayant reçu de l'argent d'un migrant à l'étranger au moins une "
                "fois dans l'année."
            ),
            "es": (
                "Hogares encabezados por una mujer que recibieron dinero de un migrante en el extranjero al "
                "menos una vez durante el año."
            ),
            "ar": (
                "الأسر المعيشية التي تعيلها امرأة وتلقت أموالًا من مهاجر في الخارج مرة واحدة على الأقل خلال "
                "السنة."
            ),
        },
        "unit": "count",
        "disaggregations": [],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Household survey",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["stay"],
    },
    {
        "code": "GEN.REM.FHH_SHARE",
        "domain": "gender",
        "name": {
            "en": "Share of female-headed households among remittance receivers",
            "fr": "Part des ménages dirigés par une femme parmi les bénéficiaires de transferts",
            "es": "Proporción de hogares encabezados por mujeres entre los receptores de remesas",
            "ar": "نسبة الأسر التي تعيلها نساء بين الأسر المتلقية للتحويلات",
        },
        "definition": {
            "en": (
                "Female-headed households receiving remittances as a percentage of all households receiving "
                "remittances."
            ),
            "fr": (
                "Ménages dirigés par une femme recevant des transferts de fonds, en pourcentage de "
                "l'ensemble des ménages qui en reçoivent."
            ),
            "es": (
                "Hogares encabezados por mujeres que reciben remesas, como porcentaje del total de hogares "
                "que reciben remesas."
            ),
            "ar": (
                "الأسر المعيشية التي تعيلها نساء وتتلقى تحويلات مالية كنسبة مئوية من مجموع الأسر المعيشية "
                "المتلقية للتحويلات."
            ),
        },
        "unit": "percent",
        "disaggregations": [],
        "additive": False,
        "numerator": "GEN.REM.FHH",
        "denominator": "LAB.REM.HOUSEHOLDS",
        "better": "neutral",
        "source": "Household survey",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["stay"],
    },
    {
        "code": "GEN.GBV.SUPPORT",
        "domain": "gender",
        "name": {
            "en": "Migrant women supported after gender-based violence",
            "fr": "Femmes migrantes accompagnées après des violences fondées sur le genre",
            "es": "Mujeres migrantes atendidas por violencia de género",
            "ar": "المهاجرات اللواتي تلقين الدعم إثر العنف القائم على النوع الاجتماعي",
        },
        "definition": {
            "en": (
                "Foreign-born women and girls who received help from a gender-based violence service in the "
                "area during the year (shelter, counselling, legal or medical help)."
            ),
            "fr": (
                "Femmes et filles nées à l'étranger ayant reçu dans l'année l'aide d'un service de la zone "
                "spécialisé dans les violences fondées sur le genre (hébergement, écoute, aide juridique ou "
                "médicale)."
            ),
            "es": (
                "Mujeres y niñas nacidas en el extranjero que recibieron durante el año ayuda de un servicio "
                "de atención a la violencia de género de la zona (acogida, orientación, asistencia jurídica "
                "o médica)."
            ),
            "ar": (
                "النساء والفتيات المولودات في الخارج اللواتي تلقين خلال السنة مساعدة من خدمة مختصة بالعنف "
                "القائم على النوع الاجتماعي في المنطقة (إيواء أو إرشاد أو مساعدة قانونية أو طبية)."
            ),
        },
        "unit": "persons",
        "disaggregations": ["age_group", "origin", "migration_status"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Support service records",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["transit", "stay"],
    },
    # -------------------- migration_cycle
    {
        "code": "CYC.INFO.COUNSELLED",
        "domain": "migration_cycle",
        "name": {
            "en": "People informed on safe and regular migration",
            "fr": "Personnes informées sur la migration sûre et régulière",
            "es": "Personas informadas sobre migración segura y regular",
            "ar": "الأشخاص الذين تلقوا معلومات عن الهجرة الآمنة والنظامية",
        },
        "definition": {
            "en": (
                "People who received individual advice or attended an information session on legal ways to "
                "migrate, risks and rights during the year, at a migrant resource centre or a similar "
                "service."
            ),
            "fr": (
                "Personnes ayant reçu un conseil individuel ou assisté à une séance d'information sur les "
                "voies légales de migration, les risques et les droits au cours de l'année, dans un centre "
                "de ressources pour migrants ou un service similaire."
            ),
            "es": (
                "Personas que recibieron asesoramiento individual o asistieron a una sesión informativa "
                "sobre las vías legales para migrar, los riesgos y los derechos durante el año, en un centro "
                "de recursos para migrantes o un servicio similar."
            ),
            "ar": (
                "الأشخاص الذين حصلوا خلال السنة على مشورة فردية أو حضروا جلسة إعلامية حول السبل القانونية "
                "للهجرة ومخاطرها والحقوق المرتبطة بها، في مركز موارد للمهاجرين أو في خدمة مماثلة."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Migrant resource centres; service records",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_decision"],
    },
    {
        "code": "CYC.PREDEP.PART",
        "domain": "migration_cycle",
        "name": {
            "en": "Pre-departure orientation participants",
            "fr": "Participants à une orientation avant le départ",
            "es": "Participantes en orientación previa a la partida",
            "ar": "المشاركون في التوجيه السابق للمغادرة",
        },
        "definition": {
            "en": (
                "People who completed a pre-departure orientation course (work contract, rights, culture, "
                "sending money home) during the year before leaving to work or live abroad."
            ),
            "fr": (
                "Personnes ayant suivi jusqu'au bout, au cours de l'année, une formation d'orientation avant "
                "le départ (contrat de travail, droits, culture, envoi d'argent) avant de partir travailler "
                "ou vivre à l'étranger."
            ),
            "es": (
                "Personas que completaron durante el año un curso de orientación previo a la partida "
                "(contrato de trabajo, derechos, cultura, envío de dinero) antes de irse a trabajar o vivir "
                "en el extranjero."
            ),
            "ar": (
                "الأشخاص الذين أتموا خلال السنة دورة توجيهية قبل المغادرة (عقد العمل والحقوق والثقافة وإرسال "
                "الأموال) قبل سفرهم للعمل أو العيش في الخارج."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Orientation programme records",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_departure"],
    },
    {
        "code": "CYC.TRANSIT.ASSISTED",
        "domain": "migration_cycle",
        "name": {
            "en": "Migrants in transit assisted",
            "fr": "Migrants en transit ayant reçu une aide",
            "es": "Migrantes en tránsito atendidos",
            "ar": "المهاجرون العابرون الذين تلقوا المساعدة",
        },
        "definition": {
            "en": (
                "People passing through the area on their way to another country who received shelter, food, "
                "health care or legal help from local services during the period."
            ),
            "fr": (
                "Personnes de passage dans la zone en route vers un autre pays, ayant reçu des services "
                "locaux un hébergement, de la nourriture, des soins ou une aide juridique au cours de la "
                "période."
            ),
            "es": (
                "Personas de paso por la zona camino de otro país que recibieron de los servicios locales "
                "alojamiento, alimentos, atención médica o asistencia jurídica durante el periodo."
            ),
            "ar": (
                "الأشخاص العابرون للمنطقة في طريقهم إلى بلد آخر الذين حصلوا من الخدمات المحلية على مأوى أو "
                "غذاء أو رعاية صحية أو مساعدة قانونية خلال الفترة."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Shelters; humanitarian organisations; service records",
        "periodicity": "monthly",
        "minimum": 0,
        "maximum": None,
        "phases": ["transit"],
    },
    {
        "code": "CYC.TRAFFICKING",
        "domain": "migration_cycle",
        "name": {
            "en": "Identified victims of trafficking",
            "fr": "Victimes de la traite identifiées",
            "es": "Víctimas de trata identificadas",
            "ar": "ضحايا الاتجار بالأشخاص الذين جرى التعرف عليهم",
        },
        "definition": {
            "en": (
                "People identified during the year by the police, labour inspectors or support services as "
                "victims of trafficking in persons in the area or from it."
            ),
            "fr": (
                "Personnes identifiées au cours de l'année par la police, l'inspection du travail ou des "
                "services d'aide comme victimes de la traite des êtres humains dans la zone ou au départ de "
                "celle-ci."
            ),
            "es": (
                "Personas identificadas durante el año por la policía, la inspección de trabajo o los "
                "servicios de apoyo como víctimas de trata de personas en la zona o desde ella."
            ),
            "ar": (
                "الأشخاص الذين تعرفت عليهم خلال السنة الشرطةُ أو مفتشية العمل أو خدمات الدعم بوصفهم ضحايا "
                "للاتجار بالأشخاص داخل المنطقة أو انطلاقًا منها."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group", "origin"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Police; national referral mechanism; support services",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_departure", "transit", "stay"],
    },
    {
        "code": "CYC.RET.REG",
        "domain": "migration_cycle",
        "name": {
            "en": "Returnees registered",
            "fr": "Migrants de retour enregistrés",
            "es": "Personas retornadas registradas",
            "ar": "العائدون المسجلون",
        },
        "definition": {
            "en": (
                "Citizens who came back to live in the area during the year after living abroad for at least "
                "one year."
            ),
            "fr": (
                "Ressortissants revenus vivre dans la zone au cours de l'année après avoir vécu au moins un "
                "an à l'étranger."
            ),
            "es": (
                "Personas de nacionalidad del país que volvieron a vivir en la zona durante el año tras "
                "residir al menos un año en el extranjero."
            ),
            "ar": (
                "المواطنون الذين عادوا للإقامة في المنطقة خلال السنة بعد أن عاشوا في الخارج مدة سنة على "
                "الأقل."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "Population register; returnee registration desks",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["return"],
    },
    {
        "code": "CYC.RET.ASSISTED",
        "domain": "migration_cycle",
        "name": {
            "en": "Returnees receiving reintegration support",
            "fr": "Migrants de retour bénéficiant d'une aide à la réintégration",
            "es": "Personas retornadas que reciben apoyo a la reintegración",
            "ar": "العائدون المستفيدون من دعم إعادة الإدماج",
        },
        "definition": {
            "en": (
                "Returnees who started receiving economic, social or psychosocial reintegration support "
                "during the year."
            ),
            "fr": (
                "Migrants de retour ayant commencé dans l'année à bénéficier d'une aide à la réintégration "
                "économique, sociale ou psychosociale."
            ),
            "es": (
                "Personas retornadas que empezaron a recibir apoyo a la reintegración económica, social o "
                "psicosocial durante el año."
            ),
            "ar": (
                "العائدون الذين بدأوا خلال السنة في تلقي دعم لإعادة الإدماج الاقتصادي أو الاجتماعي أو النفسي "
                "والاجتماعي."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Reintegration programme records",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["return"],
    },
    {
        "code": "CYC.RET.WORK",
        "domain": "migration_cycle",
        "name": {
            "en": "Assisted returnees in work",
            "fr": "Migrants de retour accompagnés ayant un travail",
            "es": "Personas retornadas apoyadas que tienen trabajo",
            "ar": "العائدون المستفيدون من الدعم الذين يعملون",
        },
        "definition": {
            "en": (
                "Of the returnees who started reintegration support during the year, those who have a job or "
                "their own business twelve months later. Reported once the follow-up is done."
            ),
            "fr": (
                "Parmi les migrants de retour ayant commencé l'aide à la réintégration dans l'année, ceux "
                "qui ont un emploi ou leur propre entreprise douze mois plus tard. Chiffre connu une fois le "
                "suivi effectué."
            ),
            "es": (
                "De las personas retornadas que empezaron a recibir apoyo a la reintegración durante el año, "
                "las que tienen empleo o negocio propio doce meses después. Se informa una vez hecho el "
                "seguimiento."
            ),
            "ar": (
                "من بين العائدين الذين بدأوا خلال السنة في تلقي دعم إعادة الإدماج، من لديهم عمل أو مشروع خاص "
                "بعد اثني عشر شهرًا. ويُبلَّغ عن هذا العدد بعد إجراء المتابعة."
            ),
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "higher",
        "source": "Reintegration programme follow-up",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["return"],
    },
    {
        "code": "CYC.RET.WORK_RATE",
        "domain": "migration_cycle",
        "name": {
            "en": "Returnees reintegrated into work",
            "fr": "Taux de réinsertion professionnelle des migrants de retour",
            "es": "Tasa de reinserción laboral de las personas retornadas",
            "ar": "معدل إعادة إدماج العائدين في سوق العمل",
        },
        "definition": {
            "en": (
                "Assisted returnees in work twelve months after support began, as a percentage of the "
                "returnees who began support in the same year."
            ),
            "fr": (
                "Migrants de retour accompagnés ayant un travail douze mois après le début de l'aide, en "
                "pourcentage de ceux qui ont commencé l'aide la même année."
            ),
            "es": (
                "Personas retornadas apoyadas que tienen trabajo doce meses después del inicio del apoyo, "
                "como porcentaje de las que empezaron a recibirlo ese mismo año."
            ),
            "ar": (
                "عدد العائدين المستفيدين من الدعم الذين يعملون بعد اثني عشر شهرًا من بدئه، كنسبة مئوية من "
                "العائدين الذين بدأوا تلقي الدعم في السنة نفسها."
            ),
        },
        "unit": "percent",
        "disaggregations": ["sex"],
        "additive": False,
        "numerator": "CYC.RET.WORK",
        "denominator": "CYC.RET.ASSISTED",
        "better": "higher",
        "source": "Reintegration programme follow-up",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": 100,
        "phases": ["return"],
    },
    {
        "code": "CYC.CHILDREN_LB",
        "domain": "migration_cycle",
        "name": {
            "en": "Children left behind",
            "fr": "Enfants restés au pays",
            "es": "Niñas y niños que se quedan en el país",
            "ar": "الأطفال الباقون في البلد بعد هجرة أحد الوالدين",
        },
        "definition": {
            "en": "Children under 18 living in the area with at least one parent who lives abroad.",
            "fr": "Enfants de moins de 18 ans vivant dans la zone dont au moins un parent vit à l'étranger.",
            "es": (
                "Niñas y niños menores de 18 años que viven en la zona y tienen al menos un progenitor que "
                "vive en el extranjero."
            ),
            "ar": "الأطفال دون سن 18 سنة المقيمون في المنطقة ويعيش أحد والديهم على الأقل في الخارج.",
        },
        "unit": "persons",
        "disaggregations": ["sex", "age_group"],
        "additive": True,
        "numerator": "",
        "denominator": "",
        "better": "neutral",
        "source": "School survey; household survey; social services",
        "periodicity": "annual",
        "minimum": 0,
        "maximum": None,
        "phases": ["pre_departure", "stay", "return"],
    },
]


# Shown first on a profile: who lives here, who left, what it brings, how people fare.
HEADLINE: Final = (
    "POP.TOTAL",
    "POP.MIG.STOCK",
    "POP.MIG.SHARE",
    "POP.DIASPORA",
    "LAB.REM.TOTAL",
    "LAB.EMP.RATE",
)


def _missing_languages(texts: object) -> list[str]:
    """The languages of LANGUAGES for which `texts` has no non-empty text."""
    if not isinstance(texts, dict):
        return list(LANGUAGES)
    return [lang for lang in LANGUAGES if not isinstance(texts.get(lang), str) or not texts[lang].strip()]


def check() -> list[str]:
    """Problems in the template above, one sentence each; an empty list when all is well."""
    problems: list[str] = []

    def languages(where: str, texts: object) -> None:
        missing = _missing_languages(texts)
        if missing:
            problems.append(f"{where}: missing text in {', '.join(missing)}")

    for code, labels in UNITS.items():
        languages(f"unit {code}", labels)
    known = {indicator["code"] for indicator in INDICATORS}
    problems.extend(f"headline {code}: not an indicator" for code in HEADLINE if code not in known)

    for code, spec in DISAGGREGATIONS.items():
        languages(f"disaggregation {code}", spec.get("name"))
        values = spec.get("values")
        if not isinstance(values, dict):
            problems.append(f"disaggregation {code}: values is not a dict")
            continue
        for value, labels in values.items():
            languages(f"disaggregation {code} value {value}", labels)

    domain_codes: set[str] = set()
    for domain in DOMAINS:
        if domain["code"] in domain_codes:
            problems.append(f"domain {domain['code']}: duplicate code")
        domain_codes.add(domain["code"])
        languages(f"domain {domain['code']}", domain["name"])

    by_code: dict[str, IndicatorSpec] = {}
    for indicator in INDICATORS:
        code = indicator["code"]
        if code in by_code:
            problems.append(f"{code}: duplicate code")
        by_code[code] = indicator
    used_domains = {indicator["domain"] for indicator in INDICATORS}
    for code in sorted(domain_codes - used_domains):
        problems.append(f"domain {code}: no indicators")

    order = list(DISAGGREGATIONS)
    for indicator in INDICATORS:
        code = indicator["code"]
        unit = indicator["unit"]
        if not CODE_PATTERN.match(code):
            problems.append(f"{code}: code does not match {CODE_PATTERN.pattern}")
        if indicator["domain"] not in domain_codes:
            problems.append(f"{code}: unknown domain {indicator['domain']!r}")
        if unit not in UNITS:
            problems.append(f"{code}: unknown unit {unit!r}")
        if len(code) > MAX_CODE_LENGTH:
            problems.append(f"{code}: code longer than {MAX_CODE_LENGTH} characters")
        languages(f"{code} name", indicator["name"])
        too_long = [lang for lang, text in indicator["name"].items() if len(text) > MAX_NAME_LENGTH]
        if too_long:
            problems.append(f"{code} name: longer than {MAX_NAME_LENGTH} characters in {', '.join(too_long)}")
        languages(f"{code} definition", indicator["definition"])
        if not indicator["source"].strip():
            problems.append(f"{code}: no source")

        breakdowns = indicator["disaggregations"]
        unknown = [name for name in breakdowns if name not in DISAGGREGATIONS]
        if unknown:
            problems.append(f"{code}: unknown disaggregations {unknown}")
        elif breakdowns != sorted(set(breakdowns), key=order.index):
            problems.append(f"{code}: disaggregations repeated or not in the order of DISAGGREGATIONS")

        for role, other_code in (
            ("numerator", indicator["numerator"]),
            ("denominator", indicator["denominator"]),
        ):
            if not other_code:
                continue
            other = by_code.get(other_code)
            if other is None:
                problems.append(f"{code}: {role} {other_code} is not an indicator")
            elif other_code == code:
                problems.append(f"{code}: is its own {role}")
            elif not other["additive"]:
                problems.append(f"{code}: {role} {other_code} is not an additive count")
            elif not set(breakdowns) <= set(other["disaggregations"]):
                problems.append(f"{code}: {role} {other_code} lacks some of its disaggregations")

        if indicator["additive"]:
            if unit not in ADDITIVE_UNITS:
                problems.append(f"{code}: additive, but its unit {unit!r} is not a count or a sum")
            if indicator["numerator"] or indicator["denominator"]:
                problems.append(f"{code}: additive, but has a numerator or denominator")

        if indicator["better"] not in DIRECTIONS:
            problems.append(f"{code}: unknown direction {indicator['better']!r}")
        if indicator["periodicity"] not in PERIODICITIES:
            problems.append(f"{code}: unknown periodicity {indicator['periodicity']!r}")
        phases = indicator["phases"]
        if not phases:
            problems.append(f"{code}: no phases")
        unknown = [phase for phase in phases if phase not in PHASES]
        if unknown:
            problems.append(f"{code}: unknown phases {unknown}")
        elif phases != sorted(set(phases), key=PHASES.index):
            problems.append(f"{code}: phases repeated or not in the order of PHASES")

        low, high = indicator["minimum"], indicator["maximum"]
        if unit in BOUNDED_UNITS and (low != 0 or high != 100):
            problems.append(f"{code}: unit {unit} needs the range 0 to 100")
        if low is not None and high is not None and low > high:
            problems.append(f"{code}: minimum above maximum")
    return problems
