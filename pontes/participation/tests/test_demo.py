from __future__ import annotations

from io import StringIO

import pytest
from django.utils import timezone

from pontes.core.demo import DemoContext
from pontes.core.demo_steps import create_territories_people_and_organisations
from pontes.core.registry import registry
from pontes.participation import demo, selectors
from pontes.participation.models import ConsultativeBody, Meeting, Member, Recommendation


def test_the_step_is_registered_after_the_territories() -> None:
    participation, core = registry.get("participation"), registry.get("core")
    assert participation is not None and core is not None
    assert participation.demo_data is demo.load and participation.order > core.order


@pytest.mark.django_db
def test_demo_council_of_valmira_once() -> None:
    context = DemoContext(seed=11, out=StringIO())
    create_territories_people_and_organisations(context)
    demo.load(context)
    body = ConsultativeBody.objects.get(slug="valmira-council")
    assert body.territory.slug == "valmira"
    kinds = [g.kind for g in body.seat_groups.all()]
    assert kinds.count("elected") == 4 and kinds.count("nominated") == 1
    composition = selectors.composition(body)
    assert composition.seats_filled == composition.seats_planned - 1
    assert not composition.below_target
    assert body.members.filter(role=Member.Role.PRESIDENT).count() == 1
    past = selectors.past_meetings(body)
    assert past.count() == 4 and all(m.minutes_status == "approved" and m.attendance.exists() for m in past)
    (upcoming,) = selectors.upcoming_meetings(body)
    assert upcoming.is_open
    today = timezone.localdate()
    statuses = {r.status for r in Recommendation.objects.filter(body=body)}
    assert statuses == {"waiting", "accepted", "partly", "rejected", "done"}
    assert any(r.is_overdue(today) for r in body.recommendations.all())
    assert any(r.versions.exists() for r in body.recommendations.all())

    counts = (Member.objects.count(), Meeting.objects.count(), Recommendation.objects.count())
    demo.load(context)
    assert counts == (Member.objects.count(), Meeting.objects.count(), Recommendation.objects.count())


@pytest.mark.django_db
def test_demo_pages_render_in_every_language(client) -> None:
    context = DemoContext(seed=5, out=StringIO())
    create_territories_people_and_organisations(context)
    demo.load(context)
    body = ConsultativeBody.objects.get(slug="valmira-council")
    upcoming = selectors.upcoming_meetings(body).get()
    for language in ("en", "fr", "es", "ar"):
        base = f"/{language}/participation/bodies/{body.slug}/"
        for url in (base, base + "recommendations/", base + "meetings/", base + f"meetings/{upcoming.pk}/"):
            assert client.get(url).status_code == 200, url
    page = client.get(f"/fr/participation/bodies/{body.slug}/meetings/{upcoming.pk}/").content.decode()
    assert "Séance ordinaire ouverte" in page and "جلسة عادية مفتوحة" in page
