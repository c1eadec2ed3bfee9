"""Demo step of the calls app: in Valmira, an open call for yearly integration projects with a few
applications, and last year's call, reviewed and decided, with its awards and a milestone report.

Every call, project and amount here is invented; the applicants are the demo organisations.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from pontes.core.demo import DemoContext
from pontes.core.models import Organisation, Territory, User

from . import selectors, services
from .models import Application, Call
from .services import CriterionSpec, QuestionSpec

OPEN_TITLE = "Proyectos anuales de integración 2027 (ficticia)"
PAST_TITLE = "Proyectos anuales de integración 2025 (ficticia)"

QUESTIONS = [
    QuestionSpec(
        "¿La entidad tiene su sede o actividad en Valmira?",
        True,
        "La convocatoria financia entidades que trabajan en el municipio.",
    ),
    QuestionSpec(
        "¿El proyecto tiene ánimo de lucro?", False, "Solo se financian proyectos sin ánimo de lucro."
    ),
    QuestionSpec("¿La entidad está al corriente con sus justificaciones anteriores?", True, ""),
]
CRITERIA = [
    CriterionSpec("Pertinencia para las prioridades de la convocatoria", 30),
    CriterionSpec("Viabilidad y calidad del plan", 25),
    CriterionSpec("Participación de las personas migrantes", 20),
    CriterionSpec("Presupuesto ajustado y con perspectiva de género", 15),
    CriterionSpec("Alianzas con otras entidades", 10),
]

# French and Arabic of the questions (text, why) and criteria, in the same order; the third
# question is left untranslated in Arabic, as happens.
QUESTION_TRANSLATIONS = {
    "fr": [
        (
            "L'organisation a-t-elle son siège ou son activité à Valmira ?",
            "L'appel finance des organisations qui travaillent dans la commune.",
        ),
        ("Le projet a-t-il un but lucratif ?", "Seuls les projets à but non lucratif sont financés."),
        ("L'organisation est-elle à jour de ses justificatifs précédents ?", ""),
    ],
    "ar": [
        ("هل يوجد مقر الجمعية أو نشاطها في فالميرا؟", "يموّل هذا الطلب جمعيات تعمل في الجماعة."),
        ("هل المشروع ربحي؟", "لا تُموَّل إلا المشاريع غير الربحية."),
    ],
}
CRITERION_TRANSLATIONS = {
    "fr": [
        "Pertinence pour les priorités de l'appel",
        "Faisabilité et qualité du plan",
        "Participation des personnes migrantes",
        "Budget ajusté et sensible au genre",
        "Partenariats avec d'autres organisations",
    ],
    "ar": [
        "الملاءمة مع أولويات طلب المشاريع",
        "قابلية التنفيذ وجودة الخطة",
        "مشاركة المهاجرين والمهاجرات",
        "ميزانية معقولة تراعي النوع الاجتماعي",
        "الشراكات مع جمعيات أخرى",
    ],
}

# Applicant (core or diaspora demo organisation), project, plan, budget lines, amount requested.
PROJECTS = [
    (
        "puente-abierto",
        "Café de idiomas en los barrios",
        "Dos tardes por semana de conversación en español con voluntariado, en Centro y Puerto, con "
        "espacio infantil para que las madres puedan participar.",
        [("Monitoras de conversación", "4800"), ("Espacio infantil", "1600"), ("Material", "400")],
        "6000",
    ),
    (
        "tazrout-en-valmira",
        "Mentoras para el primer empleo",
        "Parejas de mentoría entre personas de la diáspora con empleo y jóvenes recién llegados, con "
        "talleres de currículum y visitas a empresas del polígono.",
        [("Coordinación", "3000"), ("Talleres", "1500"), ("Desplazamientos", "700")],
        "5000",
    ),
    (
        "escuela-las-eras",
        "Español para el trabajo en Las Eras",
        "Curso intensivo de español orientado a los oficios de la hostelería y los cuidados, con horario "
        "de tarde y certificado de la escuela.",
        [("Profesorado", "5200"), ("Materiales", "600")],
        "5500",
    ),
    (
        "Dimbali — Femmes sénégalaises de Valmira",
        "Red de mujeres contra la discriminación",
        "Grupos de apoyo y formación en derechos para mujeres migrantes que sufren discriminación en el "
        "acceso a la vivienda, con acompañamiento a la oficina municipal.",
        [("Facilitadora", "3600"), ("Asesoría jurídica", "1800"), ("Difusión", "300")],
        "5200",
    ),
]


def load(context: DemoContext) -> None:
    """Create what is missing; a call that exists already is left as it is."""
    valmira = context.territories.get("valmira") or Territory.objects.filter(slug="valmira").first()
    if valmira is None:
        context.out.write("Calls demo skipped: the demo territories are missing.\n")
        return
    rng = context.rng("calls")
    organisations = _applicants(valmira)
    reviewers = list(
        User.objects.filter(username__in=["valmira-editor", "valmira-analyst"]).order_by("username")
    )
    today = timezone.localdate()
    if not Call.objects.filter(territory=valmira, title=PAST_TITLE).exists():
        _past_call(valmira, organisations, reviewers, rng, today)
    if not Call.objects.filter(territory=valmira, title=OPEN_TITLE).exists():
        _open_call(valmira, organisations[:3], today)


def _applicants(valmira: Territory) -> list[Organisation]:
    found = []
    for key, *_rest in PROJECTS:
        organisation = (
            Organisation.objects.filter(slug=key).first()
            or Organisation.objects.filter(name=key, territory__path__startswith=valmira.path).first()
        )
        if organisation is not None:
            found.append(organisation)
    return found


def _project(organisation: Organisation) -> tuple[str, str, list[tuple[str, Decimal]], Decimal]:
    for key, title, plan, lines, amount in PROJECTS:
        if key in (organisation.slug, organisation.name):
            return title, plan, [(item, Decimal(value)) for item, value in lines], Decimal(amount)
    raise LookupError(organisation.name)


def _new_call(valmira: Territory, title: str, opens_on: datetime.date, deadline: datetime.date) -> Call:
    call = Call(
        title=title,
        description=(
            "El Ayuntamiento de Valmira financia proyectos de un año de entidades y asociaciones del "
            "municipio que faciliten la acogida e integración de las personas migrantes: información, "
            "aprendizaje del idioma, empleo, lucha contra la discriminación y convivencia."
        ),
        original_language="es",
        priorities=["information", "language", "employability", "anti_discrimination", "social_integration"],
        budget=Decimal("15000"),
        ceiling=Decimal("6000"),
        currency="EUR",
        opens_on=opens_on,
        deadline=deadline,
    )
    year = title.split()[4]
    call.set_translation("fr", "title", f"Projets annuels d'intégration {year} (fictif)")
    call.set_translation("ar", "title", f"مشاريع الإدماج السنوية {year} (وهمية)")
    call.set_translation(
        "fr",
        "description",
        "La mairie de Valmira finance des projets d'un an d'organisations et d'associations de la commune "
        "qui facilitent l'accueil et l'intégration des personnes migrantes : information, apprentissage de "
        "la langue, emploi, lutte contre les discriminations et vivre-ensemble.",
    )
    call.set_translation(
        "ar",
        "description",
        "تموّل بلدية فالميرا مشاريع لمدة سنة تقدمها منظمات وجمعيات الجماعة لتيسير استقبال المهاجرين "
        "وإدماجهم: الإعلام، تعلّم اللغة، التشغيل، مكافحة التمييز والعيش المشترك.",
    )
    call = services.save_call(
        actor=None, territory=valmira, call=call, questions=QUESTIONS, criteria=CRITERIA
    )
    questions: dict[int, dict[str, dict[str, str]]] = {}
    for language, texts in QUESTION_TRANSLATIONS.items():
        for question, (text, why) in zip(call.questions.all(), texts, strict=False):
            questions.setdefault(question.pk, {})[language] = {"text": text, "explanation": why}
    criteria: dict[int, dict[str, dict[str, str]]] = {}
    for language, names in CRITERION_TRANSLATIONS.items():
        for criterion, name in zip(call.criteria.all(), names, strict=True):
            criteria.setdefault(criterion.pk, {})[language] = {"name": name}
    services.translate_call_texts(actor=None, call=call, questions=questions, criteria=criteria)
    services.set_call_status(actor=None, call=call, status=Call.Status.OPEN)
    return call


def _apply(call: Call, organisation: Organisation, moment: datetime.datetime) -> Application:
    title, plan, lines, amount = _project(organisation)
    return services.submit_application(
        actor=None,
        call=call,
        organisation=organisation,
        eligibility_answers={str(q.pk): q.required_answer for q in call.questions.all()},
        title=title,
        plan=plan,
        budget_lines=lines,
        amount_requested=amount,
        partners="Plataforma de Asociaciones Migrantes de Valmira",
        starts_on=call.deadline + datetime.timedelta(days=45),
        ends_on=call.deadline + datetime.timedelta(days=410),
        gender_impact_analysed=organisation.slug != "escuela-las-eras",
        gender_analysis="Las mujeres recién llegadas participan menos por falta de cuidado infantil.",
        gender_resources="Un 20 % del presupuesto: espacio infantil y horarios compatibles.",
        gender_monitoring="Asistencia y gasto desglosados por sexo en cada informe.",
        gender_effect="Igualar la participación de mujeres y hombres en el proyecto.",
        now=moment,
    )


def _open_call(valmira: Territory, organisations: list[Organisation], today: datetime.date) -> None:
    call = _new_call(
        valmira, OPEN_TITLE, today - datetime.timedelta(days=20), today + datetime.timedelta(days=40)
    )
    for number, organisation in enumerate(organisations):
        moment = timezone.now() - datetime.timedelta(days=10 - 3 * number)
        _apply(call, organisation, moment)


def _past_call(
    valmira: Territory,
    organisations: list[Organisation],
    reviewers: list[User],
    rng: random.Random,
    today: datetime.date,
) -> None:
    opens_on = today - datetime.timedelta(days=420)
    call = _new_call(valmira, PAST_TITLE, opens_on, opens_on + datetime.timedelta(days=45))
    applications = []
    for number, organisation in enumerate(organisations):
        moment = timezone.make_aware(
            datetime.datetime.combine(opens_on + datetime.timedelta(days=10 + 5 * number), datetime.time(11))
        )
        applications.append(_apply(call, organisation, moment))
    services.set_call_status(actor=None, call=call, status=Call.Status.CLOSED)
    criteria = list(call.criteria.all())
    for application in applications:
        for reviewer in reviewers:
            services.submit_review(
                actor=reviewer,
                application=application,
                scores={
                    c.pk: (
                        rng.randint(4, 10),
                        "Valoración motivada según la guía de la convocatoria (ficticia).",
                    )
                    for c in criteria
                },
                gender_analysis=rng.choice(["addressed", "partly"]),
                gender_resources=rng.choice(["addressed", "partly", "missing"]),
                gender_monitoring=rng.choice(["addressed", "partly"]),
                gender_effect=rng.choice(["addressed", "partly"]),
            )
    if selectors.missing_reviews(call):
        return  # without enough demo reviewers the call stays under review
    decided = timezone.make_aware(
        datetime.datetime.combine(opens_on + datetime.timedelta(days=75), datetime.time(10))
    )
    plan = services.award_call(actor=None, call=call, now=decided)
    funded = [p.application for p in plan if p.awarded]
    if funded:
        services.submit_report(
            actor=None,
            application=funded[0],
            milestone="Primer semestre",
            progress="Actividades en marcha según el calendario; listas de asistencia adjuntas en papel.",
            spent=(funded[0].amount_requested / 2).quantize(Decimal("0.01")),
        )
