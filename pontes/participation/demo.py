"""Demo step of the participation app: the residents' council of Valmira, its seats and members, past
meetings with approved minutes, one open meeting coming up, and recommendations at every stage of
the authority's answer. Every person and decision here is invented."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from pontes.core.demo import DemoContext
from pontes.core.models import Territory

from . import services
from .models import ConsultativeBody, Meeting, Member, Mission, Recommendation, SeatGroup

SLUG = "valmira-council"

# (name, kind, seats, countries of origin)
SEAT_GROUPS: tuple[tuple[str, str, int, list[str]], ...] = (
    ("Magreb", SeatGroup.Kind.ELECTED, 3, ["MA", "DZ", "TN"]),
    ("América Latina", SeatGroup.Kind.ELECTED, 3, ["CO", "EC", "PE", "BO", "VE"]),
    ("África subsahariana", SeatGroup.Kind.ELECTED, 2, ["SN", "ML", "GM", "NG"]),
    ("Asia y otros orígenes", SeatGroup.Kind.ELECTED, 2, ["CN", "PK", "RO", "UA"]),
    ("Asociaciones", SeatGroup.Kind.NOMINATED, 3, []),
)

# Invented names per group: women first, then men; the seed picks who sits.
NAMES = {
    "Magreb": (["Nadia Belkacem", "Samira Ouali", "Houda Mansouri"], ["Rachid Amrani", "Karim Zerhouni"]),
    "América Latina": (["Paola Restrepo", "Gabriela Quispe"], ["Andrés Villalba", "Jhon Mosquera"]),
    "África subsahariana": (["Awa Ndiaye", "Fatoumata Keïta"], ["Moussa Diallo", "Lamin Jallow"]),
    "Asia y otros orígenes": (["Mei Lin Zhou", "Oksana Kovalenko"], ["Imran Qureshi", "Ionuț Popa"]),
    "Asociaciones": (["Khadija Amellal", "Rosa Chambi"], ["Ousmane Sow", "Bilal Haddad"]),
}
ORIGIN = {
    "Magreb": "Marruecos",
    "América Latina": "Colombia",
    "África subsahariana": "Senegal",
    "Asia y otros orígenes": "China",
    "Asociaciones": "",
}


def load(context: DemoContext) -> None:
    territory = context.territories.get("valmira") or Territory.objects.filter(slug="valmira").first()
    if territory is None:
        context.out.write("Participation demo skipped: the Valmira demo territory is missing.\n")
        return
    if ConsultativeBody.objects.filter(slug=SLUG).exists():
        return
    rng = context.rng("participation")
    today = timezone.localdate()
    body = _body(territory)
    members = _members(body, rng, today)
    meetings = _meetings(body, members, rng, today)
    _recommendations(body, meetings, today)


def _body(territory: Territory) -> ConsultativeBody:
    body = ConsultativeBody(
        name="Consejo de Residentes Extranjeros de Valmira",
        slug=SLUG,
        original_language="es",
        legal_basis=(
            "Reglamento Orgánico del Consejo de Residentes Extranjeros, aprobado por el Pleno municipal "
            "(ficticio, datos de demostración)."
        ),
        legal_basis_url="https://valmira.example/normativa/consejo-residentes",
        mandate=(
            "Dar voz a los vecinos y vecinas de origen extranjero ante el Ayuntamiento: estudiar su "
            "situación, proponer medidas y opinar sobre las ordenanzas que les afectan."
        ),
        missions=[Mission.DIALOGUE, Mission.STUDY, Mission.RECOMMENDATIONS, Mission.OPINIONS],
        scope=ConsultativeBody.Scope.COMMUNITIES,
        origin_countries=sorted({code for *_rest, codes in SEAT_GROUPS for code in codes}),
        gender_balance_target=40,
        president_speaks_at_council=True,
        term_years=4,
        answer_days=60,
    )
    services.save_body(
        actor=None,
        territory=territory,
        body=body,
        translations={
            "fr": {
                "name": "Conseil des résidents étrangers de Valmira",
                "mandate": (
                    "Donner une voix aux habitants d'origine étrangère auprès de la mairie : étudier leur "
                    "situation, proposer des mesures et donner un avis sur les arrêtés qui les concernent."
                ),
            },
            "ar": {"name": "مجلس المقيمين الأجانب في فالميرا"},
            "en": {"name": "Valmira Council of Foreign Residents"},
        },
    )
    for order, (name, kind, seats, countries) in enumerate(SEAT_GROUPS):
        services.save_seat_group(
            actor=None,
            body=body,
            group=SeatGroup(name=name, kind=kind, seats=seats, origin_countries=countries, order=order),
        )
    return body


def _members(body: ConsultativeBody, rng: random.Random, today: datetime.date) -> list[Member]:
    start = today.replace(month=1, day=15) - datetime.timedelta(days=365)
    end = start.replace(year=start.year + body.term_years)
    members: list[Member] = []
    for index, group in enumerate(body.seat_groups.all()):
        women, men = NAMES[group.name]
        # Alternate who takes the first seat so the whole body stays close to balance.
        seats = group.seats - (1 if group.name == "Asia y otros orígenes" else 0)  # one seat vacant
        pool = [(name, Member.Sex.WOMAN) for name in rng.sample(women, len(women))]
        other = [(name, Member.Sex.MAN) for name in rng.sample(men, len(men))]
        order = [pool, other] if index % 2 == 0 else [other, pool]
        chosen = [order[i % 2][i // 2] for i in range(seats)]
        for name, sex in chosen:
            members.append(
                services.save_member(
                    actor=None,
                    body=body,
                    member=Member(
                        seat_group=group,
                        name=name,
                        sex=sex,
                        origin=ORIGIN[group.name],
                        term_start=start,
                        term_end=end,
                        elected=group.kind == SeatGroup.Kind.ELECTED,
                    ),
                )
            )
    for member, role in zip(
        members,
        (Member.Role.PRESIDENT, Member.Role.VICE_PRESIDENT, Member.Role.SECRETARY),
        strict=False,
    ):
        member.role = role
        member.save(update_fields=["role"])
    return members


MEETINGS = (
    (
        "Sesión ordinaria: acceso a la vivienda",
        "Aprobación del acta anterior\nInforme sobre discriminación en el alquiler\nPropuestas al Ayuntamiento",
        "Se acuerda pedir una oficina de mediación en el alquiler.",
    ),
    (
        "Sesión ordinaria: empadronamiento",
        "Aprobación del acta anterior\nEmpadronamiento sin domicilio fijo\nTurnos de ruegos",
        "Se acuerda emitir un dictamen sobre la ordenanza de padrón.",
    ),
    (
        "Sesión ordinaria: escuela y familias",
        "Aprobación del acta anterior\nMediadores interculturales en los colegios\nHorarios del servicio",
        "Se acuerda recomendar mediadores en tres colegios.",
    ),
    (
        "Sesión extraordinaria: presupuestos",
        "Presupuestos participativos\nSalud comunitaria\nCalendario del año",
        "Se acuerdan tres recomendaciones sobre presupuesto, salud e información.",
    ),
)


def _meetings(
    body: ConsultativeBody, members: list[Member], rng: random.Random, today: datetime.date
) -> list[Meeting]:
    held = []
    for number, (title, agenda, decisions) in enumerate(MEETINGS):
        day = today - datetime.timedelta(days=300 - 70 * number)
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))
        meeting = services.save_meeting(
            actor=None,
            body=body,
            meeting=Meeting(
                title=title,
                agenda=agenda,
                original_language="es",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                place="Centro Cívico de Valmira, sala 2",
                is_open=True,
                minutes=(
                    f"Asisten los miembros indicados. Se debate: {agenda.replace(chr(10), '; ')}. "
                    f"{decisions} (Acta ficticia, datos de demostración.)"
                ),
                decisions=decisions,
            ),
            translations={"fr": {"title": f"Séance n° {number + 1}"}},
        )
        services.record_attendance(
            actor=None,
            meeting=meeting,
            statuses={
                m.pk: rng.choices(["present", "excused", "absent"], weights=[8, 2, 1])[0] for m in members
            },
        )
        services.approve_minutes(actor=None, meeting=meeting)
        held.append(meeting)
    services.add_addendum(
        actor=None, meeting=held[0], text="Corrección: la sesión terminó a las 20:15, no a las 20:00."
    )
    upcoming = today + datetime.timedelta(days=21)
    starts = timezone.make_aware(datetime.datetime.combine(upcoming, datetime.time(18, 30)))
    services.save_meeting(
        actor=None,
        body=body,
        meeting=Meeting(
            title="Sesión ordinaria abierta: empleo y formación",
            agenda="Aprobación del acta anterior\nAcceso a la formación profesional\nRuegos y preguntas",
            original_language="es",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place="Centro Cívico de Valmira, salón de actos",
            is_open=True,
        ),
        translations={
            "fr": {
                "title": "Séance ordinaire ouverte : emploi et formation",
                "agenda": "Approbation du procès-verbal\nAccès à la formation professionnelle\nQuestions",
            },
            "ar": {"title": "جلسة عادية مفتوحة: الشغل والتكوين"},
        },
    )
    return held


def _recommendations(body: ConsultativeBody, meetings: list[Meeting], today: datetime.date) -> None:
    def record(
        meeting: Meeting, title: str, text: str, votes: tuple[int, int, int], **extra: str
    ) -> Recommendation:
        return services.record_recommendation(
            actor=None,
            body=body,
            recommendation=Recommendation(
                meeting=meeting,
                title=title,
                text=text,
                original_language="es",
                votes_for=votes[0],
                votes_against=votes[1],
                votes_abstaining=votes[2],
                **extra,
            ),
        )

    def sent(rec: Recommendation, days_ago: int) -> None:
        services.transmit(actor=None, recommendation=rec, on=today - datetime.timedelta(days=days_ago))

    housing, census, school, budget = meetings
    done = record(
        housing,
        "Oficina de mediación en el alquiler",
        "Abrir una oficina municipal que medie entre propietarios e inquilinos de origen extranjero.",
        (10, 0, 1),
    )
    sent(done, 280)
    services.answer(
        actor=None,
        recommendation=done,
        answer="accepted",
        reasons="",
        on=today - datetime.timedelta(days=240),
    )
    services.add_progress(
        actor=None,
        recommendation=done,
        text="Convenio firmado con el colegio de mediadores.",
        on=today - datetime.timedelta(days=200),
    )
    services.add_progress(
        actor=None,
        recommendation=done,
        text="La oficina abre dos tardes por semana.",
        done=True,
        on=today - datetime.timedelta(days=120),
    )

    rejected = record(
        census,
        "Dictamen sobre la ordenanza del padrón",
        "El consejo pide aceptar como domicilio la dirección de una entidad social.",
        (9, 1, 1),
        kind=Recommendation.Kind.OPINION,
        draft_reference="Proyecto de ordenanza del padrón municipal 3/2025 (ficticio)",
    )
    sent(rejected, 200)
    services.answer(
        actor=None,
        recommendation=rejected,
        answer="rejected",
        reasons=(
            "La normativa estatal ya prevé el empadronamiento en domicilio ficticio a través de servicios "
            "sociales; se reforzará la información en lugar de cambiar la ordenanza."
        ),
        on=today - datetime.timedelta(days=150),
    )

    accepted = record(
        school,
        "Mediadores interculturales en los colegios",
        "Contratar mediadores interculturales en tres colegios públicos del distrito del Puerto.",
        (11, 0, 0),
    )
    sent(accepted, 120)
    services.answer(
        actor=None,
        recommendation=accepted,
        answer="accepted",
        reasons="",
        on=today - datetime.timedelta(days=80),
    )
    services.add_progress(
        actor=None,
        recommendation=accepted,
        text="Dos de los tres mediadores ya están contratados.",
        on=today - datetime.timedelta(days=20),
    )

    partly = record(
        school,
        "Horario de tarde en la oficina de extranjería municipal",
        "Abrir la oficina municipal de información a extranjeros dos tardes por semana.",
        (8, 2, 1),
    )
    sent(partly, 110)
    services.answer(
        actor=None,
        recommendation=partly,
        answer="partly",
        reasons="Se abrirá una tarde por semana; la plantilla actual no permite dos.",
        on=today - datetime.timedelta(days=70),
    )
    services.change_text(
        actor=None,
        recommendation=partly,
        title=partly.title,
        text="Abrir la oficina municipal de información a personas extranjeras dos tardes por semana.",
        reason="Lenguaje inclusivo, acordado en la sesión siguiente.",
    )

    overdue = record(
        budget,
        "Partida para salud comunitaria",
        "Reservar una partida del presupuesto para agentes de salud comunitaria.",
        (7, 3, 1),
    )
    sent(overdue, 75)
    waiting = record(
        budget,
        "Información municipal en más idiomas",
        "Traducir los trámites más usados al árabe, francés, inglés y wolof.",
        (11, 0, 0),
    )
    sent(waiting, 10)
