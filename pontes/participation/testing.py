"""Sample objects for tests: a body in a territory with seat groups, members, a past and an upcoming
meeting and one adopted recommendation."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pontes.core.models import Territory

from . import services
from .models import ConsultativeBody, Meeting, Member, Recommendation, SeatGroup


def sample_body(territory: Territory, slug: str = "beta-council") -> ConsultativeBody:
    body = services.save_body(
        actor=None,
        territory=territory,
        body=ConsultativeBody(
            name="Consejo de Beta",
            slug=slug,
            original_language="es",
            legal_basis="Reglamento del consejo",
            legal_basis_url="https://beta.example/reglamento",
            mandate="Asesorar al Ayuntamiento.",
            missions=["dialogue", "recommendations"],
        ),
    )
    elected = services.save_seat_group(
        actor=None, body=body, group=SeatGroup(name="Magreb", kind="elected", seats=2)
    )
    nominated = services.save_seat_group(
        actor=None, body=body, group=SeatGroup(name="Asociaciones", kind="nominated", seats=2, order=1)
    )
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=100), today + datetime.timedelta(days=1000)
    for name, sex, group, role in (
        ("Nadia", "woman", elected, "president"),
        ("Rachid", "man", elected, "member"),
        ("Karim", "man", nominated, "secretary"),
    ):
        services.save_member(
            actor=None,
            body=body,
            member=Member(
                seat_group=group,
                name=name,
                sex=sex,
                role=role,
                term_start=start,
                term_end=end,
                elected=group.kind == "elected",
            ),
        )
    now = timezone.now()
    past = services.save_meeting(
        actor=None,
        body=body,
        meeting=Meeting(
            title="Sesión de enero",
            agenda="Acta\nVivienda",
            original_language="es",
            starts_at=now - datetime.timedelta(days=30),
            place="Centro cívico",
            minutes="Se debate la vivienda.",
        ),
    )
    services.save_meeting(
        actor=None,
        body=body,
        meeting=Meeting(
            title="Sesión abierta",
            agenda="Acta\nEmpleo",
            original_language="es",
            starts_at=now + datetime.timedelta(days=10),
            place="Centro cívico",
            is_open=True,
        ),
        translations={"ar": {"title": "جلسة مفتوحة"}},
    )
    services.record_recommendation(
        actor=None,
        body=body,
        recommendation=Recommendation(
            meeting=past, title="Mediación", text="Abrir una oficina.", original_language="es", votes_for=3
        ),
    )
    return body


def url_samples(world: Any) -> dict[str, Any]:
    body = sample_body(world.city)
    past = body.meetings.order_by("starts_at").first()
    assert past is not None
    recommendation = body.recommendations.get()
    group = body.seat_groups.first()
    member = body.members.first()
    assert group is not None and member is not None
    document = services.add_document(
        actor=None, meeting=past, title="Orden del día", url="https://beta.example/a"
    )
    return {
        "body:slug": body.slug,
        "participation:meeting:pk": past.pk,
        "participation:recommendation:pk": recommendation.pk,
        "participation:document:pk": document.pk,
        "participation:body_staff:pk": body.pk,
        "participation:body_edit:pk": body.pk,
        "participation:recommendation_new:pk": body.pk,
        "participation:meeting_new:body": body.pk,
        "participation:meeting_edit:pk": past.pk,
        "participation:seat_group_edit:pk": group.pk,
        "participation:member_edit:pk": member.pk,
        "participation:recommendation_staff:pk": recommendation.pk,
        "participation:recommendation_answer:pk": recommendation.pk,
    }
