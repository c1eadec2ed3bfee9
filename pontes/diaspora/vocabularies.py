"""Code lists of the diaspora app: focus areas, capacity needs, uses a person consents to,
kinds of opportunity, education levels (ISCED 2011) and occupations (ISCO-08 major and sub-major
groups, with Pontes' own short labels)."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class FocusArea(models.TextChoices):
    EDUCATION = "education", _("Education and schools")
    HEALTH = "health", _("Health")
    WATER = "water", _("Water and sanitation")
    AGRICULTURE = "agriculture", _("Agriculture and food")
    BUSINESS = "business", _("Business and investment")
    EMPLOYMENT = "employment", _("Jobs and skills")
    WOMEN = "women", _("Women's rights and empowerment")
    YOUTH = "youth", _("Children and youth")
    CULTURE = "culture", _("Culture, language and heritage")
    INTEGRATION = "integration", _("Integration and rights of migrants")
    HUMANITARIAN = "humanitarian", _("Emergency and humanitarian aid")
    INFRASTRUCTURE = "infrastructure", _("Roads, energy and infrastructure")
    ENVIRONMENT = "environment", _("Environment and climate")
    RETURN = "return", _("Return and reintegration")


class CapacityNeed(models.TextChoices):
    FUNDING = "funding", _("Funding")
    PROJECT_MANAGEMENT = "project_management", _("Project management")
    FUNDRAISING = "fundraising", _("Fund-raising")
    VISIBILITY = "visibility", _("Visibility and communication")
    LEGAL_STATUS = "legal_status", _("Legal registration")
    GENDER = "gender", _("Gender-equality know-how")
    FINANCIAL_MANAGEMENT = "financial_management", _("Accounting and financial management")
    GOVERNANCE = "governance", _("Internal governance")
    PARTNERS = "partners", _("Finding partners")
    PREMISES = "premises", _("Premises")
    DIGITAL = "digital", _("Digital skills")
    VOLUNTEERS = "volunteers", _("Volunteers")


class ConsentUse(models.TextChoices):
    """What a person allows their record to be used for; each is given and withdrawn apart."""

    JOBS = "jobs", _("Being contacted about jobs")
    INVESTMENT = "investment", _("Being contacted about investment and business")
    MENTORING = "mentoring", _("Mentoring and knowledge transfer")
    VOLUNTEERING = "volunteering", _("Volunteering and donations")
    AMBASSADOR = "ambassador", _("Ambassador roles for the municipality")


class OpportunityKind(models.TextChoices):
    JOB = "job", _("Job")
    INVESTMENT = "investment", _("Investment or business opening")
    DONATION = "donation", _("Donation needed")
    VOLUNTEERING = "volunteering", _("Volunteering")
    KNOWLEDGE = "knowledge", _("Knowledge transfer")
    AMBASSADOR = "ambassador", _("Municipal ambassador")


# The use a person must have consented to for each kind of opportunity.
CONSENT_FOR_KIND: dict[str, str] = {
    OpportunityKind.JOB: ConsentUse.JOBS,
    OpportunityKind.INVESTMENT: ConsentUse.INVESTMENT,
    OpportunityKind.DONATION: ConsentUse.VOLUNTEERING,
    OpportunityKind.VOLUNTEERING: ConsentUse.VOLUNTEERING,
    OpportunityKind.KNOWLEDGE: ConsentUse.MENTORING,
    OpportunityKind.AMBASSADOR: ConsentUse.AMBASSADOR,
}


class Attachment(models.TextChoices):
    """How a person relates to the places they name."""

    DIASPORA = "diaspora", _("Living abroad, from here")
    RETURNEE = "returnee", _("Came back after living abroad")
    MIGRANT = "migrant", _("Came to live here from abroad")


class Availability(models.TextChoices):
    NOW = "now", _("Available now")
    REMOTE = "remote", _("From a distance")
    VISITS = "visits", _("During visits")
    LATER = "later", _("Later on")
    NOT_NOW = "not_now", _("Not at the moment")


class EducationLevel(models.TextChoices):
    """ISCED 2011 levels."""

    ISCED_0 = "0", _("Early childhood education")
    ISCED_1 = "1", _("Primary education")
    ISCED_2 = "2", _("Lower secondary education")
    ISCED_3 = "3", _("Upper secondary education")
    ISCED_4 = "4", _("Post-secondary non-tertiary education")
    ISCED_5 = "5", _("Short-cycle tertiary education")
    ISCED_6 = "6", _("Bachelor's or equivalent")
    ISCED_7 = "7", _("Master's or equivalent")
    ISCED_8 = "8", _("Doctorate or equivalent")


type StrOrPromise = str | Promise

# ISCO-08: the ten major groups and their sub-major groups (two digits), which is the level of
# detail people can say of themselves reliably. Labels are short and Pontes' own.
ISCO_MAJOR: dict[str, StrOrPromise] = {
    "0": _("Armed forces"),
    "1": _("Managers"),
    "2": _("Professionals"),
    "3": _("Technicians and associate professionals"),
    "4": _("Clerical support workers"),
    "5": _("Service and sales workers"),
    "6": _("Skilled agricultural, forestry and fishery workers"),
    "7": _("Craft and related trades workers"),
    "8": _("Plant and machine operators and assemblers"),
    "9": _("Elementary occupations"),
}

ISCO_SUB_MAJOR: dict[str, StrOrPromise] = {
    "01": _("Commissioned armed forces officers"),
    "02": _("Non-commissioned armed forces officers"),
    "03": _("Armed forces, other ranks"),
    "11": _("Chief executives, senior officials and legislators"),
    "12": _("Administrative and commercial managers"),
    "13": _("Production and specialised services managers"),
    "14": _("Hospitality, retail and other services managers"),
    "21": _("Science and engineering professionals"),
    "22": _("Health professionals"),
    "23": _("Teaching professionals"),
    "24": _("Business and administration professionals"),
    "25": _("Information and communications technology professionals"),
    "26": _("Legal, social and cultural professionals"),
    "31": _("Science and engineering associate professionals"),
    "32": _("Health associate professionals"),
    "33": _("Business and administration associate professionals"),
    "34": _("Legal, social, cultural and related associate professionals"),
    "35": _("Information and communications technicians"),
    "41": _("General and keyboard clerks"),
    "42": _("Customer services clerks"),
    "43": _("Numerical and material recording clerks"),
    "44": _("Other clerical support workers"),
    "51": _("Personal service workers"),
    "52": _("Sales workers"),
    "53": _("Personal care workers"),
    "54": _("Protective services workers"),
    "61": _("Market-oriented skilled agricultural workers"),
    "62": _("Market-oriented skilled forestry, fishery and hunting workers"),
    "63": _("Subsistence farmers, fishers, hunters and gatherers"),
    "71": _("Building and related trades workers (excluding electricians)"),
    "72": _("Metal, machinery and related trades workers"),
    "73": _("Handicraft and printing workers"),
    "74": _("Electrical and electronic trades workers"),
    "75": _("Food processing, woodworking, garment and other craft workers"),
    "81": _("Stationary plant and machine operators"),
    "82": _("Assemblers"),
    "83": _("Drivers and mobile plant operators"),
    "91": _("Cleaners and helpers"),
    "92": _("Agricultural, forestry and fishery labourers"),
    "93": _("Labourers in mining, construction, manufacturing and transport"),
    "94": _("Food preparation assistants"),
    "95": _("Street and related sales and service workers"),
    "96": _("Refuse workers and other elementary workers"),
}


def isco_label(code: str) -> str:
    """The label of an ISCO-08 code: at its own level when the ESCO files are loaded (see `esco`),
    otherwise by its sub-major group, the most detailed level shipped."""
    from . import esco

    code = code.strip()
    loaded = esco.group_label(code)
    if loaded:
        return loaded
    if code[:2] in ISCO_SUB_MAJOR:
        return str(ISCO_SUB_MAJOR[code[:2]])
    if code[:1] in ISCO_MAJOR:
        return str(ISCO_MAJOR[code[:1]])
    return code


def is_isco(code: str) -> bool:
    """Digits only, 1 to 4 of them, within a known sub-major group (or a major group alone); when
    the ESCO files are loaded, codes of 3 and 4 digits must be groups of the classification."""
    from . import esco

    code = code.strip()
    if not code.isdigit() or not 1 <= len(code) <= 4:
        return False
    if len(code) >= 3 and esco.isco_groups():
        return code in esco.isco_groups()
    return code in ISCO_MAJOR if len(code) == 1 else code[:2] in ISCO_SUB_MAJOR
